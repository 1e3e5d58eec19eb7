// Names the app's parts loaded on first use (reading aloud: trunk builds it as a "worker", whose
// files keep fixed names, wenji-speech.js and wenji-speech_bg.wasm) by their content, as trunk
// names the app's own files, and writes the names on the start.js script tag of the shell
// (data-speech-js, data-speech-wasm), where start.js's `wenjiLoad` finds them. Fixed names would
// let a page of one release load another release's part from a cache; hashed ones are cached for
// a year like the rest of the app. Runs in trunk's post_build hook, before `wenji build` reads the
// shell (Trunk.toml).
//
//   node scripts/name-parts.mjs <staging-or-dist-dir>
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/name-parts.mjs <dir>');
  process.exit(2);
}
const PARTS = { speech: 'wenji-speech' };

const shellPath = join(dir, 'index.html');
let shell = readFileSync(shellPath, 'utf8');
const tag = shell.match(/<script\b[^>]*\bstart\.js\b[^>]*>/)?.[0];
if (!tag) throw new Error(`${shellPath} has no start.js script tag`);
// The app's files' folder, as the tag names them (`/wenji/` under a sub-path).
const base = tag.match(/\bsrc=["']?([^"'\s>]*?)start\.js/)?.[1] ?? '';
let attributes = '';
for (const [key, name] of Object.entries(PARTS)) {
  for (const [suffix, ext] of [['', '.js'], ['_bg', '.wasm']]) {
    const file = `${name}${suffix}${ext}`;
    if (!existsSync(join(dir, file))) throw new Error(`${dir} has no ${file}: did trunk build ${name}?`);
    const hash = createHash('sha256').update(readFileSync(join(dir, file))).digest('hex').slice(0, 16);
    const named = `${name}-${hash}${suffix}${ext}`;
    renameSync(join(dir, file), join(dir, named));
    attributes += ` data-${key}-${ext.slice(1)}="${base}${named}"`;
  }
}
shell = shell.replace(tag, tag.replace(/\s*\/?>$/, `${attributes}>`));
writeFileSync(shellPath, shell);
console.log(`named by content: ${attributes.trim()}`);
