//! A photo full screen: tapping a figure's photo (a link to its largest file, which the browser
//! opens itself without the app) shows that file in a modal dialog over the page, with its
//! caption and a large close button. Zooming is the browser's own pinch-zoom (the page never
//! disables it); Escape, the back gesture's first step on Android, and the button close it.
//! The dialog is made with DOM calls on first use: nothing is added to the prerendered article.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlDialogElement, MouseEvent};

use crate::ui_text::{self as t, ui};

/// Takes over the photo links of the article on this page.
pub fn install() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(Some(body)) = document.query_selector(".article-body") else {
        return;
    };
    let on_click = Closure::<dyn Fn(MouseEvent)>::new(move |event: MouseEvent| {
        // A plain tap only: a new tab or a download stays the browser's.
        if event.button() != 0 || event.ctrl_key() || event.meta_key() || event.shift_key() {
            return;
        }
        let link = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("a.figure-link").ok().flatten());
        let Some(link) = link else { return };
        if open(&link).is_some() {
            event.prevent_default();
        }
    });
    let _ = body.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget();
}

/// Shows the photo `link` leads to; `None` if the dialog could not be made (the browser then
/// follows the link).
fn open(link: &Element) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let href = link.get_attribute("href")?;
    let figure = link.closest("figure").ok()??;
    let alt = link
        .query_selector("img")
        .ok()
        .flatten()
        .and_then(|img| img.get_attribute("alt"))
        .unwrap_or_default();
    let caption = figure
        .query_selector("figcaption")
        .ok()
        .flatten()
        .and_then(|c| c.text_content())
        .unwrap_or_default();

    let dialog: HtmlDialogElement = document.create_element("dialog").ok()?.dyn_into().ok()?;
    dialog.set_class_name("photo-viewer");
    dialog.set_attribute("aria-label", &alt).ok()?;
    let close = document.create_element("button").ok()?;
    close.set_class_name("photo-viewer-close");
    close.set_attribute("type", "button").ok()?;
    close.set_text_content(Some(ui(t::CLOSE)));
    let frame = document.create_element("div").ok()?;
    frame.set_class_name("photo-viewer-frame");
    let img = document.create_element("img").ok()?;
    img.set_attribute("src", &href).ok()?;
    img.set_attribute("alt", &alt).ok()?;
    frame.append_child(&img).ok()?;
    let text = document.create_element("p").ok()?;
    text.set_class_name("photo-viewer-caption");
    // Text, never markup.
    text.set_text_content(Some(&caption));
    dialog.append_child(&close).ok()?;
    dialog.append_child(&frame).ok()?;
    dialog.append_child(&text).ok()?;
    document.body()?.append_child(&dialog).ok()?;

    let on_close_click = {
        let dialog = dialog.clone();
        Closure::<dyn Fn()>::new(move || dialog.close())
    };
    close
        .add_event_listener_with_callback("click", on_close_click.as_ref().unchecked_ref())
        .ok()?;
    on_close_click.forget();
    // Closed (button, Escape): gone from the page, focus back on the photo's link.
    let on_closed = {
        let dialog = dialog.clone();
        let link = link.clone();
        Closure::<dyn Fn()>::new(move || {
            dialog.remove();
            if let Some(link) = link.dyn_ref::<web_sys::HtmlElement>() {
                let _ = link.focus();
            }
        })
    };
    dialog
        .add_event_listener_with_callback("close", on_closed.as_ref().unchecked_ref())
        .ok()?;
    on_closed.forget();
    dialog.show_modal().ok()?;
    Some(())
}
