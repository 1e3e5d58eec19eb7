// What a reader downloads, from a built site: for the seed article's page, what must arrive
// before its text shows (the page, its style sheets and its classic scripts: everything that
// blocks the first paint), and the app (start.js, the JS glue and the wasm, which load after);
// and, apart, the script-variant dictionaries (no page needs them: every page is prerendered in
// every script). Raw, gzip -9 and brotli -q 11, in bytes.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname, normalize } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

/** Budgets: the text's critical path ≤ 30 KB compressed (issue 12; gzip, as Chromium asks
 *  for over plain HTTP), the app ≤ 200 KB brotli (issue 8), dictionaries ≤ 400 KB brotli. */
export const BUDGETS = { critical: 30 * 1024, firstRender: 200 * 1024, dictionaries: 400 * 1024 };

/** The page the budgets are measured on: the seed article, in its own script. */
export const SEED_PAGE = 'zhan-yi-feng-cai-lu/nuan-ru-chun-feng/index.html';

export function measure(dist, file) {
  const bytes = readFileSync(join(dist, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
  { raw: 0, gzip: 0, brotli: 0 });

/**
 * The files a page references, by path inside `dist`, each with its kind: `blocking` (style
 * sheets and classic scripts: the first paint waits for them), `app` (module scripts, the JS
 * glue and wasm start.js loads) or `other` (icons, the manifest: not on any critical path).
 * Absolute paths must start with the public URL the site was built for (read from the
 * `start.js` tag trunk writes); relative ones resolve from the page's folder; a reference that
 * names no file of `dist` is an error, never dropped, so nothing escapes the count.
 */
export function pageFiles(dist, page = 'index.html') {
  const html = readFileSync(join(dist, page), 'utf8');
  const base = html.match(/\bsrc=["']?([^"'\s>]*?)start\.js\b/)?.[1];
  if (base === undefined) throw new Error(`${dist}/index.html has no start.js script: cannot tell its public URL`);
  const refs = new Map();
  const head = html.slice(0, html.indexOf('<body'));
  // Only the head's tags (the body's links are other pages); quoted or not (release builds
  // minify); data-js and data-wasm name the JS glue and the wasm that start.js loads.
  const tag = /<(link|script)\b[^>]*>/g;
  const attribute = /\b(src|href|data-js|data-wasm|rel|type)=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
  const unresolved = [];
  for (const [element, name] of head.matchAll(tag)) {
    const attrs = Object.fromEntries([...element.matchAll(attribute)].map((m) => [m[1], m[2] ?? m[3] ?? m[4]]));
    // Alternates, canonical, prev/next name pages, not files of this one.
    if (/\b(canonical|alternate|prev|next)\b/.test(attrs.rel ?? '')) continue;
    const kindOf = (key) => {
      if (name === 'link') return attrs.rel === 'stylesheet' ? 'blocking' : attrs.rel === 'modulepreload' ? 'app' : 'other';
      if (key !== 'src') return 'app';
      return attrs.type === 'module' ? 'app' : 'blocking';
    };
    for (const key of ['src', 'href', 'data-js', 'data-wasm']) {
      if (!attrs[key]) continue;
      const url = attrs[key].split(/[?#]/)[0];
      // Another origin (which the CSP forbids anyway).
      if (!url || /^[a-z]+:|^\/\//i.test(url)) continue;
      let file;
      if (url.startsWith('/')) file = url.startsWith(base) ? url.slice(base.length) : null;
      else file = normalize(join(dirname(page), url)).replace(/\\/g, '/');
      if (file && existsSync(join(dist, file))) {
        if (!refs.has(file) || refs.get(file) !== 'blocking') refs.set(file, kindOf(key));
      } else unresolved.push(url);
    }
  }
  if (unresolved.length) {
    throw new Error(`${dist}/${page} references what the site does not hold (public URL ${base}): ${unresolved.join(', ')}`);
  }
  return [{ file: page, kind: 'blocking' }, ...[...refs].sort().map(([file, kind]) => ({ file, kind }))];
}

/** Parts of the app loaded on first use, not by the page (reading aloud: src/read_aloud/launch.rs),
 *  as scripts/name-parts.mjs names them; reported beside the app, with no budget of their own. */
export const ON_FIRST_USE = [/^wenji-speech-[0-9a-f]{16}\.js$/, /^wenji-speech-[0-9a-f]{16}_bg\.wasm$/];

/** The sets with totals and pass/fail against [BUDGETS]. */
export function sizes(dist, page = SEED_PAGE) {
  const refs = pageFiles(dist, page);
  const critical = refs.filter((r) => r.kind === 'blocking').map((r) => measure(dist, r.file));
  const criticalTotal = sum(critical);
  const files = refs.filter((r) => r.kind === 'app').map((r) => measure(dist, r.file));
  const total = sum(files);
  const dictDir = join(dist, 'data', 'dict');
  const dicts = existsSync(dictDir) ? readdirSync(dictDir).sort().map((f) => measure(dist, join('data', 'dict', f))) : [];
  const dictTotal = sum(dicts);
  const dictOnPath = refs.some((r) => r.file.startsWith('data/dict/'));
  const later = ON_FIRST_USE.map((pattern) => {
    const found = readdirSync(dist).filter((f) => pattern.test(f));
    if (found.length !== 1) throw new Error(`${dist} should hold one file like ${pattern}, not ${found.length}`);
    return measure(dist, found[0]);
  });
  return {
    page,
    critical: { files: critical, total: criticalTotal, budget_gzip: BUDGETS.critical, pass: criticalTotal.gzip <= BUDGETS.critical },
    first_render: { files, total, budget_brotli: BUDGETS.firstRender, pass: total.brotli <= BUDGETS.firstRender },
    on_first_use: { files: later, total: sum(later) },
    dictionaries: {
      files: dicts, total: dictTotal, budget_brotli: BUDGETS.dictionaries, on_first_render_path: dictOnPath,
      pass: dictTotal.brotli <= BUDGETS.dictionaries && !dictOnPath,
    },
  };
}

export const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** The per-file table, as the size report and the bench print it. */
export function sizeTable(report) {
  const col = (s, n = 10) => String(s).padStart(n);
  const lines = [];
  const section = (title, { files, total }) => {
    lines.push(`${title.padEnd(56)}${col('raw')}${col('gzip')}${col('brotli')}`);
    for (const r of files) lines.push(`${r.file.padEnd(56)}${col(kb(r.raw))}${col(kb(r.gzip))}${col(kb(r.brotli))}`);
    lines.push(`${'total'.padEnd(56)}${col(kb(total.raw))}${col(kb(total.gzip))}${col(kb(total.brotli))}`);
  };
  section(`before the text shows (${report.page})`, report.critical);
  lines.push(`budget: text's critical path gzip ≤ ${kb(BUDGETS.critical)} … ${report.critical.pass ? 'PASS' : 'FAIL'}`, '');
  section('the app (loads after the text)', report.first_render);
  lines.push(`budget: app brotli ≤ ${kb(BUDGETS.firstRender)} … ${report.first_render.pass ? 'PASS' : 'FAIL'}`, '');
  section('reading aloud (loads on the first tap of 朗讀)', report.on_first_use);
  lines.push('');
  section('dictionary (on first use of another script)', report.dictionaries);
  lines.push(`budget: dictionaries brotli ≤ ${kb(BUDGETS.dictionaries)}, none named by the page … ${report.dictionaries.pass ? 'PASS' : 'FAIL'}`);
  return lines.join('\n');
}
