// The production deploy: a real nginx started with deploy/nginx.conf (only `root` and `listen`
// changed) serving the release build under /wenji/, its headers, and the reading journey.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile, chmod } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, PROFILES, SEED, articlePath, launch, newContext } from './harness.mjs';
import { readFileSync, readdirSync } from 'node:fs';

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
  test('headers: revalidated pages and data, immutable hashed files, redirects, the site\'s 404, security on all', T, async () => {
    const get = (path) => fetch(`${origin}/wenji/${path}`, { headers: { 'accept-encoding': 'gzip' }, redirect: 'manual' });
    const site = join(root, 'site', 'wenji');
    const files = await readdir(site);
    const dicts = await readdir(join(site, 'data', 'dict'));
    const wasm = files.find((f) => f.endsWith('_bg.wasm'));
    const js = files.find((f) => /^wenji-reader-[0-9a-f]{8,16}\.js$/.test(f));
    const boot = files.find((f) => /^boot-[0-9a-f]{8,16}\.js$/.test(f));
    const css = files.find((f) => /^reader-[0-9a-f]{8,16}\.css$/.test(f));
    const dict = dicts.find((f) => /\.[0-9a-f]{12}\.txt$/.test(f));
    assert.ok(wasm && js && boot && css && dict, 'hashed files found');
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
    // Entry pages: each folder's index.html, as HTML, compressed, revalidated on every use.
    const pages = ['', 'index.html', `${SEED.collection}/`, articlePath(), articlePath(SEED.collection, SEED.article, 'hans'),
      'hans/', `tw/${SEED.collection}/`];
    for (const path of pages) {
      const r = await cached(path, 'no-cache');
      assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/, path);
      assert.equal(r.headers.get('content-encoding'), 'gzip', path);
      assert.match(await r.text(), /<html lang="zh-Han[st]/, `${path} is a prerendered page`);
    }
    // Which page each is.
    const page = async (path) => (await (await get(path)).text()).match(/data-page="(\w+)"/)?.[1];
    assert.equal(await page(`${SEED.collection}/`), 'collection');
    assert.equal(await page(articlePath(SEED.collection, SEED.article, 'hans')), 'article');
    // The worker, the app's start, the manifest, and the data: revalidated too.
    const search = JSON.parse(readFileSync(join(DIST, 'search/index.json'), 'utf8'));
    for (const path of ['sw.js', 'start.js', 'search/index.json', `search/${search.docs}hant/0.txt`, 'manifest.webmanifest', 'data/catalog.json', `data/${SEED.collection}/index.json`,
      `data/${SEED.collection}/${SEED.article}.json`, 'data/dict/manifest.json']) {
      await cached(path, 'no-cache');
    }
    // Hashed: for a year (the app's files and the dictionaries).
    const shard = readdirSync(join(DIST, 'search')).find((f) => /^s\d+\./.test(f));
    const speech = readdirSync(DIST).filter((f) => /^wenji-speech-/.test(f));
    assert.equal(speech.length, 2, `reading aloud's two files: ${speech}`);
    for (const path of [wasm, js, boot, css, ...speech, `data/dict/${dict}`, `search/${search.fold}`, `search/${search.manifest}`, `search/${shard}`]) {
      await cached(path, 'public, max-age=31536000, immutable');
    }
    // Icons: a week.
    await cached('icons/icon-192.png', 'public, max-age=604800');

    // The bare sub-path, and a folder without its slash, redirect to the folder, with the
    // security headers too.
    const bare = await fetch(`${origin}/wenji`, { redirect: 'manual' });
    assert.equal(bare.status, 301);
    assert.match(bare.headers.get('location'), /\/wenji\/$/);
    security(bare, '/wenji');
    const folder = await get(SEED.collection);
    assert.equal(folder.status, 301, 'a folder without its slash');
    assert.match(folder.headers.get('location'), new RegExp(`/wenji/${SEED.collection}/$`));
    security(folder, SEED.collection);

    // A missing page: 404, with the site's own "not found" page and the same headers.
    const missing = await cached(`${SEED.collection}/no-such-article/`, 'no-cache', 404);
    assert.match(missing.headers.get('content-type'), /^text\/html/);
    const body = await missing.text();
    assert.equal(body, await readFile(join(site, '404.html'), 'utf8'), 'the body is the site\'s 404.html');
    assert.match(body, /data-page="not-found"/);
    security(await get('no-such-file.js'), 'a missing file');

    const w = await get(wasm);
    assert.equal(w.headers.get('content-type'), 'application/wasm');
    assert.equal(w.headers.get('content-encoding'), 'gzip');
    assert.match((await get(css)).headers.get('content-type'), /^text\/css/);
    assert.match((await get('data/catalog.json')).headers.get('content-type'), /^application\/json/);
  });

  test('the reading journey works, with the service worker, cold deep links and a variant link', T, async () => {
    const context = await newContext(browser, PROFILES[0].context);
    const page = await context.newPage();
    await page.goto(`${origin}/wenji/`);
    await page.getByRole('heading', { level: 1, name: SEED.site }).waitFor();
    await page.getByRole('link', { name: SEED.collectionTitle, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: SEED.collectionTitle }).waitFor();
    await page.getByRole('link', { name: SEED.articleTitle }).click();
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    assert.equal(page.url(), `${origin}/wenji/${articlePath()}`);
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
    // The app took over the page (its settings work) under nginx's CSP header.
    await page.getByText('閱讀設定').click();
    await page.getByRole('button', { name: '放大字號' }).click();
    await page.getByText('115%').waitFor();
    await page.getByRole('navigation', { name: '字體：簡體或繁體' }).getByRole('link', { name: '简体' }).click();
    await page.getByRole('heading', { level: 1, name: '暖如春风入心田' }).waitFor();
    assert.equal(page.url(), `${origin}/wenji/${articlePath(SEED.collection, SEED.article, 'hans')}`);

    // Cold deep links in a fresh browser: to the article, and to its 香港 copy.
    const cold = await newContext(browser, PROFILES[1].context);
    const tab = await cold.newPage();
    await tab.goto(`${origin}/wenji/${articlePath()}`);
    await tab.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    await tab.goto(`${origin}/wenji/${articlePath(SEED.collection, SEED.article, 'hk')}`);
    await tab.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    assert.equal(await tab.locator('html').getAttribute('lang'), 'zh-Hant-HK');
    // A folder linked without its slash still opens (nginx's 301), in the browser too.
    await tab.goto(`${origin}/wenji/${SEED.collection}`);
    await tab.getByRole('heading', { level: 1, name: SEED.collectionTitle }).waitFor();
    assert.equal(tab.url(), `${origin}/wenji/${SEED.collection}/`);
    await cold.close();
    await context.close();
  });
});
