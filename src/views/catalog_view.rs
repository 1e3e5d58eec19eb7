use leptos::prelude::*;

use crate::ui_text::{self as t, ui};

/// A collection as the catalog shows it.
#[derive(Debug, Clone)]
pub struct CollectionCard {
    pub title: String,
    pub description: String,
    pub href: String,
    pub articles: u32,
    pub updated: String,
}

/// The site's collections.
#[component]
pub fn CatalogView(site_name: String, collections: Vec<CollectionCard>) -> impl IntoView {
    let empty = collections.is_empty();
    let cards = collections
        .into_iter()
        .map(|c| {
            let updated_at = c.updated.clone();
            view! {
                <li class="card">
                    <a class="card-link" href=c.href>
                        <h2 class="card-title">{c.title}</h2>
                    </a>
                    <p class="card-summary">{c.description}</p>
                    <p class="card-meta">
                        {format!("{} {}", c.articles, ui(t::ARTICLES_IN))}
                        " · "
                        {ui(t::UPDATED)}
                        " "
                        <time datetime=updated_at>{c.updated}</time>
                    </p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="listing">
            <h1 class="page-title">{site_name}</h1>
            // The app offers the last article read here, and how to install.
            <div id="continue-reading" class="continue-island"></div>
            <h2 class="section-title">{ui(t::COLLECTIONS)}</h2>
            {empty.then(|| view! { <p class="notice">{ui(t::EMPTY_CATALOG)}</p> })}
            <ol class="cards">{cards}</ol>
        </section>
    }
}
