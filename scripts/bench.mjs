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
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sizes, sizeTable, kb } from './lib/sizes.mjs';

const dist = resolve(process.argv[2] ?? 'target/bench/dist');
process.env.WENJI_DIST = dist;
const { startServer, launch, MOBILE, throttle, BASE_PATH } = await import('../tests/e2e/harness.mjs');
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
  record('size', 'reading aloud, loaded on the first tap of 朗讀 (wasm, JS), brotli', size.on_first_use.total.brotli / 1024, 'KB');
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
const SCRIPTS = { hans: 'zh-Hans', hant: 'zh-Hant', tw: 'zh-Hant-TW', hk: 'zh-Hant-HK' };
let wenjiSearch = null;
if (want('search')) {
  console.log('\n== search at scale (cargo bench --bench search)');
  if (!existsSync(join(SITE, 'search', 'index.json'))) {
    throw new Error(`no generated site in ${SITE}: run BENCH_ONLY=native,search once (it builds one), or give BENCH_SITE=<dir>`);
  }
  process.env.WENJI_BENCH_SITE = SITE;
  const s = (wenjiSearch = cargoBench('search'));
  record('search', `index (${s.shards} shards; ${s.text_files} text files for snippets): gzip`, s.index_gz_mb, 'MB', ['≤', s.text_gz_mb]);
  record('search', 'native query, p95', s.query_ms_p95, 'ms', ['≤', 2]);
  record('search', 'first query on the wire (core files, its shards, 10 texts), median, gzip', s.first_query_kb, 'KB', ['≤', 100]);
  record('search', 'a later query on the wire, median, gzip', s.later_query_kb, 'KB', ['≤', 25]);
  record('search', `the article in the top 3 (${s.phrases} phrases × 4 scripts)`, s.top3_pct, '%', ['≥', 100]);
  record('search', 'same top 10 in all four scripts', s.same_top10_pct, '%', ['≥', 100]);
}

// Pagefind beside it (issue 13 asks for the comparison in the same run; figures for context, no
// budget): the site's article pages in the stored script, indexed by pagefind_extended (the
// build that segments Chinese, with jieba), then the bench's query set asked of Pagefind's own
// JS API in Chromium, each script's phrases from a page in that script's language, as a reader
// of those pages would ask. Only what a search fetches from pagefind/ is counted.
//
// Not all 10,000 pages: on this text pagefind_extended 1.6 holds ≈ 3.7 MB per page while it
// builds (1.5 GB at 387 pages, 3.0 GB at 774, 5.6 GB at 1,548), so the whole site would need
// ≈ 37 GB; it was killed at 24 GB, the machine's memory. It indexes a sample instead: every
// fifth article and the ones the query set's phrases come from (so each phrase is still in
// exactly one indexed page, against a fifth of the competition Wenji's ranking meets), under a
// memory limit so that a bigger sample fails here rather than takes the machine.
const PAGEFIND_EVERY = 5;
const PAGEFIND_MEMORY_GB = 10;
if (want('search')) {
  console.log('\n== Pagefind on the same site (npm pagefind, pagefind_extended)');
  // Served at BASE_PATH: the bundle in pagefind/, and one empty page per script to search from
  // (the JS API takes the index's language and its query segmenter's locale from <html lang>).
  const PAGEFIND = resolve('target/bench/pagefind');
  const bundle = join(PAGEFIND, 'pagefind');
  const sample = resolve('target/bench/pagefind-site');
  const queries = JSON.parse(readFileSync(resolve(wenjiSearch.queries_file), 'utf8'));
  for (const dir of [PAGEFIND, sample]) rmSync(dir, { recursive: true, force: true });
  mkdirSync(PAGEFIND, { recursive: true });
  // One page per article: the stored (Traditional) pages, which the generated site keeps as
  // collection-NN/NNNNN/, copied at the same paths (so Pagefind's URLs are the site's); the
  // catalog, the lists (collection-NN/page/…) and the other scripts' copies (hans/, tw/, hk/)
  // are left out.
  const articles = readdirSync(SITE).filter((c) => /^collection-\d+$/.test(c)).sort()
    .flatMap((c) => readdirSync(join(SITE, c)).filter((a) => /^\d+$/.test(a)).sort().map((a) => `${c}/${a}/`));
  const wanted = new Set([...articles.filter((_, i) => i % PAGEFIND_EVERY === 0), ...queries.map((q) => q.path)]);
  for (const path of wanted) {
    mkdirSync(join(sample, path), { recursive: true });
    cpSync(join(SITE, path, 'index.html'), join(sample, path, 'index.html'));
  }
  // The platform package's binary itself: the npm wrapper would quietly fall back to the plain
  // build, which does not segment Chinese.
  const binary = createRequire(import.meta.url)
    .resolve(`@pagefind/${process.platform}-${process.arch}/bin/pagefind_extended`);
  // Only <article> is indexed (title, byline and text; its <nav>s, the breadcrumb and contents,
  // Pagefind drops itself), as Wenji's index holds titles and texts. The language is forced so
  // that all four scripts' pages find the one index.
  const args = ['--site', sample, '--output-path', bundle, '--root-selector', 'article', '--force-language', 'zh'];
  const started = performance.now();
  const child = spawn('sh', ['-c', 'ulimit -v "$1" && shift && exec "$@"', 'sh', String(PAGEFIND_MEMORY_GB * 2 ** 20), binary, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  // Its peak memory, read while it runs (VmHWM, as the native benches read their own).
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      // Gone already: the last reading stands.
    }
  }, 100);
  const [code, signal] = await new Promise((ok) => child.on('exit', (...end) => ok(end)));
  clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`pagefind_extended failed (${signal ?? code}; limit ${PAGEFIND_MEMORY_GB} GB):\n${stdout}`);
  const indexed = Number(/Indexed (\d+) pages?/.exec(stdout)?.[1] ?? 0);
  const words = Number(/Indexed (\d+) words?/.exec(stdout)?.[1] ?? 0);
  console.log(`    ${binary.slice(resolve('.').length + 1)}: ${indexed} pages (every ${PAGEFIND_EVERY}th article and the query set's ${queries.length}), ${words} words`);
  // Its files as written (Pagefind gzips its index chunks, fragments and meta itself).
  const written = { index: { files: 0, bytes: 0 }, fragments: { files: 0, bytes: 0 }, code: { files: 0, bytes: 0 }, all: { files: 0, bytes: 0 } };
  (function walk(dir) {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) { walk(file); continue; }
      const bytes = statSync(file).size;
      const kind = /\.pf_fragment$/.test(name) ? 'fragments' : /\.(pf_index|pf_meta|pf_filter)$|^pagefind-entry\.json$/.test(name) ? 'index' : 'code';
      for (const k of [kind, 'all']) { written[k].files += 1; written[k].bytes += bytes; }
    }
  })(bundle);
  record('search', `Pagefind: indexing ${indexed} of the ${articles.length} article pages (pagefind_extended)`, seconds, 's');
  record('search', 'Pagefind: indexing, peak memory', peakKb / 1024, 'MB');
  record('search', `Pagefind: index (${written.index.files} files: chunks, meta, entry), as written (gzip)`, written.index.bytes / 1e6, 'MB');
  record('search', `Pagefind: fragments (${written.fragments.files} files, a page's text for results), as written (gzip)`, written.fragments.bytes / 1e6, 'MB');
  record('search', 'Pagefind: files written (with its JS, wasm and UI)', written.all.files, 'files');

  for (const [variant, lang] of Object.entries(SCRIPTS)) {
    writeFileSync(join(PAGEFIND, `${variant}.html`), `<!doctype html><html lang="${lang}"><meta charset=utf-8><title>${variant}</title>\n`);
  }
  const server = await startServer(PAGEFIND, () => false, { production: true, ahead: false });
  const browser = await launch();
  const bundlePath = `${BASE_PATH}pagefind/`;
  /** Counts the bytes (headers and body, as the scale section counts) of every response from
   *  pagefind/ until `take()`; the engine's own files (JS, wasm) and the results' fragments
   *  apart. Chromium reports no body size for a worker's script, so that one counts as the
   *  server sends it (gzip -9). */
  const counter = (page) => {
    const pending = [];
    page.on('response', (response) => pending.push((async () => {
      const path = new URL(response.url()).pathname;
      if (!path.startsWith(bundlePath)) return null;
      const sizes = await response.request().sizes().catch(() => null);
      if (!sizes) return null;
      let body = sizes.responseBodySize;
      if (!body && response.status() === 200) body = gzipSync(readFileSync(join(bundle, path.slice(bundlePath.length))), { level: 9 }).length;
      const kind = /\.(js|pagefind)$/.test(path) ? 'code' : /\.pf_fragment$/.test(path) ? 'fragment' : 'index';
      return { kind, bytes: body + sizes.responseHeadersSize };
    })()));
    return async () => {
      const got = (await Promise.all(pending.splice(0))).filter(Boolean);
      const sum = (xs) => xs.reduce((t, r) => t + r.bytes, 0);
      const of = (kind) => sum(got.filter((r) => r.kind === kind)) / 1024;
      return { kb: sum(got) / 1024, code_kb: of('code'), fragment_kb: of('fragment') };
    };
  };
  /** One search as a results page shows it: the ranked list, and the first 10 results' data
   *  (the fragment: its URL, title and excerpt). Returns their pages, relative to the site. */
  const ask = (page, query) => page.evaluate(async ([query, bundlePath]) => {
    const pagefind = await import(`${bundlePath}pagefind.js`);
    const found = await pagefind.search(query);
    const top = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
    return top.map((d) => d.url);
  }, [query, bundlePath]).then((urls) => urls.map((u) => u.replace(BASE_PATH, '').replace(/^\//, '')));

  // A first query: a fresh browser each time (nothing cached), phrases in turn in each script.
  const COLD_RUNS = 12;
  const cold = [];
  for (let i = 0; i < COLD_RUNS; i += 1) {
    const variant = Object.keys(SCRIPTS)[i % 4];
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(server.url(`${variant}.html`));
    const take = counter(page);
    await ask(page, queries[i].typed[variant]);
    cold.push(await take());
    await context.close();
  }
  // Every phrase in each script, in one page per script: quality, and the later queries' cost.
  // Then the same phrases in quotes, Pagefind's exact search (its only use of positions; a site
  // could quote every query), for quality only.
  const tops = {};
  const quotedTops = {};
  const later = [];
  const laterMs = [];
  for (const variant of Object.keys(SCRIPTS)) {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(server.url(`${variant}.html`));
    const take = counter(page);
    tops[variant] = [];
    for (const [i, q] of queries.entries()) {
      const asked = performance.now();
      tops[variant].push(await ask(page, q.typed[variant]));
      const ms = performance.now() - asked;
      const took = await take();
      if (i > 0) { later.push(took); laterMs.push(ms); }
    }
    quotedTops[variant] = [];
    for (const q of queries) quotedTops[variant].push(await ask(page, `"${q.typed[variant]}"`));
    await context.close();
  }
  await browser.close();
  await server.close();

  const pct = (n) => (100 * n) / queries.length;
  const quality = (found, how) => {
    for (const [variant, lang] of Object.entries(SCRIPTS)) {
      const hits = queries.filter((q, i) => found[variant][i].slice(0, 3).includes(q.path)).length;
      const none = found[variant].filter((top) => top.length === 0).length;
      const wenji = wenjiSearch.top3_pct_by_script?.[variant];
      console.log(`    ${how}, ${lang}: the article in the top 3 for ${hits} of ${queries.length}, no result for ${none}${wenji == null ? '' : ` (Wenji ${wenji.toFixed(1)} %)`}`);
      record('search', `Pagefind${how === 'as typed' ? '' : ` ${how}`}: the article in the top 3, typed in ${lang} (${queries.length} phrases)`, pct(hits), '%');
    }
    // Found at all: four empty lists (exact search misses) agree on nothing.
    const agreeing = queries.filter((q, i) => found.hant[i].length > 0
      && Object.keys(SCRIPTS).every((v) => JSON.stringify(found[v][i]) === JSON.stringify(found.hant[i]))).length;
    record('search', `Pagefind${how === 'as typed' ? '' : ` ${how}`}: same top 10 in all four scripts`, pct(agreeing), '%');
  };
  quality(tops, 'as typed');
  quality(quotedTops, 'in quotes (exact search)');
  console.log(`    a later query in Chromium (search and 10 results' data, unthrottled): median ${median(laterMs).toFixed(0)} ms`);
  record('search', `Pagefind: first query on the wire (JS, wasm, entry, meta, its chunks, 10 fragments), median of ${COLD_RUNS}`, median(cold.map((r) => r.kb)), 'KB');
  record('search', 'Pagefind: of which its JS and wasm', median(cold.map((r) => r.code_kb)), 'KB');
  record('search', 'Pagefind: a later query on the wire (new chunks, 10 fragments), median', median(later.map((r) => r.kb)), 'KB');
  record('search', 'Pagefind: of which the 10 fragments', median(later.map((r) => r.fragment_kb)), 'KB');
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
  // A first search as a reader makes one (issue 13: "beyond what the article page loads"): on an
  // article page, cold, no service worker, its app loaded, a phrase of that article typed into the
  // search field, a character every 350 ms (quicker than most readers with a pinyin keyboard), and
  // sent at once; from the key press until the results show, and every byte that arrived from
  // the first keystroke on (the search page, the index's files, the shards, the texts for
  // snippets; the app's own files come from the HTTP cache, as they do for a reader). Beside it,
  // for reference, a cold load of the search page itself, app and all.
  const results = '#search-results .search-count, #search-results .search-note:not(.search-busy):not(.search-noscript)';
  const phrases = {};
  const firstSearch = async (fromArticle, chars = 4) => {
    const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
    const page = await context.newPage();
    await throttle(page, MOBILE);
    let counting = !fromArticle;
    let bytes = 0;
    const pending = [];
    page.on('response', (r) => {
      if (!counting) return;
      pending.push(r.request().sizes().then((s) => { bytes += s.responseBodySize + s.responseHeadersSize; }, () => {}));
    });
    let started;
    let query = phrases[chars];
    if (fromArticle) {
      await page.goto(server.url('collection-00/02999/'));
      await page.waitForFunction(() => window.wasmBindings !== undefined, null, { timeout: 60_000 });
      query = await page.evaluate((n) => document.querySelector('.article-body p').textContent.slice(30, 30 + n), chars);
      phrases[chars] = query;
      counting = true;
      await page.getByRole('searchbox').pressSequentially(query, { delay: 350 });
      started = Date.now();
      await page.getByRole('searchbox').press('Enter');
    } else {
      started = Date.now();
      await page.goto(server.url(`search/?q=${encodeURIComponent(query)}`));
    }
    await page.locator(results).first().waitFor({ timeout: 60_000 });
    const ms = Date.now() - started;
    const found = await page.locator('#search-results .search-count').count();
    await Promise.all(pending);
    await context.close();
    if (!found) throw new Error(`the bench's search for ${query} found nothing`);
    return { ms, kb: bytes / 1024, query };
  };
  const searches = [];
  const words = [];
  const coldSearches = [];
  for (let i = 0; i < LOAD_RUNS; i += 1) {
    searches.push(await firstSearch(true));
    words.push(await firstSearch(true, 2));
    coldSearches.push(await firstSearch(false));
  }
  record('scale', 'first search from an article page (cold, no service worker), a 4-character phrase: results visible after sending', median(searches.map((r) => r.ms)), 'ms', ['≤', 1500]);
  record('scale', 'first search from an article page, a 4-character phrase: transferred from the first keystroke', median(searches.map((r) => r.kb)), 'KB', ['≤', 100]);
  record('scale', 'first search from an article page, a 2-character word (hundreds of articles, ten snippets): results visible', median(words.map((r) => r.ms)), 'ms', ['≤', 1500]);
  record('scale', 'first search from an article page, a 2-character word: transferred from the first keystroke', median(words.map((r) => r.kb)), 'KB', ['≤', 100]);
  record('scale', 'search page opened cold (app not cached): results visible from navigation', median(coldSearches.map((r) => r.ms)), 'ms');
  record('scale', 'search page opened cold: transferred, app included', median(coldSearches.map((r) => r.kb)), 'KB');

  // The browser's own work per query (decoding the index's files, ranking, snippets: the app
  // times it and writes it on the results), with the CPU 4× slower as Lighthouse's phone: 20
  // queries of 2–6 characters from an article's text, each on a fresh search page.
  {
    const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
    const page = await context.newPage();
    await throttle(page, MOBILE);
    await page.goto(server.url('collection-00/02999/'));
    const text = [...await page.evaluate(() => [...document.querySelectorAll('.article-body p')].map((p) => p.textContent).join(''))]
      .filter((c) => /\p{Script=Han}/u.test(c));
    const cpu = [];
    for (let i = 0; i < 20; i += 1) {
      const q = text.slice(40 + i * 37, 42 + i * 37 + (i % 5)).join('');
      await page.goto(server.url(`search/?q=${encodeURIComponent(q)}`));
      await page.locator(results).first().waitFor({ timeout: 60_000 });
      const us = await page.locator('#search-results').getAttribute('data-cpu-us');
      if (us !== null) cpu.push(Number(us) / 1000);
    }
    await context.close();
    // A query that finds nothing ends before the snippets: builds before this one did not report it.
    if (cpu.length < 15) throw new Error(`only ${cpu.length} of 20 queries reported their work`);
    record('scale', `browser work per query, CPU 4× (${cpu.length} queries of 2–6 characters), p95`, p95(cpu), 'ms', ['≤', 20]);
    record('scale', 'browser work per query, CPU 4×, median', median(cpu), 'ms');
  }
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
