use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui_text as t;
use crate::ui_text::ui;

/// The article's section headings as in-page links (the headings carry ids `section-N`).
#[component]
pub fn TableOfContents(headings: Vec<String>) -> impl IntoView {
    (headings.len() > 1).then(|| {
        let items = headings
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let id = format!("section-{}", i + 1);
                let href = format!("#{id}");
                // Scrolled here rather than by the fragment, so the URL stays the article's (a
                // reload or a shared link opens the article, not a fragment) and focus moves to
                // the section for screen readers and keyboards.
                let jump = move |ev: leptos::ev::MouseEvent| {
                    ev.prevent_default();
                    if let Some(heading) = document().get_element_by_id(&id) {
                        heading.scroll_into_view();
                        if let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>() {
                            let _ = heading.set_attribute("tabindex", "-1");
                            let _ = heading.focus();
                        }
                    }
                };
                view! { <li><a href=href on:click=jump>{text}</a></li> }
            })
            .collect_view();
        view! {
            <nav class="toc" aria-label=ui(t::CONTENTS)>
                <p class="toc-title">{ui(t::CONTENTS)}</p>
                <ol>{items}</ol>
            </nav>
        }
    })
}
