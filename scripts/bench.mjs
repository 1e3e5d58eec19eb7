// What readers feel, measured against the issue budgets: sizes, page loads under mobile
// throttling (cold, warm, offline) of the seed article, and at the real site's size — a
// generated site of 10,000 articles in 20 collections, one of 3,000, built with every page — a
// cold deep link to the last article of the largest column beside one in a column of 20, the home
// and collection pages; conversion throughput natively; `wenji build` at 10,000 articles. Prints
// one table with each budget and PASS/FAIL, and writes it as JSON.
//
//   scripts/bench.sh                   (builds what this needs, then runs it; see the README)
//   node scripts/bench.mjs [dist-dir]  (default target/bench/dist, a release build under /wenji/)
//
// `BENCH_ONLY=load,scale` (any of size, native, search, load, scale) runs only those; `BENCH_SITE=<dir>`
// serves an already built generated site for `scale` instead of building one.
//
// Absolute times on a shared machine are noisy: each browser figure is the median of several
// runs, and the sizes and the wasm/opencc-js ratio (one page, one run) are the stable ones.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { sizes, sizeTable, kb } from './lib/sizes.mjs';

const dist = resolve(process.argv[2] ?? 'target/bench/dist');
process.env.WENJI_DIST = dist;
const { startServer, launch, MOBILE, throttle } = await import('../tests/e2e/harness.mjs');
const OUT = resolve('target/bench/results.json');
const SEED = { c: 'zhan-yi-feng-cai-lu', a: 'nuan-ru-chun-feng' };
const seedPath = `${SEED.c}/${SEED.a}/`;

/** Lighthouse's mobile profile (MOBILE, tests/e2e/harness.mjs). Lighthouse's own DevTools mode
 *  multiplies the latency by 3.75 to stand in for connection set-up, which is measured too, for
 *  reference. */
const MOBILE_DEVTOOLS = { latency: 562.5, down: 1474.56 * 1024 / 8, up: 675 * 1024 / 8, cpu: 4 };
const LOAD_RUNS = 5;

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
  record('size', 'seed article: page, style sheets and boot.js (before the text), gzip', size.critical.total.gzip / 1024, 'KB', ['≤', 30]);
  record('size', 'the app (wasm, JS; after the text), brotli', size.first_render.total.brotli / 1024, 'KB', ['≤', 200]);
  record('size', 'all dictionaries (no page loads them)', size.dictionaries.total.brotli / 1024, 'KB', ['≤', 400]);
  record('size', 'dictionaries named by the page', size.dictionaries.on_first_render_path ? 1 : 0, 'files', ['≤', 0]);
}

// ---------------------------------------------------------------------------------------------
if (want('native')) {
  console.log('\n== native (cargo bench, release build)');
  const native = cargoBench('convert');
  for (const [config, rate] of Object.entries(native.mb_per_s)) {
    record('native', `conversion ${config}, ${native.corpus_mb} MB corpus`, rate, 'MB/s', ['≥', 100]);
  }
}

// ---------------------------------------------------------------------------------------------
if (want('native')) {
  console.log('\n== wenji build of 100 camera photos (cargo bench --bench photos)');
  const photos = cargoBench('photos');
  record('native', `wenji build of ${photos.photos} camera photos (4000×3000 → 3 widths × WebP + JPEG)`, photos.seconds, 's', ['≤', 60]);
  record('native', 'wenji build of the photos: peak memory', photos.peak_mb, 'MB', ['≤', 1024]);
  record('native', 'wenji build of the photos again, nothing changed (cache)', photos.rebuild_seconds, 's');
  record('native', 'a photo at 1440 px (a 390 px phone at 3×), WebP', photos.sizes.webp_1440_kb, 'KB', ['≤', 150]);
}

// ---------------------------------------------------------------------------------------------
// The generated site: the release's app files, with 10,000 articles' data and pages built into
// it by the build bench (which keeps it there), as a real site of that size would be.
// `BENCH_SITE=<dir>` measures a site built already (app files and a generated site's pages).
const SITE = resolve(process.env.BENCH_SITE ?? 'target/bench/site');
if (!process.env.BENCH_SITE && (want('native') || want('scale'))) {
  console.log('\n== wenji build at scale (cargo bench --bench build)');
  rmSync(SITE, { recursive: true, force: true });
  cpSync(dist, SITE, { recursive: true });
  process.env.WENJI_BENCH_SITE = SITE;
  process.env.WENJI_SHELL = join(dist, 'index.html');
  const build = cargoBench('build');
  record('native', `wenji build with every page in 4 scripts, ${build.articles} articles (${build.markdown_mb} MB Markdown)`, build.seconds, 's', ['≤', 30]);
  record('native', 'wenji build: peak memory', build.peak_mb, 'MB', ['≤', 1024]);
  record('native', `the site: files (${build.pages} pages)`, build.files, 'files');
  record('native', 'the site: size on disk', build.site_mb, 'MB');
}

// ---------------------------------------------------------------------------------------------
// Search (issue 13) on the generated site, natively: index size, query time, bytes per query
// and quality on phrases found in one article, typed in all four scripts.
if (want('search')) {
  console.log('\n== search at scale (cargo bench --bench search)');
  process.env.WENJI_BENCH_SITE = SITE;
  const s = cargoBench('search');
  record('search', `index (${s.shards} shards; ${s.text_files} text files for snippets): gzip`, s.index_gz_mb, 'MB', ['≤', s.text_gz_mb]);
  record('search', 'native query, p95', s.query_ms_p95, 'ms', ['≤', 2]);
  record('search', 'first query on the wire (core files, its shards, 10 texts), median, gzip', s.first_query_kb, 'KB', ['≤', 100]);
  record('search', 'a later query on the wire, median, gzip', s.later_query_kb, 'KB', ['≤', 25]);
  record('search', `the article in the top 3 (${s.phrases} phrases × 4 scripts)`, s.top3_pct, '%', ['≥', 100]);
  record('search', 'same top 10 in all four scripts', s.same_top10_pct, '%', ['≥', 100]);
}

// ---------------------------------------------------------------------------------------------
const browser = await launch();
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

/** Runs in the page before anything: records the largest contentful paint (the text showing)
 *  and layout shifts. */
function pageProbe() {
  const marks = (window.__wenji = { lcp: 0, cls: 0 });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) marks.lcp = e.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) marks.cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
}

/** Loads `path` of `server`; returns the text's paint (LCP, ms from navigation start) and the
 *  bytes transferred until then (the page and every response that ended before it). */
async function loadOnce(page, server, path) {
  const bytes = [];
  const onResponse = async (response) => {
    const timing = response.request().timing();
    const sizes = await response.request().sizes().catch(() => null);
    if (sizes) bytes.push({ end: timing.startTime + timing.responseEnd, size: sizes.responseBodySize + sizes.responseHeadersSize });
  };
  page.on('response', onResponse);
  await page.goto(server.url(path), { waitUntil: 'load' });
  // LCP is final once the page is idle.
  await page.waitForTimeout(500);
  const { lcp, cls, origin } = await page.evaluate(() => ({ ...window.__wenji, origin: performance.timeOrigin }));
  page.off('response', onResponse);
  const before = bytes.filter((b) => b.end <= origin + lcp).reduce((t, b) => t + b.size, 0);
  return { lcp, cls, kb: before / 1024 };
}

async function coldLoads(server, path, profile = MOBILE) {
  const runs = [];
  for (let i = 0; i < LOAD_RUNS; i += 1) {
    const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
    await context.addInitScript(pageProbe);
    const page = await context.newPage();
    await throttle(page, profile);
    runs.push(await loadOnce(page, server, path));
    await context.close();
  }
  return { lcp: median(runs.map((r) => r.lcp)), kb: median(runs.map((r) => r.kb)), cls: Math.max(...runs.map((r) => r.cls)) };
}

if (want('load')) {
  const server = await startServer(dist, () => false, { production: true });
  console.log(`\n== page load, seed article, phone 390×844 (median of ${LOAD_RUNS})`);
  // What a cold load really asks for: no page, in any script, requests a dictionary.
  let dictionaryRequests = 0;
  for (const variant of ['', 'hans/', 'tw/', 'hk/']) {
    for (const path of ['', `${SEED.c}/`, seedPath]) {
      const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
      const page = await context.newPage();
      page.on('request', (r) => { if (/\/data\/dict\//.test(r.url())) dictionaryRequests += 1; });
      await page.goto(server.url(`${variant}${path}`), { waitUntil: 'networkidle' });
      await context.close();
    }
  }
  record('load', 'cold catalog, collection and article in 4 scripts: dictionary files requested', dictionaryRequests, 'files', ['≤', 0]);
  const cold = await coldLoads(server, seedPath);
  console.log(`    served ${server.encodings().join(' and ') || 'uncompressed'} (Chromium asks for brotli over HTTPS only; a CDN would send it)`);
  record('load', 'cold, mobile throttling: seed article text visible (LCP)', cold.lcp, 'ms', ['≤', 1000]);
  record('load', 'cold, mobile throttling: transferred before the text shows', cold.kb, 'KB', ['≤', 30]);
  record('load', 'cold, mobile throttling: layout shift (worst run)', cold.cls, 'CLS', ['≤', 0.01]);
  const devtools = await coldLoads(server, seedPath, MOBILE_DEVTOOLS);
  record('load', 'cold, Lighthouse DevTools throttling (562.5 ms/request): text visible', devtools.lcp, 'ms');

  // Warm: the same browser again; hashed files come from the HTTP cache, the page revalidates.
  const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
  await context.addInitScript(pageProbe);
  const page = await context.newPage();
  await throttle(page, MOBILE);
  await loadOnce(page, server, seedPath);
  const warm = [];
  for (let i = 0; i < LOAD_RUNS; i += 1) warm.push((await loadOnce(page, server, seedPath)).lcp);
  record('load', 'warm (HTTP cache), mobile throttling: text visible', median(warm), 'ms');
  await context.close();

  // Offline: the service worker's kept page, CPU still 4× slower.
  const swContext = await browser.newContext({ ...phone });
  await swContext.addInitScript(pageProbe);
  const swPage = await swContext.newPage();
  await swPage.goto(server.url(seedPath));
  await swPage.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
  await swPage.reload(); // now controlled: the page is kept
  await swPage.waitForFunction(async () => (await caches.open('wenji-pages-v1')).match(location.href).then(Boolean), null, { timeout: 30_000, polling: 200 });
  await swContext.setOffline(true);
  const cdp = await swContext.newCDPSession(swPage);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: MOBILE.cpu });
  const offline = [];
  for (let i = 0; i < LOAD_RUNS; i += 1) offline.push((await loadOnce(swPage, server, seedPath)).lcp);
  record('load', 'offline (service worker), CPU 4×: text visible', median(offline), 'ms', ['≤', 300]);
  await swContext.close();
  await server.close();
}

// ---------------------------------------------------------------------------------------------
if (want('scale')) {
  const server = await startServer(SITE, () => false, { production: true, ahead: false });
  // Compressed on first request: one warm-up request each, so no measured load waits for it.
  for (const path of ['collection-00/02999/', 'collection-01/00019/', '', 'collection-00/page/60/']) {
    for (const encoding of ['gzip', 'br']) await fetch(server.url(path), { headers: { 'accept-encoding': encoding } });
  }
  console.log(`\n== at scale: the generated 10,000-article site, phone, mobile throttling (median of ${LOAD_RUNS})`);
  const largest = await coldLoads(server, 'collection-00/02999/');
  const small = await coldLoads(server, 'collection-01/00019/');
  record('scale', 'cold deep link, last article of the 3,000 column: text visible', largest.lcp, 'ms', ['≤', 1000]);
  record('scale', 'cold deep link, last article of the 3,000 column: transferred before the text', largest.kb, 'KB', ['≤', 30]);
  record('scale', 'cold deep link, an article of the 20 column: text visible', small.lcp, 'ms');
  record('scale', 'largest column ÷ 20 column, text visible', largest.lcp / small.lcp, '×', ['≤', 1.1]);
  const home = await coldLoads(server, '');
  record('scale', 'home page: transferred before its content shows', home.kb, 'KB', ['≤', 40]);
  record('scale', 'home page: content visible', home.lcp, 'ms');
  const listing = await coldLoads(server, 'collection-00/page/60/');
  record('scale', 'last page of the 3,000 column\'s list: transferred before its content shows', listing.kb, 'KB', ['≤', 40]);
  record('scale', 'last page of the 3,000 column\'s list: content visible', listing.lcp, 'ms');
  // A search, cold, no service worker: until the results show, and what it cost beyond the
  // page itself.
  const searches = [];
  for (let i = 0; i < LOAD_RUNS; i += 1) {
    const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
    const page = await context.newPage();
    await throttle(page, MOBILE);
    let bytes = 0;
    page.on('response', async (r) => {
      const sizes = await r.request().sizes().catch(() => null);
      if (sizes && /\/search\/(?!\?|$)/.test(new URL(r.url()).pathname + new URL(r.url()).search)) bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    });
    const started = Date.now();
    await page.goto(server.url(`search/?q=${encodeURIComponent('國家發展')}`));
    await page.locator('#search-results .search-count, #search-results .search-note:not(.search-busy):not(.search-noscript)').first().waitFor({ timeout: 60_000 });
    searches.push({ ms: Date.now() - started, kb: bytes / 1024 });
    await context.close();
  }
  record('scale', 'search page, cold, first query: results visible (from navigation)', median(searches.map((r) => r.ms)), 'ms', ['≤', 1500]);
  record('scale', 'search page, cold, first query: index files and texts transferred', median(searches.map((r) => r.kb)), 'KB', ['≤', 100]);
  await server.close();
}

await browser.close();

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
console.log(`\n${rows.filter((r) => r.pass).length} budgets met, ${failed.length} missed; written to ${OUT} (sizes: ${kb(size.critical.total.gzip)} before the text, ${kb(size.first_render.total.brotli)} app)`);
if (!only) {
  const table = spawnSync('node', ['scripts/perf-table.mjs', OUT], { stdio: 'inherit' });
  if (table.status !== 0) process.exitCode = 1;
}
// A missed budget fails the bench, as a failed test fails the suite.
if (failed.length) {
  console.error(`FAILED: ${failed.map((r) => `${r.section}: ${r.name} (${r.value} ${r.unit}, budget ${r.budget})`).join('; ')}`);
  process.exitCode = 1;
}
