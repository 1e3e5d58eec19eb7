// Reading settings: text size up to 200% on the narrowest phone, themes, and both kept.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  SEED, articleQuery, horizontalOverflow, newContext, placeSaved, screenshot, serverAndBrowser, watchErrors,
} from './harness.mjs';

const T = { timeout: 60_000 };
const env = serverAndBrowser({ before, after });

/** A fresh browser context (no service worker) on the seed article, once its title shows. */
async function openArticle(options) {
  const context = await newContext(env.browser, { ...options, serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url(articleQuery()));
  await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
  return { context, page, errors };
}

describe('reading settings', () => {
  test('200% text on a 320 px phone: no sideways scrolling; dark theme; both survive a reload', T, async () => {
    const { context, page, errors } = await openArticle({
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

    // boot.js restores both before the app starts: look at <html> with the wasm held back.
    let release;
    const held = new Promise((done) => { release = done; });
    await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
    await page.reload({ waitUntil: 'domcontentloaded' });
    assert.equal(await page.locator('#boot').isVisible(), true, 'the app has not started yet');
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    assert.equal(await page.evaluate(() => document.documentElement.style.getPropertyValue('--reader-scale')), '2');
    release();
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    await page.unroute('**/*.wasm');
    assert.ok(Math.abs((await bodySize()) / before100 - 2) < 0.05, 'size kept after reload');
    await page.getByText('閱讀設定').click();
    assert.equal(await page.getByRole('button', { name: '深色' }).getAttribute('aria-pressed'), 'true');
    await page.getByRole('button', { name: '縮小字號' }).click();
    await page.getByText('180%').waitFor();
    await page.getByRole('button', { name: '高對比' }).click();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'contrast');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('font, line spacing and width: applied, announced as pressed, and in place before the app on reload', T, async () => {
    const { context, page, errors } = await openArticle({ viewport: { width: 1280, height: 900 } });
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

    // Before the app starts (boot.js): look at <html> as the first paint would see it, with the
    // app kept from starting (its failed download is the one expected error).
    assert.deepEqual(errors, []);
    await page.route('**/*.wasm', (route) => route.abort());
    await page.reload();
    const html = page.locator('html');
    assert.equal(await html.getAttribute('data-font'), 'serif');
    assert.equal(await html.getAttribute('data-leading'), 'loose');
    assert.equal(await html.getAttribute('data-measure'), 'narrow');
    // That one expected failure (the wasm's aborted download, an unhandled rejection) arrives on
    // its own time: boot.js's notice says it happened; once the watcher has it too, drop it from
    // the page's and the context's lists, and nothing else.
    await page.locator('#unsupported').waitFor();
    for (const deadline = Date.now() + 10_000; context.errors.length === 0 && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(context.errors.length, 1, `only the aborted wasm failed: ${context.errors.join('; ')}`);
    await page.unroute('**/*.wasm');
    errors.length = 0;
    context.errors.length = 0;
    await page.reload();
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    assert.ok(Math.abs((await style()).leading - 2.1) < 0.02, 'kept after reload');

    // Back to the defaults: no attribute left behind.
    await page.getByText('閱讀設定').click();
    await group('字型').getByRole('button', { name: '黑體' }).click();
    await group('行距').getByRole('button', { name: '標準' }).click();
    await group('版面寬度').getByRole('button', { name: '標準' }).click();
    assert.equal(await html.getAttribute('data-font'), null);
    assert.equal(await html.getAttribute('data-leading'), null);
    assert.equal(await html.getAttribute('data-measure'), null);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the catalog offers to continue the last article, at the place it was left', T, async () => {
    const context = await newContext(env.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.server.url(''));
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByRole('region', { name: '繼續閱讀' }).count(), 0, 'nothing to continue yet');

    await page.goto(env.server.url(articleQuery()));
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    await page.evaluate(() => scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.4));
    await placeSaved(page, 0.4);

    await page.goto(env.server.url('?v=hans'));
    const resume = page.getByRole('region', { name: '继续阅读' });
    await resume.waitFor();
    // In the script in use, with how far the reader got.
    const link = resume.getByRole('link', { name: /暖如春风入心田/ });
    assert.match(await link.innerText(), /已读 4\d%/);
    await link.click();
    await page.getByRole('heading', { level: 1, name: '暖如春风入心田' }).waitFor();
    await page.waitForFunction(() => scrollY > 100);
    const fraction = await page.evaluate(() => scrollY / (document.documentElement.scrollHeight - innerHeight));
    assert.ok(Math.abs(fraction - 0.4) < 0.03, `back where the reader left off (${fraction})`);

    // A finished article is not offered again.
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await placeSaved(page, 1);
    await page.goto(env.server.url('?v=hans'));
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('list').first().waitFor();
    assert.equal(await page.getByRole('region', { name: '继续阅读' }).count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('screenshots for a person to look at: 320, 390 and 1280 px, light and dark, and 200%', { timeout: 120_000 }, async () => {
    for (const width of [320, 390, 1280]) {
      for (const scheme of ['light', 'dark']) {
        const phone = width < 800;
        const { context, page, errors } = await openArticle({
          viewport: { width, height: phone ? 720 : 900 }, isMobile: phone, hasTouch: phone, colorScheme: scheme,
        });
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const dark = bg.match(/\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0) < 200;
        assert.equal(dark, scheme === 'dark', `${scheme} page (${bg})`);
        await screenshot(page, `screen-article-${width}-${scheme}`);
        if (width !== 1280) {
          await page.getByText('閱讀設定').click();
          const larger = page.getByRole('button', { name: '放大字號' });
          while (await larger.isEnabled()) await larger.click();
          assert.ok((await horizontalOverflow(page)) <= 0, `no sideways scrolling at 200% on ${width} px`);
          await screenshot(page, `screen-article-${width}-${scheme}-200pct`);
        }
        assert.deepEqual(errors, []);
        await context.close();
      }
    }
  });

  test('the reader finds their place again after a reload, and after switching script', T, async () => {
    const { context, page, errors } = await openArticle({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const fraction = () => page.evaluate(() => scrollY / (document.documentElement.scrollHeight - innerHeight));
    await page.evaluate(() => scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.5));
    await placeSaved(page, 0.5);
    const progress = page.getByRole('progressbar', { name: '閱讀進度' });
    assert.ok(Math.abs(Number(await progress.getAttribute('aria-valuenow')) - 50) <= 2);

    // Reloaded on a slow network: while the loading screen shows, the page scrolls (the browser
    // restoring the old offset, or the reader); that must not overwrite the saved place.
    let release;
    const held = new Promise((done) => { release = done; });
    await page.route(`**/data/${SEED.collection}.json`, async (route) => { await held; await route.continue(); });
    await page.reload();
    await page.locator('.skeleton').first().waitFor();
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    // The loading page really scrolled (else this would test nothing), and its scroll events
    // have been handled by the time a frame has passed.
    await page.waitForFunction(() => scrollY > 0);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    release();
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    // Restored: at the middle, and the saved place still says so.
    await page.waitForFunction(() => {
      const f = scrollY / (document.documentElement.scrollHeight - innerHeight);
      return Math.abs(f - 0.5) < 0.03;
    }, null, { timeout: 10_000 }).catch(async (e) => { throw new Error(`${e.message}: at ${await fraction()}`); });
    await placeSaved(page, 0.5);
    await page.unroute(`**/data/${SEED.collection}.json`);

    await page.getByRole('button', { name: '简体' }).click();
    await page.getByRole('heading', { level: 1, name: '暖如春风入心田' }).waitFor();
    assert.ok(Math.abs((await fraction()) - 0.5) < 0.03, 'switching script keeps the place');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the table of contents jumps to each section and keeps the URL', T, async () => {
    const { context, page, errors } = await openArticle({ viewport: { width: 390, height: 844 } });
    const toc = page.getByRole('navigation', { name: '目錄' });
    assert.equal(await toc.getByRole('link').count(), 3);
    await toc.getByRole('link', { name: '服務群眾，愛心暖如三春風' }).click();
    const heading = page.getByRole('heading', { level: 2, name: '服務群眾，愛心暖如三春風' });
    await page.waitForFunction(() => {
      // Below the sticky masthead, in the upper half of the screen.
      const top = document.getElementById('section-2').getBoundingClientRect().top;
      const masthead = document.querySelector('.masthead').getBoundingClientRect().bottom;
      return top >= masthead - 1 && top < innerHeight / 2;
    });
    assert.ok(await heading.evaluate((h) => document.activeElement === h), 'focus moves to the section');
    assert.equal(new URL(page.url()).search, articleQuery());
    assert.deepEqual(errors, []);
    await context.close();
  });
});
