// Starts the app from a file rather than the inline script trunk would write, so the content
// security policy can forbid inline scripts. trunk fills in the data attributes (Trunk.toml,
// `pattern_script`) with the hashed names of this release's files.
//
// Meanwhile it asks for the data the first view needs — the catalog and, for a link to a
// collection or an article, that collection's bundle — while the wasm downloads rather than
// after it: src/loader.rs takes these responses (`wenjiPrefetched`) instead of asking again.
const prefetched = new Map();
// URLs the app has asked for: a prefetch that would arrive after the app fetched for itself is
// not made, and so can never answer a later retry with an old failure.
const asked = new Set();
const TIMEOUT_MS = 20000; // as src/loader.rs
const MAX_BYTES = 4 * 1024 * 1024; // as MAX_DOCUMENT_BYTES in src/model.rs
// Prefetches serve the first view only: one left unused this long (the reader went elsewhere
// first) would be old data by the time it was wanted.
const FRESH_MS = 30000;
const started = Date.now();

function prefetch(url) {
  if (asked.has(url)) return undefined;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  // Body and all within the time limit, as the app's own requests are: a response whose body
  // stalls ends as a timeout, not a wait without end. An over-long body is left to the app to
  // refuse from its declared length.
  const response = fetch(url, { cache: 'no-cache', signal: controller.signal })
    .then(async (r) => {
      if (Number(r.headers.get('content-length')) > MAX_BYTES) return r;
      const body = await r.arrayBuffer();
      return new Response(body, { status: r.status, statusText: r.statusText, headers: r.headers });
    })
    .finally(() => clearTimeout(timer));
  // Handled here too, so a failure nobody takes is not an unhandled rejection (boot.js).
  response.catch(() => {});
  prefetched.set(url, response);
  return response;
}

/** The prefetched response for `url` (relative to the page), once; `undefined` if none. A URL
 *  asked for a second time (a retry) ends prefetching: no old answer is ever given again. */
window.wenjiPrefetched = (url) => {
  const href = new URL(url, document.baseURI).href;
  if (asked.has(href) || Date.now() - started > FRESH_MS) prefetched.clear();
  asked.add(href);
  const response = prefetched.get(href);
  prefetched.delete(href);
  return response;
};

try {
  const data = new URL('data/', document.baseURI);
  const catalog = prefetch(new URL('catalog.json', data).href);
  const wanted = new URLSearchParams(location.search).get('c');
  catalog
    .then((response) => (wanted && response.ok ? response.clone().json() : null))
    .then((json) => {
      const entry = json?.collections?.find?.((c) => c.id === wanted);
      for (const part of entry?.parts ?? []) {
        if (typeof part.href === 'string' && !part.href.includes('..')) prefetch(new URL(part.href, data).href);
      }
    })
    // A failure here is the app's to report, when it asks for the same data.
    .catch(() => {});
} catch {
  // No URL or fetch support: the app fetches everything itself.
}

// Without WebAssembly there is nothing to start: boot.js shows its notice, and nothing here
// throws an uncaught error on the way.
if (typeof WebAssembly === 'object') {
  const tag = document.querySelector('script[data-wasm]');
  const bindings = await import(tag.dataset.js);
  const wasm = await bindings.default({ module_or_path: tag.dataset.wasm });
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
}
