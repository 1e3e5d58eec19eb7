// The production deploy: a real nginx started with deploy/nginx.conf (only `root` and `listen`
// changed) serving the release build under /wenji/, its headers, and the reading journey.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile, chmod } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, PROFILES, SEED, articleQuery, launch, watchErrors, newContext } from './harness.mjs';

const T = { timeout: 60_000 };

const freePort = () => new Promise((ok) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
});

let root;
let nginx;
let origin;
let browser;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'wenji-nginx-'));
  await chmod(root, 0o755);
  await cp(DIST, join(root, 'site', 'wenji'), { recursive: true });
  const port = await freePort();
  const config = (await readFile('deploy/nginx.conf', 'utf8'))
    .replace('root /srv/wenji;', `root ${join(root, 'site')};`)
    .replace('listen 8080;', `listen 127.0.0.1:${port};`);
  await writeFile(join(root, 'nginx.conf'), config);
  const user = process.getuid?.() === 0 ? 'user root; ' : '';
  nginx = spawn('nginx', ['-p', root, '-c', join(root, 'nginx.conf'),
    '-g', `${user}daemon off; pid ${join(root, 'nginx.pid')}; error_log stderr warn;`], { stdio: ['ignore', 'inherit', 'inherit'] });
  origin = `http://127.0.0.1:${port}`;
  let exited = null;
  nginx.on('exit', (code, signal) => { exited = `nginx exited (${code ?? signal}) before serving: see its messages above`; });
  // Up when it answers; an nginx that exits (a bad config) or never answers fails every test here.
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (exited) throw new Error(exited);
    try {
      const r = await fetch(`${origin}/wenji/`);
      if (r.status !== 200) throw new Error(`nginx answered /wenji/ with HTTP ${r.status}`);
      break;
    } catch (error) {
      if (/HTTP/.test(error.message)) throw error;
      if (Date.now() > deadline) throw new Error(`nginx did not answer on ${origin} within 10 s: ${error.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  browser = await launch();
});
after(async () => {
  await browser?.close();
  nginx?.kill('SIGQUIT');
  await new Promise((r) => setTimeout(r, 200));
  await rm(root, { recursive: true, force: true });
});

describe('deployed with nginx under /wenji/', () => {
  test('headers: revalidated entry points, immutable hashed files, wasm type, compression, security', T, async () => {
    const get = (path) => fetch(`${origin}/wenji/${path}`, { headers: { 'accept-encoding': 'gzip' }, redirect: 'manual' });
    const files = await readdir(join(root, 'site', 'wenji'));
    const dicts = await readdir(join(root, 'site', 'wenji', 'data', 'dict'));
    const wasm = files.find((f) => f.endsWith('_bg.wasm'));
    const js = files.find((f) => /^wenji-reader-[0-9a-f]{8,16}\.js$/.test(f));
    const css = files.find((f) => /^reader-[0-9a-f]{8,16}\.css$/.test(f));
    const dict = dicts.find((f) => /\.[0-9a-f]{12}\.txt$/.test(f));
    assert.ok(wasm && js && css && dict, 'hashed files found');
    const security = (r, path) => {
      assert.match(r.headers.get('content-security-policy') ?? '', /script-src 'self' 'wasm-unsafe-eval'.*frame-ancestors 'none'/, `CSP on ${path}`);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `nosniff on ${path}`);
      assert.equal(r.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', `Referrer-Policy on ${path}`);
    };
    const cached = async (path, cacheControl, status = 200) => {
      const r = await get(path);
      assert.equal(r.status, status, path);
      assert.equal(r.headers.get('cache-control'), cacheControl, path);
      security(r, path);
      return r;
    };
    // Revalidated on every use.
    for (const path of ['', 'index.html', 'sw.js', 'start.js', 'manifest.webmanifest', 'data/catalog.json', `data/${SEED.collection}.json`, 'data/dict/manifest.json']) {
      await cached(path, 'no-cache');
    }
    // Hashed: for a year (the app's files and the dictionaries).
    for (const path of [wasm, js, css, `data/dict/${dict}`]) await cached(path, 'public, max-age=31536000, immutable');
    // Icons: a week.
    await cached('icons/icon-192.png', 'public, max-age=604800');
    // The bare sub-path redirects, with the security headers too; so does a missing file.
    const bare = await fetch(`${origin}/wenji`, { redirect: 'manual' });
    assert.equal(bare.status, 301);
    security(bare, '/wenji');
    security(await get('no-such-file'), 'a 404');

    const index = await get('');
    assert.equal(index.headers.get('content-encoding'), 'gzip');
    const w = await get(wasm);
    assert.equal(w.headers.get('content-type'), 'application/wasm');
    assert.equal(w.headers.get('content-encoding'), 'gzip');
    assert.match((await get(css)).headers.get('content-type'), /^text\/css/);
    assert.match((await get('data/catalog.json')).headers.get('content-type'), /^application\/json/);
  });

  test('the reading journey works, with the service worker, cold deep links and variants', T, async () => {
    const context = await newContext(browser, PROFILES[0].context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${origin}/wenji/`);
    await page.getByRole('heading', { level: 1, name: SEED.site }).waitFor();
    await page.getByRole('link', { name: SEED.collectionTitle, exact: true }).click();
    await page.getByRole('link', { name: SEED.articleTitle }).click();
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    await page.getByRole('button', { name: '简体' }).click();
    await page.getByRole('heading', { level: 1, name: '暖如春风入心田' }).waitFor();
    const cold = await context.newPage();
    await cold.goto(`${origin}/wenji/${articleQuery()}&v=hk`);
    await cold.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    assert.equal(await cold.locator('html').getAttribute('lang'), 'zh-Hant-HK');
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
