// Writes the release's version and app-file list into sw.js (trunk post_build hook).
// The list comes from the hashed build output, never by hand; the prerendered pages (*.html) and
// the content data (data/) are cached at run time instead, as they are read or saved.
//
//   node scripts/precache.mjs <staging-or-dist-dir>
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/precache.mjs <dir>');
  process.exit(2);
}

// Data and the search index are fetched as they are needed (the service worker keeps them then),
// never all at install: a real site's would be many megabytes.
const RUNTIME = ['data/', 'search/'];
const files = [];
(function walk(d) {
  for (const name of readdirSync(d).sort()) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(relative(dir, path).split(sep).join('/'));
  }
})(dir);

const precache = files.filter(
  (f) => f !== 'sw.js' && !f.startsWith('.') && !f.endsWith('.html') && !RUNTIME.some((p) => f.startsWith(p)),
);
const hash = createHash('sha256');
for (const f of precache) hash.update(f).update('\0').update(readFileSync(join(dir, f)));
const version = hash.digest('hex').slice(0, 16);

const swPath = join(dir, 'sw.js');
let sw = readFileSync(swPath, 'utf8');
const set = (name, value) => {
  const re = new RegExp(`^const ${name} = .*; // @generated$`, 'm');
  if (!re.test(sw)) throw new Error(`sw.js has no generated ${name} line`);
  sw = sw.replace(re, `const ${name} = ${JSON.stringify(value)}; // @generated`);
};
set('VERSION', version);
set('PRECACHE', precache);
writeFileSync(swPath, sw);
console.log(`sw.js: version ${version}, ${precache.length} files precached`);
