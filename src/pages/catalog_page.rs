use std::sync::Arc;

use crate::head::DocumentHead;
use leptos::prelude::*;

use crate::app::{use_library, use_platform, use_route};
use crate::components::{continue_reading, InstallHint, Skeleton};
use crate::dictionaries::ui;
use crate::dictionaries::Tr;
use crate::model::{Catalog, Script};
use crate::platform::Platform;
use crate::route::{Route, View};
use crate::storage::{use_storage, Storage};
use crate::ui_text as t;

use super::{error_view, translators};

/// The site and its collections.
#[component]
pub fn CatalogPage() -> impl IntoView {
    let library = use_library();
    let route = use_route();
    let (platform, storage) = (use_platform(), use_storage());
    view! {
        <Transition fallback=Skeleton set_pending=library.pending>
            {move || {
                // Read before the first `.await`, so a change re-runs this page's data.
                let (variant, route) = (library.variant.get(), route.get());
                Suspend::new(async move {
                match library.catalog.await {
                    Ok(catalog) => {
                        // The site's text is in its own script, each collection in its own:
                        // a translator for the other script only if a collection uses it, so a
                        // reader of the stored script loads no dictionaries.
                        let own = catalog.site.script;
                        let other = match own {
                            Script::Hans => Script::Hant,
                            Script::Hant => Script::Hans,
                        };
                        let (own_tr, site) = match translators(library, variant, own, own).await {
                            Ok(t) => t,
                            Err(error) => return error_view(error, library),
                        };
                        let other_tr = if catalog.collections.iter().any(|c| c.script == other) {
                            match translators(library, variant, other, own).await {
                                Ok((t, _)) => t,
                                Err(error) => return error_view(error, library),
                            }
                        } else {
                            Tr::default()
                        };
                        let (hans, hant) = match own {
                            Script::Hans => (own_tr, other_tr),
                            Script::Hant => (other_tr, own_tr),
                        };
                        let tr = move |script: Script, text: &str| match script {
                            Script::Hans => hans.t(text),
                            Script::Hant => hant.t(text),
                        };
                        catalog_view(catalog, route, platform, storage, &tr, &site).into_any()
                    }
                    Err(error) => error_view(error, library),
                }
            })
            }}
        </Transition>
    }
}

fn catalog_view(
    catalog: Arc<Catalog>,
    route: Route,
    platform: Platform,
    storage: Storage,
    tr: &impl Fn(Script, &str) -> String,
    site_tr: &Tr,
) -> impl IntoView {
    let site_name = site_tr.t(&catalog.site.name);
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
                        <h2 class="card-title">{tr(c.script, &c.title)}</h2>
                    </a>
                    <p class="card-summary">{tr(c.script, &c.description)}</p>
                    <p class="card-meta">
                        {format!("{} {}", c.articles, ui(t::ARTICLES_IN))} " · " {ui(t::UPDATED)} " "
                        <time datetime=c.updated.clone()>{c.updated.clone()}</time>
                    </p>
                </li>
            }
        })
        .collect_view();
    let empty = catalog.collections.is_empty();
    let resume = continue_reading(&catalog, &route, storage, tr);
    view! {
        <DocumentHead title=format!("{site_name} · {}", ui(t::APP_NAME)) description=format!("{site_name}：{}", ui(t::COLLECTIONS)) />
        <section class="listing">
            <h1 class="page-title">{site_name.clone()}</h1>
            <p class="page-kicker">{ui(t::COLLECTIONS)}</p>
            {resume}
            {empty.then(|| view! { <p class="notice">{ui(t::EMPTY_CATALOG)}</p> })}
            <ul class="cards">{items}</ul>
        </section>
        <InstallHint platform storage />
    }
}
