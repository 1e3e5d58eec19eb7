// Reading journeys against the release build served as static files under a sub-path.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  MOBILE, PROFILES, SEED, articleQuery, horizontalOverflow, newContext, screenshot, serverAndBrowser, throttle,
  watchErrors,
} from './harness.mjs';

const T = { timeout: 60_000 };
const THREE = JSON.parse(await readFile(new URL('../fixtures/three-articles.json', import.meta.url), 'utf8'));

const env = serverAndBrowser({ before, after });

for (const profile of PROFILES) {
  describe(`reader on ${profile.name}`, () => {
    let context;
    let page;
    let errors;
    before(async () => {
      // Journeys without the service worker (tests/e2e/offline.test.mjs covers it; page routes
      // cannot see a worker's requests), in the collection's own script, 繁體 (variants.test.mjs
      // covers the others).
      context = await newContext(env.browser, { ...profile.context, serviceWorkers: 'block' });
    });
    after(async () => context?.close());

    const open = async (path = '') => {
      page = await context.newPage();
      errors = watchErrors(page);
      await page.goto(env.server.url(path));
    };
    const closePage = async () => {
      assert.deepEqual(errors, [], 'no uncaught errors in the page');
      await page.close();
    };

    test('catalog → collection → article, with titles following the view', T, async () => {
      await open();
      await page.getByRole('heading', { level: 1, name: SEED.site }).waitFor();
      assert.match(await page.title(), new RegExp(SEED.site));

      await page.getByRole('link', { name: SEED.collectionTitle, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: SEED.collectionTitle }).waitFor();
      assert.equal(new URL(page.url()).search, `?c=${SEED.collection}`);
      assert.match(await page.title(), new RegExp(SEED.collectionTitle));
      await page.getByText('2020-03-30').first().waitFor();

      await page.getByRole('link', { name: SEED.articleTitle }).click();
      await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
      assert.equal(new URL(page.url()).search, articleQuery());
      assert.match(await page.title(), new RegExp(SEED.articleTitle));
      await closePage();
    });

    test('a cold deep link renders every element of the seed article', T, async () => {
      await open(articleQuery());
      const article = page.getByRole('article');
      await article.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();

      const crumbs = page.getByRole('navigation', { name: '位置' }).getByRole('link');
      assert.deepEqual(await crumbs.allTextContents(), [SEED.site, SEED.collectionTitle]);
      await article.getByText('——省委黨史研究室武大工學部社區工作隊服務群眾工作紀實').waitFor();
      assert.equal(await article.locator('time').getAttribute('datetime'), '2020-03-30');
      assert.equal(await article.getByText('來源').count(), 0, 'an empty source is omitted');

      assert.equal(await article.locator('blockquote.epigraph .line').count(), 2);
      assert.deepEqual(await article.getByRole('heading', { level: 2 }).allTextContents(), [
        '織網入格，守牢社區防控線', '服務群眾，愛心暖如三春風', '砥礪先鋒，黨旗迎風高飄揚',
      ]);
      assert.equal(await article.locator('figure figcaption').count(), 4);
      assert.equal(await article.getByRole('img', { name: '圖片暫缺' }).count(), 4, 'missing photos are announced');
      const verse = article.locator('.verse .line');
      assert.equal(await verse.count(), 14);
      assert.equal(await verse.first().textContent(), '我們素昧平生，也從未謀面，');
      // Each poem line is on its own line on screen.
      const tops = await verse.evaluateAll((lines) => lines.map((l) => l.getBoundingClientRect().top));
      assert.ok(tops.every((top, i) => i === 0 || top > tops[i - 1]), 'verse lines stack');
      assert.equal(await article.locator('blockquote.testimonial').count(), 3);
      assert.equal(await article.locator('.signature').textContent(), '（機關黨委）');
      await article.getByText('刊登於湖北黨史網黨史要聞欄目', { exact: false }).waitFor();

      const body = await page.locator('body').innerText();
      for (const spam of ['slotsjeannie', 'ICP', '国产', '字幕']) {
        assert.ok(!body.includes(spam), `page shows ${spam}`);
      }
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-Hant');
      assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script (the CSP forbids them)');
      assert.match(await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content'), /script-src 'self' 'wasm-unsafe-eval'/);
      assert.ok((await horizontalOverflow(page)) <= 0, 'no horizontal scrolling');
      await screenshot(page, `article-${profile.name}-${profile.context.viewport.width}`);
      await closePage();
    });

    test('back and forward move between views', T, async () => {
      await open();
      await page.getByRole('link', { name: SEED.collectionTitle, exact: true }).click();
      await page.getByRole('link', { name: SEED.articleTitle }).click();
      await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: SEED.collectionTitle }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: SEED.site }).waitFor();
      await page.goForward();
      await page.getByRole('heading', { level: 1, name: SEED.collectionTitle }).waitFor();
      // Breadcrumb back to the catalog.
      await page.getByRole('navigation', { name: '位置' }).getByRole('link', { name: SEED.site }).click();
      await page.getByRole('heading', { level: 1, name: SEED.site }).waitFor();
      await closePage();
    });

    test('previous and next article within a collection', T, async () => {
      page = await context.newPage();
      errors = watchErrors(page);
      await page.route('**/data/catalog.json', (route) => route.fulfill({ json: THREE.catalog }));
      await page.route('**/data/three.json', (route) => route.fulfill({ json: THREE.bundle }));
      await page.goto(env.server.url('?c=three&a=second'));
      await page.getByRole('heading', { level: 1, name: '第二篇' }).waitFor();
      const nav = page.getByRole('navigation', { name: '上下篇' });
      await nav.getByRole('link', { name: /下一篇.*第三篇/ }).click();
      await page.getByRole('heading', { level: 1, name: '第三篇' }).waitFor();
      assert.equal(await nav.getByRole('link', { name: /下一篇/ }).count(), 0, 'the last article has no next');
      await nav.getByRole('link', { name: /上一篇.*第二篇/ }).click();
      await nav.getByRole('link', { name: /上一篇.*第一篇/ }).click();
      await page.getByRole('heading', { level: 1, name: '第一篇' }).waitFor();
      assert.equal(await nav.getByRole('link', { name: /上一篇/ }).count(), 0, 'the first article has no previous');
      // Emphasis and links inside text are rendered as elements, not markup.
      assert.equal(await page.locator('article em').textContent(), '強調');
      assert.equal(await page.getByRole('link', { name: '外部鏈接' }).getAttribute('href'), 'https://example.org/');
      await closePage();
    });

    test('an unknown collection or article shows not-found with a way back', T, async () => {
      await open('?c=no-such-thing');
      await page.getByRole('heading', { level: 1, name: '找不到這個頁面' }).waitFor();
      await page.getByRole('link', { name: '返回文集目錄' }).click();
      await page.getByRole('heading', { level: 1, name: SEED.site }).waitFor();

      await page.goto(env.server.url(`?c=${SEED.collection}&a=no-such-article`));
      await page.getByRole('heading', { level: 1, name: '找不到這個頁面' }).waitFor();
      await page.getByRole('link', { name: '返回文章列表' }).click();
      await page.getByRole('heading', { level: 1, name: SEED.collectionTitle }).waitFor();
      await closePage();
    });

    test('index.html by name works as well as the directory', T, async () => {
      await open(`index.html${articleQuery()}`);
      await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
      await page.getByRole('navigation', { name: '位置' }).getByRole('link', { name: SEED.collectionTitle, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: SEED.collectionTitle }).waitFor();
      assert.ok(new URL(page.url()).pathname.endsWith('/wenji/index.html'));
      // Home (`./`, the directory) is the same app page: followed in place, not reloaded.
      await page.evaluate(() => { window.stillHere = true; });
      await page.getByRole('link', { name: '文集' }).first().click();
      await page.getByRole('heading', { level: 1, name: SEED.site }).waitFor();
      assert.equal(await page.evaluate(() => window.stillHere), true, 'no page load');
      // A link to the view on screen adds no history entry.
      const entries = await page.evaluate(() => history.length);
      await page.getByRole('link', { name: '文集' }).first().click();
      assert.equal(await page.evaluate(() => history.length), entries);
      await closePage();
    });
  });
}

describe('narrowest phone', () => {
  test('a cold deep link asks for the catalog and the bundle once each, before the app has started, and nothing jumps', T, async () => {
    const context = await newContext(env.browser, {
      ...PROFILES[0].context, viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, serviceWorkers: 'block',
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const data = [];
    let started = false;
    page.on('request', (r) => {
      if (/\/data\//.test(r.url())) data.push({ file: r.url().split('/data/')[1], beforeStart: !started });
    });
    await page.exposeFunction('markStarted', () => { started = true; });
    await page.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', () => window.markStarted());
      window.shifts = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.shifts += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    // A slow phone on a mobile network (Lighthouse's figures), where the loading screen is seen
    // before the article replaces it, and the data must not wait for the wasm.
    await throttle(page, MOBILE);
    await page.goto(env.server.url(articleQuery()));
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor({ timeout: 30_000 });
    // Every shift until the network is idle: photos, fonts and late data included.
    await page.waitForLoadState('networkidle');
    const shifts = await page.evaluate(() => window.shifts);
    assert.ok(shifts < 0.01, `nothing on screen jumps as the article arrives (CLS ${shifts})`);
    const count = (file) => data.filter((d) => d.file === file).length;
    assert.equal(count('catalog.json'), 1, JSON.stringify(data));
    assert.equal(count(`${SEED.collection}.json`), 1, JSON.stringify(data));
    // start.js asks for the catalog while the wasm is still loading.
    assert.ok(data.find((d) => d.file === 'catalog.json').beforeStart, 'the catalog is prefetched');
    assert.ok(data.find((d) => d.file === `${SEED.collection}.json`).beforeStart, 'the bundle is prefetched');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the article fits 320 px with no horizontal scrolling', T, async () => {
    const context = await newContext(env.browser, { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.server.url(articleQuery()));
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, 'no horizontal scrolling at 320 px');
    await screenshot(page, 'article-phone-320');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
