// Reading settings: text size up to 200% on the narrowest phone, themes, and both kept.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SEED, articleQuery, horizontalOverflow, screenshot, serverAndBrowser, watchErrors } from './harness.mjs';

const T = { timeout: 60_000 };
const env = serverAndBrowser({ before, after });

describe('reading settings', () => {
  test('200% text on a 320 px phone: no sideways scrolling; dark theme; both survive a reload', T, async () => {
    const context = await env.browser.newContext({
      viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, serviceWorkers: 'block',
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.server.url(articleQuery()));
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
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

    await page.reload();
    // boot.js restores both before the app starts.
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
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

  test('the reader finds their place again after a reload, and after switching script', T, async () => {
    const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.server.url(articleQuery()));
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    const fraction = () => page.evaluate(() => scrollY / (document.documentElement.scrollHeight - innerHeight));
    await page.evaluate(() => scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.5));
    await page.waitForTimeout(300);
    const progress = page.getByRole('progressbar', { name: '閱讀進度' });
    assert.ok(Math.abs(Number(await progress.getAttribute('aria-valuenow')) - 50) <= 2);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
    await page.waitForFunction(() => scrollY > 100);
    assert.ok(Math.abs((await fraction()) - 0.5) < 0.03, `back at the middle (${await fraction()})`);

    await page.getByRole('button', { name: '简体' }).click();
    await page.getByRole('heading', { level: 1, name: '暖如春风入心田' }).waitFor();
    assert.ok(Math.abs((await fraction()) - 0.5) < 0.03, 'switching script keeps the place');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the table of contents jumps to each section and keeps the URL', T, async () => {
    const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.server.url(articleQuery()));
    await page.getByRole('heading', { level: 1, name: SEED.articleTitle }).waitFor();
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
