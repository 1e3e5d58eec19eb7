use leptos::prelude::*;

use crate::route::Variant;
use crate::ui_text::{self as t, ui};

/// 简体 / 繁體 / 臺灣 / 香港: each named in its own script (never converted) and a real link to
/// the same page prerendered in that script, so switching works with JavaScript off too.
/// `public/boot.js` saves the choice when one is followed, and takes the reader to that script
/// from then on.
#[component]
pub fn VariantSwitch(
    /// The script of this page.
    current: Variant,
    /// Each variant's link to this page, in [`Variant::ALL`] order.
    links: Vec<(Variant, String)>,
) -> impl IntoView {
    view! {
        <nav class="variant-switch" aria-label=ui(t::VARIANT_SWITCH)>
            {links
                .into_iter()
                .map(|(variant, href)| {
                    view! {
                        <a
                            class="variant-option"
                            href=href
                            lang=variant.lang()
                            hreflang=variant.lang()
                            data-variant=variant.param()
                            aria-current=(variant == current).then_some("page")
                        >
                            {variant.label()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
