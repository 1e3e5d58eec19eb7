use leptos::prelude::*;

use crate::dictionaries::ui;
use crate::storage::Storage;
use crate::ui_text as t;

/// How far the page can scroll, in pixels.
fn scroll_room() -> f64 {
    let viewport = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let height = document()
        .document_element()
        .map_or(0.0, |e| f64::from(e.scroll_height()));
    (height - viewport).max(0.0)
}

/// How far down the page the reader is, from 0 to 1.
fn scrolled() -> f64 {
    let room = scroll_room();
    if room > 1.0 {
        (window().scroll_y().unwrap_or(0.0) / room).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// A thin bar showing how much of the article is read, and the keeper of the reader's place:
/// the position is saved as a fraction of the page, so it survives reloads, other text sizes
/// and other scripts.
#[component]
pub fn ReadingProgress(storage: Storage, key: String) -> impl IntoView {
    let progress = RwSignal::new(0.0);
    let saved = StoredValue::new(-1.0f64);
    let handle = window_event_listener(leptos::ev::scroll, move |_| {
        let now = scrolled();
        progress.set(now);
        if (now - saved.get_value()).abs() >= 0.01 {
            saved.set_value(now);
            storage.set(&key, &format!("{now:.3}"));
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <div
            class="reading-progress"
            role="progressbar"
            aria-label=move || ui(t::READING_PROGRESS)
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=move || format!("{:.0}", progress.get() * 100.0)
        >
            <div class="reading-progress-bar" style:inline-size=move || format!("{:.1}%", progress.get() * 100.0)></div>
        </div>
    }
}

/// Returns the reader to their saved place in an article (after it is on screen), unless they
/// had finished it.
pub fn restore_position(storage: Storage, key: &str) {
    let Some(fraction) = storage.get(key).and_then(|v| v.parse::<f64>().ok()) else {
        return;
    };
    if !(fraction > 0.0 && fraction < 0.98) {
        return;
    }
    request_animation_frame(move || window().scroll_to_with_x_and_y(0.0, fraction * scroll_room()));
}
