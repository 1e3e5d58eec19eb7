use leptos::prelude::*;

use crate::ui_text as t;
use crate::ui_text::ui;

/// The trail from the site down to the current page; every entry but the last is a link.
#[component]
pub fn Breadcrumb(
    /// `(label, href)` pairs, outermost first.
    trail: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <nav class="breadcrumb" aria-label=ui(t::BREADCRUMB)>
            <ol>
                {trail
                    .into_iter()
                    .map(|(label, href)| view! { <li><a href=href>{label}</a></li> })
                    .collect_view()}
            </ol>
        </nav>
    }
}
