// What readers feel, measured against the anchors and the issue #8 budgets: sizes, page loads
// under mobile throttling (cold, warm, offline), the script switch, conversion throughput (native,
// and in the browser against opencc-js), memory over a long reading session, and `wenji build`
// at 10,000 articles. Prints one table with each budget and PASS/FAIL, and writes it as JSON.
//
//   scripts/bench.sh                   (builds what this needs, then runs it; see the README)
//   node scripts/bench.mjs [dist-dir]  (default target/bench/dist, a release build under /wenji/)
//
// `BENCH_ONLY=load,switch` (any of size, native, load, switch, browser, memory) runs only those.
//
// Absolute times on a shared machine are noisy: each browser figure is the median of several
// runs, and the sizes and the wasm/opencc-js ratio (one page, one run) are the stable ones.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { sizes, sizeTable, kb } from './lib/sizes.mjs';

const dist = resolve(process.argv[2] ?? 'target/bench/dist');
process.env.WENJI_DIST = dist;
const { startServer, launch, MOBILE, throttle } = await import('../tests/e2e/harness.mjs');
const OUT = resolve('target/bench/results.json');
const SEED = { c: 'zhan-yi-feng-cai-lu', a: 'nuan-ru-chun-feng' };
const seedQuery = (v = 'hant') => `?c=${SEED.c}&a=${SEED.a}&v=${v}`;

/** Lighthouse's mobile profile (MOBILE, tests/e2e/harness.mjs). Lighthouse's own DevTools mode
 *  multiplies the latency by 3.75 to stand in for connection set-up, which is measured too, for
 *  reference. */
const MOBILE_DEVTOOLS = { latency: 562.5, down: 1474.56 * 1024 / 8, up: 675 * 1024 / 8, cpu: 4 };
const LOAD_RUNS = 5;
const SWITCH_RUNS = 24;

const only = process.env.BENCH_ONLY?.split(',');
const want = (section) => !only || only.includes(section);
const rows = [];
/** One figure; `budget` is `[op, limit]` with op '≤', '<' or '≥', or absent for context. */
function record(section, name, value, unit, budget) {
  let pass = null;
  if (budget) {
    const [op, limit] = budget;
    pass = op === '≤' ? value <= limit : op === '<' ? value < limit : value >= limit;
  }
  rows.push({ section, name, value, unit, budget: budget ? `${budget[0]} ${budget[1]} ${unit}` : null, pass });
  const shown = Number.isInteger(value) ? value : value.toFixed(unit === '×' ? 2 : 1);
  console.log(`  ${name}: ${shown} ${unit}${budget ? `  (budget ${budget[0]} ${budget[1]} ${unit}: ${pass ? 'PASS' : 'FAIL'})` : ''}`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1];

function cargoBench(name) {
  const run = spawnSync('cargo', ['bench', '--quiet', '--bench', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`cargo bench --bench ${name} failed`);
  process.stdout.write(run.stdout.split('\n').filter((l) => l && !l.startsWith('bench-json')).map((l) => `    ${l}`).join('\n') + '\n');
  const line = run.stdout.split('\n').find((l) => l.startsWith('bench-json '));
  return JSON.parse(line.slice('bench-json '.length));
}

// ---------------------------------------------------------------------------------------------
const size = sizes(dist);
if (want('size')) {
  console.log('\n== sizes (brotli -q 11, as served)');
  console.log(sizeTable(size).split('\n').map((l) => `    ${l}`).join('\n'));
  record('size', 'first-render set', size.first_render.total.brotli / 1024, 'KB', ['≤', 200]);
  record('size', 'all dictionaries', size.dictionaries.total.brotli / 1024, 'KB', ['≤', 400]);
  record('size', 'dictionaries referenced by index.html', size.dictionaries.on_first_render_path ? 1 : 0, 'files', ['≤', 0]);
}

// ---------------------------------------------------------------------------------------------
if (want('native')) {
  console.log('\n== native (cargo bench, release build)');
  const native = cargoBench('convert');
  for (const [config, rate] of Object.entries(native.mb_per_s)) {
    record('native', `conversion ${config}, ${native.corpus_mb} MB corpus`, rate, 'MB/s', ['≥', 100]);
  }
  const build = cargoBench('build');
  record('native', `wenji build, ${build.articles} articles (${build.markdown_mb} MB Markdown)`, build.seconds, 's', ['<', 10]);
}

// ---------------------------------------------------------------------------------------------
const browser = await launch();
const server = await startServer(dist, () => false, { production: true });

/** Marks the moments the article's title and its whole text are in the DOM, from navigation
 *  start, and keeps the wasm exports for the memory figure. Runs in the page before anything. */
function pageProbe() {
  const marks = (window.__wenji = {});
  addEventListener('TrunkApplicationStarted', (e) => { marks.wasm = e.detail.wasm; });
  const check = () => {
    if (!marks.title && document.querySelector('h1.article-title')) marks.title = performance.now();
    // The whole text: the body with its last block (the view is built at once).
    if (!marks.text && document.querySelector('.article-body > :last-child')) {
      marks.text = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
}

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

/** Loads the seed article; returns [title ms, text ms] after navigation start. */
async function loadOnce(page) {
  await page.goto(server.url(seedQuery()), { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__wenji?.text, null, { timeout: 60_000, polling: 50 });
  return page.evaluate(() => [window.__wenji.title, window.__wenji.text]);
}

async function coldLoads(profile) {
  const title = [], text = [];
  for (let i = 0; i < LOAD_RUNS; i += 1) {
    const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
    await context.addInitScript(pageProbe);
    const page = await context.newPage();
    await throttle(page, profile);
    const [t, x] = await loadOnce(page);
    title.push(t);
    text.push(x);
    await context.close();
  }
  return { title: median(title), text: median(text) };
}

if (want('load')) {
  console.log(`\n== page load, seed article, phone 390×844 (median of ${LOAD_RUNS})`);
  const served = () => server.encodings().join(' and ') || 'uncompressed';
  // What a cold load really asks for: in the script the content is stored in, no view may
  // request a conversion dictionary.
  for (const [view, query] of [['home', '?v=hant'], ['collection', `?c=${SEED.c}&v=hant`], ['article', seedQuery('hant')]]) {
    const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
    const page = await context.newPage();
    const dicts = [];
    page.on('request', (r) => { if (/\/data\/dict\/.+\.txt$/.test(r.url())) dicts.push(r.url()); });
    await page.goto(server.url(query), { waitUntil: 'networkidle' });
    await page.locator('h1').first().waitFor();
    record('load', `cold ${view} in 繁體 (stored script): dictionary files requested`, dicts.length, 'files', ['≤', 0]);
    await context.close();
  }
  const cold = await coldLoads(MOBILE);
  console.log(`    served ${served()} (Chromium asks for brotli over HTTPS only; a CDN would send it)`);
  record('load', 'cold, mobile throttling: article title', cold.title, 'ms');
  record('load', 'cold, mobile throttling: full article text', cold.text, 'ms', ['≤', 1800]);
  const devtools = await coldLoads(MOBILE_DEVTOOLS);
  record('load', 'cold, Lighthouse DevTools throttling (562.5 ms/request): full article text', devtools.text, 'ms');

  // Warm: the same browser again; hashed files come from the HTTP cache, the rest revalidate.
  const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
  await context.addInitScript(pageProbe);
  const page = await context.newPage();
  await throttle(page, MOBILE);
  await loadOnce(page);
  const warm = [];
  for (let i = 0; i < LOAD_RUNS; i += 1) warm.push((await loadOnce(page))[1]);
  record('load', 'warm (HTTP cache), mobile throttling: full article text', median(warm), 'ms');
  await context.close();

  // Offline: the service worker's copy, CPU still 4× slower.
  const swContext = await browser.newContext({ ...phone });
  await swContext.addInitScript(pageProbe);
  const swPage = await swContext.newPage();
  await loadOnce(swPage);
  await swPage.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
    }
    return registration.active.state;
  });
  await loadOnce(swPage); // now controlled: the page and its data go into the caches
  await swContext.setOffline(true);
  const cdp = await swContext.newCDPSession(swPage);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: MOBILE.cpu });
  const offline = [];
  for (let i = 0; i < LOAD_RUNS; i += 1) offline.push((await loadOnce(swPage))[1]);
  record('load', 'offline (service worker), CPU 4×: full article text', median(offline), 'ms', ['≤', 300]);
  await swContext.close();
}

// ---------------------------------------------------------------------------------------------
/** Clicks a variant and resolves with the time until the article's last paragraph shows the
 *  converted text and `lang` follows. */
const switchTo = (page, label, lang) => page.evaluate(([label, lang]) => new Promise((done, fail) => {
  const last = () => [...document.querySelectorAll('article .para')].at(-1)?.textContent;
  const before = last();
  const button = [...document.querySelectorAll('.variant-option')].find((b) => b.textContent === label);
  if (!button) fail(new Error(`no ${label} button`));
  const start = performance.now();
  const finished = () => document.documentElement.lang === lang && last() !== before;
  // The whole document: `lang` is on <html>, the text in the body; whichever comes last ends it.
  const observer = new MutationObserver(() => {
    if (finished()) {
      observer.disconnect();
      clearTimeout(timer);
      done(performance.now() - start);
    }
  });
  const timer = setTimeout(() => {
    observer.disconnect();
    fail(new Error(`switch to ${label} did not finish in 10 s (lang ${document.documentElement.lang})`));
  }, 10_000);
  observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
  button.click();
}), [label, lang]);

async function switchBench(name, bundle, budget) {
  const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
  const page = await context.newPage();
  if (bundle) await page.route(`**/data/${SEED.c}.json`, (r) => r.fulfill({ json: bundle }));
  // Opened in 繁體, as stored: no dictionaries yet.
  await page.goto(server.url(seedQuery('hant')));
  await page.locator('h1.article-title').waitFor();
  // 臺灣 is the heaviest: t2s, then s2twp with Taiwan's phrases. The first time fetches and
  // prepares their dictionaries.
  const first = await switchTo(page, '臺灣', 'zh-Hant-TW');
  await switchTo(page, '简体', 'zh-Hans');
  const times = [];
  for (let i = 0; i < SWITCH_RUNS; i += 1) {
    times.push(await switchTo(page, i % 2 ? '简体' : '臺灣', i % 2 ? 'zh-Hans' : 'zh-Hant-TW'));
  }
  const chars = await page.evaluate(() => [...document.querySelector('.article-body').textContent].length);
  record('switch', `${name} (${chars} characters): first switch to 臺灣, fetching and preparing the dictionaries`, first, 'ms');
  record('switch', `${name}: median of ${SWITCH_RUNS}`, median(times), 'ms', budget);
  record('switch', `${name}: p95 of ${SWITCH_RUNS}`, p95(times), 'ms');
  await context.close();
}

if (want('switch')) {
  console.log(`\n== script switch 简体 ⇄ 臺灣, tap to converted DOM, phone, no throttling`);
  const seedBundle = JSON.parse(readFileSync(join(dist, 'data', `${SEED.c}.json`), 'utf8'));
  await switchBench('seed article', null);
  // The seed article's paragraphs repeated to 20,000 characters.
  const long = structuredClone(seedBundle);
  const paragraphs = long.articles[0].blocks.filter((b) => b.type === 'paragraph');
  const blocks = [];
  for (let i = 0, chars = 0; chars < 20_000; i += 1) {
    blocks.push(paragraphs[i % paragraphs.length]);
    const text = paragraphs[i % paragraphs.length].text;
    chars += typeof text === 'string' ? [...text].length : JSON.stringify(text).length;
  }
  long.articles[0].blocks = blocks;
  await switchBench('20,000-character article', long, ['≤', 50]);
}

// ---------------------------------------------------------------------------------------------
if (want('browser')) {
  console.log('\n== conversion in the browser: Wenji (wasm) against opencc-js 1.4.2, s2twp (臺灣), same text, same page');
  const require = createRequire(import.meta.url);
  const openccJs = readFileSync(require.resolve('opencc-js'), 'utf8');
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  // Served from the page's own origin: the content security policy allows no inline script.
  await page.route('**/bench/opencc.js', (r) => r.fulfill({ body: openccJs, contentType: 'text/javascript' }));
  // 臺灣 loads the t2s and s2twp converters (the stored text is Traditional).
  await page.goto(server.url(`?c=${SEED.c}&a=${SEED.a}&v=tw`));
  await page.locator('h1.article-title').waitFor();
  await page.addScriptTag({ url: server.url('bench/opencc.js') });
  const result = await page.evaluate(async (c) => {
    const bundle = await (await fetch(`data/${c}.json`)).json();
    // The article's Simplified form (t2s of the stored Traditional), to the Taiwan standard.
    const t2s = window.OpenCC.Converter({ from: 't', to: 'cn' });
    const paragraphs = bundle.articles[0].blocks.filter((b) => b.type === 'paragraph')
      .map((b) => t2s(typeof b.text === 'string' ? b.text : JSON.stringify(b.text)));
    const corpus = [];
    let bytes = 0;
    while (bytes < 1_000_000) {
      for (const p of paragraphs) {
        corpus.push(p);
        bytes += new TextEncoder().encode(p).length;
      }
    }
    const wasm = (t) => window.wasmBindings.wenji_convert('s2twp', t);
    const js = window.OpenCC.Converter({ from: 'cn', to: 'twp' });
    const mismatches = paragraphs.filter((p) => wasm(p) !== js(p)).length;
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
    return { mb: bytes / 1e6, wasm: time(wasm), js: time(js), mismatches, paragraphs: paragraphs.length };
  }, SEED.c);
  if (result.mismatches) throw new Error(`Wenji and opencc-js differ on ${result.mismatches} of ${result.paragraphs} paragraphs`);
  record('browser conversion', `Wenji wasm s2twp (${result.mb.toFixed(1)} MB)`, result.mb / (result.wasm / 1000), 'MB/s');
  record('browser conversion', 'opencc-js s2twp, same text', result.mb / (result.js / 1000), 'MB/s');
  record('browser conversion', 'Wenji ÷ opencc-js', result.js / result.wasm, '×', ['≥', 3]);
  await context.close();
}

// ---------------------------------------------------------------------------------------------
if (want('memory')) {
  console.log('\n== memory: a 200-article collection opened, 20 articles read in 臺灣 (phone)');
  const root = resolve('target/bench/memory');
  const content = join(root, 'content');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(content, 'sheng-cheng'), { recursive: true });
  writeFileSync(join(content, 'site.md'), '---\nname: 測試站\nscript: hant\nlicence: 測試\n---\n');
  writeFileSync(join(content, 'sheng-cheng', 'collection.md'), '---\ntitle: 生成的合集\ndescription: 二百篇文章\nscript: hant\n---\n');
  // The seed article's paragraphs, recombined: real text, about 3,000 characters an article.
  const seed = readFileSync('content/zhan-yi-feng-cai-lu/2020-03-30-nuan-ru-chun-feng.md', 'utf8');
  const paras = seed.split(/\n\n+/).filter((p) => /^[\u4e00-\u9fff“]/.test(p) && p.length > 60);
  for (let a = 0; a < 200; a += 1) {
    let body = `---\ntitle: 第${a + 1}篇 ${paras[a % paras.length].slice(0, 12)}\ndate: 2021-${String(a % 12 + 1).padStart(2, '0')}-${String(a % 28 + 1).padStart(2, '0')}\nsource: 測試\n---\n\n`;
    for (let s = 0; s < 3; s += 1) {
      body += `## 第${s + 1}節\n\n`;
      for (let p = 0; p < 4; p += 1) body += `${paras[(a * 7 + s * 4 + p) % paras.length]}\n\n`;
    }
    writeFileSync(join(content, 'sheng-cheng', `${String(a).padStart(3, '0')}.md`), body);
  }
  const site = join(root, 'dist');
  cpSync(dist, site, { recursive: true });
  rmSync(join(site, 'data'), { recursive: true });
  const built = spawnSync('target/release/wenji', ['build', content, join(site, 'data')], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`wenji build (memory corpus) failed:\n${built.stderr}`);
  const memServer = await startServer(site, () => false, { production: true });
  const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
  await context.addInitScript(pageProbe);
  const page = await context.newPage();
  // Read in 臺灣, so the largest dictionaries are in memory too.
  await page.goto(memServer.url('?c=sheng-cheng&v=tw'));
  await page.locator('.card-link').nth(199).waitFor();
  await page.locator('.card-link').first().click();
  await page.locator('h1.article-title', { hasText: '第1篇' }).waitFor();
  for (let n = 2; n <= 20; n += 1) {
    await page.locator('.article-nav-link.next').click();
    await page.locator('h1.article-title', { hasText: `第${n}篇` }).waitFor();
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize').value / 1024 / 1024;
  const wasmMemory = await page.evaluate(() => window.__wenji.wasm.memory.buffer.byteLength) / 1024 / 1024;
  record('memory', 'JS heap, used', heap, 'MB');
  record('memory', 'wasm linear memory', wasmMemory, 'MB');
  record('memory', 'JS heap + wasm memory', heap + wasmMemory, 'MB', ['≤', 40]);
  await context.close();
  await memServer.close();
}

await browser.close();
await server.close();

// ---------------------------------------------------------------------------------------------
const failed = rows.filter((r) => r.pass === false);
console.log(`\n${'figure'.padEnd(84)}${'value'.padStart(12)}  ${'budget'.padEnd(16)} result`);
for (const r of rows) {
  const value = `${Number.isInteger(r.value) ? r.value : r.value.toFixed(r.unit === '×' ? 2 : 1)} ${r.unit}`;
  console.log(`${`${r.section}: ${r.name}`.padEnd(84)}${value.padStart(12)}  ${(r.budget ?? '').padEnd(16)} ${r.pass === null ? '' : r.pass ? 'PASS' : 'FAIL'}`);
}
mkdirSync(resolve('target/bench'), { recursive: true });
writeFileSync(OUT, JSON.stringify({
  when: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memory_gb: Math.round(totalmem() / 2 ** 30) },
  throttling: { mobile: MOBILE, mobile_devtools: MOBILE_DEVTOOLS },
  figures: rows,
  sizes: size,
  failed: failed.map((r) => `${r.section}: ${r.name}`),
}, null, 2) + '\n');
console.log(`\n${rows.filter((r) => r.pass).length} budgets met, ${failed.length} missed; written to ${OUT} (sizes: ${kb(size.first_render.total.brotli)} first render)`);
if (!only) {
  const table = spawnSync('node', ['scripts/perf-table.mjs', OUT], { stdio: 'inherit' });
  if (table.status !== 0) process.exitCode = 1;
}
// A missed budget fails the bench, as a failed test fails the suite.
if (failed.length) {
  console.error(`FAILED: ${failed.map((r) => `${r.section}: ${r.name} (${r.value} ${r.unit}, budget ${r.budget})`).join('; ')}`);
  process.exitCode = 1;
}
