//! The reader's display settings: text size and theme. Saved in storage, applied to `<html>`
//! (boot.js applies the saved ones before first paint, so there is no flash).

use leptos::prelude::*;

use crate::storage::Storage;

/// Text sizes offered, in percent of the reader's own browser setting.
pub const TEXT_SIZES: [u32; 8] = [90, 100, 115, 130, 150, 165, 180, 200];
const SIZE_KEY: &str = "text-size";
const THEME_KEY: &str = "theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Follows the system's light or dark setting.
    System,
    Light,
    Sepia,
    Dark,
    /// Maximum contrast (WCAG AAA).
    Contrast,
}

impl Theme {
    pub const ALL: [Theme; 5] = [
        Theme::System,
        Theme::Light,
        Theme::Sepia,
        Theme::Dark,
        Theme::Contrast,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Sepia => "sepia",
            Theme::Dark => "dark",
            Theme::Contrast => "contrast",
        }
    }

    fn from_key(key: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.key() == key)
    }
}

#[derive(Clone, Copy)]
pub struct Settings {
    /// Percent, one of [`TEXT_SIZES`].
    pub text_size: RwSignal<u32>,
    pub theme: RwSignal<Theme>,
}

impl Settings {
    /// One step larger or smaller; stays within the offered sizes.
    pub fn step_text(&self, larger: bool) {
        self.text_size.update(|size| {
            let i = TEXT_SIZES.iter().position(|s| s == size).unwrap_or(1);
            let next = if larger {
                (i + 1).min(TEXT_SIZES.len() - 1)
            } else {
                i.saturating_sub(1)
            };
            *size = TEXT_SIZES[next];
        });
    }
}

pub fn provide_settings(storage: Storage) -> Settings {
    let text_size = storage
        .get(SIZE_KEY)
        .and_then(|s| s.parse().ok())
        .filter(|s| TEXT_SIZES.contains(s))
        .unwrap_or(100);
    let theme = storage
        .get(THEME_KEY)
        .and_then(|t| Theme::from_key(&t))
        .unwrap_or(Theme::System);
    let settings = Settings {
        text_size: RwSignal::new(text_size),
        theme: RwSignal::new(theme),
    };
    // Effects sync with the outside world: the document and storage.
    Effect::new(move |_| {
        let size = settings.text_size.get();
        if let Some(root) = document().document_element() {
            use wasm_bindgen::JsCast;
            if let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() {
                let _ = root
                    .style()
                    .set_property("--reader-scale", &format!("{}", f64::from(size) / 100.0));
            }
        }
        storage.set(SIZE_KEY, &size.to_string());
    });
    Effect::new(move |_| {
        let theme = settings.theme.get();
        if let Some(root) = document().document_element() {
            let _ = match theme {
                Theme::System => root.remove_attribute("data-theme"),
                other => root.set_attribute("data-theme", other.key()),
            };
        }
        storage.set(THEME_KEY, theme.key());
    });
    provide_context(settings);
    settings
}

pub fn use_settings() -> Settings {
    expect_context()
}
