use std::sync::Arc;

use crate::head::DocumentHead;
use leptos::prelude::*;

use crate::app::{use_library, use_route};
use crate::components::{Breadcrumb, NotFound, SaveOffline, Skeleton};
use crate::dictionaries::ui;
use crate::model::{Bundle, Catalog};
use crate::pwa::{use_pwa, Pwa};
use crate::route::{Route, View};
use crate::storage::{use_storage, Storage};
use crate::ui_text as t;

use super::{error_view, interface, translators};
use crate::dictionaries::Tr;

/// A collection's articles, newest layout first as the editors ordered them.
#[component]
pub fn CollectionPage(collection: String) -> impl IntoView {
    let library = use_library();
    let route = use_route();
    let (pwa, storage) = (use_pwa(), use_storage());
    view! {
        <Transition fallback=Skeleton set_pending=library.pending>
            {move || {
                let collection = collection.clone();
                // Read before the first `.await`, so a change re-runs this page's data.
                let (variant, route) = (library.variant.get(), route.get());
                Suspend::new(async move {
                    let catalog = match library.catalog.await {
                        Ok(catalog) => catalog,
                        Err(error) => return error_view(error, library),
                    };
                    match library.bundle.await {
                        Err(error) => error_view(error, library),
                        Ok(Some(bundle)) if bundle.collection.id == collection => {
                            match translators(library, variant, bundle.script, catalog.site.script).await {
                                Ok((tr, site_tr)) => {
                                    collection_view(catalog, bundle, route, pwa, storage, &tr, &site_tr)
                                        .into_any()
                                }
                                Err(error) => error_view(error, library),
                            }
                        }
                        // The bundle of the previous collection, until the new one arrives.
                        Ok(Some(_)) => view! { <Skeleton /> }.into_any(),
                        Ok(None) => {
                            if let Err(error) = interface(library, variant).await {
                                return error_view(error, library);
                            }
                            view! {
                                <NotFound
                                    message=t::NOT_FOUND_COLLECTION
                                    back_label=t::BACK_TO_CATALOG
                                    back_href=route.to(View::Catalog).href()
                                />
                            }
                                .into_any()
                        }
                    }
                })
            }}
        </Transition>
    }
}

fn collection_view(
    catalog: Arc<Catalog>,
    bundle: Arc<Bundle>,
    route: Route,
    pwa: Pwa,
    storage: Storage,
    tr: &Tr,
    site_tr: &Tr,
) -> impl IntoView {
    let meta = &bundle.collection;
    let items = bundle
        .articles
        .iter()
        .map(|a| {
            let href = route
                .to(View::Article {
                    collection: meta.id.clone(),
                    article: a.id.clone(),
                })
                .href();
            view! {
                <li class="card">
                    <a class="card-link" href=href>
                        <h2 class="card-title">{tr.t(&a.title)}</h2>
                    </a>
                    <p class="card-meta">
                        <time datetime=a.published.clone()>{a.published.clone()}</time>
                        " · "
                        {format!("{} {}", a.reading_minutes(), ui(t::MINUTES))}
                    </p>
                    <p class="card-summary">{tr.t(&a.summary)}</p>
                </li>
            }
        })
        .collect_view();
    let site_name = site_tr.t(&catalog.site.name);
    let (title, description) = (tr.t(&meta.title), tr.t(&meta.description));
    let trail = vec![(site_name.clone(), route.to(View::Catalog).href())];
    let entry = catalog.collection(&meta.id).cloned();
    let save = entry.map(|entry| view! { <SaveOffline entry bundle=bundle.clone() pwa storage /> });
    view! {
        <DocumentHead title=format!("{title} · {site_name}") description=description.clone() />
        <section class="listing">
            <Breadcrumb trail />
            <h1 class="page-title">{title}</h1>
            <p class="page-kicker">{description}</p>
            {save}
            {bundle.articles.is_empty().then(|| view! { <p class="notice">{ui(t::EMPTY_COLLECTION)}</p> })}
            <ol class="cards">{items}</ol>
        </section>
    }
}
