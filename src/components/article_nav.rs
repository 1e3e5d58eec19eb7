use leptos::prelude::*;

use crate::ui_text as t;
use crate::ui_text::ui;

/// A neighbouring article: its title and link.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbour {
    pub title: String,
    pub href: String,
}

/// Previous and next article within the collection.
#[component]
pub fn ArticleNav(previous: Option<Neighbour>, next: Option<Neighbour>) -> impl IntoView {
    let link = |n: Neighbour, rel: &'static str, label: &'static str| {
        view! {
            <a class=format!("article-nav-link {rel}") href=n.href rel=rel>
                <span class="article-nav-label">{ui(label)}</span>
                <span class="article-nav-title">{n.title}</span>
            </a>
        }
    };
    (previous.is_some() || next.is_some()).then(|| {
        view! {
            <nav class="article-nav" aria-label=ui(t::ARTICLE_NAV)>
                {previous.map(|n| link(n, "prev", t::PREVIOUS))}
                {next.map(|n| link(n, "next", t::NEXT))}
            </nav>
        }
    })
}
