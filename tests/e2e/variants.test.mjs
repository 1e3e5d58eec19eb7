// 简体 / 繁體 / 臺灣 / 香港 in the browser: lang, repaired text, persistence, shared links.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PROFILES, SEED, articleQuery, serverAndBrowser, watchErrors, newContext } from './harness.mjs';

const T = { timeout: 60_000 };
// Characters that exist only in Traditional script; none may appear in the 简体 view.
const TRADITIONAL_ONLY = [...'們黨國說區會這時來為發後幹個網聯於餘裡溫櫻詩愛絡電話戶與禮過衛識優鬥'];

const env = serverAndBrowser({ before, after });

async function articleText(page) {
  return page.getByRole('article').innerText();
}

describe('script variants', () => {
  test('each variant sets its lang and converts article and interface', T, async () => {
    const context = await newContext(env.browser, { ...PROFILES[0].context, serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.server.url(articleQuery()));
    const switcher = page.getByRole('group', { name: /字體|字体|字型/ });
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();

    // The seed's naive forms are repaired in 繁體 (the collection's own script, the default).
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-Hant');
    const hant = await articleText(page);
    for (const right of ['幹部', '後期', '聯繫', '十餘天', '建於', '發佈']) assert.ok(hant.includes(right), `繁體 has ${right}`);
    for (const wrong of ['干部', '后期', '聯系', '十余天', '建于', '發布']) assert.ok(!hant.includes(wrong), `繁體 lacks ${wrong}`);

    await page.evaluate(() => window.scrollTo(0, 1500));
    await switcher.getByRole('button', { name: '简体' }).click();
    await page.getByRole('heading', { level: 1, name: '暖如春风入心田' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-Hans');
    assert.equal(await page.title(), '暖如春风入心田 · 战“疫”风采录', 'the title follows the script');
    assert.equal(await page.locator('meta[name=description]').count(), 1);
    assert.equal(await switcher.getByRole('button', { name: '简体' }).getAttribute('aria-pressed'), 'true');
    assert.ok(Math.abs((await page.evaluate(() => window.scrollY)) - 1500) < 5, 'switching keeps the reading position');
    const hans = await articleText(page);
    const leaked = TRADITIONAL_ONLY.filter((c) => hans.includes(c));
    assert.deepEqual(leaked, [], '简体 view has no Traditional-only characters');
    assert.ok(hans.includes('干部') && hans.includes('后期'));
    assert.match(new URL(page.url()).search, /v=hans/);
    await page.getByRole('navigation', { name: '位置' }).waitFor(); // interface text converted too
    await page.getByText('发布日期', { exact: false }).first().waitFor(); // not the half-converted 发佈
    assert.equal(await page.getByText('发佈日期').count(), 0);

    // What differs by region, in the seed itself (expected forms from OpenCC s2twp and s2hk).
    await switcher.getByRole('button', { name: '臺灣' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hant-TW');
    const tw = await articleText(page);
    for (const right of ['幹部', '居民資訊', '列印紙', '時間裡']) assert.ok(tw.includes(right), `臺灣 has ${right}`);
    for (const wrong of ['居民信息', '打印紙', '時間裏']) assert.ok(!tw.includes(wrong), `臺灣 lacks ${wrong}`);
    await switcher.getByRole('button', { name: '香港' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hant-HK');
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    const hk = await articleText(page);
    for (const right of ['幹部', '居民信息', '打印紙', '時間裏']) assert.ok(hk.includes(right), `香港 has ${right}`);
    for (const wrong of ['居民資訊', '列印紙', '時間裡']) assert.ok(!hk.includes(wrong), `香港 lacks ${wrong}`);

    // Labels are never converted.
    assert.deepEqual(await switcher.getByRole('button').allTextContents(), ['简体', '繁體', '臺灣', '香港']);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('interface text follows each region: 臺灣 and 香港 differ where their usage does', T, async () => {
    const context = await newContext(env.browser, { ...PROFILES[0].context, serviceWorkers: 'block' });
    const page = await context.newPage();
    // The not-found view's sentence has a word the regions write differently (鏈接).
    const cases = [['hant', '它可能已被移除，或鏈接有誤。'], ['tw', '它可能已被移除，或連結有誤。'], ['hk', '它可能已被移除，或鏈接有誤。'], ['hans', '它可能已被移除，或链接有误。']];
    for (const [v, sentence] of cases) {
      await page.goto(env.server.url(`?c=no-such-thing&v=${v}`));
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByText(sentence, { exact: false }).waitFor({ timeout: 10_000 });
    }
    await context.close();
  });

  test('the choice survives a reload', T, async () => {
    const context = await newContext(env.browser, { ...PROFILES[1].context, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(env.server.url(`?c=${SEED.collection}`));
    await page.getByRole('button', { name: '简体' }).click();
    await page.getByRole('heading', { level: 1, name: '战“疫”风采录' }).waitFor();
    await page.goto(env.server.url(`?c=${SEED.collection}`));
    await page.getByRole('heading', { level: 1, name: '战“疫”风采录' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-Hans');
    await context.close();
  });

  test('a shared link with v=hant opens in 繁體 in a fresh browser, whatever its language', T, async () => {
    const context = await newContext(env.browser, { ...PROFILES[0].context, locale: 'zh-CN', serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(env.server.url(`${articleQuery()}&v=hant`));
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-Hant');
    // Internal links carry the variant.
    const crumb = page.getByRole('navigation', { name: '位置' }).getByRole('link').last();
    assert.match(await crumb.getAttribute('href'), /v=hant/);

    const plain = await context.newPage();
    await plain.goto(env.server.url(articleQuery()));
    await plain.getByRole('heading', { level: 1, name: '暖如春风入心田' }).waitFor();
    assert.equal(await plain.locator('html').getAttribute('lang'), 'zh-Hans', 'zh-CN browsers default to 简体');
    await context.close();
  });
});
