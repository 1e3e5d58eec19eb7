// Renders the icon artwork (public/icons/*.svg) to the PNG sizes the manifest and iOS need, in
// headless Chromium. Run after changing the artwork; the PNGs are committed.
//
//   node scripts/render-icons.mjs
import { readFileSync } from 'node:fs';
import { launch } from '../tests/e2e/harness.mjs';

const jobs = [
  // The PNG favicon, for browsers without SVG favicons: small, since every page load may fetch it.
  ['wenji.svg', 48, 'icon-48.png'],
  ['wenji.svg', 192, 'icon-192.png'],
  ['wenji.svg', 512, 'icon-512.png'],
  ['wenji-maskable.svg', 192, 'maskable-192.png'],
  ['wenji-maskable.svg', 512, 'maskable-512.png'],
  // iOS rounds the corners itself: give it the full-bleed square.
  ['wenji-maskable.svg', 180, 'apple-touch-icon.png'],
];
const browser = await launch();
for (const [svg, size, png] of jobs) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const markup = readFileSync(new URL(`../public/icons/${svg}`, import.meta.url), 'utf8');
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${markup}`);
  await page.screenshot({ path: new URL(`../public/icons/${png}`, import.meta.url).pathname, omitBackground: true });
  await page.close();
}
await browser.close();
console.log(`rendered ${jobs.length} icons`);
