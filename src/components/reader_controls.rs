use leptos::prelude::*;

use crate::settings::{Chosen, Settings, TEXT_SIZES};
use crate::ui_text as t;
use crate::ui_text::ui;

/// Text size, font, line spacing, width and colour theme, one tap from the article (a
/// disclosure, so the controls do not push the article down on small phones). Each group is
/// labelled on screen and for screen readers; every control says what it does.
#[component]
pub fn ReaderControls(settings: Settings) -> impl IntoView {
    let size = settings.text_size;
    view! {
        <details class="reader-settings">
            <summary class="control reader-settings-toggle">
                <span class="reader-settings-mark" aria-hidden="true">"Aa"</span>
                {ui(t::READER_SETTINGS)}
            </summary>
            <div class="reader-controls">
                <div class="control-group" role="group" aria-label=ui(t::TEXT_SIZE)>
                    <span class="control-label" aria-hidden="true">{ui(t::TEXT_SIZE)}</span>
                    <span class="control-options">
                    <button
                        type="button"
                        class="control"
                        aria-label=ui(t::TEXT_SMALLER)
                        disabled=move || size.get() == TEXT_SIZES[0]
                        on:click=move |_| settings.step_text(false)
                    >
                        <span aria-hidden="true">"A−"</span>
                    </button>
                    <output class="control-value" aria-live="polite">{move || format!("{}%", size.get())}</output>
                    <button
                        type="button"
                        class="control"
                        aria-label=ui(t::TEXT_LARGER)
                        disabled=move || size.get() == TEXT_SIZES[TEXT_SIZES.len() - 1]
                        on:click=move |_| settings.step_text(true)
                    >
                        <span aria-hidden="true">"A+"</span>
                    </button>
                    </span>
                </div>
                {settings.choices.into_iter().map(|chosen| view! { <ChoiceGroup chosen /> }).collect_view()}
            </div>
        </details>
    }
}

/// One setting's options as toggle buttons, the one in use pressed.
#[component]
fn ChoiceGroup(chosen: Chosen) -> impl IntoView {
    let Chosen { choice, value } = chosen;
    let options = choice
        .options
        .iter()
        .map(|&(key, label)| {
            view! {
                <button
                    type="button"
                    class=format!("control choice-{}-{key}", choice.name)
                    aria-pressed=move || (value.get() == key).to_string()
                    on:click=move |_| value.set(key)
                >
                    {ui(label)}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="control-group" role="group" aria-label=ui(choice.label)>
            <span class="control-label" aria-hidden="true">{ui(choice.label)}</span>
            <span class="control-options">{options}</span>
        </div>
    }
}
