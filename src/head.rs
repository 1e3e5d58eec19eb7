//! The document's title, description and language, kept by hand: a few DOM writes, where a
//! head-management crate would cost the reader's download several kilobytes.

use leptos::prelude::*;

use crate::ui_text as t;

fn description_element() -> Option<web_sys::Element> {
    let document = document();
    if let Ok(Some(meta)) = document.query_selector("meta[name=description]") {
        return Some(meta);
    }
    let meta = document.create_element("meta").ok()?;
    let _ = meta.set_attribute("name", "description");
    document.head()?.append_child(&meta).ok()?;
    Some(meta)
}

/// The title and description of the view on screen. When the view goes, the app's own come
/// back, so an error or a blank moment never shows the last article's title.
#[component]
pub fn DocumentHead(title: String, description: String) -> impl IntoView {
    let original = description_element().and_then(|m| m.get_attribute("content"));
    document().set_title(&title);
    if let Some(meta) = description_element() {
        let _ = meta.set_attribute("content", &description);
    }
    on_cleanup(move || {
        document().set_title(t::APP_NAME);
        if let (Some(meta), Some(original)) = (description_element(), original) {
            let _ = meta.set_attribute("content", &original);
        }
    });
}

/// Keeps `<html lang>` on the language of the text on screen.
pub fn sync_lang(lang: impl Fn() -> &'static str + 'static) {
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang());
        }
    });
}
