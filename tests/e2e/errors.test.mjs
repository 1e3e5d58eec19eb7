// Every load failure shows a message in the interface language and recovers by retry.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DIST, PROFILES, SEED, articleQuery, launch, startServer, watchErrors, newContext } from './harness.mjs';

const T = { timeout: 60_000 };
const CATALOG = '**/data/catalog.json';
const BUNDLE = `**/data/${SEED.collection}.json`;

let server;
let browser;
let context;
before(async () => {
  server = await startServer();
  browser = await launch();
  // Faults are injected with page routes, which do not see a service worker's own requests.
  context = await newContext(browser, { ...PROFILES[0].context, serviceWorkers: 'block' });
});
after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** Opens `path` with `url` answered by `fault` until the returned `heal()` is called. */
async function openWithFault(path, url, fault) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  const handler = (route) => fault(route);
  await page.route(url, handler);
  await page.goto(server.url(path));
  return { page, errors, heal: () => page.unroute(url, handler) };
}

async function expectErrorThenRetry({ page, errors, heal }, title, recovered) {
  const alert = page.getByRole('alert');
  await alert.getByRole('heading', { name: title }).waitFor();
  await heal();
  await alert.getByRole('button', { name: '重試' }).click();
  await page.getByRole('heading', { level: 1, name: recovered }).waitFor();
  assert.equal(await page.getByRole('alert').count(), 0, 'the error is gone after retry');
  assert.deepEqual(errors, []);
  await page.close();
}

describe('load errors', () => {
  test('server error on the catalog', T, async () => {
    const opened = await openWithFault('', CATALOG, (r) => r.fulfill({ status: 500, body: 'oops' }));
    await expectErrorThenRetry(opened, '網站暫時出錯', SEED.site);
  });

  test('missing bundle (404)', T, async () => {
    const opened = await openWithFault(articleQuery(), BUNDLE, (r) => r.fulfill({ status: 404, body: '' }));
    await opened.page.getByText('HTTP 404').first().waitFor({ state: 'attached' });
    await expectErrorThenRetry(opened, '內容不在網站上', SEED.articleTitle);
  });

  test('truncated (malformed) bundle', T, async () => {
    const real = await readFile(join(DIST, 'data', `${SEED.collection}.json`), 'utf8');
    const opened = await openWithFault(articleQuery(), BUNDLE, (r) =>
      r.fulfill({ contentType: 'application/json', body: real.slice(0, real.length / 2) }));
    await expectErrorThenRetry(opened, '內容資料有誤', SEED.articleTitle);
  });

  test('bytes that are not UTF-8', T, async () => {
    const opened = await openWithFault(`?c=${SEED.collection}`, BUNDLE, (r) =>
      r.fulfill({ contentType: 'application/json', body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }));
    await expectErrorThenRetry(opened, '內容資料有誤', SEED.collectionTitle);
  });

  test('a catalog from a future major schema version', T, async () => {
    const opened = await openWithFault('', CATALOG, (r) =>
      r.fulfill({ json: { schema: '2.0', everything: 'changed' } }));
    await expectErrorThenRetry(opened, '需要更新文集', SEED.site);
  });

  test('a stalled request times out with a message instead of spinning forever', T, async () => {
    // Never answered: the app gives up after its 20 s limit.
    const opened = await openWithFault('', CATALOG, () => {});
    await opened.page.getByRole('alert').getByRole('heading', { name: '載入超時' }).waitFor({ timeout: 30_000 });
    await expectErrorThenRetry(opened, '載入超時', SEED.site);
  });

  test('a body that stops halfway times out too, and the retry asks again', T, async () => {
    // Headers and a first few bytes, then nothing: the limit covers the body, not only the
    // answer's start (the app's prefetched requests included).
    let stalling = true;
    const stalled = [];
    const faulty = await startServer(DIST, (path, res) => {
      if (!stalling || path !== `data/${SEED.collection}.json`) return false;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
      res.write('{"schema":"1.0",');
      stalled.push(res);
      return true;
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(faulty.url(articleQuery()));
      await page.getByRole('alert').getByRole('heading', { name: '載入超時' }).waitFor({ timeout: 30_000 });
      stalling = false;
      await page.getByRole('alert').getByRole('button', { name: '重試' }).click();
      await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
      assert.equal(await page.getByRole('alert').count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
      stalled.forEach((res) => res.destroy());
      await faulty.close();
    }
  });

  test('DNS failure', T, async () => {
    const opened = await openWithFault('', CATALOG, (r) => r.abort('namenotresolved'));
    await expectErrorThenRetry(opened, '無法連線', SEED.site);
  });

  test('offline while moving to a collection not yet loaded', T, async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url());
    await page.getByRole('heading', { level: 1, name: SEED.site }).waitFor();
    await context.setOffline(true);
    try {
      await page.getByRole('link', { name: SEED.collectionTitle, exact: true }).click();
      await page.getByRole('alert').getByRole('heading', { name: '目前沒有網絡連線' }).waitFor();
    } finally {
      await context.setOffline(false);
    }
    await expectErrorThenRetry({ page, errors, heal: async () => {} }, '目前沒有網絡連線', SEED.collectionTitle);
  });

  test('a bundle with markup or script inside text is refused, never run', T, async () => {
    const hostile = {
      schema: '1.0',
      collection: { id: SEED.collection, title: SEED.collectionTitle },
      script: 'hant',
      articles: [{
        id: SEED.article, title: '<img src=x onerror="window.pwned=1">', published: '2020-03-30',
        blocks: [{ type: 'paragraph', text: '<script>window.pwned=2</script><b onclick="x()">粗</b>' }],
      }],
    };
    const opened = await openWithFault(articleQuery(), BUNDLE, (r) => r.fulfill({ json: hostile }));
    let dialogs = 0;
    opened.page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
    await opened.page.getByRole('alert').getByText('articles[0].title: contains HTML markup').waitFor({ state: 'attached' });
    assert.equal(await opened.page.locator('main img, main script, main b').count(), 0);
    assert.equal(await opened.page.evaluate(() => window.pwned), undefined);
    assert.equal(dialogs, 0);
    await expectErrorThenRetry(opened, '內容資料有誤', SEED.articleTitle);
  });

  test('every file of the hostile corpus shows an error, runs nothing, and leaves the app usable', { timeout: 180_000 }, async () => {
    const dir = new URL('../hostile/', import.meta.url);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    assert.ok(files.length >= 15);
    // Too big to keep in the repository: a 20 MB string, refused before parsing.
    const huge = Buffer.from(`{"schema":"1.0","pad":"${'字'.repeat(7_000_000)}"}`);
    for (const file of [...files, '20-megabyte-string.json']) {
      const body = file.startsWith('20-') ? huge : await readFile(new URL(file, dir));
      const target = file.startsWith('catalog') ? CATALOG : BUNDLE;
      const opened = await openWithFault(articleQuery(), target, (r) => r.fulfill({ contentType: 'application/json', body }));
      let dialogs = 0;
      opened.page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
      await opened.page.getByRole('alert').getByRole('button', { name: '重試' }).waitFor();
      assert.equal(await opened.page.locator('main script, main img, main iframe').count(), 0, file);
      assert.equal(dialogs, 0, file);
      await opened.heal();
      if (target === CATALOG) {
        await opened.page.getByRole('alert').getByRole('button', { name: '重試' }).click();
        await opened.page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
      } else {
        // The rest of the app still works: home to the catalog.
        await opened.page.getByRole('link', { name: '文集' }).first().click();
        await opened.page.getByRole('heading', { level: 1, name: SEED.site }).waitFor();
      }
      assert.deepEqual(opened.errors, [], file);
      await opened.page.close();
    }
  });
});
