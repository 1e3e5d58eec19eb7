use leptos::prelude::*;

use crate::ui_text::{self as t, ui};

/// The search page as the build writes it: the query is in the address (`search/?q=…`), read
/// by the app, which replaces the note with the results. Without the app the note stays: search
/// needs a script, reading does not.
#[component]
pub fn SearchView(
    /// The index's description (`search/index.json`), so the first query need not fetch it.
    index: Option<String>,
) -> impl IntoView {
    view! {
        <section class="search-page" aria-labelledby="search-title">
            <h1 id="search-title" class="page-title">{t::search_word()}</h1>
            <div id="search-results" class="search-island" data-index=index>
                <p class="search-note search-noscript">{ui(t::SEARCH_NEEDS_SCRIPT)}</p>
            </div>
        </section>
    }
}
