// Runs in the <head> of every prerendered page, before anything is painted. A classic script, so
// every browser runs it; the page reads and navigates without it.
//
// 1. Old links (`?c=<collection>&a=<article>`, from the first release's single page) go to
//    their page's address.
// 2. A reader who chose another script (or whose link says `v=…`, or whose browser asks for
//    Chinese in another script) is taken to this page in that script before this one shows:
//    every page exists in 简体, 繁體, 臺灣 and 香港 (src/route.rs), so the first frame is right.
// 3. The reader's text size, theme, line spacing, width and font go on <html>, so nothing
//    flashes (the app keeps them in sync afterwards; names and defaults as in src/settings.rs).
(function () {
  var root = document.documentElement;
  var here = root.getAttribute('data-variant');
  var VARIANTS = { hans: 1, hant: 1, tw: 1, hk: 1 };
  var ID = /^[a-z0-9-]{1,64}$/;

  function stored(key) {
    try {
      return localStorage.getItem('wenji.' + key);
    } catch (e) {
      return null; // Storage forbidden (private mode, some in-app views): defaults.
    }
  }
  function param(name) {
    var m = new RegExp('(?:^|[?&])' + name + '=([^&#]*)').exec(location.search);
    if (!m) return null;
    try {
      return decodeURIComponent(m[1].replace(/\+/g, ' '));
    } catch (e) {
      return null; // Broken percent-encoding: as if absent.
    }
  }
  /** The variant a browser language tag asks for, if it is Chinese (as Variant::from_language). */
  function fromLanguage(tag) {
    var parts = String(tag).toLowerCase().split(/[-_]/);
    if (parts[0] !== 'zh') return null;
    var has = function (p) { return parts.indexOf(p, 1) > 0; };
    if (has('tw')) return 'tw';
    if (has('hk') || has('mo')) return 'hk';
    if (has('hant')) return 'hant';
    return 'hans';
  }

  var base = root.getAttribute('data-root') || '';
  /** Leaves for `href` before this page shows: the rest of it may still be parsed while the
   *  next one loads, and must not flash by. */
  function go(href) {
    root.style.display = 'none';
    location.replace(href);
  }
  var linked = param('v');
  if (!VARIANTS[linked]) linked = null;

  // 1. An old link on the old single page, which is now the catalog.
  var c = param('c');
  if (root.getAttribute('data-page') === 'catalog' && c && ID.test(c)) {
    var a = param('a');
    var target = base + c + '/' + (a && ID.test(a) ? a + '/' : '') + (linked ? '?v=' + linked : '');
    go(target + location.hash);
    return;
  }

  // 2. The reader's script.
  if (here && VARIANTS[here]) {
    var wanted = linked || stored('variant');
    if (!VARIANTS[wanted]) {
      wanted = null;
      var languages = navigator.languages || [navigator.language];
      for (var i = 0; i < languages.length && !wanted; i++) wanted = fromLanguage(languages[i]);
    }
    if (wanted && wanted !== here) {
      var native = root.getAttribute('data-native');
      var path = root.getAttribute('data-path') || '';
      var page = root.getAttribute('data-page') === 'not-found' ? null : path;
      if (page !== null && /^[a-z0-9\/-]*$/.test(path)) {
        // A link's `v=` goes along: without it the next page would fall back to the saved
        // choice or the browser's language, and leave the script the link asked for.
        go(base + (wanted === native ? '' : wanted + '/') + path + (linked ? '?v=' + linked : '') + location.hash);
        return;
      }
    }
    // Following the switch saves the choice for every page after, and takes the place of this
    // page in the history: Back then leaves the page, rather than landing on this script's copy
    // only to be sent on to the chosen one again.
    document.addEventListener('click', function (event) {
      var link = event.target && event.target.closest && event.target.closest('a[data-variant]');
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      try {
        localStorage.setItem('wenji.variant', link.getAttribute('data-variant'));
      } catch (e) {
        // Not kept: the link still shows the page in that script.
      }
      event.preventDefault();
      location.replace(link.href);
    });
  }

  // 3. Reading settings.
  var size = stored('text-size');
  if (size && /^[0-9]{2,3}$/.test(size)) {
    root.style.setProperty('--reader-scale', String(size / 100));
  }
  var defaults = { theme: 'system', leading: 'normal', measure: 'normal', font: 'sans' };
  for (var name in defaults) {
    var value = stored(name);
    if (value && value !== defaults[name] && /^[a-z]+$/.test(value)) {
      root.setAttribute('data-' + name, value);
    }
  }

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
})();
