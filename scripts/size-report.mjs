// Prints the first-render set of a built site (index.html and every file it references) raw,
// gzip -9 and brotli -q 11, and the script-variant dictionaries (fetched on first use, never on
// the first-render path) separately; writes it as JSON beside the site, and fails over budget.
// The issue #8 budgets: first render ≤ 200 KB brotli, all dictionaries ≤ 400 KB brotli.
//
//   node scripts/size-report.mjs [dist-dir]
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const BUDGET_BROTLI = 200 * 1024;
const BUDGET_DICT_BROTLI = 400 * 1024;
const dist = process.argv[2] ?? 'dist';
const html = readFileSync(join(dist, 'index.html'), 'utf8');

// Local references from src/href attributes; the public-url prefix is stripped.
const refs = new Set();
for (const [, url] of html.matchAll(/(?:src|href)="([^"#?]+)[^"]*"/g)) {
  if (/^[a-z]+:|^\/\//i.test(url)) continue;
  const file = url.replace(/^\/[^/]*\/?(?=[^/]*\.)/, '').replace(/^\.?\//, '');
  if (file && existsSync(join(dist, file))) refs.add(file);
}
// The module script trunk writes inline imports the JS glue and the wasm it loads.
for (const [, url] of html.matchAll(/['"]([^'"]+\.(?:js|wasm))['"]/g)) {
  const file = url.split('/').pop();
  if (existsSync(join(dist, file))) refs.add(file);
}

const measure = (file) => {
  const bytes = readFileSync(join(dist, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
};
const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
  { raw: 0, gzip: 0, brotli: 0 });
const rows = ['index.html', ...[...refs].sort()].map(measure);
const total = sum(rows);
const dictDir = join(dist, 'data', 'dict');
const dicts = existsSync(dictDir) ? readdirSync(dictDir).sort().map((f) => measure(join('data', 'dict', f))) : [];
const dictTotal = sum(dicts);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
console.log(`${'first-render file'.padEnd(56)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}`);
for (const r of rows) console.log(`${r.file.padEnd(56)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}`);
console.log(`${'total'.padEnd(56)}${kb(total.raw)}${kb(total.gzip)}${kb(total.brotli)}`);
const firstPass = total.brotli <= BUDGET_BROTLI;
console.log(`budget: first render brotli ≤ ${kb(BUDGET_BROTLI).trim()} … ${firstPass ? 'PASS' : 'FAIL'}`);
const refsDict = rows.filter((r) => r.file.startsWith('data/dict/'));
console.log(`\n${'dictionaries (on first use of another script)'.padEnd(56)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}`);
for (const r of dicts) console.log(`${r.file.replace('data/dict/', '').padEnd(56)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}`);
console.log(`${'total'.padEnd(56)}${kb(dictTotal.raw)}${kb(dictTotal.gzip)}${kb(dictTotal.brotli)}`);
const dictPass = dictTotal.brotli <= BUDGET_DICT_BROTLI && refsDict.length === 0;
console.log(`budget: dictionaries brotli ≤ ${kb(BUDGET_DICT_BROTLI).trim()}, none on the first-render path … ${dictPass ? 'PASS' : 'FAIL'}`);
const pass = firstPass && dictPass;

const out = join(dirname(dist), 'size-report.json');
writeFileSync(out, JSON.stringify({
  first_render: { files: rows, total, budget_brotli: BUDGET_BROTLI, pass: firstPass },
  dictionaries: { files: dicts, total: dictTotal, budget_brotli: BUDGET_DICT_BROTLI, pass: dictPass },
  pass,
}, null, 2) + '\n');
console.log(`written to ${out}`);
if (!pass) process.exit(1);
