use crate::head::DocumentHead;
use leptos::prelude::*;

use crate::app::{use_library, use_route};
use crate::components::{
    place_key, remember_last_read, ArticleBody, ArticleNav, Breadcrumb, LastRead, Neighbour,
    NotFound, Place, ReaderControls, ReadingProgress, Skeleton, TableOfContents,
};
use crate::dictionaries::ui;
use crate::model::{Bundle, Catalog};
use crate::route::{Route, View};
use crate::ui_text as t;

use super::{error_view, interface, translators};
use crate::convert::convert_with_overrides;
use crate::dictionaries::Tr;
use crate::route::Variant;

/// One article, whole: header, body and the way to its neighbours.
#[component]
pub fn ArticlePage(collection: String, article: String) -> impl IntoView {
    let library = use_library();
    let route = use_route();
    let settings = crate::settings::use_settings();
    let storage = crate::storage::use_storage();
    let place = Place::new(storage, place_key(&collection, &article));
    view! {
        <ReadingProgress place />
        <ReaderControls settings />
        <Transition fallback=Skeleton set_pending=library.pending>
            {move || {
                let collection = collection.clone();
                let article = article.clone();
                // Read before the first `.await`, so a change re-runs this page's data.
                let (variant, route) = (library.variant.get(), route.get());
                Suspend::new(async move {
                    let catalog = match library.catalog.await {
                        Ok(catalog) => catalog,
                        Err(error) => return error_view(error, library),
                    };
                    let bundle = match library.bundle.await {
                        Err(error) => return error_view(error, library),
                        Ok(Some(bundle)) if bundle.collection.id == collection => bundle,
                        // The bundle of the previous collection, until the new one arrives.
                        Ok(Some(_)) => return view! { <Skeleton /> }.into_any(),
                        Ok(None) => {
                            if let Err(error) = interface(library, variant).await {
                                return error_view(error, library);
                            }
                            return view! {
                                <NotFound
                                    message=t::NOT_FOUND_COLLECTION
                                    back_label=t::BACK_TO_CATALOG
                                    back_href=route.to(View::Catalog).href()
                                />
                            }
                                .into_any();
                        }
                    };
                    let (tr, site_tr) = match translators(library, variant, bundle.script, catalog.site.script).await {
                        Ok(t) => t,
                        Err(error) => return error_view(error, library),
                    };
                    match bundle.article(&article).map(|(index, _)| index) {
                        Some(index) => {
                            place.restore();
                            remember_last_read(storage, &LastRead {
                                collection: bundle.collection.id.clone(),
                                article: article.clone(),
                                title: bundle.articles[index].title.clone(),
                                script: bundle.script,
                            });
                            article_view(&catalog, &bundle, index, route, variant, &tr, &site_tr)
                                .into_any()
                        }
                        None => {
                            view! {
                                <NotFound
                                    message=t::NOT_FOUND_ARTICLE
                                    back_label=t::BACK_TO_COLLECTION
                                    back_href=route.to(View::Collection { collection }).href()
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

fn article_view(
    catalog: &Catalog,
    bundle: &Bundle,
    index: usize,
    route: Route,
    variant: Variant,
    tr: &Tr,
    site_tr: &Tr,
) -> impl IntoView {
    let meta = &bundle.collection;
    let overrides: Vec<(&str, &str)> = bundle
        .overrides
        .iter()
        .filter_map(|o| Some((o.text.as_str(), o.for_variant(variant.param())?)))
        .collect();
    // Converted once per (article, variant): this runs when either changes.
    let article = &bundle.articles[index]
        .map_text(&mut |s| convert_with_overrides(s, &overrides, |part| tr.t(part)));
    let collection_title = tr.t(&meta.title);
    let headings: Vec<String> = article
        .blocks
        .iter()
        .filter_map(|b| match b {
            crate::model::Block::Heading { text } => Some(text.to_plain()),
            _ => None,
        })
        .collect();
    let neighbour = |i: usize| {
        bundle.articles.get(i).map(|a| Neighbour {
            title: tr.t(&a.title),
            href: route
                .to(View::Article {
                    collection: meta.id.clone(),
                    article: a.id.clone(),
                })
                .href(),
        })
    };
    let previous = index.checked_sub(1).and_then(neighbour);
    let next = neighbour(index + 1);
    let trail = vec![
        (
            site_tr.t(&catalog.site.name),
            route.to(View::Catalog).href(),
        ),
        (
            collection_title.clone(),
            route
                .to(View::Collection {
                    collection: meta.id.clone(),
                })
                .href(),
        ),
    ];
    let description = if article.summary.is_empty() {
        article.subtitle.clone()
    } else {
        article.summary.clone()
    };
    let byline = |label: String, value: &str| {
        (!value.is_empty()).then(|| {
            view! {
                <span class="byline-item">
                    {label} "：" {value.to_owned()}
                </span>
            }
        })
    };

    view! {
        <DocumentHead title=format!("{} · {}", article.title, collection_title) description=description />
        <article class="article">
            <Breadcrumb trail />
            <header class="article-header">
                <h1 class="article-title">{article.title.clone()}</h1>
                {(!article.subtitle.is_empty())
                    .then(|| view! { <p class="article-subtitle">{article.subtitle.clone()}</p> })}
                <p class="byline">
                    <span class="byline-item">
                        {ui(t::PUBLISHED)} "："
                        <time datetime=article.published.clone()>{article.published.clone()}</time>
                    </span>
                    {byline(ui(t::SOURCE), &article.source)}
                    {byline(ui(t::AUTHOR), &article.author)}
                </p>
            </header>
            <TableOfContents headings=headings />
            <ArticleBody blocks=article.blocks.clone() />
        </article>
        <ArticleNav previous next />
    }
}
