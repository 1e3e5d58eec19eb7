//! The application shell: router, shared data, and which page shows.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::Router;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;
use crate::loader;
use crate::model::{Bundle, Catalog};
use crate::pages::{ArticlePage, CatalogPage, CollectionPage};
use crate::route::{Route, View};
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
    provide_library(route);
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
