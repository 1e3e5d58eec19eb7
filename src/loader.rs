//! Fetching catalogs and bundles, with a time limit, cancellation and errors a reader can act on.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use gloo_net::http::Request;
use leptos::prelude::set_timeout_with_handle;
use web_sys::{AbortController, RequestCache};

use crate::error::AppError;
use crate::model::{self, Bundle, Catalog, CollectionEntry, FormatError, MAX_DOCUMENT_BYTES};

/// Where the data lives, relative to the app page (so it works under any sub-path).
const DATA_DIR: &str = "data/";
const CATALOG_URL: &str = "data/catalog.json";

/// A stalled request is given up after this long, so the reader gets a message and a retry.
const TIMEOUT: Duration = Duration::from_secs(20);

thread_local! {
    /// Data URLs this page loaded, so a service worker that takes control after they were
    /// fetched can still keep them for offline reading.
    static LOADED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The data URLs loaded so far.
pub fn loaded_urls() -> Vec<String> {
    LOADED.with(|l| l.borrow().clone())
}

fn remember(url: &str) {
    let new = LOADED.with(|l| {
        let mut l = l.borrow_mut();
        let new = !l.iter().any(|u| u == url);
        if new {
            l.push(url.to_owned());
        }
        new
    });
    if new {
        crate::pwa::keep_for_offline(&[url.to_owned()]);
    }
}

pub async fn load_catalog() -> Result<Arc<Catalog>, AppError> {
    let text = fetch_text(CATALOG_URL).await?;
    model::parse_catalog(&text)
        .map(Arc::new)
        .map_err(log_format_error)
}

/// Loads every part of a collection's bundle (hrefs from a validated catalog: relative, no
/// `..`) and joins them.
pub async fn load_bundle(entry: &CollectionEntry) -> Result<Arc<Bundle>, AppError> {
    let mut parts = Vec::with_capacity(entry.parts.len());
    for part in &entry.parts {
        let url = data_url(&part.href);
        let text = fetch_text(&url).await?;
        parts.push(model::parse_bundle(&text).map_err(log_format_error)?);
    }
    let bundle = Bundle::merge(parts).map_err(log_format_error)?;
    if bundle.collection.id != entry.id {
        return Err(log_format_error(FormatError::Invalid {
            path: "collection.id".into(),
            message: format!(
                "the catalog's {:?} points to a bundle of {:?}",
                entry.id, bundle.collection.id
            ),
        }));
    }
    let skipped = bundle.unknown_blocks();
    if skipped > 0 {
        crate::console::warn(&format!(
            "{}: skipped {skipped} blocks of types this version does not know",
            entry.id
        ));
    }
    Ok(Arc::new(bundle))
}

/// A path from the catalog (bundle parts, images) as a URL relative to the page.
pub fn data_url(href: &str) -> String {
    format!("{DATA_DIR}{href}")
}

fn log_format_error(e: FormatError) -> AppError {
    crate::console::warn(&format!("bad data: {e}"));
    AppError::Format(e)
}

/// Aborts the request when the future is dropped (the view that wanted it went away), and
/// stops the timer.
struct InFlight {
    controller: Option<AbortController>,
    timer: Option<leptos::prelude::TimeoutHandle>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take() {
            timer.clear();
        }
        if let Some(controller) = &self.controller {
            controller.abort();
        }
    }
}

/// GETs `url` as UTF-8 text, revalidating with the server (data changes without a new app).
pub async fn fetch_text(url: &str) -> Result<String, AppError> {
    let controller = AbortController::new().ok();
    let timed_out = Rc::new(Cell::new(false));
    let timer = controller.clone().and_then(|controller| {
        let timed_out = Rc::clone(&timed_out);
        set_timeout_with_handle(
            move || {
                timed_out.set(true);
                controller.abort();
            },
            TIMEOUT,
        )
        .ok()
    });
    let signal = controller.as_ref().map(AbortController::signal);
    let _in_flight = InFlight { controller, timer };

    let failed = || {
        if timed_out.get() {
            AppError::Timeout
        } else if is_offline() {
            AppError::Offline
        } else {
            AppError::Network
        }
    };

    let response = match prefetched(url).await {
        Prefetched::Response(response) => response,
        Prefetched::TimedOut => return Err(AppError::Timeout),
        Prefetched::None => Request::get(url)
            .cache(RequestCache::NoCache)
            .abort_signal(signal.as_ref())
            .send()
            .await
            .map_err(|e| {
                crate::console::warn(&format!("GET {url}: {e}"));
                failed()
            })?,
    };
    if !response.ok() {
        crate::console::warn(&format!("GET {url}: HTTP {}", response.status()));
        return Err(AppError::Http(response.status()));
    }
    let declared = response
        .headers()
        .get("content-length")
        .and_then(|len| len.parse::<usize>().ok());
    if let Some(bytes) = declared.filter(|&b| b > MAX_DOCUMENT_BYTES) {
        return Err(AppError::Format(FormatError::TooLarge { bytes }));
    }
    let body = response.binary().await.map_err(|e| {
        crate::console::warn(&format!("GET {url}: body: {e}"));
        failed()
    })?;
    // Not `Response.text()`: it would silently replace invalid UTF-8, and bad bytes are bad data.
    let text = model::document_text(body).map_err(AppError::Format)?;
    remember(url);
    Ok(text)
}

enum Prefetched {
    Response(gloo_net::http::Response),
    /// start.js gave up on it after [`TIMEOUT`].
    TimedOut,
    /// None was made, or it failed: the loader asks itself, and names the failure.
    None,
}

/// The response start.js asked for while the app was loading (public/start.js), if any.
async fn prefetched(url: &str) -> Prefetched {
    use wasm_bindgen::JsCast;
    let Some(take) = js_sys::Reflect::get(&leptos::prelude::window(), &"wenjiPrefetched".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return Prefetched::None;
    };
    let Ok(promise) = take
        .call1(&wasm_bindgen::JsValue::UNDEFINED, &url.into())
        .and_then(|p| p.dyn_into::<js_sys::Promise>())
    else {
        return Prefetched::None;
    };
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(response) => match response.dyn_into::<web_sys::Response>() {
            Ok(response) => Prefetched::Response(gloo_net::http::Response::from(response)),
            Err(_) => Prefetched::None,
        },
        Err(error) => {
            let aborted = error
                .dyn_ref::<js_sys::Error>()
                .is_some_and(|e| e.name() == "AbortError");
            if aborted {
                Prefetched::TimedOut
            } else {
                Prefetched::None
            }
        }
    }
}

fn is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}
