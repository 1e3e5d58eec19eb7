use leptos::prelude::*;

use crate::components::{Breadcrumb, Pager};
use crate::ui_text::{self as t, ui};

/// An article as its collection's page lists it.
#[derive(Debug, Clone)]
pub struct ArticleCard {
    pub title: String,
    pub href: String,
    pub published: String,
    pub minutes: u32,
    pub summary: String,
}

/// One page of a collection's articles, as the editors ordered them, with links to its other
/// pages.
#[component]
pub fn CollectionView(
    trail: Vec<(String, String)>,
    title: String,
    description: String,
    articles: Vec<ArticleCard>,
    /// This page's number and every page's link (see [`Pager`]).
    page: u32,
    pages: Vec<String>,
) -> impl IntoView {
    let empty = articles.is_empty();
    let first = page <= 1;
    let heading = if first {
        title
    } else {
        format!(
            "{title}（{}{page}{}）",
            ui(t::PAGE_NUMBER_BEFORE),
            ui(t::PAGE_OF)
        )
    };
    let items = articles
        .into_iter()
        .map(|a| {
            let published_at = a.published.clone();
            view! {
                <li class="card">
                    <a class="card-link" href=a.href>
                        <h2 class="card-title">{a.title}</h2>
                    </a>
                    <p class="card-meta">
                        <time datetime=published_at>{a.published}</time>
                        " · "
                        {format!("{} {}", a.minutes, ui(t::MINUTES))}
                    </p>
                    <p class="card-summary">{a.summary}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="listing">
            <Breadcrumb trail />
            <h1 class="page-title">{heading}</h1>
            {first.then(|| view! { <p class="page-kicker">{description}</p> })}
            // "Save for offline", from the app where a service worker can keep the files.
            <div id="save-offline" class="save-island"></div>
            {empty.then(|| view! { <p class="notice">{ui(t::EMPTY_COLLECTION)}</p> })}
            <ol class="cards">{items}</ol>
            <Pager page links=pages />
        </section>
    }
}
