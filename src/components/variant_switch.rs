use leptos::prelude::*;

use crate::app::{use_library, use_platform, use_route, VARIANT_KEY};
use crate::dictionaries::ui;
use crate::route::Variant;
use crate::storage::use_storage;
use crate::ui_text as t;

/// 简体 / 繁體 / 臺灣 / 香港: each named in its own script, never converted. The choice goes into
/// the URL (so shared links carry it) and is saved for next time; the page stays where it is.
#[component]
pub fn VariantSwitch() -> impl IntoView {
    let library = use_library();
    let route = use_route();
    let storage = use_storage();
    let location = crate::nav::use_location();
    let full_page = use_platform().needs_full_page_navigation();
    let choose = move |variant: Variant| {
        storage.set(VARIANT_KEY, variant.param());
        library.saved_variant.set(Some(variant));
        let mut next = route.get_untracked();
        next.variant = Some(variant);
        let href = next.href();
        if full_page {
            let _ = window().location().replace(&href);
        } else {
            location.navigate(&href, true);
        }
    };
    view! {
        <div
            class="variant-switch"
            role="group"
            aria-label=move || ui(t::VARIANT_SWITCH)
            aria-busy=move || library.pending.get().to_string()
        >
            {Variant::ALL
                .into_iter()
                .map(|variant| {
                    view! {
                        <button
                            type="button"
                            class="variant-option"
                            lang=variant.lang()
                            aria-pressed=move || (library.variant.get() == variant).to_string()
                            on:click=move |_| choose(variant)
                        >
                            {variant.label()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
