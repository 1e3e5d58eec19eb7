//! Fetching the catalog and collection indexes (to save a collection for offline reading), with a time limit, cancellation and errors a reader can act on.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use gloo_net::http::Request;
use leptos::prelude::set_timeout_with_handle;
use web_sys::{AbortController, RequestCache};

use crate::error::AppError;
use crate::model::{
    self, Catalog, CollectionEntry, CollectionIndex, FormatError, MAX_DOCUMENT_BYTES,
};

/// A stalled request is given up after this long, so the reader gets a message and a retry.
const TIMEOUT: Duration = Duration::from_secs(20);

/// The site root relative to this page (`../../` on an article), from `<html data-root>`: the
/// build writes it on every page.
pub fn site_root() -> String {
    leptos::prelude::document()
        .document_element()
        .and_then(|e| e.get_attribute("data-root"))
        // `../` repeated, or the site's own path on the "not found" page (`/wenji/`): anything
        // else is not from the build.
        .filter(|r| {
            let climbs = r.len() % 3 == 0 && r.as_bytes().chunks(3).all(|c| c == b"../");
            let absolute = r.starts_with('/')
                && r.ends_with('/')
                && !r.starts_with("//")
                && r.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"/-_.~".contains(&b));
            climbs || absolute
        })
        .unwrap_or_default()
}

/// A path from the catalog (index pages, articles, images) as a URL relative to the page.
pub fn data_url(href: &str) -> String {
    format!("{}data/{href}", site_root())
}

pub async fn load_catalog() -> Result<Arc<Catalog>, AppError> {
    let text = fetch_text(&data_url("catalog.json")).await?;
    model::parse_catalog(&text)
        .map(Arc::new)
        .map_err(log_format_error)
}

/// Every index page of a collection (hrefs from a validated catalog: relative, no `..`), in
/// order; each must be of this collection.
pub async fn load_index(entry: &CollectionEntry) -> Result<Vec<CollectionIndex>, AppError> {
    let mut pages = Vec::with_capacity(entry.index.len());
    for part in &entry.index {
        let text = fetch_text(&data_url(&part.href)).await?;
        let page = model::parse_index(&text).map_err(log_format_error)?;
        if page.collection.id != entry.id {
            return Err(log_format_error(FormatError::Invalid {
                path: "collection.id".into(),
                message: format!(
                    "the catalog's {:?} points to an index of {:?}",
                    entry.id, page.collection.id
                ),
            }));
        }
        pages.push(page);
    }
    Ok(pages)
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
    let body = fetch_bytes(url, RequestCache::NoCache).await?;
    // Not `Response.text()`: it would silently replace invalid UTF-8, and bad bytes are bad data.
    model::document_text(body).map_err(AppError::Format)
}

/// GETs `url`'s bytes (at most [`MAX_DOCUMENT_BYTES`]) with the cache mode `cache`: `NoCache`
/// for files whose name stays when they change, `Default` for content-hashed ones.
pub async fn fetch_bytes(url: &str, cache: RequestCache) -> Result<Vec<u8>, AppError> {
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

    let response = Request::get(url)
        .cache(cache)
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(|e| {
            crate::console::warn(&format!("GET {url}: {e}"));
            failed()
        })?;
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
    if body.len() > MAX_DOCUMENT_BYTES {
        return Err(AppError::Format(FormatError::TooLarge {
            bytes: body.len(),
        }));
    }
    Ok(body)
}

pub fn is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}
