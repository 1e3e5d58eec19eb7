// The production deploy: a real nginx started with deploy/nginx.conf (only `root` and `listen`
// changed) serving the release build under /wenji/, its headers, and the reading journey.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile, chmod } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, PROFILES, SEED, articleQuery, launch, watchErrors } from './harness.mjs';

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
  for (let i = 0; i < 50; i += 1) {
    try { await fetch(`${origin}/wenji/`); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
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
    const get = (path) => fetch(`${origin}/wenji/${path}`, { headers: { 'accept-encoding': 'gzip' } });
    const files = await readdir(join(root, 'site', 'wenji'));
    const wasm = files.find((f) => f.endsWith('_bg.wasm'));
    const css = files.find((f) => /^reader-[0-9a-f]{8,16}\.css$/.test(f));
    for (const path of ['', 'index.html', 'sw.js', 'start.js', 'manifest.webmanifest', 'data/catalog.json', `data/${SEED.collection}.json`, 'data/dict/manifest.json']) {
      const r = await get(path);
      assert.equal(r.status, 200, path);
      assert.equal(r.headers.get('cache-control'), 'no-cache', path);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
    }
    const index = await get('');
    assert.match(index.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'.*frame-ancestors 'none'/);
    assert.equal(index.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
    assert.equal(index.headers.get('content-encoding'), 'gzip');
    for (const path of [wasm, css]) {
      const r = await get(path);
      assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable', path);
    }
    const w = await get(wasm);
    assert.equal(w.headers.get('content-type'), 'application/wasm');
    assert.equal(w.headers.get('content-encoding'), 'gzip');
    assert.match((await get('data/catalog.json')).headers.get('content-type'), /^application\/json/);
    assert.equal((await fetch(`${origin}/wenji`, { redirect: 'manual' })).status, 301);
  });

  test('the reading journey works, with the service worker, cold deep links and variants', T, async () => {
    const context = await browser.newContext(PROFILES[0].context);
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
