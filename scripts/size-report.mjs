// The size part of the benchmark, cheap enough for every CI run: prints, for the seed article's
// page, what must arrive before its text shows and the app that loads after, and the
// dictionaries (scripts/lib/sizes.mjs); writes them as JSON beside the site; and fails over budget
// (text's critical path ≤ 30 KB gzip, app ≤ 200 KB brotli, dictionaries ≤ 400 KB and named by no
// page), so a size regression fails the build.
//
//   node scripts/size-report.mjs [dist-dir]
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { sizes, sizeTable } from './lib/sizes.mjs';

const dist = process.argv[2] ?? 'dist';
const report = sizes(dist);
console.log(sizeTable(report));
const pass = report.critical.pass && report.first_render.pass && report.dictionaries.pass;
const out = join(dirname(dist), 'size-report.json');
writeFileSync(out, JSON.stringify({ ...report, pass }, null, 2) + '\n');
console.log(`written to ${out}`);
if (!pass) process.exit(1);
