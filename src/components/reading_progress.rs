use leptos::prelude::*;

use crate::numbers::{parse_permille, permille, permille_text};
use crate::storage::Storage;
use crate::ui_text as t;
use crate::ui_text::ui;

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

/// Past this many thousandths of the page, the article counts as read to the end.
pub const FINISHED: u32 = 980;

/// How far down the page the reader is, in thousandths.
fn scrolled() -> u32 {
    let room = scroll_room();
    if room > 1.0 {
        permille(window().scroll_y().unwrap_or(0.0) / room)
    } else {
        0
    }
}

/// The reader's place in one article, kept in storage as a fraction of the page (so it survives
/// reloads, other text sizes and other scripts). It is saved only once the article is on screen
/// and back where the reader left it: scrolling before then belongs to the loading page, or to
/// the browser restoring a reload's scroll over a page not yet full, and would overwrite the
/// place with a wrong one.
#[derive(Clone, Copy)]
pub struct Place {
    storage: Storage,
    key: StoredValue<String>,
    settled: StoredValue<bool>,
}

impl Place {
    pub fn new(storage: Storage, key: String) -> Place {
        Place {
            storage,
            key: StoredValue::new(key),
            settled: StoredValue::new(false),
        }
    }

    fn saved(self) -> Option<u32> {
        self.key
            .with_value(|key| self.storage.get(key))
            .and_then(|v| parse_permille(&v))
    }

    fn save(self, place: u32) {
        if self.settled.get_value() {
            self.key
                .with_value(|key| self.storage.set(key, &permille_text(place)));
        }
    }

    /// Returns the reader to their saved place (once the article is laid out), unless they had
    /// finished it; from then on their scrolling is saved.
    pub fn restore(self) {
        match self.saved() {
            Some(place) if place > 0 && place < FINISHED => {
                request_animation_frame(move || {
                    window().scroll_to_with_x_and_y(0.0, f64::from(place) / 1000.0 * scroll_room());
                    self.settled.set_value(true);
                });
            }
            _ => self.settled.set_value(true),
        }
    }
}

/// A thin bar showing how much of the article is read; it also keeps the reader's [`Place`].
#[component]
pub fn ReadingProgress(place: Place) -> impl IntoView {
    let progress = RwSignal::new(0u32);
    let saved = StoredValue::new(None::<u32>);
    let handle = window_event_listener(leptos::ev::scroll, move |_| {
        let now = scrolled();
        progress.set(now);
        if saved.get_value().is_none_or(|s| s.abs_diff(now) >= 10) {
            saved.set_value(Some(now));
            place.save(now);
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <div
            class="reading-progress"
            role="progressbar"
            aria-label=ui(t::READING_PROGRESS)
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=move || ((progress.get() + 5) / 10).to_string()
        >
            <div class="reading-progress-bar" style:inline-size=move || format!("{}%", crate::numbers::tenths_text(progress.get().into()))></div>
        </div>
    }
}
