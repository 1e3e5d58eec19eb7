// 简体 / 繁體 / 臺灣 / 香港 in the browser: every page prerendered in each script, the switch a set of
// real links, the reader's choice (or link, or browser language) applied by boot.js before the
// first frame, old links kept working.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MOBILE, PROFILES, SEED, articlePath, articleQuery, newContext, serverAndBrowser, throttle } from './harness.mjs';

const T = { timeout: 60_000 };
// Characters that exist only in Traditional script; none may appear in the 简体 view.
const TRADITIONAL_ONLY = [...'們黨國說區會這時來為發後幹個網聯於餘裡溫櫻詩愛絡電話戶與禮過衛識優鬥'];

const env = serverAndBrowser({ before, after });

const HANS = { site: '湖北党史', collection: '战“疫”风采录', article: '暖如春风入心田' };
const LANG = { '': 'zh-Hant', hans: 'zh-Hans', hant: 'zh-Hant', tw: 'zh-Hant-TW', hk: 'zh-Hant-HK' };
/** The seed's pages, by kind: their path in the native script (繁體) and their title in each. */
const PAGES = {
  catalog: { path: '', heading: { hant: SEED.site, hans: HANS.site } },
  collection: { path: `${SEED.collection}/`, heading: { hant: SEED.collectionTitle, hans: HANS.collection } },
  article: { path: articlePath(), heading: { hant: SEED.articleTitle, hans: HANS.article } },
};
/** Where `kind` is in `variant` (繁體 is the seed's own script, at the top). */
const at = (kind, variant) => `/wenji/${variant === 'hant' ? '' : `${variant}/`}${PAGES[kind].path}`;
const heading = (kind, variant) => PAGES[kind].heading[variant === 'hans' ? 'hans' : 'hant'];

/** A fresh browser (no service worker), by default one asking for no Chinese script. */
const freshContext = (options = {}) => newContext(env.browser, { ...PROFILES[0].context, locale: 'en-US', serviceWorkers: 'block', ...options });

/** Waits until `page` is at `pathname`, or fails saying where it is. */
async function arriveAt(page, pathname, what = 'the page') {
  await page.waitForURL((url) => url.pathname === pathname, { timeout: 10_000 })
    .catch(() => assert.fail(`${what} should be at ${pathname}, but is at ${page.url()}`));
}

/** Opens `path` in a new page and waits for the page it ends on (after any redirect). */
async function openPage(context, path, kind, variant) {
  const page = await context.newPage();
  await page.goto(env.server.url(path));
  await arriveAt(page, at(kind, variant), path);
  await page.getByRole('heading', { level: 1, name: heading(kind, variant) }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), LANG[variant], `${path}: lang`);
  return page;
}

const switcher = (page) => page.getByRole('navigation', { name: /字體|字体|字型/ });

/**
 * Installed before any page script: records, at DOMContentLoaded and at the first animation
 * frame of every document, its lang and whether it is displayed, in sessionStorage (kept across
 * the tab's navigations, redirects included).
 */
function recordFrames() {
  let storage;
  try {
    storage = window.sessionStorage;
  } catch {
    return; // about:blank
  }
  const record = (when) => {
    const root = document.documentElement;
    const frames = JSON.parse(storage.getItem('e2e.frames') ?? '[]');
    frames.push({
      when,
      path: location.pathname,
      page: root.dataset.page ?? null,
      lang: root.lang,
      displayed: getComputedStyle(root).display !== 'none',
      text: !!document.querySelector('main'),
    });
    storage.setItem('e2e.frames', JSON.stringify(frames));
  };
  document.addEventListener('DOMContentLoaded', () => record('DOMContentLoaded'));
  requestAnimationFrame(() => record('frame'));
}
const framesOf = async (page) => JSON.parse(await page.evaluate(() => sessionStorage.getItem('e2e.frames') ?? '[]'));
const clearFrames = (page) => page.evaluate(() => sessionStorage.removeItem('e2e.frames'));

/** The page addresses a tab loaded as documents (redirects and location.replace included). */
function navigations(page) {
  const seen = [];
  page.on('request', (r) => { if (r.isNavigationRequest() && r.frame() === page.mainFrame()) seen.push(new URL(r.url()).pathname); });
  return seen;
}

describe('script variants', () => {
  test('each script’s page sets its lang and converts article and interface text', T, async () => {
    const context = await freshContext();
    const text = {};
    for (const variant of ['hant', 'hans', 'tw', 'hk']) {
      const page = await openPage(context, at('article', variant).slice('/wenji/'.length), 'article', variant);
      assert.equal(await page.locator('html').getAttribute('data-variant'), variant);
      text[variant] = { article: await page.getByRole('article').innerText(), body: await page.locator('body').innerText() };
      // The switch: labels never converted, the current script marked, each a link to this page.
      const links = switcher(page).getByRole('link');
      assert.deepEqual(await links.allTextContents(), ['简体', '繁體', '臺灣', '香港']);
      assert.deepEqual(await switcher(page).locator('[aria-current=page]').allTextContents(),
        [{ hans: '简体', hant: '繁體', tw: '臺灣', hk: '香港' }[variant]]);
      const hrefs = await links.evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
      assert.deepEqual(hrefs, ['hans', 'hant', 'tw', 'hk'].map((v) => at('article', v)));
      if (variant === 'hans') {
        assert.equal(await page.title(), `${HANS.article} · ${HANS.collection}`, 'the title follows the script');
        await page.getByText('发布日期', { exact: false }).first().waitFor(); // not the half-converted 发佈
        await page.getByRole('navigation', { name: '目录' }).waitFor();
        assert.equal(await switcher(page).getAttribute('aria-label'), '字体：简体或繁体');
      } else {
        assert.equal(await page.title(), `${SEED.articleTitle} · ${SEED.collectionTitle}`);
      }
      await page.close();
    }

    // The seed's naive forms are repaired in 繁體 (the collection's own script).
    const { hant, hans, tw, hk } = text;
    for (const right of ['幹部', '後期', '聯繫', '十餘天', '建於', '發佈日期']) assert.ok(hant.body.includes(right), `繁體 has ${right}`);
    for (const wrong of ['干部', '后期', '聯系', '十余天', '建于', '發布']) assert.ok(!hant.body.includes(wrong), `繁體 lacks ${wrong}`);

    const leaked = TRADITIONAL_ONLY.filter((c) => hans.body.includes(c));
    assert.deepEqual(leaked, [], '简体 page (article and interface) has no Traditional-only characters');
    for (const right of ['干部', '后期', '发布日期', '中共湖北省委党史研究室']) assert.ok(hans.body.includes(right), `简体 has ${right}`);
    for (const wrong of ['发佈', '幹部']) assert.ok(!hans.body.includes(wrong), `简体 lacks ${wrong}`);

    // What differs by region, in the seed itself (expected forms from OpenCC s2twp and s2hk)…
    for (const right of ['幹部', '居民資訊', '列印紙', '時間裡']) assert.ok(tw.article.includes(right), `臺灣 has ${right}`);
    for (const wrong of ['居民信息', '打印紙', '時間裏']) assert.ok(!tw.article.includes(wrong), `臺灣 lacks ${wrong}`);
    for (const right of ['幹部', '居民信息', '打印紙', '時間裏']) assert.ok(hk.article.includes(right), `香港 has ${right}`);
    for (const wrong of ['居民資訊', '列印紙', '時間裡']) assert.ok(!hk.article.includes(wrong), `香港 lacks ${wrong}`);
    await context.close();
  });

  test('interface text follows each region: 臺灣 and 香港 differ where their usage does', T, async () => {
    const context = await freshContext();
    // src/ui_variants.rs: 發佈日期 is 釋出日期 in 臺灣; the switch is 字型 there, 字體 in 香港.
    for (const [variant, date, label] of [['tw', '釋出日期', '字型：簡體或繁體'], ['hk', '發佈日期', '字體：簡體或繁體'], ['hant', '發佈日期', '字體：簡體或繁體']]) {
      const page = await openPage(context, at('article', variant).slice('/wenji/'.length), 'article', variant);
      await page.getByRole('article').getByText(`${date}：`).waitFor();
      const other = { 釋出日期: '發佈日期', 發佈日期: '釋出日期' }[date];
      assert.equal(await page.getByText(other).count(), 0, `${variant} does not say ${other}`);
      assert.equal(await switcher(page).getAttribute('aria-label'), label, variant);
      await page.close();
    }
    await context.close();
  });

  test('following a switch link saves the choice; every later cold link opens in it, with no frame of the stored script', { timeout: 120_000 }, async () => {
    const context = await freshContext();
    await context.addInitScript(recordFrames);
    const page = await openPage(context, '', 'catalog', 'hant');
    await switcher(page).getByRole('link', { name: '简体' }).click();
    await arriveAt(page, at('catalog', 'hans'));
    await page.getByRole('heading', { level: 1, name: HANS.site }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('wenji.variant')), 'hans', 'the choice is saved');

    // Every page in its Traditional address, and an old link, cold, in this and new tabs.
    for (const [kind, path] of [['article', PAGES.article.path], ['catalog', ''], ['collection', PAGES.collection.path], ['article', articleQuery()]]) {
      const tab = await context.newPage();
      const loaded = navigations(tab);
      // A mobile network's round trip: time enough for the page left to show, were it to.
      await throttle(tab, { ...MOBILE, cpu: 1 });
      await tab.goto(env.server.url(path));
      await arriveAt(tab, at(kind, 'hans'));
      await tab.getByRole('heading', { level: 1, name: heading(kind, 'hans') }).waitFor();
      await tab.waitForLoadState('load');
      assert.equal(await tab.locator('html').getAttribute('lang'), 'zh-Hans');
      // The Traditional page was really loaded first, and never shown.
      assert.equal(loaded[0], `/wenji/${path.split('?')[0]}`, `${path}: loaded ${loaded}`);
      const frames = await framesOf(tab);
      const shown = frames.filter((f) => f.displayed && f.lang === 'zh-Hant');
      assert.deepEqual(shown, [], `${path}: no frame of 繁體 (${JSON.stringify(frames)})`);
      assert.ok(frames.some((f) => f.displayed && f.lang === 'zh-Hans' && f.path === at(kind, 'hans')), `the recorder saw the 简体 page: ${JSON.stringify(frames)}`);
      // The redirect replaced the Traditional page: back does not bounce through it.
      assert.equal(await tab.evaluate(() => history.length), 2, 'no history entry for the page left');
      await tab.close();
    }

    // Once more from a page's own links: the collection's article link is Simplified already.
    await page.goto(env.server.url(PAGES.collection.path));
    await arriveAt(page, at('collection', 'hans'));
    await page.getByRole('link', { name: HANS.article }).click();
    await page.getByRole('heading', { level: 1, name: HANS.article }).waitFor();
    assert.equal(new URL(page.url()).pathname, at('article', 'hans'));

    // Another choice replaces it: 臺灣, then back to 繁體, the site's own script.
    await clearFrames(page);
    await switcher(page).getByRole('link', { name: '臺灣' }).click();
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('wenji.variant')), 'tw');
    await page.goto(env.server.url(at('catalog', 'hans').slice('/wenji/'.length)));
    await arriveAt(page, at('catalog', 'tw'));
    await page.getByRole('heading', { level: 1, name: SEED.site }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-Hant-TW');
    await switcher(page).getByRole('link', { name: '繁體' }).click();
    await arriveAt(page, at('catalog', 'hant'));
    assert.equal(await page.evaluate(() => localStorage.getItem('wenji.variant')), 'hant');
    await clearFrames(page);
    await page.goto(env.server.url(at('article', 'hans').slice('/wenji/'.length)));
    await arriveAt(page, at('article', 'hant'));
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    await page.waitForLoadState('load');
    const frames = await framesOf(page);
    assert.deepEqual(frames.filter((f) => f.displayed && f.lang === 'zh-Hans'), [], `no frame of 简体: ${JSON.stringify(frames)}`);
    // And it survives a reload.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-Hant');
    await context.close();
  });

  test('switching script keeps the reading position', T, async () => {
    const context = await freshContext();
    const page = await openPage(context, PAGES.article.path, 'article', 'hant');
    const fraction = () => page.evaluate(() => scrollY / (document.documentElement.scrollHeight - innerHeight));
    await page.evaluate(() => scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.4));
    const key = `wenji.place.${SEED.collection}.${SEED.article}`;
    await page.waitForFunction((k) => Math.abs(Number(localStorage.getItem(k)) - 0.4) <= 0.02, key, { timeout: 10_000 });
    await switcher(page).getByRole('link', { name: '简体' }).click();
    await page.getByRole('heading', { level: 1, name: HANS.article }).waitFor();
    await page.waitForFunction(() => scrollY > 0, null, { timeout: 10_000 });
    assert.ok(Math.abs((await fraction()) - 0.4) < 0.03, `back at 40% of the article (${await fraction()})`);
    await context.close();
  });

  test('a link with v= opens in that script in a fresh browser, whatever its language', T, async () => {
    for (const [locale, v] of [['zh-CN', 'hant'], ['zh-TW', 'hans'], ['en-US', 'hk'], ['zh-HK', 'tw']]) {
      const context = await freshContext({ locale });
      await openPage(context, `${PAGES.article.path}?v=${v}`, 'article', v);
      await context.close();
    }
    // It overrides a saved choice too.
    const context = await freshContext();
    await context.addInitScript(() => { try { localStorage.setItem('wenji.variant', 'hans'); } catch { /* about:blank */ } });
    await openPage(context, `${PAGES.article.path}?v=tw`, 'article', 'tw');
    await openPage(context, `hans/${PAGES.collection.path}?v=hant`, 'collection', 'hant');
    await context.close();
  });

  test('v= works on every kind of page, from every script’s copy', T, async () => {
    const context = await freshContext();
    for (const kind of ['catalog', 'collection', 'article']) {
      for (const [from, v] of [['hant', 'hans'], ['hant', 'tw'], ['hant', 'hk'], ['hans', 'hant'], ['tw', 'hk'], ['hk', 'hans']]) {
        const page = await openPage(context, `${at(kind, from).slice('/wenji/'.length)}?v=${v}`, kind, v);
        await page.close();
      }
    }
    await context.close();
  });

  test('a fresh browser opens in its language’s script: zh-CN 简体, zh-TW 臺灣, zh-HK 香港, others the page’s own', T, async () => {
    for (const [locale, variant] of [['zh-CN', 'hans'], ['zh-TW', 'tw'], ['zh-HK', 'hk'], ['en-US', 'hant'], ['ja-JP', 'hant']]) {
      const context = await freshContext({ locale });
      await context.addInitScript(recordFrames);
      for (const kind of ['article', 'catalog']) {
        const page = await openPage(context, PAGES[kind].path, kind, variant);
        await page.waitForLoadState('load');
        const wrong = (await framesOf(page)).filter((f) => f.displayed && f.lang !== LANG[variant]);
        assert.deepEqual(wrong, [], `${locale} ${kind}: no frame in another script`);
        await page.close();
      }
      await context.close();
    }
  });

  test('old links (?c=…&a=…, with v=, with WeChat’s parameters) open the same article, in the same script', T, async () => {
    const context = await freshContext();
    await context.addInitScript(recordFrames);
    const wechat = '&from=singlemessage&isappinstalled=0';
    for (const [path, kind, variant] of [
      [articleQuery(), 'article', 'hant'],
      [`${articleQuery()}${wechat}`, 'article', 'hant'],
      [`${articleQuery()}&v=hans`, 'article', 'hans'],
      [`${articleQuery()}&v=hans${wechat}`, 'article', 'hans'],
      [`${articleQuery()}${wechat}&v=tw`, 'article', 'tw'],
      [`index.html${articleQuery()}${wechat}`, 'article', 'hant'],
      [`?c=${SEED.collection}`, 'collection', 'hant'],
      [`?c=${SEED.collection}&v=hk${wechat}`, 'collection', 'hk'],
    ]) {
      const page = await openPage(context, path, kind, variant);
      await page.waitForLoadState('load');
      // The catalog it went through (the old single page's address) never showed.
      const frames = await framesOf(page);
      assert.deepEqual(frames.filter((f) => f.displayed && f.page === 'catalog'), [], `${path}: ${JSON.stringify(frames)}`);
      const params = new URL(page.url()).searchParams;
      assert.deepEqual([params.get('c'), params.get('a'), params.get('from')], [null, null, null], `${path}: ends at the page's own address`);
      await clearFrames(page);
      await page.close();
    }
    // A reader who chose a script gets old links in it too.
    const chosen = await freshContext({ locale: 'zh-CN' });
    await chosen.addInitScript(() => { try { localStorage.setItem('wenji.variant', 'tw'); } catch { /* about:blank */ } });
    await openPage(chosen, `${articleQuery()}${wechat}`, 'article', 'tw');
    await chosen.close();
    await context.close();
  });
});
