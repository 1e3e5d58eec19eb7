//! The application shell: router, shared data, and which page shows.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::Router;
use leptos_router::hooks::use_query_map;

use crate::components::StatusBar;
use crate::error::AppError;
use crate::loader;
use crate::model::{Bundle, Catalog};
use crate::pages::{ArticlePage, CatalogPage, CollectionPage};
use crate::platform::Platform;
use crate::pwa::provide_pwa;
use crate::route::{Route, View};
use crate::storage::provide_storage;
use crate::ui_text as t;

pub type CatalogResult = Result<Arc<Catalog>, AppError>;
/// `Ok(None)`: no collection is selected, or the catalog has no such collection.
pub type BundleResult = Result<Option<Arc<Bundle>>, AppError>;

/// The loaded data. The bundle follows the selected collection only, so moving between articles
/// of one collection never refetches.
#[derive(Clone, Copy)]
pub struct Library {
    pub catalog: LocalResource<CatalogResult>,
    pub bundle: LocalResource<BundleResult>,
}

impl Library {
    /// Retries whatever failed: the catalog if it did, otherwise the bundle.
    pub fn retry(&self) {
        match self.catalog.get() {
            Some(Ok(_)) => self.bundle.refetch(),
            _ => self.catalog.refetch(),
        }
    }
}

/// The current route, read from the URL.
#[derive(Clone, Copy)]
pub struct CurrentRoute(pub Memo<Route>);

pub fn use_library() -> Library {
    expect_context()
}

pub fn use_route() -> Memo<Route> {
    expect_context::<CurrentRoute>().0
}

fn provide_library(route: Memo<Route>) {
    let catalog = LocalResource::new(loader::load_catalog);
    let collection = Memo::new(move |_| match route.get().view {
        View::Catalog => None,
        View::Collection { collection } | View::Article { collection, .. } => Some(collection),
    });
    let bundle = LocalResource::new(move || {
        let collection = collection.get();
        async move {
            let Some(id) = collection else {
                return Ok(None);
            };
            let catalog = catalog.await?;
            match catalog.collection(&id) {
                Some(entry) => loader::load_bundle(entry).await.map(Some),
                None => Ok(None),
            }
        }
    });
    provide_context(Library { catalog, bundle });
}

pub fn start() {
    crate::panic::install();
    let _ = console_log::init_with_level(log::Level::Warn);
    // The static "loading" note in index.html stays until the app can replace it, so a reader
    // whose browser cannot run the app is not left with a blank page.
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Shell />
        </Router>
    }
}

/// Everything inside the router (the query map needs it).
#[component]
fn Shell() -> impl IntoView {
    let query = use_query_map();
    let route = Memo::new(move |_| query.with(|q| Route::from_query(|k| q.get_str(k))));
    provide_context(CurrentRoute(route));
    provide_storage();
    provide_library(route);
    provide_pwa();
    let platform = current_platform();
    provide_context(platform);
    if platform.needs_full_page_navigation() {
        use_full_page_navigation();
    }
    let library = use_library();
    let home = move || route.get().to(View::Catalog).href();
    let licence = move || {
        library
            .catalog
            .get()
            .and_then(Result::ok)
            .map(|c| c.site.licence.clone())
            .filter(|l| !l.is_empty())
    };

    view! {
        <Title text=t::APP_NAME />
        <a class="skip-link" href="#main" on:click=skip_to_main>
            {t::SKIP_TO_CONTENT}
        </a>
        <header class="masthead">
            <a class="brand" href=home>
                <span class="brand-mark" aria-hidden="true">"文"</span>
                <span class="brand-name">{t::APP_NAME}</span>
            </a>
        </header>
        <StatusBar />
        <main id="main" class="main" tabindex="-1">
            {move || match route.get().view {
                View::Catalog => view! { <CatalogPage /> }.into_any(),
                View::Collection { collection } => {
                    view! { <CollectionPage collection /> }.into_any()
                }
                View::Article { collection, article } => {
                    view! { <ArticlePage collection article /> }.into_any()
                }
            }}
        </main>
        <footer class="site-footer">
            <p>{licence}</p>
        </footer>
    }
}

/// The fragment link would otherwise be resolved by the router and drop the query string.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document().get_element_by_id("main") {
        use wasm_bindgen::JsCast;
        if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
            let _ = main.focus();
        }
    }
}

fn current_platform() -> Platform {
    let navigator = window().navigator();
    let ua = navigator.user_agent().unwrap_or_default();
    Platform::from_user_agent(&ua, navigator.max_touch_points().max(0) as u32)
}

pub fn use_platform() -> Platform {
    use_context().unwrap_or_default()
}

/// Lets every same-site link load as a real page (see [`Platform::needs_full_page_navigation`]):
/// a capturing listener stops the click from reaching the router, and the browser follows the
/// link itself. Query URLs make each load cheap: the app files come from the HTTP cache.
fn use_full_page_navigation() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let handler = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
        let is_link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .is_some();
        if is_link {
            ev.stop_propagation();
        }
    });
    let _ = window().add_event_listener_with_callback_and_bool(
        "click",
        handler.as_ref().unchecked_ref(),
        true,
    );
    // Lives as long as the page.
    handler.forget();
}
