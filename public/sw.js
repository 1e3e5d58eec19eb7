// Wenji's service worker: offline reading and atomic updates.
//
// Every page is a prerendered file of its own: pages are fetched from the network first (so a
// reader online always gets the current text) and kept as read; offline, the kept copy answers,
// and a page never read or saved gets a plain sentence saying so.
//
// The build fills in the two @generated lines (scripts/precache.mjs, a trunk post_build hook):
// the release's version and its hashed app files. Any change to the app changes this file, which
// is how browsers notice an update. The app works without this worker (WeChat on iOS has none).

const VERSION = 'development'; // @generated
const PRECACHE = []; // @generated

const APP_PREFIX = 'wenji-app-';
const APP_CACHE = APP_PREFIX + VERSION;
const DATA_CACHE = 'wenji-data-v1';
const PAGE_CACHE = 'wenji-pages-v1';
/** A page the network has not answered in this long comes from the kept copy, if there is one. */
const PAGE_TIMEOUT_MS = 4000;
const DICT_CACHE = 'wenji-dict-v1';
const IMAGE_CACHE = 'wenji-images-v1';
/** The search index's files and articles' texts, named by content (or by the index's version):
 *  kept once fetched, so a query asked before, or over saved collections, works offline. */
const SEARCH_CACHE = 'wenji-search-v1';
/** Images are kept cache-first up to this many; the oldest go first. */
const IMAGE_LIMIT = 200;

const scope = new URL(self.registration.scope);
const inScope = (path) => new URL(path, scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const first = await replacesFirstRelease();
    // All or nothing: if any file fails, this version does not install and the old one stays.
    const cache = await caches.open(APP_CACHE);
    await cache.addAll(PRECACHE.map((path) => new Request(inScope(path), { cache: 'reload' })));
    // The first release answers every address with its one app page, which cannot show this
    // release's addresses or data, and its page registers no worker at a path address: nothing
    // would ever apply this update. It takes over at once instead of waiting for the reader.
    if (first) await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const first = await replacesFirstRelease();
    await Promise.all([
      removeOldVersions(first),
      // The page request starts while the worker boots (half a second on a slow phone).
      self.registration.navigationPreload?.enable().catch(() => {}),
    ]);
    await self.clients.claim();
    // Pages the first release's worker answered load again, as this release's pages.
    if (first) {
      for (const client of await self.clients.matchAll({ type: 'window' })) {
        client.navigate?.(client.url)?.catch(() => {});
      }
    }
  })());
});

/** Whether the worker this one replaces is the first release's: its app cache holds the one app
 *  page (index.html) it answered every navigation with. Later releases keep pages apart. */
async function replacesFirstRelease() {
  for (const name of await caches.keys()) {
    if (!name.startsWith(APP_PREFIX) || name === APP_CACHE) continue;
    if (await (await caches.open(name)).match(inScope('index.html'))) return true;
  }
  return false;
}

// Keeps the previous version's cache too: a tab still running it, or a kept page written for it,
// may yet need a file from it. Anything older goes. Caches of the first release (schema 1: one
// app page and whole-collection bundles) hold nothing the pages can use: they go too, and the
// reader saves a collection again.
async function removeOldVersions(first) {
  const keys = await caches.keys();
  const versions = keys.filter((k) => k.startsWith(APP_PREFIX) && k !== APP_CACHE);
  const old = first ? [...versions, DATA_CACHE] : versions.slice(0, -1);
  await Promise.all(old.map((k) => caches.delete(k)));
}

self.addEventListener('message', (event) => {
  const message = event.data ?? {};
  if (message.type === 'skip-waiting') {
    event.waitUntil(self.skipWaiting());
  } else if (message.type === 'save') {
    event.waitUntil(save(event.source, message));
  } else if (message.type === 'keep') {
    event.waitUntil(keep(message.urls ?? [], event.source?.url));
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;

  if (request.mode === 'navigate') {
    event.respondWith(page(event));
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
  } else if (path === 'search/index.json') {
    // Which index is current: from the network when there is one.
    event.respondWith(networkFirst(request, event));
  } else if (path.startsWith('search/') && !path.endsWith('/') && !path.endsWith('.html')) {
    event.respondWith(cacheFirst(request, SEARCH_CACHE));
  } else if (path.endsWith('.html') || path.endsWith('/') || path === '') {
    event.respondWith(networkFirst(request, event));
  } else {
    event.respondWith(appFile(request));
  }
});

/** A page: the network's copy, kept; else the kept one; else a sentence that it is not kept. */
async function page(event) {
  const response = await networkFirst(event.request, event, event.preloadResponse);
  return response ?? notKept(event.request);
}

/** The network's answer, kept for offline, or the kept copy when the network fails or is slow.
 *  The query string (WeChat's `from=…`, an old link's `v=`) never makes a page another one. */
async function networkFirst(request, event, preload) {
  const cache = await caches.open(PAGE_CACHE);
  const key = pageKey(request.url);
  const network = (async () => {
    const response = (await preload) ?? (await fetch(request));
    if (response.ok && response.type === 'basic') {
      event.waitUntil(putQuietly(cache, key, response.clone()));
    }
    return response;
  })();
  network.catch(() => {});
  let timer;
  const slow = new Promise((resolve) => { timer = setTimeout(resolve, PAGE_TIMEOUT_MS); });
  try {
    const first = await Promise.race([network, slow]);
    if (first) return first;
    // The network is slow: a kept copy now, else wait for the network after all.
    return (await cache.match(key)) ?? (await network);
  } catch {
    return cache.match(key);
  } finally {
    clearTimeout(timer);
  }
}

/** Pages are kept by address without query, as `…/` (never `…/index.html`). */
function pageKey(url) {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  if (u.pathname.endsWith('/index.html')) u.pathname = u.pathname.slice(0, -'index.html'.length);
  return u.href;
}

function notKept(request) {
  const home = scope.href;
  const body = `<!doctype html><html lang="zh-Hant"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>文集：離線</title><main><h1>目前離線</h1><p>这一页还没有保存在手机上。這一頁還沒有保存在手機上。</p><p>已打開和已保存的文章仍可閱讀：<a href="${home}">文集目錄</a></p></main></html>`;
  return new Response(body, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

/** An app file of this version, or of the previous one a kept page may still name. */
async function appFile(request) {
  for (const name of (await caches.keys()).filter((k) => k.startsWith(APP_PREFIX)).reverse()) {
    const cached = await caches.match(request, { cacheName: name, ignoreSearch: true });
    if (cached) return cached;
  }
  return fetch(request);
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

/** Answers from the cache at once and refreshes it. */
async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(DATA_CACHE);
  const cached = await cache.match(request);
  const refreshed = fetch(request).then(async (response) => {
    if (response.ok) await putQuietly(cache, request, response.clone());
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

/** Which runtime cache a URL belongs in (the fetch handler looks there). */
function cacheFor(url) {
  const path = new URL(url).pathname.slice(scope.pathname.length);
  if (path.startsWith('search/') && !path.endsWith('/') && !path.endsWith('.html')) {
    return path === 'search/index.json' ? PAGE_CACHE : SEARCH_CACHE;
  }
  if (!path.startsWith('data/')) return PAGE_CACHE;
  if (path.startsWith('data/dict/') && path !== 'data/dict/manifest.json') return DICT_CACHE;
  if (/\.(jpe?g|png|webp|gif|avif)$/i.test(path)) return IMAGE_CACHE;
  return DATA_CACHE;
}

/** A URL a page sent, as the page meant it: relative to the page (which may be in any folder of
 *  the site), or null if it is not in the site. */
function fromPage(path, page) {
  try {
    const url = new URL(path, page ?? scope.href).href;
    return url.startsWith(scope.href) ? url : null;
  } catch {
    return null;
  }
}

/** Data the page loaded before this worker controlled it: cached if not cached yet. */
async function keep(urls, page) {
  for (const path of urls) {
    const href = fromPage(path, page);
    if (!href) continue;
    const url = cacheFor(href) === PAGE_CACHE ? pageKey(href) : href;
    const cache = await caches.open(cacheFor(url));
    if (await cache.match(url)) continue;
    try {
      const response = await fetch(url);
      if (response.ok) await putQuietly(cache, url, response);
    } catch {
      // Offline again already: nothing to keep.
    }
  }
}

/** "Save for offline": fetches every file of a collection (its pages in the reader's script, its
 *  index and photos) into the caches, reporting progress. The URLs are relative to the page
 *  that asks; one outside the site fails the save (nothing is fetched from elsewhere). */
async function save(client, { id, urls }) {
  const report = (message) => client?.postMessage({ type: 'save-progress', id, ...message });
  let bytes = 0;
  const resolved = urls.map((u) => fromPage(u, client?.url));
  if (resolved.includes(null)) {
    report({ state: 'failed', done: 0, total: urls.length, bytes, error: 'NotInSiteError' });
    return;
  }
  const all = [...new Set(resolved)];
  for (const [done, url] of all.entries()) {
    try {
      const name = cacheFor(url);
      const cache = await caches.open(name);
      const response = await fetch(url, { cache: 'no-cache' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      await cache.put(name === PAGE_CACHE ? pageKey(url) : url, response.clone());
      bytes += (await response.arrayBuffer()).byteLength;
    } catch (error) {
      report({ state: 'failed', done, total: all.length, bytes, error: error?.name ?? String(error) });
      return;
    }
    report({ state: 'saving', done: done + 1, total: all.length, bytes });
  }
  report({ state: 'saved', done: all.length, total: all.length, bytes });
}
