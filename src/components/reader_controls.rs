use leptos::prelude::*;

use crate::dictionaries::ui;
use crate::settings::{Settings, Theme, TEXT_SIZES};
use crate::ui_text as t;

/// Text size and colour theme, one tap from the article (a disclosure, so the controls do not
/// push the article down on small phones); every control says what it does.
#[component]
pub fn ReaderControls(settings: Settings) -> impl IntoView {
    let size = settings.text_size;
    let theme_label = |theme: Theme| match theme {
        Theme::System => t::THEME_SYSTEM,
        Theme::Light => t::THEME_LIGHT,
        Theme::Sepia => t::THEME_SEPIA,
        Theme::Dark => t::THEME_DARK,
        Theme::Contrast => t::THEME_CONTRAST,
    };
    view! {
        <details class="reader-settings">
            <summary class="control reader-settings-toggle">
                <span aria-hidden="true">"Aa "</span>
                {move || ui(t::READER_SETTINGS)}
            </summary>
        <div class="reader-controls" role="toolbar" aria-label=move || ui(t::READER_SETTINGS)>
            <div class="control-group" role="group" aria-label=move || ui(t::TEXT_SIZE)>
                <button
                    type="button"
                    class="control"
                    aria-label=move || ui(t::TEXT_SMALLER)
                    disabled=move || size.get() == TEXT_SIZES[0]
                    on:click=move |_| settings.step_text(false)
                >
                    <span aria-hidden="true">"A−"</span>
                </button>
                <output class="control-value" aria-live="polite">{move || format!("{}%", size.get())}</output>
                <button
                    type="button"
                    class="control"
                    aria-label=move || ui(t::TEXT_LARGER)
                    disabled=move || size.get() == TEXT_SIZES[TEXT_SIZES.len() - 1]
                    on:click=move |_| settings.step_text(true)
                >
                    <span aria-hidden="true">"A+"</span>
                </button>
            </div>
            <div class="control-group" role="group" aria-label=move || ui(t::THEME)>
                {Theme::ALL
                    .into_iter()
                    .map(|theme| {
                        view! {
                            <button
                                type="button"
                                class=format!("control theme-swatch theme-{}", theme.key())
                                aria-pressed=move || (settings.theme.get() == theme).to_string()
                                on:click=move |_| settings.theme.set(theme)
                            >
                                {move || ui(theme_label(theme))}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
        </details>
    }
}
