// What a reader downloads: the first-render set of a built site (index.html and every file it
// references) and, apart, the script-variant dictionaries (fetched on first use of another
// script, never on the first-render path). Raw, gzip -9 and brotli -q 11, in bytes.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

/** The issue #8 budgets, brotli bytes. */
export const BUDGETS = { firstRender: 200 * 1024, dictionaries: 400 * 1024 };

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
 * The files index.html references, by path inside `dist`. Absolute paths must start with the
 * public URL the site was built for (read from the `start.js` tag trunk writes); a reference
 * that names no file of `dist` is an error, never dropped, so nothing escapes the count.
 */
export function firstRenderFiles(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const base = html.match(/\bsrc=["']?([^"'\s>]*?)start\.js\b/)?.[1];
  if (base === undefined) throw new Error(`${dist}/index.html has no start.js script: cannot tell its public URL`);
  const refs = new Set();
  // Quoted or not (release builds minify index.html); data-js and data-wasm name the JS glue
  // and the wasm that start.js loads.
  const attribute = /\b(?:src|href|data-js|data-wasm)=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
  const unresolved = [];
  for (const m of html.matchAll(attribute)) {
    const url = (m[1] ?? m[2] ?? m[3]).split(/[?#]/)[0];
    // Empty (the page itself) or another origin (which the CSP forbids anyway).
    if (!url || /^[a-z]+:|^\/\//i.test(url)) continue;
    let file;
    if (url.startsWith('/')) file = url.startsWith(base) ? url.slice(base.length) : null;
    else file = url.replace(/^\.\//, '');
    if (file === '' || file === 'index.html') continue;
    if (file && existsSync(join(dist, file))) refs.add(file);
    else unresolved.push(url);
  }
  if (unresolved.length) {
    throw new Error(`${dist}/index.html references what the site does not hold (public URL ${base}): ${unresolved.join(', ')}`);
  }
  return ['index.html', ...[...refs].sort()];
}

/** Both sets with totals and pass/fail against [BUDGETS]. */
export function sizes(dist) {
  const files = firstRenderFiles(dist).map((f) => measure(dist, f));
  const total = sum(files);
  const dictDir = join(dist, 'data', 'dict');
  const dicts = existsSync(dictDir) ? readdirSync(dictDir).sort().map((f) => measure(dist, join('data', 'dict', f))) : [];
  const dictTotal = sum(dicts);
  const dictOnPath = files.some((r) => r.file.startsWith('data/dict/'));
  return {
    first_render: { files, total, budget_brotli: BUDGETS.firstRender, pass: total.brotli <= BUDGETS.firstRender },
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
  section('first-render file', report.first_render);
  lines.push(`budget: first render brotli ≤ ${kb(BUDGETS.firstRender)} … ${report.first_render.pass ? 'PASS' : 'FAIL'}`, '');
  section('dictionary (on first use of another script)', report.dictionaries);
  lines.push(`budget: dictionaries brotli ≤ ${kb(BUDGETS.dictionaries)}, none on the first-render path … ${report.dictionaries.pass ? 'PASS' : 'FAIL'}`);
  return lines.join('\n');
}
