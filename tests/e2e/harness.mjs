// Shared set-up for the end-to-end tests: a plain static file server for the release build under
// a sub-path (no rewrite rules, like a real static host), Debian's Chromium, and device profiles.
import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const BASE_PATH = '/wenji/';
export const DIST = resolve(process.env.WENJI_DIST ?? 'target/e2e/dist');
export const SCREENSHOTS = resolve(process.env.WENJI_SCREENSHOTS ?? 'target/e2e/screenshots');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/** Hashed file names (trunk's `-<hex>`, the dictionaries' `.<hex>.`): never change. */
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(js|css|wasm|svg)$|\/dict\/.+\.[0-9a-f]{12}\.txt$|\/search\/[a-z0-9]+\.[0-9a-f]{12}\.bin$/;

/**
 * Serves `root` at BASE_PATH on a free loopback port, as a plain static host does: a directory
 * serves its index.html (without its trailing slash, a 301 to it), and a missing file the site's
 * 404.html with status 404.
 * `intercept(path, res)` may answer a request itself (server-side faults, which a service
 * worker's own requests also meet) by returning true.
 *
 * With `production`, it serves as deploy/nginx.conf and a CDN do, for the benchmarks: brotli
 * when the browser accepts it (Chromium offers it only over HTTPS), else gzip; hashed files cached
 * for a year, everything else revalidated. `encodings()` says which were used.
 */
export async function startServer(root = DIST, intercept = () => false, { production = false, ahead = true } = {}) {
  const compressed = new Map();
  const served = new Set();
  const compress = (encoding, body) => (encoding === 'br'
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
    : gzipSync(body, { level: 9 }));
  if (production && ahead) {
    // Compressed ahead, as a CDN's copies are: no request waits for brotli at quality 11.
    // (`ahead: false` for a site of thousands of pages: each file is compressed when first
    // asked for, which a benchmark's warm-up request pays.)
    (function walk(dir) {
      for (const name of readdirSync(dir)) {
        const file = join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (!/\.png$/.test(file)) {
          const body = readFileSync(file);
          for (const encoding of ['br', 'gzip']) compressed.set(`${encoding}:${file}:${body.length}`, compress(encoding, body));
        }
      }
    })(root);
  }
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (intercept(url.pathname.slice(BASE_PATH.length), res, req)) return;
    if (!url.pathname.startsWith(BASE_PATH)) {
      res.writeHead(404).end('outside the app');
      return;
    }
    let file = normalize(join(root, decodeURIComponent(url.pathname.slice(BASE_PATH.length))));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
          return;
        }
        file = join(file, 'index.html');
      }
      let body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
      if (production) {
        if (HASHED.test(file)) headers['cache-control'] = 'public, max-age=31536000, immutable';
        const accepts = req.headers['accept-encoding'] ?? '';
        const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
        if (encoding && !/\.png$/.test(file)) {
          const key = `${encoding}:${file}:${body.length}`;
          if (!compressed.has(key)) compressed.set(key, compress(encoding, body));
          body = compressed.get(key);
          headers['content-encoding'] = encoding;
          headers.vary = 'Accept-Encoding';
          served.add(encoding);
        }
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      const page = await readFile(join(root, '404.html')).catch(() => null);
      if (page) res.writeHead(404, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' }).end(page);
      else res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    url: (path = '') => `${origin}${BASE_PATH}${path}`,
    encodings: () => [...served],
    close: () => {
      server.closeAllConnections();
      return new Promise((ok) => server.close(ok));
    },
  };
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The two projects every journey runs in. */
export const PROFILES = [
  {
    name: 'phone',
    context: {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      isMobile: true,
      hasTouch: true,
      userAgent:
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
    },
  },
  { name: 'desktop', context: { viewport: { width: 1280, height: 800 } } },
];

export const SEED = {
  site: '湖北黨史',
  collection: 'zhan-yi-feng-cai-lu',
  collectionTitle: '戰“疫”風采錄',
  article: 'nuan-ru-chun-feng',
  articleTitle: '暖如春風入心田',
};

/** An article's address relative to the site root, in its own script or in `variant`'s folder. */
export const articlePath = (c = SEED.collection, a = SEED.article, variant = '') =>
  `${variant ? `${variant}/` : ''}${c}/${a}/`;

/** The old single page's link to an article (first release), which must keep working. */
export const articleQuery = (c = SEED.collection, a = SEED.article) => `?c=${c}&a=${a}`;

/**
 * Collects what must never happen in a page: an uncaught error (a panic or JS exception), a
 * content-security-policy violation, or a request that leaves the site's origin. `into` lets
 * several pages share one list.
 */
export function watchErrors(page, into = []) {
  const errors = into;
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/Content Security Policy/i.test(m.text())) errors.push(`CSP: ${m.text()}`);
    // A file whose subresource-integrity hash does not match (a mixed release).
    if (/integrity/i.test(m.text())) errors.push(`SRI: ${m.text()}`);
  });
  page.on('request', (r) => {
    if (leavesOrigin(r.url())) errors.push(`request left the origin: ${r.url()}`);
  });
  return errors;
}

/** Whether a request for `href` would go to another host than the test servers' loopback. */
const leavesOrigin = (href) => {
  const url = new URL(href);
  return ['http:', 'https:'].includes(url.protocol) && url.hostname !== '127.0.0.1';
};

/**
 * A browser context in which every page — the first, and every tab or popup a test opens later —
 * is watched as [watchErrors] does, with service-worker requests watched too. `context.errors`
 * is the shared list; `context.close()` closes it, then fails if anything was collected, so no
 * test can forget to look.
 */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext(options);
  const errors = [];
  context.on('page', (page) => watchErrors(page, errors));
  context.on('request', (r) => {
    // Pages' own requests are seen by their watcher; this catches the service worker's.
    if (r.serviceWorker?.() && leavesOrigin(r.url())) errors.push(`service worker request left the origin: ${r.url()}`);
  });
  const close = context.close.bind(context);
  context.errors = errors;
  context.close = async () => {
    await close();
    assert.deepEqual(errors, [], 'no uncaught error, CSP violation or foreign request in any page');
  };
  return context;
}

/** Lighthouse's mobile profile (its `mobileSlow4G`): 150 ms round trip, 1.6 Mbps down, 750 Kbps
 *  up, CPU 4× slower. CDP adds the latency once per request. */
export const MOBILE = { latency: 150, down: 1.6 * 1024 * 1024 / 8, up: 750 * 1024 / 8, cpu: 4 };

/** Throttles `page`'s network and CPU to `profile` (as [MOBILE]); returns the CDP session. */
export async function throttle(page, profile = MOBILE) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: profile.latency, downloadThroughput: profile.down, uploadThroughput: profile.up,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  return cdp;
}

/** Waits until the reader's place in an article is saved at about `fraction` of the page (stored
 *  as a fraction with three decimals, "0.400"), or fails saying what was stored. */
export async function placeSaved(page, fraction, collection = SEED.collection, article = SEED.article) {
  const key = `wenji.place.${collection}.${article}`;
  await page.waitForFunction(([key, want]) => Math.abs(Number(localStorage.getItem(key)) - want) <= 0.02,
    [key, fraction], { timeout: 10_000 })
    .catch(async (e) => { throw new Error(`${e.message}\nsaved place: ${await page.evaluate((k) => localStorage.getItem(k), key)}`); });
}

/** Whether the document is wider than the viewport (a reader would have to scroll sideways). */
export function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Starts the static server and Chromium before the file's tests and stops them after. Returns
 * an object whose `server` and `browser` are set once they are up.
 */
export function serverAndBrowser({ before, after }) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/**
 * A copy of the release with tests/fixtures/offline-site (three Simplified articles, photos,
 * lists) built into it in place of the demo's pages, data and index, and served: `{ server,
 * close() }`. Photos are cached in the copy, never in the fixture folder.
 */
export async function fixtureSite(prefix) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  cpSync(DIST, root, { recursive: true });
  for (const name of ['data', 'search', SEED.collection, 'hans', 'hant', 'tw', 'hk']) rmSync(join(root, name), { recursive: true, force: true });
  execFileSync('target/tool/wenji', ['build', 'tests/fixtures/offline-site', root, '--shell', join(DIST, 'index.html')],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, WENJI_CACHE: join(root, '.wenji-cache') } });
  const server = await startServer(root);
  return {
    server,
    close: async () => {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
