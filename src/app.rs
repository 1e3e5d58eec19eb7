//! The app in the browser: it takes over the parts of a prerendered page that need a script —
//! the reading settings, progress and place, saving for offline, the notices, continue reading —
//! without re-rendering the page. Without it (no JavaScript, no WebAssembly, a crash) the page
//! reads and navigates all the same.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::{
    place_key, remember_last_read, ContinueReading, InstallHint, LastRead, Place, ReaderControls,
    ReadingProgress, SaveOffline, SearchResults, StatusBar,
};
use crate::platform::Platform;
use crate::pwa::provide_pwa;
use crate::route::Variant;
use crate::storage::provide_storage;

/// What the build wrote on `<html>` about the page.
#[derive(Debug, Clone, Default)]
pub struct PageInfo {
    /// `catalog`, `collection`, `article` or `not-found`.
    pub kind: String,
    pub variant: Option<Variant>,
    pub collection: Option<String>,
    pub article: Option<String>,
}

impl PageInfo {
    fn read() -> PageInfo {
        let root = document().document_element();
        let attr = |name: &str| root.as_ref().and_then(|r| r.get_attribute(name));
        PageInfo {
            kind: attr("data-page").unwrap_or_default(),
            variant: attr("data-variant").and_then(|v| Variant::from_param(&v)),
            collection: attr("data-collection"),
            article: attr("data-article"),
        }
    }
}

/// What every wasm of the app does first (this one, and reading aloud's, loaded later): the panic
/// notice, the task executor, and the interface text in the page's script. Returns the page.
pub(crate) fn boot() -> PageInfo {
    crate::panic::install();
    // Browser futures (registering the service worker, saving) run on the page's event loop.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let page = PageInfo::read();
    crate::ui_text::set_variant(page.variant.unwrap_or(Variant::Hant));
    page
}

pub fn start() {
    let page = boot();
    let platform = current_platform();
    let owner = Owner::new();
    owner.with(|| {
        provide_context(platform);
        let storage = provide_storage();
        let settings = crate::settings::provide_settings(storage);
        let pwa = provide_pwa();
        island("status", || view! { <StatusBar /> });
        match page.kind.as_str() {
            "article" => {
                let (Some(collection), Some(article)) = (page.collection, page.article) else {
                    return;
                };
                let place = Place::new(storage, place_key(&collection, &article));
                crate::components::photo_viewer::install();
                island(
                    "reader-controls",
                    move || view! { <ReaderControls settings /> },
                );
                island(
                    "reading-progress",
                    move || view! { <ReadingProgress place /> },
                );
                crate::read_aloud::launch(storage, &collection, &article);
                let title = document()
                    .query_selector(".article-title")
                    .ok()
                    .flatten()
                    .and_then(|h| h.text_content())
                    .unwrap_or_default();
                remember_last_read(
                    storage,
                    &LastRead {
                        collection,
                        article,
                        title,
                        href: current_path(),
                    },
                );
                place.restore();
            }
            "collection" => {
                if let Some(collection) = page.collection {
                    island("save-offline", move || {
                        view! { <SaveOffline collection pwa storage /> }
                    });
                }
            }
            "search" => {
                let (query, page) = search_address();
                // The field keeps what was asked, to refine it.
                if let Some(field) = document()
                    .query_selector(".site-search-field")
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                {
                    field.set_value(&query);
                }
                // The index's description, written into the page by the build.
                let info = document()
                    .get_element_by_id("search-results")
                    .and_then(|e| e.get_attribute("data-index"))
                    .and_then(|json| serde_json::from_str(&json).ok());
                island("search-results", move || {
                    view! { <SearchResults query page info storage /> }
                });
            }
            "catalog" => {
                let root = crate::loader::site_root();
                island("continue-reading", move || {
                    view! {
                        <ContinueReading storage root />
                        <InstallHint platform storage />
                    }
                });
            }
            _ => {}
        }
    });
    // The app lives as long as the page.
    std::mem::forget(owner);
}

/// Mounts `view` in place of the element with this id (the prerendered page's placeholder, or
/// the same controls rendered statically), if the page has one.
pub(crate) fn island<V: IntoView + 'static>(id: &str, view: impl FnOnce() -> V + 'static) {
    let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    // Built off the page, then swapped in one step: nothing flashes, nothing moves.
    let Ok(fresh) = document().create_element("div") else {
        return;
    };
    let Ok(fresh) = fresh.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    fresh.set_id(id);
    fresh.set_class_name(&element.class_name());
    leptos::mount::mount_to(fresh.clone(), view).forget();
    let _ = element.replace_with_with_node_1(&fresh);
}

/// The query and page number of the search view's address (`?q=…&p=…`): decoded leniently
/// (broken percent-encoding stays as typed, unpaired surrogates become U+FFFD).
fn search_address() -> (String, usize) {
    let search = window().location().search().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let get = |name: &str| {
        params
            .as_ref()
            .and_then(|p| p.get(name))
            .unwrap_or_default()
    };
    let page = get("p").parse::<usize>().unwrap_or(1).max(1);
    (get("q"), page)
}

/// This page's address as the reader sees it (path and query), for "continue reading".
fn current_path() -> String {
    let location = window().location();
    location.pathname().unwrap_or_default()
}

fn current_platform() -> Platform {
    let navigator = window().navigator();
    let ua = navigator.user_agent().unwrap_or_default();
    Platform::from_user_agent(&ua, navigator.max_touch_points().max(0) as u32)
}

pub fn use_platform() -> Platform {
    use_context().unwrap_or_default()
}
