use leptos::prelude::*;

use crate::dictionaries::ui;
use crate::ui_text as t;

/// Grey bars shaped like a page while content loads; announced once to screen readers.
#[component]
pub fn Skeleton() -> impl IntoView {
    view! {
        <div class="skeleton" role="status" aria-busy="true">
            <span class="visually-hidden">{ui(t::LOADING)}</span>
            <div class="skeleton-bar skeleton-title"></div>
            <div class="skeleton-bar skeleton-meta"></div>
            {(0..6).map(|_| view! { <div class="skeleton-bar"></div> }).collect_view()}
            <div class="skeleton-bar skeleton-short"></div>
        </div>
    }
}
