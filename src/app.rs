//! The application shell: location, shared data, and which page shows.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{StatusBar, VariantSwitch};
use crate::convert;
use crate::dictionaries::{self, Tr};
use crate::error::AppError;
use crate::loader;
use crate::model::Script;
use crate::model::{Bundle, Catalog};
use crate::pages::{ArticlePage, CatalogPage, CollectionPage};
use crate::platform::Platform;
use crate::pwa::provide_pwa;
use crate::route::Variant;
use crate::route::{Route, View};
use crate::storage::provide_storage;
use crate::storage::Storage;
use crate::ui_text;
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
    /// The reader's script variant (see [`Variant::resolve`]).
    pub variant: Memo<Variant>,
    /// The reader's saved choice, if any.
    pub saved_variant: RwSignal<Option<Variant>>,
    /// The interface text's translator for `variant`, once its dictionaries are in.
    pub ui: LocalResource<Result<Tr, AppError>>,
    /// A page is waiting for data or dictionaries while showing the previous content.
    pub pending: RwSignal<bool>,
    /// The variant the text on screen is in: `<html lang>` follows it, not `variant`, so the
    /// language never runs ahead of the text while dictionaries load.
    pub shown: RwSignal<Option<Variant>>,
}

impl Library {
    /// Retries whatever failed: the bundle, and first the catalog if that failed (the bundle
    /// waits for the catalog's new attempt).
    pub fn retry(&self) {
        if !matches!(self.catalog.get_untracked(), Some(Ok(_))) {
            self.catalog.refetch();
        }
        self.bundle.refetch();
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

/// Where the saved variant is kept.
pub const VARIANT_KEY: &str = "variant";

fn provide_library(route: Memo<Route>, storage: Storage) {
    let catalog = LocalResource::new(loader::load_catalog);
    let collection = Memo::new(move |_| match route.get().view {
        View::Catalog => None,
        View::Collection { collection } | View::Article { collection, .. } => Some(collection),
    });
    let saved_variant = RwSignal::new(
        storage
            .get(VARIANT_KEY)
            .and_then(|v| Variant::from_param(&v)),
    );
    let languages: Vec<String> = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    // The script the reader's collection (or the site) was published in, once known.
    let published = Memo::new(move |_| {
        let catalog = catalog.get().and_then(Result::ok)?;
        Some(match collection.get() {
            Some(id) => catalog
                .collection(&id)
                .map(|e| e.published_script.unwrap_or(e.script))
                .unwrap_or(catalog.site.script),
            None => catalog.site.script,
        })
    });
    let variant = Memo::new(move |_| {
        Variant::resolve(
            route.get().variant,
            saved_variant.get(),
            &languages,
            published.get().unwrap_or(Script::Hant),
        )
    });
    let ui = LocalResource::new(move || {
        let variant = variant.get();
        async move {
            let tr = dictionaries::converters(convert::plan(ui_text::SCRIPT, variant)).await?;
            dictionaries::set_ui(tr.clone());
            Ok(tr)
        }
    });
    let bundle = LocalResource::new(move || {
        let collection = collection.get();
        async move {
            let Some(id) = collection else {
                return Ok(None);
            };
            // Untracked: the bundle needs the catalog once. Tracked, the catalog's arrival
            // would start this again and fetch the bundle twice.
            let catalog =
                Untracked(Box::pin(std::future::IntoFuture::into_future(catalog))).await?;
            match catalog.collection(&id) {
                Some(entry) => loader::load_bundle(entry).await.map(Some),
                None => Ok(None),
            }
        }
    });
    provide_context(Library {
        catalog,
        bundle,
        variant,
        saved_variant,
        ui,
        pending: RwSignal::new(false),
        shown: RwSignal::new(None),
    });
}

/// Awaits a future without subscribing the surrounding reactive computation to what it reads.
struct Untracked<F>(std::pin::Pin<Box<F>>);

impl<F: std::future::Future> std::future::Future for Untracked<F> {
    type Output = F::Output;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<F::Output> {
        untrack(|| self.0.as_mut().poll(cx))
    }
}

pub fn start() {
    crate::panic::install();
    // The static "loading" note in index.html stays until the app can replace it, so a reader
    // whose browser cannot run the app is not left with a blank page.
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let platform = current_platform();
    provide_context(platform);
    // In WeChat on iOS, every link loads as a page (see
    // [`Platform::needs_full_page_navigation`]); the app files come from the HTTP cache.
    let location = crate::nav::provide_location(!platform.needs_full_page_navigation());
    let route = Memo::new(move |_| location.search.with(|s| Route::from_search(s)));
    provide_context(CurrentRoute(route));
    let storage = provide_storage();
    provide_library(route, storage);
    crate::settings::provide_settings(storage);
    provide_pwa();
    let library = use_library();
    // Only a change of view makes a new page; a variant change converts the page in place.
    let view = Memo::new(move |_| route.get().view);
    let home = move || route.get().to(View::Catalog).href();
    let licence = move || {
        library
            .catalog
            .get()
            .and_then(Result::ok)
            .map(|c| c.site.licence.clone())
            .filter(|l| !l.is_empty())
    };

    crate::head::sync_lang(move || library.shown.get().unwrap_or(library.variant.get()).lang());
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>
            {t::SKIP_TO_CONTENT}
        </a>
        <header class="masthead">
            <a class="brand" href=home>
                <span class="brand-mark" aria-hidden="true">"文"</span>
                <span class="brand-name">{t::APP_NAME}</span>
            </a>
            <VariantSwitch />
        </header>
        <StatusBar />
        <main id="main" class="main" tabindex="-1">
            {move || match view.get() {
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

/// Moves focus to the article, keeping the URL as it is.
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
