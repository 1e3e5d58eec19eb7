use leptos::prelude::*;

use crate::ui_text::{self as t, ui};

/// A page that is not there, with the way back.
#[component]
pub fn NotFound(
    message: &'static str,
    back_label: &'static str,
    back_href: String,
) -> impl IntoView {
    view! {
        <section class="panel not-found">
            <h1 class="panel-title">{ui(t::NOT_FOUND_TITLE)}</h1>
            <p>{ui(message)}</p>
            <a class="button button-primary" href=back_href>{ui(back_label)}</a>
        </section>
    }
}
