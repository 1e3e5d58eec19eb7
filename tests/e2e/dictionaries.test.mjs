// Conversion dictionaries are fetched only where the reader's script needs them: what a cold load
// really requests, counted in Chromium, not what index.html names.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PROFILES, SEED, articleQuery, newContext, serverAndBrowser } from './harness.mjs';

const T = { timeout: 60_000 };
const env = serverAndBrowser({ before, after });

const VIEWS = [
  ['home', ''],
  ['collection', `?c=${SEED.collection}`],
  ['article', articleQuery()],
];

/** The dictionary files (not their manifest) a cold load of `path` requests, once it shows its
 *  title and the network is idle. */
async function dictionariesRequested(path, options = {}) {
  const context = await newContext(env.browser, { ...PROFILES[0].context, serviceWorkers: 'block', ...options });
  const page = await context.newPage();
  const asked = [];
  page.on('request', (r) => { if (/\/data\/dict\/.+\.txt$/.test(r.url())) asked.push(r.url().split('/data/dict/')[1]); });
  await page.goto(env.server.url(path), { waitUntil: 'networkidle' });
  await page.getByRole('heading', { level: 1 }).waitFor();
  await context.close();
  return asked;
}

describe('dictionaries on a cold load', () => {
  for (const [view, path] of VIEWS) {
    test(`${view} in the stored script (繁體) requests none`, T, async () => {
      // Both ways the stored script is chosen: by the link, and by default in a fresh browser.
      assert.deepEqual(await dictionariesRequested(`${path}${path ? '&' : '?'}v=hant`), []);
      assert.deepEqual(await dictionariesRequested(path, { locale: 'en-US' }), []);
    });

    test(`${view} in 简体 requests the Traditional→Simplified ones (the count above can see them)`, T, async () => {
      const asked = await dictionariesRequested(`${path}${path ? '&' : '?'}v=hans`);
      assert.ok(asked.some((f) => f.startsWith('TSCharacters.')), `t2s dictionaries requested: ${asked.join(' ')}`);
      assert.ok(!asked.some((f) => f.startsWith('TWPhrases')), `nothing 臺灣 needs: ${asked.join(' ')}`);
      assert.equal(new Set(asked).size, asked.length, `each fetched once: ${asked.join(' ')}`);
    });
  }
});
