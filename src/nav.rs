//! Moving between views without reloading: the location's query string as a signal, links
//! inside the app followed with `history.pushState`, back and forward through `popstate`.
//!
//! Every view is the one page with a query string (see [`crate::route`]), so this is all the
//! routing the app needs; a router crate would cost the reader's download several kilobytes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The query string of the page's location (`?c=…`), kept current.
#[derive(Clone, Copy)]
pub struct Location {
    pub search: ReadSignal<String>,
    set_search: WriteSignal<String>,
}

fn current_search() -> String {
    window().location().search().unwrap_or_default()
}

impl Location {
    /// Shows `href` (a link the app wrote, relative to the page) without reloading. A new entry
    /// starts at the top of the page; a replaced one (a script change) stays where it is.
    pub fn navigate(self, href: &str, replace: bool) {
        let Ok(history) = window().history() else {
            let _ = window().location().set_href(href);
            return;
        };
        let done = if replace {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
        } else {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
        };
        if done.is_err() {
            let _ = window().location().set_href(href);
            return;
        }
        self.set_search.set(current_search());
        if !replace {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
}

/// Starts following the location. With `follow_links`, a plain click on a link to this page
/// (another query string) navigates in place; otherwise every link loads as a page.
pub fn provide_location(follow_links: bool) -> Location {
    let (search, set_search) = signal(current_search());
    let location = Location { search, set_search };
    let popstate = window_event_listener(leptos::ev::popstate, move |_| {
        set_search.set(current_search());
    });
    // Both live as long as the app.
    std::mem::forget(popstate);
    if follow_links {
        let clicks = window_event_listener(leptos::ev::click, move |ev| {
            if let Some(href) = in_app_link(&ev) {
                ev.prevent_default();
                // A link to the view on screen adds no history entry; it only goes to the top.
                if window().location().href().is_ok_and(|here| here == href) {
                    window().scroll_to_with_x_and_y(0.0, 0.0);
                } else {
                    location.navigate(&href, false);
                }
            }
        });
        std::mem::forget(clicks);
    }
    provide_context(location);
    location
}

pub fn use_location() -> Location {
    expect_context()
}

/// The link a click should follow in place: a plain primary click, not already handled, on a
/// link to this same page with another query string (a link that only changes the fragment is
/// left to the browser, as are other pages, new windows and downloads).
fn in_app_link(ev: &web_sys::MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let link: web_sys::HtmlAnchorElement = ev
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??
        .dyn_into()
        .ok()?;
    if !matches!(link.target().as_str(), "" | "_self") || link.has_attribute("download") {
        return None;
    }
    let here = window().location();
    // The app's page, whether reached as `…/` or `…/index.html`.
    let page = |path: String| {
        path.strip_suffix("index.html")
            .map(str::to_owned)
            .unwrap_or(path)
    };
    let same_page = link.origin() == here.origin().ok()?
        && page(link.pathname()) == page(here.pathname().ok()?);
    let same_search = link.search() == here.search().ok()?;
    if !same_page || (same_search && !link.hash().is_empty()) {
        return None;
    }
    Some(link.href())
}
