// Lighthouse 12.2.3 (mobile, its default) on the seed article's page of the release build,
// served under /wenji/ with brotli as a CDN would. Prints the category scores and LCP and CLS
// against their thresholds (issue 12) and the failed audits; writes the report JSON to
// target/lighthouse.json; exits 1 when anything is short.
//
//   node scripts/lighthouse.mjs [dist-dir]     (default target/e2e/dist, made by scripts/test.sh)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

process.env.WENJI_DIST = resolve(process.argv[2] ?? 'target/e2e/dist');
const { startServer, articlePath } = await import('../tests/e2e/harness.mjs');
const server = await startServer(undefined, undefined, { production: true });
const out = resolve('target/lighthouse.json');
try {
  // Asynchronous: this process also serves the pages Lighthouse loads.
  const run = spawn('node_modules/.bin/lighthouse', [
    server.url(articlePath()),
    '--only-categories=performance,accessibility,best-practices,seo',
    '--output=json', `--output-path=${out}`, '--quiet',
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync',
  ], { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? '/usr/bin/chromium' }, stdio: 'inherit' });
  const code = await new Promise((done) => run.on('exit', done));
  if (code !== 0) throw new Error(`lighthouse exited with ${code}`);
} finally {
  await server.close();
}
/** The lowest score each category may have (docs/performance.md). */
const THRESHOLDS = { performance: 99, accessibility: 100, 'best-practices': 100, seo: 100 };
/** Largest contentful paint (ms) and cumulative layout shift, at most. */
const METRICS = { 'largest-contentful-paint': 1000, 'cumulative-layout-shift': 0.01 };
const report = JSON.parse(readFileSync(out, 'utf8'));
const short = [];
for (const [id, category] of Object.entries(report.categories)) {
  const score = Math.round(category.score * 100);
  const pass = score >= (THRESHOLDS[id] ?? 0);
  if (!pass) short.push(`${id} ${score} < ${THRESHOLDS[id]}`);
  console.log(`${id.padEnd(16)} ${String(score).padStart(3)}  (threshold ${THRESHOLDS[id] ?? '—'}: ${pass ? 'PASS' : 'FAIL'})`);
  for (const ref of category.auditRefs) {
    const audit = report.audits[ref.id];
    if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
      console.log(`  ${audit.id}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
    }
  }
}
for (const [id, limit] of Object.entries(METRICS)) {
  const value = report.audits[id]?.numericValue;
  const pass = value !== undefined && value <= limit;
  if (!pass) short.push(`${id} ${value} > ${limit}`);
  console.log(`${id.padEnd(26)} ${value === undefined ? '—' : Number(value.toFixed(3))}  (at most ${limit}: ${pass ? 'PASS' : 'FAIL'})`);
}
const missing = Object.keys(THRESHOLDS).filter((id) => !report.categories[id]);
if (missing.length) short.push(`no score for ${missing.join(', ')}`);
if (short.length) {
  console.error(`Lighthouse below its thresholds: ${short.join('; ')}`);
  process.exit(1);
}
