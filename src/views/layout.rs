use leptos::prelude::*;

use crate::components::VariantSwitch;
use crate::route::Variant;
use crate::ui_text::{self as t, ui};

/// What every page's frame shows: where home is, the script switch, the licence line.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// The page's script.
    pub variant: Variant,
    /// The catalog, in this script.
    pub home: String,
    /// The search view, in this script.
    pub search: String,
    /// This page in each script, in [`Variant::ALL`] order.
    pub variants: Vec<(Variant, String)>,
    pub licence: String,
}

/// The frame around every page: the masthead with the script switch, the place the app shows
/// its notices, the main area and the footer.
#[component]
pub fn Layout(chrome: Chrome, children: Children) -> impl IntoView {
    let Chrome {
        variant,
        home,
        search,
        variants,
        licence,
    } = chrome;
    view! {
        <a class="skip-link" href="#main">{ui(t::SKIP_TO_CONTENT)}</a>
        <header class="masthead">
            <a class="brand" href=home>
                <span class="brand-mark" aria-hidden="true">"文"</span>
                <span class="brand-name">{ui(t::APP_NAME)}</span>
            </a>
            <VariantSwitch current=variant links=variants />
        </header>
        // A plain form: it leads to the search view with or without the app. Below the sticky
        // masthead, so it scrolls away with the page and never covers the text.
        <form class="site-search" role="search" action=search method="get">
            <input
                class="site-search-field"
                type="search"
                name="q"
                aria-label=t::search_word()
                placeholder=t::search_word()
                enterkeyhint="search"
                maxlength="64"
                autocomplete="off"
            />
            <button class="site-search-go" type="submit">{t::search_word()}</button>
        </form>
        // The app's notices (offline, a new version): filled by the app, empty without it.
        <div id="status" class="status-island"></div>
        <main id="main" class="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>{licence}</p>
        </footer>
        // Shown by the app's panic hook: the page stays readable, its controls may not work.
        <div id="fatal" class="fatal" role="alert" tabindex="-1" hidden>
            <p>{ui(t::FATAL)}</p>
            <p><a href="">{ui(t::RELOAD_PAGE)}</a></p>
        </div>
    }
}
