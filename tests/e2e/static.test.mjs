// The pages are static: they read and navigate whatever happens to the scripts. With JavaScript
// off, in a browser without WebAssembly, and when the app's wasm fails to load, every page shows
// its text and its links lead on. (The app no longer loads content, so the old load-error panel
// is gone; offline pages are covered by offline.test.mjs.)
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PROFILES, SEED, articlePath, articleQuery, newContext, serverAndBrowser } from './harness.mjs';

const T = { timeout: 60_000 };
const env = serverAndBrowser({ before, after });

const HANS = { site: '湖北党史', collection: '战“疫”风采录', article: '暖如春风入心田' };
const pathOf = (page) => new URL(page.url()).pathname;
const switcher = (page) => page.getByRole('navigation', { name: /字體|字体|字型/ });

/** The page is there for the reader: displayed, with its heading and text on screen, and no
 *  loading line or error notice anywhere. */
async function assertReadable(page, heading, text) {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).display), 'block', 'the page is not hidden');
  await page.getByText(text, { exact: false }).first().waitFor({ state: 'visible' });
  const body = await page.locator('body').innerText();
  assert.ok(!/正在載入|正在载入/.test(body), `no loading line: ${body.slice(0, 200)}`);
  assert.equal(await page.getByRole('alert').count(), 0, 'no error notice');
}

/** Reads catalog → collection → article by following the pages' links, and back by the breadcrumb. */
async function readThrough(page, url) {
  await page.goto(url(''));
  await assertReadable(page, SEED.site, '疫情防控宣傳報道集錦');
  await page.getByRole('link', { name: SEED.collectionTitle, exact: true }).click();
  await assertReadable(page, SEED.collectionTitle, '10 分鐘讀完');
  assert.equal(pathOf(page), `/wenji/${SEED.collection}/`);
  await page.getByRole('link', { name: SEED.articleTitle }).click();
  await assertReadable(page, SEED.articleTitle, '2020年的春天如約而至，神州大地，萬象更新。');
  assert.equal(pathOf(page), `/wenji/${articlePath()}`);
  // The whole article, to its last line.
  const article = page.getByRole('article');
  assert.equal(await article.locator('.verse .line').count(), 14);
  assert.equal(await article.getByRole('heading', { level: 2 }).count(), 3);
  await article.getByText('刊登於湖北黨史網黨史要聞欄目', { exact: false }).scrollIntoViewIfNeeded();
  assert.equal(await article.getByText('刊登於湖北黨史網黨史要聞欄目', { exact: false }).isVisible(), true);
  await page.getByRole('navigation', { name: '位置' }).getByRole('link', { name: SEED.collectionTitle, exact: true }).click();
  await assertReadable(page, SEED.collectionTitle, '10 分鐘讀完');
  await page.getByRole('navigation', { name: '位置' }).getByRole('link', { name: SEED.site }).click();
  await assertReadable(page, SEED.site, '疫情防控宣傳報道集錦');
}

for (const profile of PROFILES) {
  describe(`JavaScript off, on ${profile.name}`, () => {
    let context;
    before(async () => {
      context = await newContext(env.browser, { ...profile.context, locale: 'zh-CN', javaScriptEnabled: false });
    });
    after(async () => context?.close());

    test('every page reads and navigates by its links', T, async () => {
      const page = await context.newPage();
      // A Simplified-Chinese browser: without a script nothing redirects, the page's own script shows.
      await readThrough(page, env.server.url);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hant');
      await page.close();
    });

    test('the article offers no settings panel (it could not act)', T, async () => {
      const page = await context.newPage();
      await page.goto(env.server.url(articlePath()));
      await assertReadable(page, SEED.articleTitle, '2020年的春天如約而至');
      assert.equal(await page.locator('#reader-controls').count(), 1, 'the panel is in the page');
      assert.equal(await page.locator('#reader-controls').isVisible(), false, 'but not shown');
      assert.equal(await page.getByText('閱讀設定').isVisible(), false);
      await page.close();
    });

    test('switching script works by its links', T, async () => {
      const page = await context.newPage();
      await page.goto(env.server.url(articlePath()));
      await assertReadable(page, SEED.articleTitle, '2020年的春天如約而至');
      await switcher(page).getByRole('link', { name: '简体' }).click();
      await assertReadable(page, HANS.article, '2020年的春天如约而至');
      assert.equal(pathOf(page), `/wenji/hans/${articlePath()}`);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
      assert.equal(await page.title(), `${HANS.article} · ${HANS.collection}`);
      // From the Simplified copy, on through its own links, in Simplified.
      await page.getByRole('navigation', { name: '位置' }).getByRole('link', { name: HANS.collection, exact: true }).click();
      await assertReadable(page, HANS.collection, '疫情防控宣传报道集锦');
      assert.equal(pathOf(page), `/wenji/hans/${SEED.collection}/`);
      await switcher(page).getByRole('link', { name: '臺灣' }).click();
      await page.waitForURL((url) => url.pathname === `/wenji/tw/${SEED.collection}/`);
      await assertReadable(page, SEED.collectionTitle, '疫情防控宣傳報道集錦');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hant-TW');
      await switcher(page).getByRole('link', { name: '繁體' }).click();
      await assertReadable(page, SEED.collectionTitle, '疫情防控宣傳報道集錦');
      assert.equal(pathOf(page), `/wenji/${SEED.collection}/`);
      await page.close();
    });

    test('an unknown page reads as not found, with its way back', T, async () => {
      const page = await context.newPage();
      const response = await page.goto(env.server.url('no-such-thing/nor-this/'));
      assert.equal(response.status(), 404);
      await assertReadable(page, '找不到這個頁面', '它可能已被移除');
      await page.getByRole('link', { name: '返回文集目錄' }).click();
      await assertReadable(page, SEED.site, '疫情防控宣傳報道集錦');
      await page.close();
    });

    test('an old link shows the catalog, one link from its collection', T, async () => {
      // Only boot.js can map `?c=…&a=…` to the article's address: without it the old single
      // page's address is the catalog, which still reads.
      const page = await context.newPage();
      await page.goto(env.server.url(articleQuery()));
      await assertReadable(page, SEED.site, '疫情防控宣傳報道集錦');
      await page.getByRole('link', { name: SEED.collectionTitle, exact: true }).click();
      await assertReadable(page, SEED.collectionTitle, '10 分鐘讀完');
      await page.close();
    });
  });
}

describe('the app cannot start', () => {
  test('a browser without WebAssembly reads and navigates every page, with no uncaught error', T, async () => {
    const context = await newContext(env.browser, { ...PROFILES[0].context, locale: 'en-US', serviceWorkers: 'block' });
    await context.addInitScript(() => { delete window.WebAssembly; });
    const wasm = [];
    context.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
    const page = await context.newPage();
    await readThrough(page, env.server.url);
    await page.waitForLoadState('networkidle');
    assert.equal(await page.evaluate(() => typeof window.WebAssembly), 'undefined', 'the browser really has no WebAssembly');
    assert.deepEqual(wasm, [], 'nothing tries to load the app');
    // boot.js is plain JavaScript: a reader's script choice is still kept and applied.
    await switcher(page).getByRole('link', { name: '简体' }).click();
    await assertReadable(page, HANS.site, '疫情防控宣传报道集锦');
    await page.goto(env.server.url(articlePath()));
    await page.waitForURL((url) => url.pathname === `/wenji/hans/${articlePath()}`);
    await assertReadable(page, HANS.article, '2020年的春天如约而至');
    await page.close();
    await context.close(); // fails on any uncaught error in any page
  });

  for (const [fault, answer] of [
    ['a server error (500)', (route) => route.fulfill({ status: 500, body: 'oops' })],
    ['a broken connection', (route) => route.abort('failed')],
  ]) {
    test(`the app's wasm failing to load (${fault}) leaves every page fully readable`, T, async () => {
      const context = await newContext(env.browser, { ...PROFILES[0].context, locale: 'en-US', serviceWorkers: 'block' });
      const asked = [];
      await context.route('**/*.wasm', (route) => { asked.push(route.request().url()); return answer(route); });
      const page = await context.newPage();
      for (const [path, heading, text] of [
        [articlePath(), SEED.articleTitle, '2020年的春天如約而至'],
        [`${SEED.collection}/`, SEED.collectionTitle, '10 分鐘讀完'],
        ['', SEED.site, '疫情防控宣傳報道集錦'],
      ]) {
        const before = asked.length;
        await page.goto(env.server.url(path));
        await page.waitForLoadState('networkidle');
        assert.ok(asked.length > before, `${path}: the wasm was asked for, and failed`);
        await assertReadable(page, heading, text);
        // Controls that would need the app are not offered where it could not start.
        await page.waitForFunction(() => document.documentElement.hasAttribute('data-no-app'));
        if (path === articlePath()) {
          assert.equal(await page.locator('#reader-controls').isVisible(), false, 'no dead settings panel');
        }
      }
      await readThrough(page, env.server.url);
      await page.close();
      // start.js catches the failure: no uncaught error at all.
      await context.close();
    });
  }
});
