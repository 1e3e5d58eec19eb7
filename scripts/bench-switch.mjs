// Variant switch on a 20,000-character article in headless Chromium (release build): time from
// the tap to the converted article in the DOM, median and p95 over 24 switches with the
// dictionaries loaded; plus the first switch, which fetches and parses them. Budget: median ≤ 50 ms.
//
//   node scripts/bench-switch.mjs [dist-dir]     (default target/e2e/dist, made by scripts/test.sh)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

process.env.WENJI_DIST = resolve(process.argv[2] ?? 'target/e2e/dist');
const { startServer, launch } = await import('../tests/e2e/harness.mjs');

const CHARS = 20_000;
const RUNS = 24;
const dist = process.env.WENJI_DIST;
const bundle = JSON.parse(readFileSync(join(dist, 'data', 'zhan-yi-feng-cai-lu.json'), 'utf8'));
const article = bundle.articles[0];
const paragraphs = article.blocks.filter((b) => b.type === 'paragraph');
const blocks = [];
let chars = 0;
for (let i = 0; chars < CHARS; i += 1) {
  const block = paragraphs[i % paragraphs.length];
  blocks.push(block);
  chars += [...block.text].length;
}
article.blocks = blocks;

const server = await startServer();
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
const page = await context.newPage();
await page.route('**/data/zhan-yi-feng-cai-lu.json', (r) => r.fulfill({ json: bundle }));
await page.goto(server.url('?c=zhan-yi-feng-cai-lu&a=nuan-ru-chun-feng&v=hans'));
await page.getByRole('heading', { level: 1, name: '暖如春风入心田' }).waitFor();

/** Clicks a variant and resolves when the article's last paragraph shows the new text. */
const switchTo = (label, lang) => page.evaluate(([label, lang]) => new Promise((done) => {
  const last = () => [...document.querySelectorAll('article .para')].at(-1)?.textContent;
  const before = last();
  const button = [...document.querySelectorAll('.variant-option')].find((b) => b.textContent === label);
  const start = performance.now();
  const observer = new MutationObserver(() => {
    if (document.documentElement.lang === lang && last() !== before) {
      observer.disconnect();
      done(performance.now() - start);
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  button.click();
}), [label, lang]);

const first = await switchTo('繁體', 'zh-Hant');
await switchTo('简体', 'zh-Hans');
const times = [];
for (let i = 0; i < RUNS; i += 1) {
  times.push(await switchTo(i % 2 ? '简体' : '繁體', i % 2 ? 'zh-Hans' : 'zh-Hant'));
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const p95 = times[Math.ceil(times.length * 0.95) - 1];
console.log(`article: ${chars} characters in ${blocks.length} paragraphs`);
console.log(`first switch to 繁體 (fetch + parse dictionaries, convert): ${first.toFixed(1)} ms`);
console.log(`switch, dictionaries loaded: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${RUNS}; budget median ≤ 50 ms … ${median <= 50 ? 'PASS' : 'FAIL'}`);
await browser.close();
await server.close();
