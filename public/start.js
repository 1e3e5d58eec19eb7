// Starts the app from a file rather than the inline script trunk would write, so the content
// security policy can forbid inline scripts. trunk fills in the data attributes (Trunk.toml,
// `pattern_script`) with the hashed names of this release's files.
//
// The page is complete without it: a module script runs after the page is parsed, so the app
// (the reading settings, saving for offline, the notices) loads while the reader already reads.
// Without WebAssembly there is nothing to start, and nothing here throws on the way.
// If the app cannot start (no WebAssembly, or its files fail to load), `<html data-no-app>`
// hides the controls that would need it (style/components.css); the page reads on.
try {
  if (typeof WebAssembly !== 'object') throw new Error('no WebAssembly');
  const tag = document.querySelector('script[data-wasm]');
  const bindings = await import(tag.dataset.js);
  const wasm = await bindings.default({ module_or_path: tag.dataset.wasm });
  window.wasmBindings = bindings;
  // Parts of the app loaded on first use (reading aloud: `speech`), named by content on this tag
  // by the build (scripts/name-parts.mjs). A failed import is remembered by some browsers for
  // the page's life, so a retry asks for the same files under another query.
  let tries = 0;
  window.wenjiLoad = async (part) => {
    const again = tries++ ? `?r=${tries}` : '';
    const js = tag.dataset[`${part}Js`];
    const wasm = tag.dataset[`${part}Wasm`];
    if (!js || !wasm) throw new Error(`no ${part} in this build`);
    const loaded = await import(new URL(js + again, location.href).href);
    await loaded.default({ module_or_path: new URL(wasm + again, location.href).href });
  };
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
} catch (error) {
  document.documentElement.setAttribute('data-no-app', '');
  console.warn('Wenji: the app did not start; the page reads on without it.', error);
}
