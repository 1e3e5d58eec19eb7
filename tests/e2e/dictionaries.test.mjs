// No page loads conversion dictionaries: every page is prerendered in every script. What a cold
// load really asks the server for is counted there (the page's requests and the service
// worker's alike), not what the HTML names.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PROFILES, SEED, articlePath, launch, newContext, startServer } from './harness.mjs';

const T = { timeout: 120_000 };

let server;
let browser;
/** Every path the server was asked for, in order. */
const asked = [];
before(async () => {
  server = await startServer(undefined, (path) => { asked.push(path); return false; });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const VARIANTS = { hant: '', hans: 'hans/', tw: 'tw/', hk: 'hk/' }; // the seed is Traditional
const KINDS = { catalog: '', collection: `${SEED.collection}/`, article: articlePath() };

/** What a cold load of `path` asks the server for, once its heading shows, it has loaded and
 *  the network is idle (the app started, and with `serviceWorkers`, the worker installed). */
async function coldLoad(path, { serviceWorkers = 'block', probe } = {}) {
  const context = await newContext(browser, { ...PROFILES[0].context, locale: 'en-US', serviceWorkers });
  const page = await context.newPage();
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', () => { window.appStarted = true; }));
  const from = asked.length;
  await page.goto(server.url(path));
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForFunction(() => window.appStarted, null, { timeout: 60_000 });
  if (serviceWorkers === 'allow') {
    await page.evaluate(() => navigator.serviceWorker.ready);
  }
  await page.waitForLoadState('networkidle');
  if (probe) await page.evaluate(probe);
  const requests = asked.slice(from);
  const variant = await page.locator('html').getAttribute('data-variant');
  await context.close();
  return { requests, variant };
}

const dictionaries = (requests) => requests.filter((p) => p.startsWith('data/dict/'));
const data = (requests) => requests.filter((p) => p.startsWith('data/'));

describe('dictionaries and data on a cold load', () => {
  for (const [variant, folder] of Object.entries(VARIANTS)) {
    for (const [kind, path] of Object.entries(KINDS)) {
      test(`${kind} in ${variant}: no dictionary${kind === 'article' ? ', no data file' : ''}, at its address or by v=`, T, async () => {
        for (const address of [`${folder}${path}`, `${path}?v=${variant}`]) {
          const { requests, variant: shown } = await coldLoad(address);
          assert.equal(shown, variant, `${address} shows ${variant}`);
          assert.ok(requests.some((p) => p.endsWith('.wasm')), `${address}: the count sees the app's own requests (${requests})`);
          assert.deepEqual(dictionaries(requests), [], `${address}: no dictionary (${requests})`);
          if (kind === 'article') assert.deepEqual(data(requests), [], `${address}: the article's first view asks for no data/ file`);
        }
      });
    }
  }

  test('with the service worker installing, no page’s first view fetches a dictionary either', T, async () => {
    for (const variant of ['hans', 'tw']) {
      for (const [kind, path] of Object.entries(KINDS)) {
        const { requests } = await coldLoad(`${VARIANTS[variant]}${path}`, { serviceWorkers: 'allow' });
        assert.ok(requests.includes('sw.js'), `${kind} in ${variant}: the worker was installed (${requests})`);
        assert.deepEqual(dictionaries(requests), [], `${kind} in ${variant}: no dictionary (${requests})`);
        if (kind === 'article') assert.deepEqual(data(requests), [], `${kind} in ${variant}: no data/ file (${requests})`);
      }
    }
  });

  test('the count would see a dictionary or a data file if the page asked for one', T, async () => {
    const { requests } = await coldLoad(articlePath(), {
      probe: async () => {
        const root = document.documentElement.dataset.root;
        await fetch(`${root}data/dict/manifest.json`);
        await fetch(`${root}data/catalog.json`);
      },
    });
    assert.deepEqual(data(requests), ['data/dict/manifest.json', 'data/catalog.json']);
    assert.deepEqual(dictionaries(requests), ['data/dict/manifest.json']);
  });
});
