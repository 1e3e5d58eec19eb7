// Offline reading, installability, updates, and the browsers that have no service worker.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  DIST, PROFILES, SEED, articleQuery, launch, newContext, placeSaved, startServer, watchErrors,
} from './harness.mjs';

const T = { timeout: 90_000 };
const WECHAT_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322f) NetType/WIFI Language/zh_CN';

let browser;
before(async () => { browser = await launch(); });
after(async () => browser?.close());

/** Waits until a service worker controls the page and has kept the data the page loaded.
 *  (Polled with `evaluate`, which awaits the check: `waitForFunction` takes the promise an async
 *  check returns as its answer, which is always truthy.) */
async function controlled(page, bundle = SEED.collection) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
  const kept = (bundle) => page.evaluate(async (bundle) => {
    const data = (await (await caches.open('wenji-data-v1')).keys()).map((r) => new URL(r.url).pathname);
    const dicts = performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/data/dict/') && !e.name.endsWith('manifest.json')).length;
    const keptDicts = (await (await caches.open('wenji-dict-v1')).keys()).length;
    const manifestNeeded = performance.getEntriesByType('resource').some((e) => e.name.endsWith('/data/dict/manifest.json'));
    return data.includes('/wenji/data/catalog.json') && data.includes(`/wenji/data/${bundle}.json`)
      && (!manifestNeeded || data.includes('/wenji/data/dict/manifest.json')) && keptDicts >= dicts;
  }, bundle);
  const deadline = Date.now() + 20_000;
  while (!(await kept(bundle))) {
    if (Date.now() > deadline) throw new Error('the service worker did not keep the page\'s data');
    await page.waitForTimeout(100);
  }
}

/** Waits for the seed article's title; on a timeout, says what the reader saw, what the page
 *  logged and what the worker had cached. */
async function articleShown(page, lines) {
  await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor().catch(async (error) => {
    const seen = await page.locator('body').innerText().catch(() => '(no page)');
    const cached = await page.evaluate(async () => Promise.all((await caches.keys()).map(async (name) => `${name}: ${(await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search).filter((p) => p.includes('data')).join(' ')}`))).catch((e) => [String(e)]);
    throw new Error(`${error.message}\non screen: ${seen.slice(0, 400)}\nconsole: ${lines.join('\n')}\ncaches: ${cached.join('\n')}`);
  });
}

/** Console lines of a page, for failure messages. */
function consoleOf(page) {
  const lines = [];
  page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
  page.on('requestfailed', (r) => lines.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  return lines;
}

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
    const errors = watchErrors(page);
    const lines = consoleOf(page);
    await page.goto(server.url(articleQuery()));
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    await controlled(page);
    const fraction = () => page.evaluate(() => scrollY / (document.documentElement.scrollHeight - innerHeight));
    await page.evaluate(() => scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.5));
    await placeSaved(page, 0.5);
    await context.setOffline(true);
    try {
      await page.reload();
      await articleShown(page, lines);
      await page.getByText('目前離線').waitFor();
      assert.equal(await page.locator('h2').count(), 3, 'the whole article is there');
      // And the reader's place with it.
      await page.waitForFunction(() => scrollY > 100);
      assert.ok(Math.abs((await fraction()) - 0.5) < 0.03, `back at the middle offline (${await fraction()})`);

      const tab = await context.newPage();
      await tab.goto(server.url(`?c=${SEED.collection}&a=${SEED.article}&v=hant`));
      await tab.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
      await tab.close();
    } finally {
      await context.setOffline(false);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a saved collection reads fully offline: every article, its photo, and another script', { timeout: 120_000 }, async () => {
    // A collection of three articles and a photo (tests/fixtures/offline-site), none opened
    // before saving: only Save can have put them on the phone.
    const root = await mkdtemp(join(tmpdir(), 'wenji-saved-'));
    await cp(DIST, root, { recursive: true });
    await rm(join(root, 'data'), { recursive: true });
    execFileSync('cargo', ['run', '--quiet', '--offline', '--release', '--bin', 'wenji', '--',
      'build', 'tests/fixtures/offline-site', join(root, 'data')], { stdio: ['ignore', 'ignore', 'inherit'] });
    const site = await startServer(root);
    const saving = await newContext(browser, PROFILES[0].context);
    try {
      const page = await saving.newPage();
      const lines = consoleOf(page);
      await page.goto(site.url('?c=xiang-ce'));
      await page.getByRole('heading', { level: 1, name: '社区相册' }).waitFor();
      await controlled(page, 'xiang-ce');
      // Opening the collection kept its bundle: drop it, so the articles can come only from Save.
      const dropped = await page.evaluate(async () => (await caches.open('wenji-data-v1')).delete(new URL('data/xiang-ce.json', location.href).href));
      assert.ok(dropped, 'the bundle kept on opening was dropped');
      const articles = await page.locator('.card-link').evaluateAll((links) => links.map((a) => a.href));
      assert.equal(articles.length, 3);
      await page.getByRole('button', { name: '保存本文集，离线阅读' }).click();
      await page.getByText(/已保存，可离线阅读（[\d.]+ [KM]B）/).waitFor({ timeout: 60_000 });

      await saving.setOffline(true);
      const tab = await saving.newPage();
      const titles = ['第一篇：社区的早晨', '第二篇：送菜上门', '第三篇：春天来了'];
      for (const [i, href] of articles.entries()) {
        await tab.goto(href);
        await tab.getByRole('heading', { level: 1, name: titles[i] }).waitFor().catch(async (e) => {
          throw new Error(`${e.message}\non screen: ${(await tab.locator('body').innerText()).slice(0, 300)}\nconsole: ${lines.join('\n')}`);
        });
        assert.ok((await tab.getByRole('article').innerText()).length > 20, `${titles[i]} has its text`);
      }
      // The photo, from the phone: decoded, not a broken image.
      await tab.goto(articles[0]);
      const photo = tab.getByRole('img', { name: '志愿者合影' });
      await photo.waitFor();
      await tab.waitForFunction(() => document.querySelector('article img')?.complete);
      assert.equal(await photo.evaluate((img) => img.naturalWidth), 64, 'the photo shows offline');
      // Another script, offline: the dictionaries were saved with the collection.
      await tab.getByRole('button', { name: '繁體' }).click();
      await tab.getByRole('heading', { level: 1, name: '第一篇：社區的早晨' }).waitFor();
      assert.ok((await tab.getByRole('article').innerText()).includes('資訊') === false, '繁體 (s2tw), not 臺灣 vocabulary');
      assert.ok((await tab.getByRole('article').innerText()).includes('居民信息'));
      await tab.goto(articles[1]);
      await tab.getByRole('heading', { level: 1, name: '第二篇：送菜上門' }).waitFor();
      assert.ok((await tab.getByRole('article').innerText()).includes('後期'));
    } finally {
      await saving.setOffline(false);
      await saving.close();
      await site.close();
      await rm(root, { recursive: true, force: true });
    }
  });

  test('a full quota: saving fails with a clear message, reading goes on', T, async () => {
    const quotaContext = await newContext(browser, PROFILES[0].context);
    try {
      const page = await quotaContext.newPage();
      const errors = watchErrors(page);
      await page.goto(server.url(`?c=${SEED.collection}`));
      await controlled(page);
      // Chrome lets a test shrink this origin's quota: the next cache write overflows it.
      const cdp = await quotaContext.newCDPSession(page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(server.url()).origin, quotaSize: 1 });
      await page.getByRole('button', { name: '保存本文集，離線閱讀' }).click();
      await page.getByRole('alert').getByText(/保存失敗：QuotaExceededError/).waitFor();
      await page.getByText('手機儲存空間不足').waitFor();
      await page.getByRole('link', { name: SEED.articleTitle }).click();
      await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
      assert.deepEqual(errors, []);
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

describe('server faults with the service worker', () => {
  test('a server error shows the cached copy; a changed bundle is offered, then shown', T, async () => {
    const root = await mkdtemp(join(tmpdir(), 'wenji-faults-'));
    await cp(DIST, root, { recursive: true });
    let failing = false;
    const server = await startServer(root, (path, res) => {
      if (failing && path.startsWith('data/')) {
        res.writeHead(500).end('down');
        return true;
      }
      return false;
    });
    const context = await newContext(browser, PROFILES[0].context);
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(server.url(articleQuery()));
      await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
      await controlled(page);

      // The site fails: the reader still gets the copy the worker kept, not an error.
      failing = true;
      const tab = await context.newPage();
      const lines = consoleOf(tab);
      await tab.goto(server.url(articleQuery()));
      await articleShown(tab, lines);
      assert.equal(await tab.getByRole('alert').count(), 0);
      await tab.close();
      failing = false;

      // The editors publish a change while the article is open.
      const bundlePath = join(root, 'data', `${SEED.collection}.json`);
      const bundle = JSON.parse(await readFile(bundlePath, 'utf8'));
      bundle.articles[0].title = '暖如春風入心田（修訂）';
      await writeFile(bundlePath, JSON.stringify(bundle));
      // The next load answers at once from the kept copy and revalidates behind it.
      await page.goto(server.url(`?c=${SEED.collection}`));
      await page.getByRole('link', { name: SEED.articleTitle }).waitFor();
      await page.getByText('內容已有更新。').waitFor({ timeout: 20_000 });
      await page.getByRole('button', { name: '顯示新內容' }).click();
      await page.getByRole('link', { name: '暖如春風入心田（修訂）' }).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await server.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});

/** The SRI hash of `bytes`, as trunk writes it. */
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/**
 * Makes release v2 of the site in `root`: the stylesheet, the JS glue (which then sets
 * `globalThis.wenjiRelease = 2`) and the wasm (an extra custom section) changed under new hashed
 * names, index.html pointing at them with their new integrity hashes, and a new worker. Returns
 * `renamed`: kind → [v1 name, v2 name].
 */
async function releaseV2(root) {
  const files = await readdir(root);
  const pick = (re) => files.find((f) => re.test(f));
  const glue = pick(/^wenji-reader-[0-9a-f]+\.js$/);
  const wasm = pick(/^wenji-reader-[0-9a-f]+_bg\.wasm$/);
  const css = pick(/^reader-[0-9a-f]+\.css$/);
  assert.ok(glue && wasm && css, `v1 files found (${files.join(' ')})`);
  // A custom section (id 0): "v2", payload 1 byte. Valid anywhere after the header.
  const section = Buffer.from([0, 4, 2, 0x76, 0x32, 2]);
  const changes = [
    ['js', glue, (b) => Buffer.concat([b, Buffer.from('\nglobalThis.wenjiRelease = 2;\n')])],
    ['wasm', wasm, (b) => Buffer.concat([b, section])],
    ['css', css, (b) => Buffer.concat([b, Buffer.from('\n.article{--v:2}\n')])],
  ];
  const indexPath = join(root, 'index.html');
  let index = await readFile(indexPath, 'utf8');
  const renamed = new Map();
  for (const [kind, name, change] of changes) {
    const before = await readFile(join(root, name));
    const after = change(before);
    const next = name.replace(/-[0-9a-f]+(?=(_bg)?\.\w+$)/, '-00000000000000a2');
    await writeFile(join(root, next), after);
    await rm(join(root, name));
    index = index.replaceAll(name, next).replaceAll(sri(before), sri(after));
    renamed.set(kind, [name, next]);
  }
  // The glue names its wasm only through start.js's data attributes, in index.html.
  assert.ok(!index.includes(glue) && !index.includes(wasm) && !index.includes(css), 'index.html points at v2 only');
  assert.ok(index.includes('integrity'), 'index.html keeps its integrity hashes');
  await writeFile(indexPath, index);
  execFileSync('node', ['scripts/precache.mjs', root]);
  return { renamed };
}

describe('updates', () => {
  test('a new version waits for the reader, then loads whole (no mixed assets)', T, async () => {
    const root = await mkdtemp(join(tmpdir(), 'wenji-update-'));
    await cp(DIST, root, { recursive: true });
    const server = await startServer(root);
    const context = await newContext(browser, PROFILES[0].context);
    try {
      const page = await context.newPage();
      await page.goto(server.url(articleQuery()));
      await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
      await controlled(page);
      const v1 = await page.evaluate(() => [...document.styleSheets].map((s) => s.href).filter(Boolean));

      // Release v2: the stylesheet, the JS glue and the wasm all changed, under new hashed names,
      // with index.html's integrity hashes for the new files (SRI kept), and a new worker.
      const v2 = await releaseV2(root);
      const css = v2.renamed.get('css')[0];
      const renamed = v2.renamed.get('css')[1];

      await page.getByRole('navigation', { name: '位置' }).getByRole('link', { name: SEED.collectionTitle, exact: true }).click();
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
      const banner = page.getByRole('status').getByText('新版本已就緒');
      await banner.waitFor({ timeout: 30_000 });
      assert.deepEqual(await page.evaluate(() => [...document.styleSheets].map((s) => s.href).filter(Boolean)), v1,
        'the open page keeps running v1 until the reader chooses');

      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: '重新載入' }).click(),
      ]);
      await page.getByRole('heading', { level: 1, name: SEED.collectionTitle }).waitFor();
      const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => s.href).filter(Boolean));
      assert.ok(sheets.some((h) => h.endsWith(renamed)), 'v2 stylesheet loaded');
      assert.ok(!sheets.some((h) => h.endsWith(css)), 'no v1 stylesheet left');
      // The v2 glue ran (it marks itself), with the v2 wasm: nothing of v1 was loaded.
      assert.equal(await page.evaluate(() => globalThis.wenjiRelease), 2, 'v2 JS glue running');
      const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      for (const [kind, [from, to]] of v2.renamed) {
        assert.ok(!loaded.some((p) => p.endsWith(`/${from}`)), `no v1 ${kind} (${from}) in ${loaded.join(' ')}`);
        if (kind !== 'css') assert.ok(loaded.some((p) => p.endsWith(`/${to}`)), `v2 ${kind} (${to}) loaded`);
      }
      const served = await page.evaluate(async (name) => {
        const keys = await caches.keys();
        const app = keys.filter((k) => k.startsWith('wenji-app-'));
        return { app, hasNew: !!(await caches.match(new URL(name, location.href).href)) };
      }, renamed);
      assert.ok(served.hasNew, 'v2 files precached');
      assert.equal(await page.getByText('新版本已就緒').count(), 0);
    } finally {
      await context.close();
      await server.close();
      await rm(root, { recursive: true, force: true });
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
    const errors = watchErrors(page);
    await page.goto(server.url());
    await page.getByRole('heading', { level: 1, name: SEED.site }).waitFor();
    await page.getByRole('complementary').getByText('請點右上角「⋯」，選擇「在瀏覽器打開」').waitFor();
    assert.equal(await page.getByRole('button', { name: /保存本文集/ }).count(), 0);

    let loads = 0;
    page.on('load', () => { loads += 1; });
    await page.getByRole('link', { name: SEED.collectionTitle, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: SEED.collectionTitle }).waitFor();
    await page.getByRole('link', { name: SEED.articleTitle }).click();
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    assert.equal(loads, 2, 'each link was a real page load, so copy-link gives this URL');
    assert.equal(new URL(page.url()).search, articleQuery());
    assert.match(await page.title(), new RegExp(SEED.articleTitle));
    assert.ok((await page.locator('meta[name=description]').last().getAttribute('content')).length > 10);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: SEED.collectionTitle }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('storage that throws: the app keeps working and says so', T, async () => {
    const context = await newContext(browser, { ...PROFILES[0].context, serviceWorkers: 'block' });
    await context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url(articleQuery()));
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    await page.getByText('這個瀏覽器不允許保存設定').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('with JavaScript off: a sentence saying the articles need it, and no endless "loading"', T, async () => {
    const context = await newContext(browser, { ...PROFILES[0].context, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url(articleQuery()));
    // What is on screen (Playwright's text locators skip <noscript>; innerText does not).
    const shown = await page.locator('body').innerText();
    assert.ok(shown.includes('文集需要 JavaScript 才能顯示文章。'), shown);
    assert.ok(!shown.includes('正在載入'), `nothing claims to be loading: ${shown}`);
    await context.close();
  });

  test('a browser without WebAssembly gets a readable notice, not a blank page', T, async () => {
    const context = await newContext(browser, { ...PROFILES[0].context, serviceWorkers: 'block', userAgent: WECHAT_IOS });
    await context.addInitScript(() => { delete window.WebAssembly; });
    const page = await context.newPage();
    await page.goto(server.url());
    await page.getByText('這個瀏覽器無法運行文集。').waitFor();
    await page.getByText('請點右上角「⋯」，選擇「在瀏覽器打開」。').waitFor();
    await context.close();
  });
});
