// Prints the first-render set of a built site (index.html and every file it references) raw,
// gzip -9 and brotli -q 11, writes it as JSON beside the site, and fails over budget.
//
//   node scripts/size-report.mjs [dist-dir]
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const BUDGET_BROTLI = 250 * 1024;
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

const rows = ['index.html', ...[...refs].sort()].map((file) => {
  const bytes = readFileSync(join(dist, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
});
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
  { raw: 0, gzip: 0, brotli: 0 });

const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
console.log(`${'first-render file'.padEnd(44)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}`);
for (const r of rows) console.log(`${r.file.padEnd(44)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}`);
console.log(`${'total'.padEnd(44)}${kb(total.raw)}${kb(total.gzip)}${kb(total.brotli)}`);
const pass = total.brotli <= BUDGET_BROTLI;
console.log(`budget: brotli ≤ ${kb(BUDGET_BROTLI).trim()} … ${pass ? 'PASS' : 'FAIL'}`);

const out = join(dirname(dist), 'size-report.json');
writeFileSync(out, JSON.stringify({ files: rows, total, budget_brotli: BUDGET_BROTLI, pass }, null, 2) + '\n');
console.log(`written to ${out}`);
if (!pass) process.exit(1);
