// Lighthouse 12.2.3 (mobile, its default) on the article view of the release build, served
// under /wenji/. Prints the category scores and the failed audits; writes the report JSON to
// target/lighthouse.json.
//
//   node scripts/lighthouse.mjs [dist-dir]     (default target/e2e/dist, made by scripts/test.sh)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

process.env.WENJI_DIST = resolve(process.argv[2] ?? 'target/e2e/dist');
const { startServer, articleQuery } = await import('../tests/e2e/harness.mjs');
const server = await startServer(undefined, undefined, { production: true });
const out = resolve('target/lighthouse.json');
try {
  // Asynchronous: this process also serves the pages Lighthouse loads.
  const run = spawn('node_modules/.bin/lighthouse', [
    server.url(articleQuery()),
    '--only-categories=performance,accessibility,best-practices',
    '--output=json', `--output-path=${out}`, '--quiet',
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync',
  ], { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? '/usr/bin/chromium' }, stdio: 'inherit' });
  const code = await new Promise((done) => run.on('exit', done));
  if (code !== 0) throw new Error(`lighthouse exited with ${code}`);
} finally {
  await server.close();
}
const report = JSON.parse(readFileSync(out, 'utf8'));
for (const [id, category] of Object.entries(report.categories)) {
  console.log(`${id.padEnd(16)} ${Math.round(category.score * 100)}`);
  for (const ref of category.auditRefs) {
    const audit = report.audits[ref.id];
    if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
      console.log(`  ${audit.id}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
    }
  }
}
