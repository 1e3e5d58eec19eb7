//! The page's side of reading aloud: which elements are the paragraphs read, the piece being read
//! marked without touching the article's markup, and the screen kept awake.
//!
//! The paragraph being read gets a class (a tint in the style sheet); the piece gets the CSS
//! Custom Highlight API's `read-aloud` highlight over a DOM `Range`, where the browser has it
//! (Chrome 105, Safari 17.2, Firefox 140). No element is added, moved or wrapped, so the text
//! keeps its structure for copying, the reading position and screen readers.

use std::cell::{Cell, RefCell};
use std::ops::Range;

use js_sys::{Array, Function, Reflect};
use leptos::prelude::{document, window};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Node, ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};

/// What is read, in order: the title, the subtitle and the body's text blocks (a poem line by
/// line, a list item with its sub-items).
const READ: &str =
    ".article-title, .article-subtitle, .article-body :is(p, h2, figcaption, li:not(li li), .line)";
/// The class of the paragraph being read.
const CURRENT: &str = "read-aloud-current";
const HIGHLIGHT: &str = "read-aloud";

pub struct Marks {
    paragraphs: Vec<Element>,
    current: Cell<Option<usize>>,
}

thread_local! {
    /// The screen wake lock held while reading.
    static WAKE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

impl Marks {
    /// The article's paragraphs on this page, each with its text as shown.
    pub fn find() -> (Marks, Vec<String>) {
        let mut paragraphs = Vec::new();
        if let Ok(list) = document().query_selector_all(READ) {
            for i in 0..list.length() {
                let Some(element) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                    continue;
                };
                // A paragraph of lines is read line by line.
                if element.query_selector(".line").ok().flatten().is_some() {
                    continue;
                }
                paragraphs.push(element);
            }
        }
        let texts = paragraphs
            .iter()
            .map(|p| p.text_content().unwrap_or_default())
            .collect();
        let marks = Marks {
            paragraphs,
            current: Cell::new(None),
        };
        (marks, texts)
    }

    /// Marks `paragraph` (scrolling it to the middle of the screen when it is new) and the piece
    /// at `utf16` in its text.
    pub fn mark(&self, paragraph: usize, utf16: Range<usize>) {
        let Some(element) = self.paragraphs.get(paragraph) else {
            return;
        };
        if self.current.get() != Some(paragraph) {
            self.unmark_paragraph();
            let _ = element.class_list().add_1(CURRENT);
            self.current.set(Some(paragraph));
            let options = ScrollIntoViewOptions::new();
            options.set_block(ScrollLogicalPosition::Center);
            options.set_behavior(if reduced_motion() {
                ScrollBehavior::Instant
            } else {
                ScrollBehavior::Smooth
            });
            element.scroll_into_view_with_scroll_into_view_options(&options);
        }
        highlight(element, utf16);
    }

    pub fn clear(&self) {
        self.unmark_paragraph();
        if let Some((registry, _)) = highlights() {
            let _ = call(&registry, "delete", &[JsValue::from_str(HIGHLIGHT)]);
        }
    }

    fn unmark_paragraph(&self) {
        if let Some(old) = self.current.take().and_then(|i| self.paragraphs.get(i)) {
            let _ = old.class_list().remove_1(CURRENT);
        }
    }

    /// The first paragraph not scrolled above the top fifth of the screen (从这里读).
    pub fn in_view(&self) -> usize {
        let top = window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0)
            / 5.0;
        self.paragraphs
            .iter()
            .position(|p| p.get_bounding_client_rect().bottom() > top)
            .unwrap_or(0)
    }
}

/// Keeps the screen on while reading (`navigator.wakeLock`, where there is one), or lets it
/// sleep again.
pub fn keep_awake(on: bool) {
    if !on {
        if let Some(sentinel) = WAKE.with(|w| w.borrow_mut().take()) {
            let _ = call(&sentinel, "release", &[]);
        }
        return;
    }
    if WAKE.with(|w| w.borrow().is_some()) {
        return;
    }
    let navigator: JsValue = window().navigator().into();
    let Some(promise) = get(&navigator, "wakeLock")
        .and_then(|lock| call(&lock, "request", &[JsValue::from_str("screen")]))
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
    else {
        return;
    };
    // Asked for (null until granted): not asked again while reading goes on.
    WAKE.with(|w| *w.borrow_mut() = Some(JsValue::NULL));
    wasm_bindgen_futures::spawn_local(async move {
        // Refused (battery saver, a policy): reading goes on all the same.
        if let Ok(sentinel) = wasm_bindgen_futures::JsFuture::from(promise).await {
            if super::speaking() {
                WAKE.with(|w| *w.borrow_mut() = Some(sentinel));
            } else {
                let _ = call(&sentinel, "release", &[]);
            }
        }
    });
}

fn reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// `CSS.highlights` and the `Highlight` constructor, where the browser has them.
fn highlights() -> Option<(JsValue, Function)> {
    let css = get(&window(), "CSS")?;
    let registry = get(&css, "highlights")?;
    let constructor = get(&window(), "Highlight")?.dyn_into::<Function>().ok()?;
    Some((registry, constructor))
}

fn highlight(element: &Element, utf16: Range<usize>) -> Option<()> {
    let (registry, constructor) = highlights()?;
    let mut texts = Vec::new();
    text_nodes(element, &mut texts);
    let (start, start_at) = locate(&texts, utf16.start, false)?;
    let (end, end_at) = locate(&texts, utf16.end, true)?;
    let range = document().create_range().ok()?;
    range.set_start(&start, start_at).ok()?;
    range.set_end(&end, end_at).ok()?;
    let highlight = Reflect::construct(&constructor, &Array::of1(&range)).ok()?;
    call(&registry, "set", &[JsValue::from_str(HIGHLIGHT), highlight])?;
    Some(())
}

/// The text nodes under `node`, in order, with their lengths in UTF-16 code units: together
/// they are its `textContent`.
fn text_nodes(node: &Node, out: &mut Vec<(Node, usize)>) {
    let children = node.child_nodes();
    for i in 0..children.length() {
        let Some(child) = children.item(i) else {
            continue;
        };
        if child.node_type() == Node::TEXT_NODE {
            let len = child
                .node_value()
                .unwrap_or_default()
                .encode_utf16()
                .count();
            out.push((child, len));
        } else {
            text_nodes(&child, out);
        }
    }
}

/// The text node and offset at `offset` (UTF-16) into the text; an end offset stays in the node
/// it ends.
fn locate(texts: &[(Node, usize)], offset: usize, end: bool) -> Option<(Node, u32)> {
    let mut at = 0;
    for (node, len) in texts {
        let inside = if end {
            offset <= at + len
        } else {
            offset < at + len
        };
        if inside {
            return Some((node.clone(), (offset - at) as u32));
        }
        at += len;
    }
    None
}

fn get(object: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn call(object: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    let method = get(object, name)?.dyn_into::<Function>().ok()?;
    let args: Array = args.iter().collect();
    Reflect::apply(&method, object, &args).ok()
}
