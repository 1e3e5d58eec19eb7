// Search (issue 13) in real Chromium: the field on every page, the search view at
// `search/?q=…` in all four scripts, no results, bad input in the address, the page without
// JavaScript, and offline search over a saved collection.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, PROFILES, SEED, articlePath, fixtureSite, launch, newContext, serverAndBrowser } from './harness.mjs';

const T = { timeout: 60_000 };
const env = serverAndBrowser({ before, after });
const phone = PROFILES[0].context;

/** The search view's result titles, once it has answered (a count, or a sentence). */
async function results(page) {
  await page.locator('#search-results .search-count, #search-results .search-note:not(.search-busy):not(.search-noscript)').first().waitFor();
  return page.locator('.search-result-title').allInnerTexts();
}

describe('search', () => {
  test('the service worker installs without the index: it is fetched as queries need it', () => {
    const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
    const precache = JSON.parse(sw.match(/^const PRECACHE = (.*); \/\/ @generated$/m)[1]);
    assert.ok(precache.length > 0);
    assert.deepEqual(precache.filter((f) => f.startsWith('search/') || f.startsWith('data/')), []);
  });

  test('the field on an article leads to the results, in the reader\'s script, and on to the article', T, async () => {
    const context = await newContext(env.browser, phone);
    try {
      const page = await context.newPage();
      await page.goto(env.server.url(articlePath()));
      const field = page.getByRole('searchbox', { name: '搜尋' });
      await field.fill('武汉大学 樱花');
      await field.press('Enter');
      await page.waitForURL(/\/wenji\/search\/\?q=/);
      assert.deepEqual(await results(page), [SEED.articleTitle]);
      assert.match(await page.locator('.search-count').innerText(), /找到1篇文章/);
      // The match marked in the reader's script (Traditional), typed in Simplified.
      const marks = await page.locator('.search-snippet mark').allInnerTexts();
      assert.ok(marks.some((m) => m.includes('武漢大學') || m.includes('櫻花')), marks.join('|'));
      // The field keeps the query, to refine it.
      assert.equal(await page.getByRole('searchbox').inputValue(), '武汉大学 樱花');
      await page.getByRole('link', { name: SEED.articleTitle }).click();
      await page.waitForURL(`**/wenji/${articlePath()}`);
      await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('a query in any script gives the same result, shown in each page\'s script', T, async () => {
    const context = await newContext(env.browser, phone);
    try {
      const page = await context.newPage();
      const titles = { hans: '暖如春风入心田', '': SEED.articleTitle, tw: SEED.articleTitle, hk: SEED.articleTitle };
      const labels = { hans: '搜索', '': '搜尋', tw: '搜尋', hk: '搜尋' };
      for (const [variant, title] of Object.entries(titles)) {
        for (const query of ['党史研究室武大', '黨史研究室武大', '社區工作隊']) {
          await page.goto(env.server.url(`${variant ? `${variant}/` : ''}search/?q=${encodeURIComponent(query)}`));
          assert.deepEqual(await results(page), [title], `${query} on ${variant || 'hant'}`);
        }
        await page.getByRole('searchbox', { name: labels[variant] }).waitFor();
      }
    } finally {
      await context.close();
    }
  });

  test('no results is a sentence, not an error', T, async () => {
    const context = await newContext(env.browser, phone);
    try {
      const page = await context.newPage();
      await page.goto(env.server.url(`search/?q=${encodeURIComponent('火星探測器')}`));
      assert.deepEqual(await results(page), []);
      await page.getByText('沒有找到含有這些字詞的文章').waitFor();
      assert.equal(await page.getByRole('alert').count(), 0);
    } finally {
      await context.close();
    }
  });

  test('bad input in the address gets an answer in bounded time, never an error', T, async () => {
    const context = await newContext(env.browser, phone);
    try {
      const page = await context.newPage();
      const queries = [
        '',
        'q=',
        `q=${encodeURIComponent('，。！？……')}`,
        `q=${encodeURIComponent('😀🇨🇳')}`,
        `q=${encodeURIComponent('<img src=x onerror=alert(1)>武漢')}`,
        'q=%E6%AD%A6%ZZ%E6%BC%A2', // broken percent-encoding
        'q=%ED%A0%80%E6%AD%A6', // an unpaired surrogate, as UTF-8 bytes
        `q=${encodeURIComponent('武漢大學'.repeat(250))}`, // 1,000 characters
        'q=%E6%AD%A6%E6%BC%A2&p=999999999999',
        'q=%E6%AD%A6%E6%BC%A2&p=-3',
      ];
      for (const q of queries) {
        const started = Date.now();
        await page.goto(env.server.url(`search/?${q}`));
        await results(page);
        assert.ok(Date.now() - started < 10_000, `${q} took ${Date.now() - started} ms`);
        assert.equal(await page.getByRole('alert').count(), 0, q);
        // Markup in the query stays text.
        assert.equal(await page.locator('#search-results img').count(), 0, q);
      }
      // A page number past the end shows the last page.
      await page.goto(env.server.url('search/?q=%E6%AD%A6%E6%BC%A2&p=999999999999'));
      assert.deepEqual(await results(page), [SEED.articleTitle]);
    } finally {
      await context.close();
    }
  });

  test('without JavaScript the field still leads to the search page, which says why it cannot search', T, async () => {
    const context = await newContext(env.browser, { ...phone, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(env.server.url(''));
      const field = page.getByRole('searchbox', { name: '搜尋' });
      await field.fill('櫻花');
      await field.press('Enter');
      await page.waitForURL(/\/wenji\/search\/\?q=/);
      await page.getByText('JavaScript', { exact: false }).waitFor();
      await page.getByRole('heading', { level: 1, name: '搜尋' }).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('search offline', () => {
  // The three-article Simplified collection of the offline tests, built into a copy of the
  // release, so a saved collection can be searched with the network gone.
  let site;
  let browser;
  before(async () => {
    site = await fixtureSite('wenji-search-offline-');
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test('a saved collection is searched offline, saying results may be incomplete', { timeout: 120_000 }, async () => {
    const context = await newContext(browser, phone);
    try {
      const page = await context.newPage();
      await page.goto(site.server.url('xiang-ce/'));
      await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
      await page.getByRole('button', { name: '保存本文集，离线阅读' }).click();
      await page.getByText(/^✓ 已保存，可离线阅读/).waitFor({ timeout: 60_000 });
      await context.setOffline(true);
      try {
        // Words from the texts, typed in Traditional, never searched online (so none of their
        // index shards is on the phone): the saved texts are searched whole.
        await page.goto(site.server.url(`hans/search/?q=${encodeURIComponent('逐戶核對')}`));
        assert.deepEqual(await results(page), ['第一篇：社区的早晨']);
        await page.getByText('只查找了保存在手机上的文章', { exact: false }).waitFor();
        await page.goto(site.server.url(`hans/search/?q=${encodeURIComponent('火星探測器')}`));
        assert.deepEqual(await results(page), []);
        await page.getByText('目前没有网络连线', { exact: false }).waitFor();
      } finally {
        await context.setOffline(false);
      }
    } finally {
      await context.close();
    }
  });
});
