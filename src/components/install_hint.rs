use leptos::prelude::*;

use crate::platform::{InstallHint as Hint, Platform};
use crate::storage::Storage;
use crate::ui_text as t;
use crate::ui_text::ui;

const DISMISSED: &str = "install-hint.dismissed";

/// How to install where the browser has no install prompt of its own (iOS Safari), or how to get
/// to one (WeChat: open in the browser first). Dismissed for good with one tap.
#[component]
pub fn InstallHint(platform: Platform, storage: Storage) -> impl IntoView {
    let standalone = window()
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    let hint = platform.install_hint().filter(|_| !standalone);
    let dismissed = RwSignal::new(storage.get(DISMISSED).is_some());
    let text = match hint {
        Some(Hint::AddToHomeScreen) => ui(t::INSTALL_IOS),
        Some(Hint::OpenInBrowser) => ui(t::INSTALL_WECHAT),
        None => "",
    };
    view! {
        <Show when=move || hint.is_some() && !dismissed.get()>
            <aside class="notice install-hint">
                <p>{text}</p>
                <button
                    type="button"
                    class="button"
                    on:click=move |_| {
                        storage.set(DISMISSED, "1");
                        dismissed.set(true);
                    }
                >
                    {ui(t::DISMISS)}
                </button>
            </aside>
        </Show>
    }
}
