// What editors write, as readers get it (issue 15), on a phone in real Chromium: an article of the
// offline fixture with bulleted, nested and numbered lists, strong text, and a photo straight
// from a phone camera (1600×1200, EXIF orientation 6 — shot upright — with camera and GPS tags):
// real lists, the photo upright, sized before it arrives (no layout shift), in WebP of a phone's
// width, no EXIF left, and full screen with its caption when tapped.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PROFILES, fixtureSite, launch, newContext } from './harness.mjs';

const T = { timeout: 90_000 };
const ARTICLE = 'xiang-ce/di-san-pian/';

describe('an editor\'s article with lists and a camera photo, on a phone', () => {
  let site;
  let browser;
  before(async () => {
    site = await fixtureSite('wenji-editors-');
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test('lists are lists, the photo is upright, light, sized ahead and without its EXIF', T, async () => {
    const context = await newContext(browser, PROFILES[0].context);
    await context.addInitScript(() => {
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    try {
      const page = await context.newPage();
      await page.goto(site.server.url(ARTICLE));
      const article = page.getByRole('article');
      await article.getByRole('heading', { level: 1, name: '第三篇：春天来了' }).waitFor();
      // Bulleted with one nested list, and numbered.
      const bullets = article.locator('.article-body > ul');
      assert.equal(await bullets.count(), 1);
      assert.deepEqual(await bullets.locator(':scope > li > ul > li').allInnerTexts(), ['核对电话', '补登新住户']);
      assert.equal(await bullets.locator(':scope > li').count(), 3);
      assert.deepEqual(await article.locator('.article-body > ol > li').allInnerTexts(), ['闫清敏', '潘奕虎', '李福珍']);
      assert.equal(await article.locator('strong').innerText(), '居民台账');

      // The photo: shot upright (orientation 6), so taller than wide, and sized in the page.
      // The title of `![caption](file "alt")` is the alt text.
      const img = article.getByRole('img', { name: '樱花下的社区', exact: true });
      assert.equal(await article.locator('figcaption').innerText(), '樱花下的社区（手机拍摄，竖拍）');
      const [width, height] = await img.evaluate((i) => [Number(i.getAttribute('width')), Number(i.getAttribute('height'))]);
      assert.ok(height > width && width > 0, `upright: ${width}×${height}`);
      await img.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('.figure img')?.complete);
      const shown = await img.evaluate((i) => ({ src: i.currentSrc, w: i.naturalWidth, h: i.naturalHeight }));
      assert.ok(shown.h > shown.w, `decoded upright (${shown.w}×${shown.h})`);
      assert.match(shown.src, /\.webp$/, 'WebP for this browser');
      const bytes = Buffer.from(await (await page.request.get(shown.src)).body());
      assert.ok(bytes.length <= 150 * 1024, `${bytes.length} bytes for a 390 px phone at DPR 3 (budget 150 KB)`);
      for (const tag of ['WenjiTestCam', 'Model X', 'Exif']) assert.ok(!bytes.includes(tag), `no ${tag} in the photo`);
      // Nothing moved while the photo arrived.
      await page.waitForTimeout(300);
      const shift = await page.evaluate(() => window.__shift);
      assert.ok(shift < 0.01, `layout shift ${shift}`);
    } finally {
      await context.close();
    }
  });

  test('a tapped photo shows full screen with its caption, and closes back to it', T, async () => {
    const context = await newContext(browser, PROFILES[0].context);
    try {
      const page = await context.newPage();
      await page.goto(site.server.url(ARTICLE));
      const link = page.locator('a.figure-link');
      const href = await link.getAttribute('href');
      assert.match(href, /\.jpg$/, 'without the app, the link opens the largest JPEG');
      // The app takes over the link (it loads after the text).
      await page.waitForFunction(() => window.wasmBindings !== undefined);
      await link.click();
      const dialog = page.getByRole('dialog', { name: '樱花下的社区', exact: true });
      await dialog.waitFor();
      assert.ok(page.url().endsWith(ARTICLE), 'still the article');
      await dialog.getByText('樱花下的社区（手机拍摄，竖拍）', { exact: true }).waitFor();
      const full = await dialog.getByRole('img').evaluate((i) => i.getAttribute('src'));
      assert.equal(full, href);
      await page.waitForFunction(() => document.querySelector('.photo-viewer img')?.naturalWidth > 0);
      await dialog.getByRole('button', { name: '关闭' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'figure-link', 'focus back on the photo');
      // Escape closes it too.
      await link.click();
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });
});
