//! The service worker from the page's side: registration, updates, offline state, and saving
//! collections for offline reading.
//!
//! Everything is feature-detected: without service workers (WeChat on iOS, private modes) the
//! app works the same, with no offline extras.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, ServiceWorkerContainer, ServiceWorkerRegistration};

/// Progress of "save this collection for offline".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveProgress {
    pub collection: String,
    pub state: SaveState,
    pub done: u32,
    pub total: u32,
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saving,
    Saved,
    /// The error's name, e.g. `QuotaExceededError`.
    Failed(String),
}

/// Offline and update state, shared through context.
#[derive(Clone, Copy)]
pub struct Pwa {
    /// The browser reports a network connection.
    pub online: RwSignal<bool>,
    /// A service worker controls this page, so saved collections work offline.
    pub offline_ready: RwSignal<bool>,
    /// A new version is installed and waiting for the reader.
    pub update_ready: RwSignal<bool>,
    /// A cache write failed (storage full or forbidden).
    pub cache_full: RwSignal<bool>,
    pub save: RwSignal<Option<SaveProgress>>,
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
    /// This page asked the waiting worker to take over, so the next controller change reloads.
    applying: StoredValue<bool>,
}

pub fn use_pwa() -> Pwa {
    expect_context()
}

/// Sets up the context and, where the browser has them, the service worker and its messages.
pub fn provide_pwa() -> Pwa {
    let window = window();
    let pwa = Pwa {
        online: RwSignal::new(window.navigator().on_line()),
        offline_ready: RwSignal::new(false),
        update_ready: RwSignal::new(false),
        cache_full: RwSignal::new(false),
        save: RwSignal::new(None),
        registration: StoredValue::new_local(None),
        applying: StoredValue::new(false),
    };
    provide_context(pwa);

    listen(&window, "online", move |_| pwa.online.set(true));
    listen(&window, "offline", move |_| pwa.online.set(false));
    // Until the reader does something, an update may be applied by a silent reload.
    let interacted = Rc::new(Cell::new(false));
    for event in ["pointerdown", "keydown"] {
        let interacted = Rc::clone(&interacted);
        listen(&window, event, move |_| interacted.set(true));
    }

    if let Some(container) = service_workers() {
        pwa.offline_ready.set(container.controller().is_some());
        register(container, pwa, interacted);
    }
    pwa
}

/// `navigator.serviceWorker`, if this browser has it (it is absent in insecure contexts and in
/// iOS in-app web views).
fn service_workers() -> Option<ServiceWorkerContainer> {
    let navigator = window().navigator();
    let present = Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    present.then(|| navigator.service_worker())
}

fn register(container: ServiceWorkerContainer, pwa: Pwa, interacted: Rc<Cell<bool>>) {
    {
        let on_message = move |event: web_sys::Event| {
            if let Ok(event) = event.dyn_into::<MessageEvent>() {
                on_worker_message(pwa, &event.data());
            }
        };
        listen(&container, "message", on_message);
    }
    listen(&container, "controllerchange", move |_| {
        // On the first visit the worker takes control after the page loaded: hand it the page,
        // so the article already open stays readable offline.
        if !pwa.offline_ready.get_untracked() {
            if let Ok(href) = window().location().href() {
                keep_for_offline(&[href]);
            }
        }
        pwa.offline_ready.set(true);
        // The first install takes control without a reload; an accepted update reloads so page
        // and worker are the same version (never a half-updated app).
        if pwa.applying.get_value() {
            let _ = window().location().reload();
        }
    });
    // At the site root (relative, so any sub-path works), whatever page this is: its scope is
    // the whole site.
    let promise = container.register(&format!("{}sw.js", crate::loader::site_root()));
    leptos::task::spawn_local(async move {
        let registration = match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(registration) => registration.unchecked_into::<ServiceWorkerRegistration>(),
            Err(e) => {
                crate::console::warn(&format!("service worker not registered: {e:?}"));
                return;
            }
        };
        pwa.registration.set_value(Some(registration.clone()));
        let waiting_ready = {
            let interacted = Rc::clone(&interacted);
            move || {
                let has_controller = service_workers().and_then(|c| c.controller()).is_some();
                if has_controller && pwa.has_waiting_worker() {
                    if interacted.get() {
                        pwa.update_ready.set(true);
                    } else {
                        pwa.apply_update();
                    }
                }
            }
        };
        waiting_ready();
        let registration_for_listener = registration.clone();
        listen(&registration, "updatefound", move |_| {
            if let Some(installing) = registration_for_listener.installing() {
                let waiting_ready = waiting_ready.clone();
                listen(&installing, "statechange", move |_| waiting_ready());
            }
        });
        // Offline, or with the worker's script gone, the check fails: the current worker stays,
        // and the failure is not the reader's concern (never an unhandled rejection).
        if let Ok(check) = registration.update() {
            if let Err(e) = wasm_bindgen_futures::JsFuture::from(check).await {
                crate::console::warn(&format!("service worker update check failed: {e:?}"));
            }
        }
    });
}

/// Asks the controlling worker, if any, to keep these data URLs (it skips what it has). Loads
/// that started before the worker took control never passed through it.
pub fn keep_for_offline(urls: &[String]) {
    if let Some(worker) = service_workers().and_then(|c| c.controller()) {
        let urls: Array = urls.iter().map(|u| JsValue::from_str(u)).collect();
        let _ = worker.post_message(&message("keep", &[("urls", urls.into())]));
    }
}

fn skip_waiting(registration: &ServiceWorkerRegistration) {
    if let Some(waiting) = registration.waiting() {
        let _ = waiting.post_message(&message("skip-waiting", &[]));
    }
}

impl Pwa {
    fn has_waiting_worker(&self) -> bool {
        self.registration
            .with_value(|r| r.as_ref().is_some_and(|r| r.waiting().is_some()))
    }

    /// The reader accepted the update (or had not started reading): the waiting worker takes
    /// over and the page reloads into the new version.
    pub fn apply_update(&self) {
        self.registration.with_value(|r| {
            if let Some(registration) = r {
                self.applying.set_value(true);
                skip_waiting(registration);
            }
        });
    }

    /// Reports a save that could not start (its list of files could not be made).
    pub fn save_failed(&self, collection: &str, why: String) {
        self.save.set(Some(SaveProgress {
            collection: collection.to_owned(),
            state: SaveState::Failed(why),
            done: 0,
            total: 0,
            bytes: 0,
        }));
    }

    /// Asks the worker to download every file of a collection. Progress arrives as messages.
    pub fn save_collection(&self, collection: &str, urls: Vec<String>) {
        let Some(worker) = service_workers().and_then(|c| c.controller()) else {
            return;
        };
        // Saved collections should survive storage pressure; the browser may say no.
        let storage = window().navigator().storage();
        if let Ok(promise) = storage.persist() {
            leptos::task::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            });
        }
        self.save.set(Some(SaveProgress {
            collection: collection.to_owned(),
            state: SaveState::Saving,
            done: 0,
            total: urls.len() as u32,
            bytes: 0,
        }));
        let list: Array = urls.iter().map(|u| JsValue::from_str(u)).collect();
        let _ = worker.post_message(&message(
            "save",
            &[("id", JsValue::from_str(collection)), ("urls", list.into())],
        ));
    }
}

fn on_worker_message(pwa: Pwa, data: &JsValue) {
    let text = |key: &str| {
        Reflect::get(data, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    let number = |key: &str| {
        Reflect::get(data, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0)
    };
    match text("type").as_deref() {
        Some("storage-error") => pwa.cache_full.set(true),
        Some("save-progress") => {
            let state = match text("state").as_deref() {
                Some("saved") => SaveState::Saved,
                Some("failed") => SaveState::Failed(text("error").unwrap_or_default()),
                _ => SaveState::Saving,
            };
            if matches!(&state, SaveState::Failed(name) if name == "QuotaExceededError") {
                pwa.cache_full.set(true);
            }
            pwa.save.set(Some(SaveProgress {
                collection: text("id").unwrap_or_default(),
                state,
                done: number("done") as u32,
                total: number("total") as u32,
                bytes: number("bytes") as u64,
            }));
        }
        _ => {}
    }
}

fn message(kind: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"type".into(), &kind.into());
    for (key, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// Adds an event listener for the life of the page.
fn listen(
    target: &web_sys::EventTarget,
    event: &str,
    handler: impl FnMut(web_sys::Event) + 'static,
) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    // These listeners live as long as the page does.
    closure.forget();
}
