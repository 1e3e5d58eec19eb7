//! A panic must never leave a blank page: show the static notice that index.html carries.

use wasm_bindgen::JsCast;

/// Id of the hidden notice in index.html shown when the app crashes.
const FATAL_ID: &str = "fatal";

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        // The message and where, for developers; the reader gets the notice.
        web_sys::console::error_1(&info.to_string().into());
        show_fatal_notice();
    }));
}

fn show_fatal_notice() {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(FATAL_ID))
    else {
        return;
    };
    // The app's own DOM may be half-updated; the notice sits outside it and covers the page.
    let _ = el.remove_attribute("hidden");
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}
