use leptos::prelude::*;

use crate::ui_text::{self as t, ui};

/// Links to a collection's other pages of articles: previous, each page by number, next.
#[component]
pub fn Pager(
    /// This page's number, from 1.
    page: u32,
    /// Each page's link, in order.
    links: Vec<String>,
) -> impl IntoView {
    let pages = links.len() as u32;
    let link = |n: u32| links.get(n as usize - 1).cloned();
    let previous = (page > 1).then(|| link(page - 1)).flatten();
    let next = (page < pages).then(|| link(page + 1)).flatten();
    let numbers = (1..=pages)
        .map(|n| {
            let href = link(n).unwrap_or_default();
            view! {
                <li>
                    <a class="pager-page" href=href aria-current=(n == page).then_some("page")>
                        {n.to_string()}
                    </a>
                </li>
            }
        })
        .collect_view();
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=ui(t::PAGES)>
                {previous.map(|href| view! { <a class="pager-step" href=href rel="prev">{ui(t::PAGE_PREVIOUS)}</a> })}
                <ol class="pager-pages">{numbers}</ol>
                {next.map(|href| view! { <a class="pager-step" href=href rel="next">{ui(t::PAGE_NEXT)}</a> })}
            </nav>
        }
    })
}
