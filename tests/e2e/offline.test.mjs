// Offline reading, installability, updates, the upgrade from the first release, and the browsers
// that have no service worker. Every page is a prerendered file at its own path; the service
// worker (public/sw.js) keeps pages in `wenji-pages-v1` as they are read or saved.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  fixtureSite, DIST, PROFILES, SEED, articlePath, launch, newContext, placeSaved, startServer,
} from './harness.mjs';

const T = { timeout: 90_000 };
const WECHAT_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322f) NetType/WIFI Language/zh_CN';
const PAGES = 'wenji-pages-v1';
/** The first release's worker and what it left in a browser (see its README). */
const RELEASE_1 = resolve('tests/fixtures/release-1');

let browser;
before(async () => { browser = await launch(); });
after(async () => browser?.close());

/** Polls `check` (run in the page, may be async) until it returns true, or fails with `what`.
 *  (`waitForFunction` would take the promise an async check returns as its answer.) */
async function until(page, check, arg, what, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (!(await page.evaluate(check, arg).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(what);
    await page.waitForTimeout(100);
  }
}

/** What every cache holds, as paths, for failure messages. */
const cacheContents = (page) => page.evaluate(async () => Object.fromEntries(await Promise.all(
  (await caches.keys()).map(async (name) => [name, (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname)]),
))).catch((e) => String(e));

/** Whether the pages cache holds `href` (kept as the worker keys pages: no query, `…/`). */
const pageKept = (href) => caches.open('wenji-pages-v1').then(async (cache) => {
  const url = new URL(href, location.href);
  url.search = '';
  url.hash = '';
  return (await cache.match(url.href)) !== undefined;
});

/** Waits until a service worker controls the page and has kept the page itself for offline. */
async function controlledAndKept(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
  await until(page, pageKept, page.url(), `the worker did not keep ${page.url()} in ${PAGES}`)
    .catch(async (e) => { throw new Error(`${e.message}\ncaches: ${JSON.stringify(await cacheContents(page))}`); });
}

/** Waits for a level-1 heading; on a timeout, says what the reader saw. */
async function heading(page, name) {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor().catch(async (error) => {
    const seen = await page.locator('body').innerText().catch(() => '(no page)');
    throw new Error(`${error.message}\non screen at ${page.url()}: ${seen.slice(0, 400)}`);
  });
}

const fraction = (page) => page.evaluate(() => scrollY / (document.documentElement.scrollHeight - innerHeight));

describe('offline with the service worker', () => {
  let server;
  let context;
  before(async () => {
    server = await startServer();
    context = await newContext(browser, PROFILES[0].context);
  });
  after(async () => {
    await context?.close();
    await server?.close();
  });

  test('an opened article reloads offline, and opens offline in a new tab', T, async () => {
    const page = await context.newPage();
    await page.goto(server.url(articlePath()));
    await heading(page, SEED.articleTitle);
    await controlledAndKept(page);
    await page.evaluate(() => scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.5));
    await placeSaved(page, 0.5);
    await context.setOffline(true);
    try {
      await page.reload();
      await heading(page, SEED.articleTitle);
      // The app took over the kept page and says the reader is offline.
      await page.getByRole('status').getByText('目前離線：已打開和已保存的文章仍可閱讀。').waitFor();
      assert.equal(await page.locator('article h2').count(), 3, 'the whole article is there');
      // And the reader's place with it.
      await page.waitForFunction(() => scrollY > 100);
      assert.ok(Math.abs((await fraction(page)) - 0.5) < 0.03, `back at the middle offline (${await fraction(page)})`);

      // A new tab, from a link shared in WeChat (which appends its own query): the same kept page.
      const tab = await context.newPage();
      const response = await tab.goto(server.url(`${articlePath()}?from=singlemessage&isappinstalled=0`));
      assert.equal(response.status(), 200);
      await heading(tab, SEED.articleTitle);
      assert.ok((await tab.getByRole('article').innerText()).includes('織網入格，守牢社區防控線'));
      await tab.close();
    } finally {
      await context.setOffline(false);
    }
    await page.close();
  });

  test('offline, a page never opened gets the worker\'s "not saved" page, not a browser error', T, async () => {
    const page = await context.newPage();
    await page.goto(server.url(''));
    await heading(page, SEED.site);
    await controlledAndKept(page);
    const never = `hk/${SEED.collection}/`;
    assert.equal(await page.evaluate(pageKept, server.url(never)), false, 'the 香港 collection page was never opened');
    await context.setOffline(true);
    try {
      const tab = await context.newPage();
      const response = await tab.goto(server.url(never));
      assert.equal(response.status(), 503);
      await tab.getByRole('heading', { level: 1, name: '目前離線' }).waitFor();
      await tab.getByText('這一頁還沒有保存在手機上。').waitFor();
      // A way on: the catalog, which this reader has opened.
      await tab.getByRole('link', { name: '文集目錄' }).click();
      await heading(tab, SEED.site);
      await tab.close();
    } finally {
      await context.setOffline(false);
    }
    await page.close();
  });

  test('a full quota: saving fails with a clear message, reading goes on', T, async () => {
    const quotaContext = await newContext(browser, PROFILES[0].context);
    try {
      const page = await quotaContext.newPage();
      await page.goto(server.url(`${SEED.collection}/`));
      await heading(page, SEED.collectionTitle);
      await controlledAndKept(page);
      // Chrome lets a test shrink this origin's quota: the next cache write overflows it.
      const cdp = await quotaContext.newCDPSession(page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(server.url()).origin, quotaSize: 1 });
      await page.getByRole('button', { name: '保存本文集，離線閱讀' }).click();
      await page.getByRole('alert').getByText(/保存失敗：QuotaExceededError/).waitFor();
      await page.getByRole('status').getByText('手機儲存空間不足，部分內容未能保存供離線閱讀。').waitFor();
      // The article still opens from the network (and is not kept: there is no room).
      await page.getByRole('link', { name: SEED.articleTitle }).click();
      await heading(page, SEED.articleTitle);
      assert.ok((await page.getByRole('article').innerText()).includes('織網入格，守牢社區防控線'));
      assert.equal(await page.evaluate(pageKept, page.url()), false);
    } finally {
      await quotaContext.close();
    }
  });

  test('the manifest makes the app installable', T, async () => {
    const page = await context.newPage();
    await page.goto(server.url());
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    const manifest = await (await page.request.get(new URL(href, page.url()).href)).json();
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.start_url, './');
    assert.equal(manifest.scope, './');
    for (const [size, purpose] of [['192x192', 'any'], ['512x512', 'any'], ['192x192', 'maskable'], ['512x512', 'maskable']]) {
      const icon = manifest.icons.find((i) => i.sizes === size && i.purpose === purpose);
      assert.ok(icon, `${size} ${purpose} icon`);
      const response = await page.request.get(new URL(icon.src, new URL(href, page.url())).href);
      assert.equal(response.headers()['content-type'], 'image/png');
      const png = await response.body();
      assert.equal(png.readUInt32BE(16), Number(size.split('x')[0]), `${icon.src} is ${size}`);
    }
    // Chrome's own installability verdict.
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    // Test contexts are incognito profiles, which Chrome never installs into; nothing else may fail.
    assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), []);
    await page.close();
  });
});

describe('a saved collection', () => {
  // A collection of three articles and a photo (tests/fixtures/offline-site, Simplified), built
  // into a copy of the release with the same app.
  let fixture;
  let site;
  before(async () => {
    fixture = await fixtureSite('wenji-saved-');
    site = fixture.server;
  });
  after(async () => fixture?.close());

  test('reads fully offline: every article by its link, with its text and its photo', { timeout: 120_000 }, async () => {
    const context = await newContext(browser, PROFILES[0].context);
    try {
      const page = await context.newPage();
      await page.goto(site.url('xiang-ce/'));
      await heading(page, '社区相册');
      await controlledAndKept(page);
      const articles = await page.locator('.cards .card-link').evaluateAll((links) => links.map((a) => a.href));
      assert.equal(articles.length, 3);
      // Only the collection page was opened: only Save can put the articles on the phone.
      for (const href of articles) assert.equal(await page.evaluate(pageKept, href), false, `${href} not kept before saving`);

      await page.getByRole('button', { name: '保存本文集，离线阅读' }).click();
      await page.getByText(/^✓ 已保存，可离线阅读（[\d.]+ [KM]B）$/).waitFor({ timeout: 60_000 });

      await context.setOffline(true);
      const tab = await context.newPage();
      const titles = ['第一篇：社区的早晨', '第二篇：送菜上门', '第三篇：春天来了'];
      const texts = ['工作队逐户核对居民信息', '后期工作队员固定九人，轮流值班。', '樱花开了'];
      for (const [i, title] of titles.entries()) {
        const response = await tab.goto(site.url('xiang-ce/'));
        assert.equal(response.status(), 200, 'the collection page, kept');
        await tab.getByRole('link', { name: title }).click();
        await heading(tab, title);
        assert.equal(tab.url(), articles[i]);
        assert.ok((await tab.getByRole('article').innerText()).includes(texts[i]), `${title} has its text`);
        if (i === 0) {
          // The photo, from the phone: decoded, not a broken image.
          const photo = tab.getByRole('img', { name: '志愿者合影' });
          await photo.scrollIntoViewIfNeeded();
          await tab.waitForFunction(() => document.querySelector('article img')?.complete);
          assert.ok(await photo.evaluate((img) => img.naturalWidth) > 0, 'the photo shows offline');
        }
      }
      await tab.close();
    } finally {
      await context.setOffline(false);
      await context.close();
    }
  });

  test('the catalog in the reader\'s script is saved with the collection', T, async () => {
    const context = await newContext(browser, PROFILES[0].context);
    try {
      const page = await context.newPage();
      await page.goto(site.url('xiang-ce/'));
      await heading(page, '社区相册');
      await controlledAndKept(page);
      await page.getByRole('button', { name: '保存本文集，离线阅读' }).click();
      await page.getByText(/^✓ 已保存，可离线阅读/).waitFor({ timeout: 60_000 });
      await context.setOffline(true);
      // The site's name in the breadcrumb leads to the catalog in this script.
      await page.getByRole('navigation', { name: '位置' }).getByRole('link', { name: '测试网站' }).click();
      await heading(page, '测试网站');
    } finally {
      await context.setOffline(false);
      await context.close();
    }
  });
});

/** The SRI hash of `bytes`, as trunk writes it. */
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** Every prerendered page under `dir`. */
async function htmlFiles(dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'data') found.push(...await htmlFiles(path));
    else if (entry.isFile() && extname(entry.name) === '.html') found.push(path);
  }
  return found;
}

/**
 * Makes release v2 of the site in `root`: a stylesheet, the JS glue (which then sets
 * `globalThis.wenjiRelease = 2`) and the wasm (an extra custom section) changed under new hashed
 * names, every page pointing at them with their new integrity hashes, and a new worker. Returns
 * `renamed`: kind → [v1 name, v2 name].
 */
async function releaseV2(root) {
  const files = await readdir(root);
  const pick = (re) => files.find((f) => re.test(f));
  const glue = pick(/^wenji-reader-[0-9a-f]+\.js$/);
  const wasm = pick(/^wenji-reader-[0-9a-f]+_bg\.wasm$/);
  assert.ok(glue && wasm, `v1 files found (${files.join(' ')})`);
  // A custom section (id 0): "v2", payload 1 byte. Valid anywhere after the header.
  const section = Buffer.from([0, 4, 2, 0x76, 0x32, 2]);
  const changes = [
    ['js', glue, (b) => Buffer.concat([b, Buffer.from('\nglobalThis.wenjiRelease = 2;\n')])],
    ['wasm', wasm, (b) => Buffer.concat([b, section])],
  ];
  const pages = await htmlFiles(root);
  assert.ok(pages.length > 10, `every page of the site (${pages.length})`);
  const html = new Map(await Promise.all(pages.map(async (p) => [p, await readFile(p, 'utf8')])));
  const renamed = new Map();
  for (const [kind, name, change] of changes) {
    const before = await readFile(join(root, name));
    const after = change(before);
    const next = name.replace(/-[0-9a-f]+(?=(_bg)?\.\w+$)/, '-00000000000000a2');
    await writeFile(join(root, next), after);
    await rm(join(root, name));
    for (const [path, text] of html) html.set(path, text.replaceAll(name, next).replaceAll(sri(before), sri(after)));
    renamed.set(kind, [name, next]);
  }
  // The style sheet is in every page, allowed by its hash in the page's CSP: v2 changes both.
  for (const [path, text] of html) {
    const style = text.match(/<style>([^<]*)<\/style>/)?.[1];
    assert.ok(style, `${path} has its style inline`);
    const next = `${style}.article{--v:2}`;
    const hash = (css) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
    assert.ok(text.includes(hash(style)), `${path} allows its style by hash`);
    html.set(path, text.replace(`<style>${style}</style>`, `<style>${next}</style>`).replace(hash(style), hash(next)));
  }
  for (const [path, text] of html) {
    // The glue names its wasm only through start.js's data attributes, in each page.
    assert.ok(![glue, wasm].some((n) => text.includes(n)), `${path} points at v2 only`);
    assert.ok(text.includes('integrity'), `${path} keeps its integrity hashes`);
    await writeFile(path, text);
  }
  execFileSync('node', ['scripts/precache.mjs', root], { stdio: 'ignore' });
  return { renamed };
}

/** Which release's style the page has: '2' once v2's is applied. */
const styleRelease = (page) => page.evaluate(() => getComputedStyle(document.querySelector('.article')).getPropertyValue('--v').trim());

describe('updates', () => {
  test('a new version waits for the reader, then loads whole (no mixed assets)', T, async () => {
    const root = await mkdtemp(join(tmpdir(), 'wenji-update-'));
    await cp(DIST, root, { recursive: true });
    const server = await startServer(root);
    const context = await newContext(browser, PROFILES[0].context);
    try {
      const page = await context.newPage();
      await page.goto(server.url(articlePath()));
      await heading(page, SEED.articleTitle);
      await controlledAndKept(page);
      assert.equal(await styleRelease(page), '', 'v1 style');

      // Release v2: the stylesheet, the JS glue and the wasm all changed, under new hashed names,
      // with every page's integrity hashes for the new files (SRI kept), and a new worker.
      const v2 = await releaseV2(root);

      // The reader is reading (a tap opens the settings), so the update must not reload under them.
      await page.getByText('閱讀設定').click();
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
      const banner = page.getByRole('status').getByText('新版本已就緒');
      await banner.waitFor({ timeout: 30_000 });
      assert.equal(await styleRelease(page), '', 'the open page keeps running v1 until the reader chooses');
      assert.equal(await page.evaluate(() => globalThis.wenjiRelease), undefined);

      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: '重新載入' }).click(),
      ]);
      await heading(page, SEED.articleTitle);
      assert.equal(await styleRelease(page), '2', 'the v2 page, with its style');
      // The v2 glue ran (it marks itself), with the v2 wasm: nothing of v1 was loaded.
      await page.waitForFunction(() => globalThis.wenjiRelease === 2, null, { timeout: 10_000 });
      const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      for (const [kind, [from, to]] of v2.renamed) {
        assert.ok(!loaded.some((p) => p.endsWith(`/${from}`)), `no v1 ${kind} (${from}) in ${loaded.join(' ')}`);
        assert.ok(loaded.some((p) => p.endsWith(`/${to}`)), `v2 ${kind} (${to}) loaded`);
      }
      assert.ok(await page.evaluate(async (name) => !!(await caches.match(new URL(`/wenji/${name}`, location.href).href)), v2.renamed.get('wasm')[1]),
        'v2 files precached');
      assert.equal(await page.getByText('新版本已就緒').count(), 0);
      // The app runs the new page (it took over the settings island).
      await page.getByText('閱讀設定').click();
      await page.getByRole('button', { name: '放大字號' }).click();
      await page.getByText('115%').waitFor();
    } finally {
      await context.close();
      await server.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});

/**
 * Serves the first release (tests/fixtures/release-1) at /wenji/ until `release.now = 2`, then
 * this build. Release 1's files answer every address it has; anything else is a 404 as its host
 * gave.
 */
async function releaseServer() {
  const release = { now: 1, workerChecks: 0 };
  const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json' };
  const server = await startServer(DIST, (path, res) => {
    if (release.now !== 1) return false;
    if (path === 'sw.js') release.workerChecks += 1;
    const file = path === '' ? 'index.html' : path;
    readFile(join(RELEASE_1, file)).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(body),
      () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not in release 1'),
    );
    return true;
  });
  return { server, release };
}

/** Records, at every load event of every page in `context`, the page's address, whether it is
 *  shown, and its visible text (kept in the tab's sessionStorage, which outlives each page); and
 *  as each page is parsed, the reading settings on it and whether the app has started yet. */
async function recordLoads(context) {
  await context.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const root = document.documentElement;
      sessionStorage.setItem('test.parsed', JSON.stringify({
        url: location.pathname,
        app: window.wasmBindings !== undefined,
        scale: root.style.getPropertyValue('--reader-scale'),
        theme: root.getAttribute('data-theme'),
      }));
    });
    addEventListener('load', () => {
      const log = JSON.parse(sessionStorage.getItem('test.loads') ?? '[]');
      log.push({
        url: location.pathname + location.search,
        shown: getComputedStyle(document.documentElement).display !== 'none',
        text: (document.body?.innerText ?? '').trim().slice(0, 40),
        h1: document.querySelector('h1')?.textContent ?? null,
      });
      sessionStorage.setItem('test.loads', JSON.stringify(log));
    });
  });
  return {
    loads: (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('test.loads') ?? '[]')),
    parsed: (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('test.parsed'))),
  };
}

describe('upgrade from the first release', () => {
  const PLACE = `wenji.place.${SEED.collection}.${SEED.article}`;

  /**
   * A browser as a reader of release 1 holds it: its worker in control, its app page and data in
   * its caches, and `storage` (release 1's keys) in localStorage. Then the server publishes this
   * release. Returns the page (on release 1's page), the server and the load recorder.
   */
  async function holdingRelease1(storage) {
    const { server, release } = await releaseServer();
    const context = await newContext(browser, PROFILES[0].context);
    const recorded = await recordLoads(context);
    const page = await context.newPage();
    await page.goto(server.url(''));
    await page.evaluate(() => navigator.serviceWorker.register('sw.js'));
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
    await page.evaluate(async (storage) => {
      for (const path of ['data/catalog.json', 'data/zhan-yi-feng-cai-lu.json']) await (await fetch(path)).text();
      for (const [key, value] of Object.entries(storage)) localStorage.setItem(key, value);
    }, storage);
    const old = await cacheContents(page);
    assert.deepEqual(old['wenji-app-4068efc0a1b2c3d4'], ['/wenji/index.html', '/wenji/reader-4068efc000000001.css'], JSON.stringify(old));
    assert.ok(old['wenji-data-v1']?.includes('/wenji/data/zhan-yi-feng-cai-lu.json'), JSON.stringify(old));
    // Release 1's worker answers any address with its app page.
    const checks = release.workerChecks;
    await page.goto(server.url(articlePath()));
    await page.getByText('正在載入…（第一版）').waitFor();
    // After a navigation the browser checks for a new worker (about 2 s later): that check must
    // meet release 1, so that the reader's link below is the first request to meet the new
    // release, answered by release 1's worker (else the browser may install the new worker
    // first, and start the link with it: the easy case).
    for (const deadline = Date.now() + 15_000; release.workerChecks === checks;) {
      if (Date.now() > deadline) throw new Error('the browser did not check for a new worker after a navigation');
      await new Promise((r) => setTimeout(r, 50));
    }
    // The new release is published.
    await page.evaluate(() => sessionStorage.removeItem('test.loads'));
    release.now = 2;
    return {
      page,
      server,
      recorded,
      close: async () => {
        await context.close();
        await server.close();
      },
    };
  }

  /** Opens `link` and waits for this release's page titled `title` (the seed article's). */
  async function upgradedTo(page, server, link, title = SEED.articleTitle) {
    const started = Date.now();
    await page.goto(server.url(link));
    await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor({ timeout: 20_000 })
      .catch(async (e) => {
        throw new Error(`${e.message}\non screen: ${(await page.locator('body').innerText()).slice(0, 200)}\ncaches: ${JSON.stringify(await cacheContents(page))}`);
      });
    return Date.now() - started;
  }

  for (const [how, link] of [['a link to the article\'s new address', articlePath()], ['an old link (?c=…&a=…)', `?c=${SEED.collection}&a=${SEED.article}`]]) {
    test(`a browser holding release 1 opens ${how}: the new page, no blank page, settings and place kept`, T, async () => {
      const held = await holdingRelease1({ 'wenji.text-size': '150', 'wenji.theme': 'dark', [PLACE]: '0.400' });
      const { page, server, recorded } = held;
      try {
        const took = await upgradedTo(page, server, link);
        assert.equal(new URL(page.url()).pathname, `/wenji/${articlePath()}`);
        // Never a blank page: every page that loaded was shown, with text.
        const seen = await recorded.loads(page);
        assert.ok(seen.length >= 2, `the old page, then the new one: ${JSON.stringify(seen)}`);
        for (const load of seen) assert.ok(load.shown && load.text.length > 0, `blank page at load: ${JSON.stringify(load)} in ${JSON.stringify(seen)}`);
        assert.equal(seen.at(-1).h1, SEED.articleTitle, JSON.stringify(seen.at(-1)));
        // The settings were on the new page before the app started (boot.js: no flash).
        assert.deepEqual(await recorded.parsed(page), { url: `/wenji/${articlePath()}`, app: false, scale: '1.5', theme: 'dark' });

        // This release's page, its app running, with the reader's settings and place.
        assert.equal(await page.locator('html').getAttribute('data-page'), 'article');
        assert.equal(await page.evaluate(() => parseFloat(document.documentElement.style.getPropertyValue('--reader-scale'))), 1.5);
        assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
        await page.waitForFunction(() => scrollY > 100);
        assert.ok(Math.abs((await fraction(page)) - 0.4) < 0.03, `back at the reader's place (${await fraction(page)})`);
        assert.equal(await page.evaluate((k) => localStorage.getItem(k), PLACE), '0.400');
        // The app's controls say so too (opening them scrolls them into view: after the place).
        await page.getByText('閱讀設定').click();
        await page.getByRole('group', { name: '字號' }).getByText('150%').waitFor();
        assert.equal(await page.getByRole('button', { name: '深色' }).getAttribute('aria-pressed'), 'true');

        // Release 1's caches are gone (its app page answers nothing any more); this page is kept.
        await until(page, () => caches.keys().then((keys) => !keys.includes('wenji-app-4068efc0a1b2c3d4')), null,
          'release 1\'s app cache is still there');
        const now = await cacheContents(page);
        assert.ok(!(now['wenji-data-v1'] ?? []).includes('/wenji/data/zhan-yi-feng-cai-lu.json'), `schema-1 bundle dropped: ${JSON.stringify(now)}`);
        assert.ok(await page.evaluate(pageKept, page.url()), `the article is kept: ${JSON.stringify(now)}`);
        console.log(`# upgrade by ${how}: new page on screen after ${took} ms`);
      } finally {
        await held.close();
      }
    });
  }

  test('the catalog still offers the article release 1 was reading', T, async () => {
    const held = await holdingRelease1({
      [PLACE]: '0.400', 'wenji.last-read': `${SEED.collection}\t${SEED.article}\thant\t${SEED.articleTitle}`,
    });
    try {
      await upgradedTo(held.page, held.server, '', SEED.site);
      const resume = held.page.getByRole('region', { name: '繼續閱讀' });
      await resume.waitFor({ timeout: 10_000 });
      assert.match(await resume.getByRole('link').innerText(), /暖如春風入心田[\s\S]*已讀 40%/);
    } finally {
      await held.close();
    }
  });

  test('a collection saved in release 1: the reader is told to save it again', T, async () => {
    const held = await holdingRelease1({ [`wenji.saved.${SEED.collection}`]: '4068efc0bundle01' });
    try {
      await upgradedTo(held.page, held.server, `${SEED.collection}/`, SEED.collectionTitle);
      await held.page.getByRole('button', { name: '文集已更新，重新保存' }).waitFor({ timeout: 10_000 });
    } finally {
      await held.close();
    }
  });
});

describe('without a service worker', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => server?.close());

  test('WeChat on iOS: the whole reading journey works with real page loads', T, async () => {
    const context = await newContext(browser, {
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, userAgent: WECHAT_IOS, serviceWorkers: 'block',
    });
    const page = await context.newPage();
    await page.goto(server.url());
    await heading(page, SEED.site);
    await page.getByRole('complementary').getByText('請點右上角「⋯」，選擇「在瀏覽器打開」').waitFor();
    assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null);

    // Every link is a real page load (so copy-link gives the page's own address).
    const follow = (link) => Promise.all([page.waitForEvent('load'), link.click()]);
    await follow(page.getByRole('link', { name: SEED.collectionTitle, exact: true }));
    await heading(page, SEED.collectionTitle);
    // The app ran (it put up nothing to save: there is no worker to keep the pages).
    await page.waitForFunction(() => document.getElementById('save-offline')?.childElementCount === 0 && window.wasmBindings);
    assert.equal(await page.getByRole('button', { name: /保存本文集/ }).count(), 0);
    await follow(page.getByRole('link', { name: SEED.articleTitle }));
    await heading(page, SEED.articleTitle);
    assert.equal(new URL(page.url()).pathname, `/wenji/${articlePath()}`, 'the article\'s own address');
    assert.match(await page.title(), new RegExp(SEED.articleTitle));
    assert.ok((await page.locator('meta[name=description]').getAttribute('content')).length > 10);
    await page.goBack();
    await heading(page, SEED.collectionTitle);
    await page.goForward();
    await heading(page, SEED.articleTitle);
    // The script switch is a link too.
    await follow(page.getByRole('navigation', { name: '字體：簡體或繁體' }).getByRole('link', { name: '简体' }));
    await heading(page, '暖如春风入心田');
    assert.equal(new URL(page.url()).pathname, `/wenji/${articlePath(SEED.collection, SEED.article, 'hans')}`);
    await context.close();
  });

  test('storage that throws: the app keeps working and says so', T, async () => {
    const context = await newContext(browser, { ...PROFILES[0].context, serviceWorkers: 'block' });
    await context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
    });
    const page = await context.newPage();
    await page.goto(server.url(articlePath()));
    await heading(page, SEED.articleTitle);
    await page.getByRole('status').getByText('這個瀏覽器不允許保存設定').waitFor();
    // Settings still work for this visit.
    await page.getByText('閱讀設定').click();
    await page.getByRole('button', { name: '深色' }).click();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    // And the script switch still leads to the other script's page.
    await page.getByRole('navigation', { name: '字體：簡體或繁體' }).getByRole('link', { name: '简体' }).click();
    await heading(page, '暖如春风入心田');
    await context.close();
  });
});
