// Reading settings: text size up to 200% on the narrowest phone, themes, fonts, and all of them
// kept and in place before the app starts; continue reading; the reader's place; the table of
// contents. Articles are opened at their own address (harness `articlePath()`).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  SEED, articlePath, horizontalOverflow, newContext, placeSaved, screenshot, serverAndBrowser,
} from './harness.mjs';

const T = { timeout: 60_000 };
const env = serverAndBrowser({ before, after });

/** A fresh browser context (no service worker) on the seed article, once the app has started. */
async function openArticle(options) {
  const context = await newContext(env.browser, { ...options, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(env.server.url(articlePath()));
  await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
  await appStarted(page);
  return { context, page };
}

/** Waits until the app has taken over the page (start.js sets this once the wasm has run). */
const appStarted = (page) => page.waitForFunction(() => window.wasmBindings !== undefined, null, { timeout: 20_000 });

/** Holds back the app's wasm, so what shows is the page and boot.js alone; returns the release. */
async function holdWasm(page) {
  let release;
  const held = new Promise((done) => { release = done; });
  await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  return async () => {
    release();
    await appStarted(page);
    await page.unroute('**/*.wasm');
  };
}

const fraction = (page) => page.evaluate(() => scrollY / (document.documentElement.scrollHeight - innerHeight));

describe('reading settings', () => {
  test('200% text on a 320 px phone: no sideways scrolling; dark theme; both survive a reload', T, async () => {
    const { context, page } = await openArticle({
      viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
    });
    const bodySize = () => page.locator('article .para').first().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
    const before100 = await bodySize();
    assert.ok(before100 >= 16, `body text ≥ 16 px by default (${before100})`);

    await page.getByText('閱讀設定').click();
    const larger = page.getByRole('button', { name: '放大字號' });
    while (await larger.isEnabled()) await larger.click();
    await page.getByText('200%').waitFor();
    assert.ok(Math.abs((await bodySize()) / before100 - 2) < 0.05, 'text doubled');
    assert.ok((await horizontalOverflow(page)) <= 0, 'no horizontal scrolling at 200% on 320 px');
    await page.getByRole('button', { name: '深色' }).click();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    await screenshot(page, 'article-phone-320-200pct-dark');

    // boot.js restores both before the app starts: look at the page with the wasm held back.
    const release = await holdWasm(page);
    await page.reload({ waitUntil: 'load' });
    assert.equal(await page.evaluate(() => window.wasmBindings), undefined, 'the app has not started yet');
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    // boot.js writes "2" (the app would write "2.00").
    assert.equal(await page.evaluate(() => document.documentElement.style.getPropertyValue('--reader-scale')), '2');
    assert.ok(Math.abs((await bodySize()) / before100 - 2) < 0.05, 'the text is at 200% before the app');
    assert.ok((await horizontalOverflow(page)) <= 0, 'and fits before the app');
    await release();
    assert.ok(Math.abs((await bodySize()) / before100 - 2) < 0.05, 'size kept after reload');
    await page.getByText('閱讀設定').click();
    await page.getByRole('group', { name: '字號' }).getByText('200%').waitFor();
    assert.equal(await page.getByRole('button', { name: '深色' }).getAttribute('aria-pressed'), 'true');
    await page.getByRole('button', { name: '縮小字號' }).click();
    await page.getByText('180%').waitFor();
    await page.getByRole('button', { name: '高對比' }).click();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'contrast');
    await context.close();
  });

  test('font, line spacing and width: applied, announced as pressed, and in place before the app on reload', T, async () => {
    const { context, page } = await openArticle({ viewport: { width: 1280, height: 900 } });
    const html = page.locator('html');
    const para = page.locator('article .para').first();
    const style = () => para.evaluate((p) => {
      const s = getComputedStyle(p);
      return { family: s.fontFamily, leading: parseFloat(s.lineHeight) / parseFloat(s.fontSize), width: p.getBoundingClientRect().width };
    });
    const before = await style();
    assert.match(before.family, /Sans/);
    assert.ok(Math.abs(before.leading - 1.8) < 0.02, `line height 1.8 by default (${before.leading})`);

    await page.getByText('閱讀設定').click();
    const group = (name) => page.getByRole('group', { name });
    await group('字型').getByRole('button', { name: '宋體' }).click();
    await group('行距').getByRole('button', { name: '寬鬆' }).click();
    await group('版面寬度').getByRole('button', { name: '窄' }).click();
    const after = await style();
    assert.match(after.family, /Serif/, `serif face in Traditional (${after.family})`);
    assert.ok(Math.abs(after.leading - 2.1) < 0.02, `loose line spacing (${after.leading})`);
    assert.ok(after.width < before.width * 0.9, `narrower measure (${after.width} < ${before.width})`);
    assert.equal(await group('行距').getByRole('button', { name: '寬鬆' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await group('行距').getByRole('button', { name: '標準' }).getAttribute('aria-pressed'), 'false');
    // Every control is a real tap target.
    for (const box of await page.locator('.reader-controls button').evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect()))) {
      assert.ok(box.width >= 44 && box.height >= 44, `tap target ${box.width}×${box.height}`);
    }
    await screenshot(page, 'article-desktop-1280-serif-loose-narrow');

    // Before the app starts (boot.js): the page as the first paint sees it, the wasm held back.
    const release = await holdWasm(page);
    await page.reload({ waitUntil: 'load' });
    assert.equal(await page.evaluate(() => window.wasmBindings), undefined, 'the app has not started yet');
    assert.equal(await html.getAttribute('data-font'), 'serif');
    assert.equal(await html.getAttribute('data-leading'), 'loose');
    assert.equal(await html.getAttribute('data-measure'), 'narrow');
    const early = await style();
    assert.match(early.family, /Serif/);
    assert.ok(Math.abs(early.leading - 2.1) < 0.02 && Math.abs(early.width - after.width) < 1, `laid out as chosen: ${JSON.stringify(early)}`);
    await release();
    assert.deepEqual(await style(), early, 'nothing moves when the app takes over');
    await page.getByText('閱讀設定').click();
    assert.equal(await group('字型').getByRole('button', { name: '宋體' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await group('版面寬度').getByRole('button', { name: '窄' }).getAttribute('aria-pressed'), 'true');

    // Back to the defaults: no attribute left behind.
    await group('字型').getByRole('button', { name: '黑體' }).click();
    await group('行距').getByRole('button', { name: '標準' }).click();
    await group('版面寬度').getByRole('button', { name: '標準' }).click();
    assert.equal(await html.getAttribute('data-font'), null);
    assert.equal(await html.getAttribute('data-leading'), null);
    assert.equal(await html.getAttribute('data-measure'), null);
    await context.close();
  });

  test('the catalog offers to continue the last article, at the place it was left', T, async () => {
    const context = await newContext(env.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(env.server.url(''));
    await page.getByRole('heading', { level: 1, name: SEED.site }).waitFor();
    await appStarted(page);
    assert.equal(await page.getByRole('region', { name: '繼續閱讀' }).count(), 0, 'nothing to continue yet');

    await page.getByRole('link', { name: SEED.collectionTitle, exact: true }).click();
    await page.getByRole('link', { name: SEED.articleTitle }).click();
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    await appStarted(page);
    await page.evaluate(() => scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.4));
    await placeSaved(page, 0.4);

    // Later, home (as from the home screen: scrolling up to a link would move the place), then
    // to 简体 by the switch: the reader's script from now on.
    await page.goto(env.server.url(''));
    await page.getByRole('heading', { level: 1, name: SEED.site }).waitFor();
    await page.getByRole('navigation', { name: '字體：簡體或繁體' }).getByRole('link', { name: '简体' }).click();
    await page.getByRole('heading', { level: 1, name: '湖北党史' }).waitFor();
    const resume = page.getByRole('region', { name: '继续阅读' });
    await resume.waitFor();
    // With how far the reader got, and the title as they saw it.
    const link = resume.getByRole('link', { name: new RegExp(SEED.articleTitle) });
    assert.match(await link.innerText(), /已读 4\d%/);
    await link.click();
    // In the reader's script, at their place.
    await page.getByRole('heading', { level: 1, name: '暖如春风入心田' }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/wenji/${articlePath(SEED.collection, SEED.article, 'hans')}`);
    await page.waitForFunction(() => scrollY > 100);
    assert.ok(Math.abs((await fraction(page)) - 0.4) < 0.03, `back where the reader left off (${await fraction(page)})`);

    // A finished article is not offered again.
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await placeSaved(page, 1);
    await page.goto(env.server.url('hans/'));
    await page.getByRole('heading', { level: 1, name: '湖北党史' }).waitFor();
    await appStarted(page);
    assert.equal(await page.getByRole('region', { name: '继续阅读' }).count(), 0);
    await context.close();
  });

  test('screenshots for a person to look at: 320, 390 and 1280 px, light and dark, and 200%', { timeout: 120_000 }, async () => {
    for (const width of [320, 390, 1280]) {
      for (const scheme of ['light', 'dark']) {
        const phone = width < 800;
        const { context, page } = await openArticle({
          viewport: { width, height: phone ? 720 : 900 }, isMobile: phone, hasTouch: phone, colorScheme: scheme,
        });
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const dark = bg.match(/\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0) < 200;
        assert.equal(dark, scheme === 'dark', `${scheme} page (${bg})`);
        assert.ok((await horizontalOverflow(page)) <= 0, `no sideways scrolling on ${width} px`);
        await screenshot(page, `screen-article-${width}-${scheme}`);
        if (width !== 1280) {
          await page.getByText('閱讀設定').click();
          const larger = page.getByRole('button', { name: '放大字號' });
          while (await larger.isEnabled()) await larger.click();
          await page.getByText('200%').waitFor();
          assert.ok((await horizontalOverflow(page)) <= 0, `no sideways scrolling at 200% on ${width} px`);
          await screenshot(page, `screen-article-${width}-${scheme}-200pct`);
        }
        await context.close();
      }
    }
  });

  test('the reader finds their place again after a reload, and after switching script', T, async () => {
    const { context, page } = await openArticle({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.evaluate(() => scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.5));
    await placeSaved(page, 0.5);
    const progress = page.getByRole('progressbar', { name: '閱讀進度' });
    assert.ok(Math.abs(Number(await progress.getAttribute('aria-valuenow')) - 50) <= 2);

    // Reloaded on a slow network: while the app loads, the page scrolls (the reader, or the
    // browser restoring the old offset); that must not overwrite the saved place.
    const release = await holdWasm(page);
    await page.reload({ waitUntil: 'load' });
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    // The page really scrolled (else this would test nothing), and its scroll events have been
    // handled by the time two frames have passed.
    await page.waitForFunction(() => scrollY > 0 && Math.abs(scrollY - (document.documentElement.scrollHeight - innerHeight)) < 2);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await release();
    // Restored: at the middle, and the saved place still says so.
    await page.waitForFunction(() => {
      const f = scrollY / (document.documentElement.scrollHeight - innerHeight);
      return Math.abs(f - 0.5) < 0.03;
    }, null, { timeout: 10_000 }).catch(async (e) => { throw new Error(`${e.message}: at ${await fraction(page)}`); });
    await placeSaved(page, 0.5);

    // The script switch is a link to the other script's page: the place follows.
    await page.getByRole('navigation', { name: '字體：簡體或繁體' }).getByRole('link', { name: '简体' }).click();
    await page.getByRole('heading', { level: 1, name: '暖如春风入心田' }).waitFor();
    await appStarted(page);
    await page.waitForFunction(() => scrollY > 100);
    assert.ok(Math.abs((await fraction(page)) - 0.5) < 0.03, `switching script keeps the place (${await fraction(page)})`);
    await context.close();
  });

  test('the table of contents jumps to each section and keeps the URL', T, async () => {
    const { context, page } = await openArticle({ viewport: { width: 390, height: 844 } });
    let loads = 0;
    page.on('load', () => { loads += 1; });
    const toc = page.getByRole('navigation', { name: '目錄' });
    const entries = await toc.getByRole('link').allInnerTexts();
    assert.equal(entries.length, 3);
    for (const [i, name] of entries.entries()) {
      await page.evaluate(() => scrollTo(0, 0));
      await toc.getByRole('link', { name }).click();
      const id = `section-${i + 1}`;
      await page.waitForFunction((id) => {
        // Below the masthead, in the upper half of the screen.
        const top = document.getElementById(id).getBoundingClientRect().top;
        const masthead = document.querySelector('.masthead').getBoundingClientRect().bottom;
        return top >= Math.max(0, masthead) - 1 && top < innerHeight / 2;
      }, id);
      assert.equal(await page.locator(`#${id}`).innerText(), name, 'the section the entry names');
      const url = new URL(page.url());
      assert.equal(url.pathname, `/wenji/${articlePath()}`, 'the same page');
      assert.equal(url.hash, `#${id}`);
    }
    assert.equal(loads, 0, 'no page load');
    await context.close();
  });
});
