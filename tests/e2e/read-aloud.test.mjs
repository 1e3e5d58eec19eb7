// Read aloud (朗讀): the control, the bar, what is asked of the speech engine and in which order
// and language, pause, previous and next, the sleep timer, leaving and coming back, and a
// browser without speech. Articles at their own address (harness `articlePath()`).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SEED, articlePath, horizontalOverflow, newContext, serverAndBrowser } from './harness.mjs';

const T = { timeout: 90_000 };
const env = serverAndBrowser({ before, after });

const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
};

const VOICES = [
  { name: 'Fake English', lang: 'en-US', localService: true, default: true, voiceURI: 'fake-en' },
  { name: 'Fake 普通话', lang: 'zh-CN', localService: true, default: false, voiceURI: 'fake-cn' },
  { name: 'Fake 國語', lang: 'zh-TW', localService: true, default: false, voiceURI: 'fake-tw' },
  { name: 'Fake 粵語', lang: 'zh-HK', localService: true, default: false, voiceURI: 'fake-hk' },
  { name: 'Fake 网络', lang: 'zh-CN', localService: false, default: false, voiceURI: 'fake-net' },
];

/**
 * A FAKE speech engine, injected before the page's scripts because headless Chromium has no
 * voices (and no audio): it replaces `speechSynthesis` and `SpeechSynthesisUtterance` with
 * objects that record every `speak` (text, lang, voice, rate, and whether it came from a user's
 * tap), fire `start` at once and `end` only when the test says (`__speech.finish()`), report
 * `interrupted` on `cancel()`, and list the voices only after a moment, with `voiceschanged`, as
 * real engines do. This tests the app's glue, not speech: that needs real devices.
 */
function fakeSpeech(arg) {
  // Voices, or { voices, after }: listed `after` ms after the page starts (50 by default).
  const { voices, after = 50 } = Array.isArray(arg) ? { voices: arg } : arg;
  const log = [];
  const queue = [];
  let current = null;
  let loaded = false;
  const later = (f) => Promise.resolve().then(f);
  const next = () => {
    current = queue.shift() ?? null;
    const u = current;
    if (u) later(() => u.onstart?.({ type: 'start', utterance: u }));
  };
  class Utterance {
    constructor(text = '') {
      Object.assign(this, { text, lang: '', voice: null, rate: 1, onstart: null, onend: null, onerror: null });
    }
  }
  const synth = {
    onvoiceschanged: null,
    get speaking() { return current !== null; },
    get pending() { return queue.length > 0; },
    paused: false,
    getVoices: () => (loaded ? voices.map((v) => ({ ...v })) : []),
    speak(u) {
      log.push({ text: u.text, lang: u.lang, voice: u.voice?.name ?? null, rate: u.rate, tapped: navigator.userActivation?.isActive ?? null });
      // Nothing to say: done at once, as real engines are (the app's tap says one such
      // utterance, so iOS lets the rest be spoken after reading aloud has loaded).
      if (u.text === '') {
        later(() => u.onstart?.({ type: 'start', utterance: u })).then(() => u.onend?.({ type: 'end', utterance: u }));
        return;
      }
      queue.push(u);
      if (!current) next();
    },
    cancel() {
      const dropped = [current, ...queue].filter(Boolean);
      current = null;
      queue.length = 0;
      log.push({ cancel: true });
      sessionStorage.setItem('fake-speech-cancels', String(Number(sessionStorage.getItem('fake-speech-cancels') ?? 0) + 1));
      for (const u of dropped) later(() => u.onerror?.({ type: 'error', utterance: u, error: 'interrupted' }));
    },
    pause() { this.paused = true; },
    resume() { this.paused = false; },
    addEventListener() {},
    removeEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
  setTimeout(() => { loaded = true; synth.onvoiceschanged?.({ type: 'voiceschanged' }); }, after);
  window.__speech = {
    log,
    spoken: () => log.filter((e) => e.text),
    /** Every speak(), the empty one of the tap included. */
    asked: () => log.filter((e) => e.text !== undefined),
    current: () => current?.text ?? null,
    finish() {
      const u = current;
      if (!u) return false;
      current = null;
      u.onend?.({ type: 'end', utterance: u });
      // The app may have spoken the next piece from the handler already.
      if (!current) next();
      return true;
    },
  };
}

/** A phone on `path` with the fake engine (voices: `voices`), once the app has started. */
async function open(path, { voices = VOICES, clock = false, voicesAfter = 50 } = {}) {
  const context = await newContext(env.browser, { ...PHONE, serviceWorkers: 'block' });
  const page = await context.newPage();
  if (clock) await page.clock.install();
  await page.addInitScript(fakeSpeech, { voices, after: voicesAfter });
  await page.goto(env.server.url(path));
  await page.waitForFunction(() => window.wasmBindings !== undefined, null, { timeout: 20_000 });
  return { context, page };
}

const spoken = (page) => page.evaluate(() => window.__speech.spoken());
const cancels = (page) => page.evaluate(() => window.__speech.log.filter((e) => e.cancel).length);
/** Waits until `n` utterances have been asked for; returns the last. */
async function spokenCount(page, n) {
  await page.waitForFunction((n) => window.__speech.spoken().length >= n, n, { timeout: 10_000, polling: 50 });
  return (await spoken(page))[n - 1];
}
const finish = (page) => page.evaluate(() => window.__speech.finish());
const current = (page) => page.evaluate(() => document.querySelector('.read-aloud-current')?.textContent ?? null);
/** Every character of the spoken text but punctuation and quotes, in order, in `paragraph`. */
function within(spokenText, paragraph) {
  let at = 0;
  for (const c of spokenText.replace(/[\p{P}\s]/gu, '')) {
    at = paragraph.indexOf(c, at);
    if (at < 0) return false;
    at += 1;
  }
  return true;
}
const bar = (page) => page.getByRole('region', { name: /朗[讀读]控制/ });

describe('read aloud', () => {
  test('简体: 朗读 reads from the title, piece by piece, in zh-CN with a local Mandarin voice, marking each', T, async () => {
    const { context, page } = await open(articlePath(SEED.collection, SEED.article, 'hans'));
    await page.getByRole('button', { name: '朗读', exact: true }).click();
    const first = await spokenCount(page, 1);
    assert.equal(first.text, '暖如春风入心田');
    assert.equal(first.lang, 'zh-CN');
    assert.equal(first.voice, 'Fake 普通话');
    assert.equal(first.rate, 1);
    const asked = await page.evaluate(() => window.__speech.asked());
    assert.equal(asked[0].tapped, true, 'the first speak() is inside the tap (iOS speaks only after one)');
    assert.equal(await current(page), '暖如春风入心田');
    await bar(page).waitFor();
    let paragraphs = 0;
    let last = await current(page);
    for (let n = 2; n <= 12; n += 1) {
      await finish(page);
      const said = await spokenCount(page, n);
      const marked = await current(page);
      assert.ok(said.text.length <= 60, `a piece of at most 60 characters: ${said.text}`);
      assert.ok(within(said.text, marked), `"${said.text}" is read from the marked paragraph "${marked}"`);
      if (marked !== last) paragraphs += 1;
      last = marked;
      assert.equal(said.lang, 'zh-CN');
      assert.equal(said.voice, 'Fake 普通话');
    }
    assert.ok(paragraphs >= 2, 'reading moved on through the paragraphs');
    const all = await spoken(page);
    assert.ok(all.every((s) => s.voice !== 'Fake English' && s.voice !== 'Fake 网络'), 'never English, never a network voice');
    await context.close();
  });

  test('繁體 reads in zh-TW; 香港 in Cantonese (zh-HK), or Mandarin when the reader chooses it', T, async () => {
    {
      const { context, page } = await open(articlePath());
      await page.getByRole('button', { name: '朗讀', exact: true }).click();
      const first = await spokenCount(page, 1);
      assert.deepEqual([first.text, first.lang, first.voice], ['暖如春風入心田', 'zh-TW', 'Fake 國語']);
      await context.close();
    }
    const { context, page } = await open(articlePath(SEED.collection, SEED.article, 'hk'));
    await page.getByRole('button', { name: '朗讀', exact: true }).click();
    const first = await spokenCount(page, 1);
    assert.deepEqual([first.lang, first.voice], ['zh-HK', 'Fake 粵語']);
    const language = bar(page).getByRole('group', { name: '朗讀語言' });
    assert.equal(await language.getByRole('button', { name: '粵語' }).getAttribute('aria-pressed'), 'true');
    await language.getByRole('button', { name: '普通話' }).click();
    const again = await spokenCount(page, 2);
    assert.deepEqual([again.text, again.lang, again.voice], [first.text, 'zh-TW', 'Fake 國語'], 'the same piece again, in Mandarin');
    assert.equal(await page.evaluate(() => localStorage.getItem('wenji.speech-hk')), 'mandarin');
    await context.close();
  });

  test('pause cancels and remembers; continue says the same piece again; next and previous move by paragraph', T, async () => {
    const { context, page } = await open(articlePath(SEED.collection, SEED.article, 'hans'));
    await page.getByRole('button', { name: '朗读', exact: true }).click();
    await spokenCount(page, 1);
    await finish(page);
    const second = await spokenCount(page, 2);
    const before = await cancels(page);
    await bar(page).getByRole('button', { name: '暂停' }).click();
    await page.waitForFunction((n) => window.__speech.log.filter((e) => e.cancel).length > n, before);
    assert.equal(await page.evaluate(() => window.__speech.current()), null, 'nothing is speaking');
    await bar(page).getByRole('button', { name: '继续' }).click();
    const resumed = await spokenCount(page, 3);
    assert.equal(resumed.text, second.text, 'continue says the paused piece again');
    const paragraph = await current(page);
    await bar(page).getByRole('button', { name: '下一段' }).click();
    const next = await spokenCount(page, 4);
    const nextParagraph = await current(page);
    assert.notEqual(nextParagraph, paragraph);
    assert.ok(within(next.text, nextParagraph), 'the next paragraph');
    await bar(page).getByRole('button', { name: '上一段' }).click();
    const back = await spokenCount(page, 5);
    assert.equal(await current(page), paragraph, 'previous, at a paragraph\'s start, goes to the one before');
    assert.ok(within(back.text, paragraph));
    await bar(page).getByRole('button', { name: /语速/ }).click();
    const faster = await spokenCount(page, 6);
    assert.equal(faster.rate, 1.25);
    assert.equal(faster.text, back.text, 'a new speed says the piece again');
    await context.close();
  });

  test('从这里读 reads from the paragraph on screen', T, async () => {
    const { context, page } = await open(articlePath(SEED.collection, SEED.article, 'hans'));
    await page.getByRole('button', { name: '朗读', exact: true }).click();
    await spokenCount(page, 1);
    const target = page.locator('.article-body p.para').nth(4);
    await target.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -200));
    await bar(page).getByRole('button', { name: '从这里读' }).click();
    const said = await spokenCount(page, 2);
    const marked = await current(page);
    assert.ok(within(said.text, marked), `"${said.text}" from "${marked}"`);
    assert.ok(await page.locator('.read-aloud-current').evaluate((e) => {
      const r = e.getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight;
    }), 'the paragraph read is on screen');
    await context.close();
  });

  test('the sleep timer stops reading once its time has passed', T, async () => {
    const { context, page } = await open(articlePath(SEED.collection, SEED.article, 'hans'), { clock: true });
    await page.getByRole('button', { name: '朗读', exact: true }).click();
    await spokenCount(page, 1);
    const timer = bar(page).getByRole('button', { name: /定时停止/ });
    await timer.click();
    await page.waitForFunction(() => /15/.test([...document.querySelectorAll('.read-aloud-bar button')].map((b) => b.textContent).join()), null, { polling: 50 });
    await finish(page);
    const count = (await spoken(page)).length;
    await page.clock.fastForward('16:00');
    await page.getByText('定时已到，朗读已停止。').waitFor();
    assert.equal((await spoken(page)).length, count, 'nothing more is said');
    assert.ok(await bar(page).getByRole('button', { name: '继续' }).isVisible());
    await context.close();
  });

  test('hiding or leaving the page stops reading and keeps the place; 继续朗读 starts there later', T, async () => {
    const key = `wenji.speech.${SEED.collection}.${SEED.article}`;
    const { context, page } = await open(articlePath(SEED.collection, SEED.article, 'hans'));
    await page.getByRole('button', { name: '朗读', exact: true }).click();
    await spokenCount(page, 1);
    for (let n = 2; n <= 4; n += 1) {
      await finish(page);
      await spokenCount(page, n);
    }
    const left = (await spoken(page))[3];
    // The page hidden (the phone locked, another app): reading stops.
    const before = await cancels(page);
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true })); // as browsers fire it
    });
    assert.ok(await cancels(page) > before, 'hiding the page cancels speech');
    const saved = await page.evaluate((key) => localStorage.getItem(key), key);
    assert.match(saved, /^\d+\.\d+$/);
    await page.evaluate(() => {
      delete document.hidden;
      delete document.visibilityState;
    });
    // Reading again, then leaving for another page: stopped on the way out.
    await bar(page).getByRole('button', { name: '继续' }).click();
    const again = await spokenCount(page, 5);
    assert.equal(again.text, left.text);
    await page.evaluate(() => sessionStorage.setItem('fake-speech-cancels', '0'));
    await page.goto(env.server.url(`hans/${SEED.collection}/`));
    assert.ok(Number(await page.evaluate(() => sessionStorage.getItem('fake-speech-cancels'))) >= 1, 'leaving cancels speech');
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), key), saved);
    // Back on the article, 继续朗读 offers the place.
    await page.goto(env.server.url(articlePath(SEED.collection, SEED.article, 'hans')));
    await page.waitForFunction(() => window.wasmBindings !== undefined);
    await page.getByRole('button', { name: '从头朗读' }).waitFor();
    await page.getByRole('button', { name: '继续朗读' }).click();
    const resumed = await spokenCount(page, 1);
    assert.equal(resumed.text, left.text, 'it goes on where it stopped');
    await context.close();
  });

  test('no voice for the language: a sentence says how to add one, and nothing is read in English', T, async () => {
    const { context, page } = await open(articlePath(SEED.collection, SEED.article, 'hans'), { voices: VOICES.filter((v) => v.lang === 'en-US' || !v.localService) });
    await page.waitForTimeout(200);
    await page.getByRole('button', { name: '朗读', exact: true }).click();
    await page.getByText(/没有普通话语音/).waitFor();
    assert.match(await page.locator('#read-aloud').textContent(), /文字转语音/);
    assert.deepEqual(await spoken(page), []);
    await context.close();
  });

  test('without speechSynthesis (Android WebView, WeChat) there is no control, only where it works', T, async () => {
    const context = await newContext(env.browser, { ...PHONE, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.addInitScript(() => {
      delete window.speechSynthesis;
      delete window.SpeechSynthesisUtterance;
      if ('speechSynthesis' in window) Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true });
    });
    await page.goto(env.server.url(articlePath()));
    await page.waitForFunction(() => window.wasmBindings !== undefined);
    await page.locator('.read-aloud-note').waitFor();
    assert.equal(await page.locator('#read-aloud button:visible').count(), 0, 'no dead button');
    assert.match(await page.locator('#read-aloud').textContent(), /瀏覽器/);
    await context.close();
  });

  test('reading aloud loads on the first tap, not with the page; a failed load says so and the next tap loads it', T, async () => {
    const { context, page } = await open(articlePath());
    const loaded = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /wenji-speech/.test(n)));
    await page.waitForTimeout(300);
    assert.deepEqual(await loaded(), [], 'nothing of reading aloud comes with the page');
    // The network fails the first time.
    await page.route('**/wenji-speech*', (route) => route.abort());
    await page.getByRole('button', { name: '朗讀', exact: true }).click();
    await page.getByText('朗讀沒有載入，請再按一次。').waitFor();
    assert.deepEqual(await spoken(page), []);
    await page.unroute('**/wenji-speech*');
    await page.getByRole('button', { name: '朗讀', exact: true }).click();
    assert.equal((await spokenCount(page, 1)).text, '暖如春風入心田');
    const files = await loaded();
    assert.ok(files.some((n) => /\/wenji-speech-[0-9a-f]{16}_bg\.wasm\?r=\d$/.test(n)) && files.some((n) => /\/wenji-speech-[0-9a-f]{16}\.js\?r=\d$/.test(n)),
      `loaded, asked again under another address after the failure: ${files}`);
    await context.close();
  });

  test('voices listed late: the first tap waits for them, says so, and reads once; none at all: the no-voice sentence', T, async () => {
    {
      const { context, page } = await open(articlePath(), { voicesAfter: 4000 });
      const button = page.getByRole('button', { name: '朗讀', exact: true });
      // Two quick taps while it loads: one start.
      await button.click();
      await button.click().catch(() => {});
      await page.getByText('正在準備朗讀……').waitFor();
      assert.deepEqual(await spoken(page), [], 'nothing read before the voices are there');
      const first = await spokenCount(page, 1);
      assert.equal(first.text, '暖如春風入心田');
      assert.equal(first.voice, 'Fake 國語');
      await page.waitForTimeout(300);
      assert.equal((await spoken(page)).length, 1, 'read once');
      assert.equal(await page.evaluate(() => document.activeElement?.closest('#read-aloud') !== null), true, 'the keyboard focus stays in the control');
      await context.close();
    }
    {
      const { context, page } = await open(articlePath(), { voices: [] });
      await page.getByRole('button', { name: '朗讀', exact: true }).click();
      await page.getByText(/沒有普通話語音/).waitFor({ timeout: 5_000 });
      assert.deepEqual(await spoken(page), []);
      await context.close();
    }
  });

  test('offline, with the service worker: reading aloud loads from what it kept at install', T, async () => {
    const context = await newContext(env.browser, { ...PHONE });
    try {
      const page = await context.newPage();
      await page.addInitScript(fakeSpeech, VOICES);
      await page.goto(env.server.url(articlePath()));
      await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
      await page.waitForFunction(async () => {
        for (const name of await caches.keys()) {
          if ((await (await caches.open(name)).keys()).some((r) => /\/wenji-speech-[0-9a-f]{16}_bg\.wasm$/.test(r.url))) return true;
        }
        return false;
      }, null, { timeout: 20_000, polling: 200 });
      await context.setOffline(true);
      await page.reload();
      await page.waitForFunction(() => window.wasmBindings !== undefined, null, { timeout: 20_000 });
      await page.getByRole('button', { name: '朗讀', exact: true }).click();
      assert.equal((await spokenCount(page, 1)).text, '暖如春風入心田');
      await bar(page).waitFor();
    } finally {
      await context.setOffline(false);
      await context.close();
    }
  });

  test('accessibility with the bar open: no axe-core violation (the rules behind Lighthouse\'s score)', T, async () => {
    const { context, page } = await open(articlePath());
    await page.getByRole('button', { name: '朗讀', exact: true }).click();
    await spokenCount(page, 1);
    await bar(page).waitFor();
    // axe-core (Lighthouse's own engine) evaluated through the DevTools protocol, which the
    // page's CSP does not govern.
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axe);
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(violations, []);
    await context.close();
  });

  test('every control is named and at least 44 px; the bar fits a 320 px phone', T, async () => {
    const { context, page } = await open(articlePath());
    await page.setViewportSize({ width: 320, height: 640 });
    await page.getByRole('button', { name: '朗讀', exact: true }).click();
    await spokenCount(page, 1);
    const names = await bar(page).getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') || b.textContent.trim()));
    for (const name of ['上一段', '暫停', '下一段', '從這裡讀', '關閉朗讀']) assert.ok(names.includes(name), `${name} in ${names}`);
    for (const box of await bar(page).getByRole('button').evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().toJSON()))) {
      assert.ok(box.height >= 44 && box.width >= 44, `a target of ${box.width}×${box.height}`);
    }
    assert.equal(await horizontalOverflow(page), 0);
    await bar(page).getByRole('button', { name: '關閉朗讀' }).click();
    await bar(page).waitFor({ state: 'detached' });
    assert.equal(await page.locator('.read-aloud-current').count(), 0, 'the mark goes with the bar');
    await context.close();
  });
});
