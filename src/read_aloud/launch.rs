//! The 朗讀 control as the app shows it at first: a button, and nothing more of reading aloud.
//!
//! Reading aloud (the player, the bar, the voices, the marks) is a second wasm, `wenji-speech`
//! (src/speech_main.rs), that trunk builds beside the app and that is loaded on the first tap, so
//! readers who never listen never download it (issue 14: ≤ 6 KB on the first render, or loaded
//! on first use). The tap itself says one empty utterance: iOS speaks only after a
//! `speak()` inside a tap, and the loaded part's first real `speak()` comes after the download.
//!
//! What the loaded part needs from here it finds on the island: the pronunciation list
//! (`data-say`, written by the build) and what was tapped (`data-start`: `resume` or `0`).

use std::cell::Cell;

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::storage::Storage;
use crate::ui_text::{self as t, ui};

/// The second wasm's name as trunk writes it (`<name>.js`, `<name>_bg.wasm`; index.html).
const MODULE: &str = "wenji-speech";

thread_local! {
    /// Set once the first tap has asked for the module.
    static ASKED: Cell<bool> = const { Cell::new(false) };
}

/// The browser's `speechSynthesis`, if it has a working one (Android's WebView, WeChat's among
/// them, has none).
fn synth() -> Option<web_sys::SpeechSynthesis> {
    let window = web_sys::window()?;
    let synth = Reflect::get(&window, &JsValue::from_str("speechSynthesis")).ok()?;
    let utterance = Reflect::get(&window, &JsValue::from_str("SpeechSynthesisUtterance")).ok()?;
    if synth.is_undefined() || synth.is_null() || !utterance.is_function() {
        return None;
    }
    Some(synth.unchecked_into())
}

/// Mounts the 朗讀 control in the article page's `#read-aloud` island where the browser can
/// speak, and elsewhere one sentence on where reading aloud works. Call once, on an article page.
pub fn launch(storage: Storage, collection: &str, article: &str) {
    let Some(island) = document().get_element_by_id("read-aloud") else {
        return;
    };
    let Some(synth) = synth() else {
        crate::app::island("read-aloud", || {
            view! { <p class="read-aloud-note">{ui(t::READ_UNAVAILABLE)}</p> }
        });
        return;
    };
    // Chromium keeps speaking across a reload: whatever is still queued is not this page's.
    synth.cancel();
    // Voices arrive late: asking once makes Chrome load them before the first tap needs them.
    let _ = synth.get_voices();
    let say = island.get_attribute("data-say");
    let resumable = storage
        .get(&super::position_key(collection, article))
        .as_deref()
        .and_then(super::parse_position)
        .is_some();
    let message = RwSignal::new(None::<&'static str>);
    crate::app::island("read-aloud", move || {
        view! { <Launcher resumable message /> }
    });
    if let (Some(say), Some(island)) = (say, document().get_element_by_id("read-aloud")) {
        let _ = island.set_attribute("data-say", &say);
    }
}

/// The same buttons the loaded part shows before reading starts, so nothing moves when it takes
/// over.
#[component]
fn Launcher(resumable: bool, message: RwSignal<Option<&'static str>>) -> impl IntoView {
    let buttons = if resumable {
        view! {
            <button type="button" class="read-aloud-button" on:click=move |_| ask("resume", message)>
                <span aria-hidden="true">"▶ "</span>
                {ui(t::READ_ALOUD_CONTINUE)}
            </button>
            <button type="button" class="read-aloud-button read-aloud-secondary" on:click=move |_| ask("0", message)>
                {ui(t::READ_ALOUD_FROM_START)}
            </button>
        }
        .into_any()
    } else {
        view! {
            <button type="button" class="read-aloud-button" on:click=move |_| ask("0", message)>
                <span aria-hidden="true">"▶ "</span>
                {ui(t::READ_ALOUD)}
            </button>
        }
        .into_any()
    };
    view! {
        <div class="read-aloud-start">{buttons}</div>
        <p class="read-aloud-message" role="status">{move || message.get().map(ui)}</p>
    }
}

/// A tap: says the empty utterance that lets the loaded part speak, and loads it (once).
fn ask(start: &str, message: RwSignal<Option<&'static str>>) {
    if let Some(synth) = synth() {
        if let Ok(primer) = web_sys::SpeechSynthesisUtterance::new_with_text("") {
            synth.speak(&primer);
        }
    }
    if let Some(island) = document().get_element_by_id("read-aloud") {
        let _ = island.set_attribute("data-start", start);
    }
    if ASKED.with(|a| a.replace(true)) {
        return;
    }
    message.set(Some(t::READ_LOADING));
    leptos::task::spawn_local(async move {
        if let Err(e) = load(MODULE).await {
            crate::console::warn(&format!("read aloud did not load: {e:?}"));
            ASKED.with(|a| a.set(false));
            message.set(Some(if crate::loader::is_offline() {
                t::READ_LOAD_OFFLINE
            } else {
                t::READ_LOAD_FAILED
            }));
        }
    });
}

/// Loads and starts the app's part named `name` through start.js's `wenjiLoad` (a dynamic
/// `import()` of trunk's JS glue, then its wasm).
async fn load(name: &str) -> Result<(), JsValue> {
    let loader: Function = Reflect::get(&window(), &JsValue::from_str("wenjiLoad"))?.dyn_into()?;
    let promise: Promise = loader
        .call1(&JsValue::NULL, &JsValue::from_str(name))?
        .dyn_into()?;
    JsFuture::from(promise).await.map(|_| ())
}
