//! The 朗讀 control as the app starts it: the buttons the build wrote into the page, shown where
//! the browser can speak, and nothing more of reading aloud.
//!
//! Reading aloud itself (the player, the bar, the voices, the marks) is a second wasm,
//! `wenji-speech` (src/speech_main.rs), that trunk builds beside the app and that is loaded on
//! the first tap, never with the page (issue 14: ≤ 6 KB on the first render, or loaded on first
//! use); the service worker fetches it in the background with the app's files, for offline. This part is plain DOM calls on the prerendered markup, not
//! a view, for the same bytes (docs/performance.md). The tap itself says one empty utterance:
//! iOS speaks only after a `speak()` inside a tap, and the loaded part's first real `speak()`
//! comes after its download.
//!
//! What the loaded part needs from here it finds on the island: the pronunciation list
//! (`data-say`, written by the build) and what was tapped (`data-start`: `resume` or `0`).

use std::cell::Cell;

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::{document, window};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement};

use crate::storage::Storage;
use crate::ui_text::{self as t, ui};

/// The part's key on the start.js tag (`data-speech-js`, `data-speech-wasm`: scripts/name-parts.mjs).
const MODULE: &str = "speech";

thread_local! {
    /// Set while the module is asked for or loaded.
    static ASKED: Cell<bool> = const { Cell::new(false) };
}

/// The browser's `speechSynthesis`, if it has a working one (Android's WebView, WeChat's among
/// them, has none; constructing utterances must work too: a stub object is not an engine).
pub(super) fn synth() -> Option<web_sys::SpeechSynthesis> {
    let window = web_sys::window()?;
    let synth = Reflect::get(&window, &JsValue::from_str("speechSynthesis")).ok()?;
    let utterance = Reflect::get(&window, &JsValue::from_str("SpeechSynthesisUtterance")).ok()?;
    if synth.is_undefined() || synth.is_null() || !utterance.is_function() {
        return None;
    }
    Some(synth.unchecked_into())
}

/// The island's first element matching `selector`.
fn part(island: &Element, selector: &str) -> Option<HtmlElement> {
    island.query_selector(selector).ok()??.dyn_into().ok()
}

/// Shows the 朗讀 control in the article page's `#read-aloud` island where the browser can
/// speak (繼續朗讀 and 從頭朗讀 where reading stopped before), and elsewhere the sentence on where
/// reading aloud works. Call once, on an article page.
pub fn launch(storage: Storage, collection: &str, article: &str) {
    let Some(island) = document().get_element_by_id("read-aloud") else {
        return;
    };
    let Some(synth) = synth() else {
        if let Some(note) = part(&island, ".read-aloud-note") {
            note.set_hidden(false);
        }
        return;
    };
    // Chromium keeps speaking across a reload: whatever is still queued is not this page's.
    synth.cancel();
    // Voices arrive late: asking once makes Chrome load them before the first tap needs them.
    let _ = synth.get_voices();
    let resumable = storage
        .get(&super::position_key(collection, article))
        .as_deref()
        .and_then(super::parse_position)
        .is_some();
    let shown = if resumable {
        "[data-start=resume], .read-aloud-secondary"
    } else {
        "[data-start='0']:not(.read-aloud-secondary)"
    };
    if let Ok(buttons) = island.query_selector_all(shown) {
        for i in 0..buttons.length() {
            if let Some(button) = buttons
                .item(i)
                .and_then(|b| b.dyn_into::<HtmlElement>().ok())
            {
                button.set_hidden(false);
            }
        }
    }
    let tapped = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        let start = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("button[data-start]").ok().flatten())
            .and_then(|b| b.get_attribute("data-start"));
        if let Some(start) = start {
            ask(&start);
        }
    });
    if let Some(start) = part(&island, ".read-aloud-start") {
        let _ = start.add_event_listener_with_callback("click", tapped.as_ref().unchecked_ref());
        start.set_hidden(false);
    }
    // Listens as long as the page lives (the loaded part replaces the island).
    tapped.forget();
}

/// A tap: says the empty utterance that lets the loaded part speak, and loads it (once).
fn ask(start: &str) {
    if let Some(synth) = synth() {
        if let Ok(primer) = web_sys::SpeechSynthesisUtterance::new_with_text("") {
            synth.speak(&primer);
        }
    }
    let Some(island) = document().get_element_by_id("read-aloud") else {
        return;
    };
    let _ = island.set_attribute("data-start", start);
    if ASKED.with(|a| a.replace(true)) {
        return;
    }
    let message = part(&island, ".read-aloud-message");
    let say = move |text: &'static str| {
        if let Some(message) = &message {
            message.set_text_content(Some(ui(text)));
        }
    };
    say(t::READ_LOADING);
    leptos::task::spawn_local(async move {
        if let Err(e) = load(MODULE).await {
            crate::console::warn(&format!("read aloud did not load: {e:?}"));
            ASKED.with(|a| a.set(false));
            say(if crate::loader::is_offline() {
                t::READ_LOAD_OFFLINE
            } else {
                t::READ_LOAD_FAILED
            });
        }
    });
}

/// Loads and starts the app's part `name` through start.js's `wenjiLoad` (a dynamic `import()` of
/// trunk's JS glue, then its wasm).
async fn load(name: &str) -> Result<(), JsValue> {
    let loader: Function = Reflect::get(&window(), &JsValue::from_str("wenjiLoad"))?.dyn_into()?;
    let promise: Promise = loader
        .call1(&JsValue::NULL, &JsValue::from_str(name))?
        .dyn_into()?;
    JsFuture::from(promise).await.map(|_| ())
}
