//! While the reader types in the search field (on any page), what the first query will need is
//! fetched into the browser's cache: the index's description, fold table and manifest when the
//! field is first touched, then the shards of what has been typed so far, a moment after each
//! pause. On a slow phone network typing takes seconds, and those seconds carry two of the three
//! round trips a first search waits for; the search page then finds the files in the HTTP cache
//! (they are named by content and cached for a year) and waits only for the articles' texts.
//!
//! Nothing is shown and nothing can fail visibly: the search page fetches whatever is missing.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::RequestCache;

use crate::loader::{fetch_bytes, fetch_text, site_root};
use crate::search::{self, IndexInfo, Searcher};

/// A pause this long in typing fetches the shards of what is typed.
const PAUSE: Duration = Duration::from_millis(300);

/// The index as far as it has arrived.
struct Prefetch {
    field: web_sys::HtmlInputElement,
    started: Cell<bool>,
    searcher: RefCell<Option<(search::Fold, Searcher)>>,
    /// Shards asked for already.
    asked: RefCell<Vec<u32>>,
    timer: RefCell<Option<TimeoutHandle>>,
}

fn url(file: &str) -> String {
    format!("{}search/{file}", site_root())
}

/// Watches the page's search field, if it has one. Call once.
pub fn install() {
    let Some(field) = document()
        .query_selector(".site-search-field")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let state = Rc::new(Prefetch {
        field: field.clone(),
        started: Cell::new(false),
        searcher: RefCell::new(None),
        asked: RefCell::new(Vec::new()),
        timer: RefCell::new(None),
    });
    let on_focus = {
        let state = Rc::clone(&state);
        Closure::<dyn Fn()>::new(move || start(&state))
    };
    let on_input = {
        let state = Rc::clone(&state);
        Closure::<dyn Fn()>::new(move || {
            start(&state);
            if let Some(timer) = state.timer.borrow_mut().take() {
                timer.clear();
            }
            let later = Rc::clone(&state);
            *state.timer.borrow_mut() =
                set_timeout_with_handle(move || shards_for(&later), PAUSE).ok();
        })
    };
    let _ = field.add_event_listener_with_callback("focus", on_focus.as_ref().unchecked_ref());
    let _ = field.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
    // They listen as long as the page lives.
    on_focus.forget();
    on_input.forget();
}

/// Fetches the index's description, fold table and manifest, once.
fn start(state: &Rc<Prefetch>) {
    if state.started.replace(true) {
        return;
    }
    let state = Rc::clone(state);
    leptos::task::spawn_local(async move {
        let Ok(json) = fetch_text(&url("index.json")).await else {
            return;
        };
        let Ok(info) = serde_json::from_str::<IndexInfo>(&json) else {
            return;
        };
        let (fold, manifest) = futures::future::join(
            fetch_bytes(&url(&info.fold), RequestCache::Default),
            fetch_bytes(&url(&info.manifest), RequestCache::Default),
        )
        .await;
        let (Ok(fold), Ok(manifest)) = (fold, manifest) else {
            return;
        };
        let (Ok(fold), Ok(manifest)) = (
            search::Fold::from_bytes(&fold),
            search::Manifest::from_bytes(&manifest),
        ) else {
            return;
        };
        *state.searcher.borrow_mut() = Some((fold, Searcher::new(manifest)));
        // What was typed while these arrived.
        shards_for(&state);
    });
}

/// Fetches the shards of what is typed that were not asked for yet (into the HTTP cache).
fn shards_for(state: &Rc<Prefetch>) {
    let typed = state.field.value();
    // One character is mostly the start of a word: its shard (a single character's postings, the
    // largest) is seldom the one the query will need.
    if typed.trim().chars().count() < 2 {
        return;
    }
    let names: Vec<String> = {
        let searcher = state.searcher.borrow();
        let Some((fold, searcher)) = searcher.as_ref() else {
            return;
        };
        let Some(query) = search::parse_query(fold, &typed) else {
            return;
        };
        let mut asked = state.asked.borrow_mut();
        let new: Vec<u32> = searcher
            .missing_shards(&query)
            .into_iter()
            .filter(|s| !asked.contains(s))
            .collect();
        asked.extend(&new);
        new.into_iter()
            .filter_map(|s| searcher.manifest().shard_file(s))
            .collect()
    };
    for name in names {
        leptos::task::spawn_local(async move {
            let _ = fetch_bytes(&url(&name), RequestCache::Default).await;
        });
    }
}
