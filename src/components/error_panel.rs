use leptos::prelude::*;

use crate::dictionaries::ui;
use crate::error::AppError;
use crate::ui_text as t;

/// A failed load: what happened in plain words, a retry button, and the technical detail folded
/// away for whoever helps the reader.
#[component]
pub fn ErrorPanel(error: AppError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    view! {
        <section class="panel error-panel" role="alert">
            <h1 class="panel-title">{ui(error.title())}</h1>
            <p>{ui(error.advice())}</p>
            <button type="button" class="button button-primary" on:click=move |_| on_retry.run(())>
                {ui(t::RETRY)}
            </button>
            <details class="error-details">
                <summary>{ui(t::ERR_DETAILS)}</summary>
                <code>{error.to_string()}</code>
            </details>
        </section>
    }
}
