// Wenji's service worker: offline reading and atomic updates.
//
// The build fills in the two @generated lines (scripts/precache.mjs, a trunk post_build hook):
// the release's version and its hashed app files. Any change to the app changes this file, which
// is how browsers notice an update. The app works without this worker (WeChat on iOS has none).

const VERSION = 'development'; // @generated
const PRECACHE = []; // @generated

const APP_PREFIX = 'wenji-app-';
const APP_CACHE = APP_PREFIX + VERSION;
const DATA_CACHE = 'wenji-data-v1';
const DICT_CACHE = 'wenji-dict-v1';
const IMAGE_CACHE = 'wenji-images-v1';
/** Images are kept cache-first up to this many; the oldest go first. */
const IMAGE_LIMIT = 200;

const scope = new URL(self.registration.scope);
const inScope = (path) => new URL(path, scope).href;
const APP_PAGE = inScope('index.html');

self.addEventListener('install', (event) => {
  // All or nothing: if any file fails, this version does not install and the old one stays.
  event.waitUntil(
    caches.open(APP_CACHE).then((cache) =>
      cache.addAll(PRECACHE.map((path) => new Request(inScope(path), { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(removeOldVersions().then(() => self.clients.claim()));
});

// Keeps the previous version's cache too: a tab still running it may yet need a file from it.
// Anything older has no page left.
async function removeOldVersions() {
  const versions = (await caches.keys()).filter((k) => k.startsWith(APP_PREFIX) && k !== APP_CACHE);
  await Promise.all(versions.slice(0, -1).map((k) => caches.delete(k)));
}

self.addEventListener('message', (event) => {
  const message = event.data ?? {};
  if (message.type === 'skip-waiting') {
    event.waitUntil(self.skipWaiting());
  } else if (message.type === 'save') {
    event.waitUntil(save(event.source, message));
  } else if (message.type === 'keep') {
    event.waitUntil(keep(message.urls ?? []));
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;

  if (request.mode === 'navigate') {
    // Every view is the one page with a query string: the cached page answers any deep link.
    event.respondWith(appPage(request));
    return;
  }
  const path = url.pathname.slice(scope.pathname.length);
  // Dictionaries are named by their content hash: cache-first forever. Their manifest is data.
  if (path.startsWith('data/dict/') && path !== 'data/dict/manifest.json') {
    event.respondWith(cacheFirst(request, DICT_CACHE));
  } else if (path.startsWith('data/')) {
    if (/\.(jpe?g|png|webp|gif|avif)$/i.test(path)) {
      event.respondWith(cacheFirst(request, IMAGE_CACHE, trimImages));
    } else {
      event.respondWith(staleWhileRevalidate(event, request));
    }
  } else {
    event.respondWith(appFile(request));
  }
});

async function appPage(request) {
  const cache = await caches.open(APP_CACHE);
  const cached = await cache.match(APP_PAGE);
  if (cached) return cached;
  return fetch(request);
}

async function appFile(request) {
  const cached = await caches.match(request, { cacheName: APP_CACHE, ignoreSearch: true });
  return cached ?? fetch(request);
}

async function cacheFirst(request, cacheName, afterPut) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    await putQuietly(cache, request, response.clone());
    if (afterPut) await afterPut(cache);
  }
  return response;
}

/** Answers from the cache at once and refreshes it; pages are told when the data changed. */
async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(DATA_CACHE);
  const cached = await cache.match(request);
  // Cloned now: the original goes to the page, and a used body cannot be cloned later.
  const cachedText = cached?.clone().text();
  const refreshed = fetch(request).then(async (response) => {
    if (response.ok) {
      const changed = cachedText && (await cachedText) !== (await response.clone().text());
      await putQuietly(cache, request, response.clone());
      if (changed) await tellPages({ type: 'data-updated', url: request.url });
    }
    return response;
  });
  if (cached) {
    event.waitUntil(refreshed.catch(() => {}));
    return cached;
  }
  return refreshed;
}

/** A full quota must not break reading: the response is still served, only not kept. */
async function putQuietly(cache, request, response) {
  try {
    await cache.put(request, response);
    return true;
  } catch (error) {
    await tellPages({ type: 'storage-error', name: error?.name ?? 'Error' });
    return false;
  }
}

async function trimImages(cache) {
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - IMAGE_LIMIT)).map((k) => cache.delete(k)));
}

async function tellPages(message) {
  for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage(message);
}

/** Which runtime cache a data URL belongs in (the fetch handler looks there). */
function cacheFor(url) {
  const path = new URL(url).pathname.slice(scope.pathname.length);
  if (path.startsWith('data/dict/') && path !== 'data/dict/manifest.json') return DICT_CACHE;
  if (/\.(jpe?g|png|webp|gif|avif)$/i.test(path)) return IMAGE_CACHE;
  return DATA_CACHE;
}

/** Data the page loaded before this worker controlled it: cached if not cached yet. */
async function keep(urls) {
  for (const path of urls) {
    const url = inScope(path);
    const cache = await caches.open(cacheFor(url));
    if (!url.startsWith(scope.href) || (await cache.match(url))) continue;
    try {
      const response = await fetch(url);
      if (response.ok) await putQuietly(cache, url, response);
    } catch {
      // Offline again already: nothing to keep.
    }
  }
}

/** "Save for offline": fetches every file of a collection into the caches, reporting progress,
 *  and every conversion dictionary with their manifest, so the reader can switch script offline
 *  too (they are shared by all collections and kept cache-first, so only the first save costs). */
async function save(client, { id, urls }) {
  const report = (message) => client?.postMessage({ type: 'save-progress', id, ...message });
  let bytes = 0;
  let all = urls;
  try {
    const manifest = inScope('data/dict/manifest.json');
    all = [...new Set([...urls.filter((u) => inScope(u) !== manifest), ...(await dictionaryFiles())])];
  } catch (error) {
    report({ state: 'failed', done: 0, total: urls.length, bytes, error: error?.name ?? String(error) });
    return;
  }
  for (const [done, path] of all.entries()) {
    const url = inScope(path);
    try {
      const dictionary = cacheFor(url) === DICT_CACHE;
      const cache = await caches.open(cacheFor(url));
      // Hash-named dictionaries never change: one already kept is not fetched again.
      let response = dictionary ? await cache.match(url) : undefined;
      if (!response) {
        response = await fetch(url, { cache: 'no-cache' });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        await cache.put(url, response.clone());
      }
      // The size shown is the collection's own, as the catalog states it after a reload; the
      // shared dictionaries are not counted against it.
      if (!dictionary) bytes += (await response.arrayBuffer()).byteLength;
    } catch (error) {
      report({ state: 'failed', done, total: all.length, bytes, error: error?.name ?? String(error) });
      return;
    }
    report({ state: 'saving', done: done + 1, total: all.length, bytes });
  }
  report({ state: 'saved', done: all.length, total: all.length, bytes });
}

/** Every dictionary file the manifest lists, as paths inside the scope; the manifest itself is
 *  kept as read, so it names exactly the files saved with it. */
async function dictionaryFiles() {
  const manifest = inScope('data/dict/manifest.json');
  const response = await fetch(manifest, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  await (await caches.open(DATA_CACHE)).put(manifest, response.clone());
  const { dicts } = await response.json();
  return Object.values(dicts).map(({ href }) => `data/dict/${href}`);
}
