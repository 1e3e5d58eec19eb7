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
  // Parts of the app loaded on first use (reading aloud): trunk writes each as <name>.js and
  // <name>_bg.wasm beside the app's files.
  const base = new URL('.', new URL(tag.dataset.js, location.href));
  window.wenjiLoad = async (name) => {
    const part = await import(new URL(`${name}.js`, base).href);
    await part.default({ module_or_path: new URL(`${name}_bg.wasm`, base).href });
  };
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
} catch (error) {
  document.documentElement.setAttribute('data-no-app', '');
  console.warn('Wenji: the app did not start; the page reads on without it.', error);
}
