use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::app::{use_library, use_platform, use_route};
use crate::components::{InstallHint, Skeleton};
use crate::model::Catalog;
use crate::platform::Platform;
use crate::route::{Route, View};
use crate::storage::{use_storage, Storage};
use crate::ui_text as t;

use super::error_view;

/// The site and its collections.
#[component]
pub fn CatalogPage() -> impl IntoView {
    let library = use_library();
    let route = use_route();
    let (platform, storage) = (use_platform(), use_storage());
    view! {
        <Transition fallback=Skeleton>
            {move || Suspend::new(async move {
                match library.catalog.await {
                    Ok(catalog) => catalog_view(catalog, route.get(), platform, storage).into_any(),
                    Err(error) => error_view(error, library),
                }
            })}
        </Transition>
    }
}

fn catalog_view(
    catalog: Arc<Catalog>,
    route: Route,
    platform: Platform,
    storage: Storage,
) -> impl IntoView {
    let items = catalog
        .collections
        .iter()
        .map(|c| {
            let href = route
                .to(View::Collection {
                    collection: c.id.clone(),
                })
                .href();
            view! {
                <li class="card">
                    <a class="card-link" href=href>
                        <h2 class="card-title">{c.title.clone()}</h2>
                    </a>
                    <p class="card-summary">{c.description.clone()}</p>
                    <p class="card-meta">
                        {format!("{} {}", c.articles, t::ARTICLES_IN)} " · " {t::UPDATED} " "
                        <time datetime=c.updated.clone()>{c.updated.clone()}</time>
                    </p>
                </li>
            }
        })
        .collect_view();
    let empty = catalog.collections.is_empty();
    view! {
        <Title text=format!("{} · {}", catalog.site.name, t::APP_NAME) />
        <Meta name="description" content=format!("{}：{}", catalog.site.name, t::COLLECTIONS) />
        <section class="listing">
            <h1 class="page-title">{catalog.site.name.clone()}</h1>
            <p class="page-kicker">{t::COLLECTIONS}</p>
            {empty.then(|| view! { <p class="notice">{t::EMPTY_CATALOG}</p> })}
            <ul class="cards">{items}</ul>
        </section>
        <InstallHint platform storage />
    }
}
