//! The reader's display settings: text size, theme, line spacing, width and font. Saved in
//! storage and shown on `<html>` (boot.js applies the saved ones before first paint, so there is
//! no flash; keep its list of names in step with [`CHOICES`]).

use leptos::prelude::*;

use crate::storage::Storage;
use crate::ui_text as t;

/// Text sizes offered, in percent of the reader's own browser setting.
pub const TEXT_SIZES: [u32; 8] = [90, 100, 115, 130, 150, 165, 180, 200];
const SIZE_KEY: &str = "text-size";

/// A setting with a few named options. It is stored under `name` and shown as `data-<name>` on
/// `<html>`, which the style sheets read; the default sets no attribute at all.
#[derive(Debug, PartialEq, Eq)]
pub struct Choice {
    pub name: &'static str,
    /// The group's accessible name (interface text, converted like the rest).
    pub label: &'static str,
    /// Each option's key and label, in the order shown.
    pub options: &'static [(&'static str, &'static str)],
    pub default: &'static str,
}

impl Choice {
    fn accepts(&self, key: &str) -> Option<&'static str> {
        self.options.iter().map(|&(k, _)| k).find(|&k| k == key)
    }
}

pub const THEME: Choice = Choice {
    name: "theme",
    label: t::THEME,
    options: &[
        ("system", t::THEME_SYSTEM),
        ("light", t::THEME_LIGHT),
        ("sepia", t::THEME_SEPIA),
        ("dark", t::THEME_DARK),
        // Maximum contrast (WCAG AAA).
        ("contrast", t::THEME_CONTRAST),
    ],
    default: "system",
};

pub const LEADING: Choice = Choice {
    name: "leading",
    label: t::LINE_SPACING,
    options: &[
        ("tight", t::LEADING_TIGHT),
        ("normal", t::LEADING_NORMAL),
        ("loose", t::LEADING_LOOSE),
    ],
    default: "normal",
};

pub const MEASURE: Choice = Choice {
    name: "measure",
    label: t::MEASURE,
    options: &[
        ("narrow", t::MEASURE_NARROW),
        ("normal", t::MEASURE_NORMAL),
        ("wide", t::MEASURE_WIDE),
    ],
    default: "normal",
};

pub const FONT: Choice = Choice {
    name: "font",
    label: t::FONT,
    options: &[("sans", t::FONT_SANS), ("serif", t::FONT_SERIF)],
    default: "sans",
};

/// Every choice, in the order the controls show them.
pub const CHOICES: [&Choice; 4] = [&FONT, &LEADING, &MEASURE, &THEME];

/// One choice and the option the reader has now.
#[derive(Clone, Copy)]
pub struct Chosen {
    pub choice: &'static Choice,
    pub value: RwSignal<&'static str>,
}

#[derive(Clone, Copy)]
pub struct Settings {
    /// Percent, one of [`TEXT_SIZES`].
    pub text_size: RwSignal<u32>,
    /// In the order of [`CHOICES`].
    pub choices: [Chosen; 4],
}

impl Settings {
    /// The defaults, touching nothing outside: for rendering the controls into a static page,
    /// where the reader's own settings are applied by `boot.js` and then by the app.
    pub fn fixed() -> Settings {
        Settings {
            text_size: RwSignal::new(100),
            choices: CHOICES.map(|choice| Chosen {
                choice,
                value: RwSignal::new(choice.default),
            }),
        }
    }

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

fn root() -> Option<web_sys::Element> {
    document().document_element()
}

pub fn provide_settings(storage: Storage) -> Settings {
    let text_size = storage
        .get(SIZE_KEY)
        .and_then(|s| s.parse().ok())
        .filter(|s| TEXT_SIZES.contains(s))
        .unwrap_or(100);
    let text_size = RwSignal::new(text_size);
    let choices = CHOICES.map(|choice| {
        let saved = storage.get(choice.name).and_then(|k| choice.accepts(&k));
        Chosen {
            choice,
            value: RwSignal::new(saved.unwrap_or(choice.default)),
        }
    });
    // Effects sync with the outside world: the document and storage.
    Effect::new(move |_| {
        let size = text_size.get();
        if let Some(root) = root() {
            use wasm_bindgen::JsCast;
            if let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() {
                let _ = root.style().set_property(
                    "--reader-scale",
                    &format!("{}.{:02}", size / 100, size % 100),
                );
            }
        }
        storage.set(SIZE_KEY, &size.to_string());
    });
    for Chosen { choice, value } in choices {
        Effect::new(move |_| {
            let key = value.get();
            if let Some(root) = root() {
                let attribute = format!("data-{}", choice.name);
                let _ = if key == choice.default {
                    root.remove_attribute(&attribute)
                } else {
                    root.set_attribute(&attribute, key)
                };
            }
            storage.set(choice.name, key);
        });
    }
    let settings = Settings { text_size, choices };
    provide_context(settings);
    settings
}

pub fn use_settings() -> Settings {
    expect_context()
}
