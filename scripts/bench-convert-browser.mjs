// Conversion throughput in headless Chromium: Wenji's wasm converter against opencc-js (npm, the
// JavaScript anchor, 1.4.2) on the same text in the same page, s2tw (opencc-js `cn` → `tw`).
// Goal: wasm ≥ 3× opencc-js. Outputs must agree.
//
//   node scripts/bench-convert-browser.mjs [dist-dir]   (default target/e2e/dist, from scripts/test.sh)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

process.env.WENJI_DIST = resolve(process.argv[2] ?? 'target/e2e/dist');
const { startServer, launch } = await import('../tests/e2e/harness.mjs');
const require = createRequire(import.meta.url);
const openccJs = readFileSync(require.resolve('opencc-js'), 'utf8');

const server = await startServer();
const browser = await launch();
const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
// 繁體 loads the s2tw dictionaries; the page's own text (Simplified as stored) is the corpus.
await page.goto(server.url('?c=zhan-yi-feng-cai-lu&a=nuan-ru-chun-feng&v=hant'));
await page.getByRole('heading', { level: 1, name: '暖如春風入心田' }).waitFor();
await page.addScriptTag({ content: openccJs });

const result = await page.evaluate(async () => {
  const bundle = await (await fetch('data/zhan-yi-feng-cai-lu.json')).json();
  const paragraphs = bundle.articles[0].blocks.filter((b) => b.type === 'paragraph').map((b) => b.text);
  const corpus = [];
  let bytes = 0;
  while (bytes < 1_000_000) {
    for (const p of paragraphs) {
      corpus.push(p);
      bytes += new TextEncoder().encode(p).length;
    }
  }
  const wasm = (t) => window.wasmBindings.wenji_convert('s2tw', t);
  const js = window.OpenCC.Converter({ from: 'cn', to: 'tw' });
  const mismatches = corpus.slice(0, paragraphs.length).filter((p) => wasm(p) !== js(p)).length;
  const time = (f) => {
    let best = Infinity;
    for (let run = 0; run < 5; run += 1) {
      const start = performance.now();
      for (const p of corpus) f(p);
      best = Math.min(best, performance.now() - start);
    }
    return best;
  };
  time(wasm);
  time(js); // warm both up
  return { bytes, paragraphs: corpus.length, wasm: time(wasm), js: time(js), mismatches };
});
const mb = result.bytes / 1e6;
const ratio = result.js / result.wasm;
console.log(`corpus: ${mb.toFixed(2)} MB in ${result.paragraphs} paragraphs; outputs differing on the article's paragraphs: ${result.mismatches}`);
console.log(`wasm (Wenji): ${(mb / (result.wasm / 1000)).toFixed(1)} MB/s; opencc-js: ${(mb / (result.js / 1000)).toFixed(1)} MB/s`);
console.log(`ratio ${ratio.toFixed(2)}×; goal ≥ 3× … ${ratio >= 3 ? 'PASS' : 'FAIL'}`);
await browser.close();
await server.close();
