// Runs before the app: if this browser cannot run it (no WebAssembly, or the app fails to start,
// as in old WeChat X5 cores and pre-2021 iOS), replace the loading note with a readable notice
// instead of leaving a blank page. A classic script, so even browsers without modules run it.
(function () {
  // WeChat's own font-size setting would multiply the reader's text-size control: keep WeChat at
  // its standard size (Android; on iOS, `text-size-adjust: 100%` in the CSS does the same).
  function standardWeChatFont() {
    var bridge = window.WeixinJSBridge;
    if (!bridge || !bridge.invoke) return;
    bridge.invoke('setFontSizeCallback', { fontSize: 0 });
    bridge.on('menu:setfont', function () { bridge.invoke('setFontSizeCallback', { fontSize: 0 }); });
  }
  if (window.WeixinJSBridge) standardWeChatFont();
  else document.addEventListener('WeixinJSBridgeReady', standardWeChatFont);

  // The reader's text size, theme, line spacing, width and font before the first paint, so
  // nothing flashes (the app keeps them in sync afterwards; names and defaults as in
  // src/settings.rs, where a default sets no attribute).
  try {
    var size = localStorage.getItem('wenji.text-size');
    if (size && /^[0-9]{2,3}$/.test(size)) {
      document.documentElement.style.setProperty('--reader-scale', String(size / 100));
    }
    var defaults = { theme: 'system', leading: 'normal', measure: 'normal', font: 'sans' };
    for (var name in defaults) {
      var value = localStorage.getItem('wenji.' + name);
      if (value && value !== defaults[name] && /^[a-z]+$/.test(value)) {
        document.documentElement.setAttribute('data-' + name, value);
      }
    }
  } catch (e) {
    // Storage forbidden (private mode, some in-app views): defaults.
  }

  var started = false;
  addEventListener('TrunkApplicationStarted', function () { started = true; });

  function fail() {
    if (started) return;
    var boot = document.getElementById('boot');
    var notice = document.getElementById('unsupported');
    if (!boot || !notice) return;
    boot.hidden = true;
    notice.hidden = false;
    var wechat = /MicroMessenger/i.test(navigator.userAgent);
    var hint = document.getElementById(wechat ? 'unsupported-wechat' : 'unsupported-browser');
    if (hint) hint.hidden = false;
  }

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    document.addEventListener('DOMContentLoaded', fail);
    return;
  }
  // The module that starts the app rejects if the wasm cannot be fetched or compiled.
  addEventListener('unhandledrejection', function () { setTimeout(fail, 0); });
  addEventListener('error', function (e) {
    if (e && e.filename && /\.js$/.test(e.filename)) setTimeout(fail, 0);
  });
  // A start that never comes (a stalled download on a dead network) ends the wait too.
  setTimeout(fail, 20000);
})();
