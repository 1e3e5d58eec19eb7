use leptos::prelude::*;

use crate::pwa::use_pwa;
use crate::storage::{use_storage, StorageTrouble};
use crate::ui_text as t;
use crate::ui_text::ui;

/// Notices about the app itself: offline, a new version, storage that failed.
#[component]
pub fn StatusBar() -> impl IntoView {
    let pwa = use_pwa();
    let storage = use_storage();
    view! {
        <div class="status-bar" role="status">
            <Show when=move || !pwa.online.get()>
                <p class="status status-offline">{ui(t::OFFLINE_NOW)}</p>
            </Show>
            <Show when=move || pwa.update_ready.get()>
                <p class="status status-update">
                    <span>{ui(t::UPDATE_READY)}</span>
                    <button type="button" class="button button-primary" on:click=move |_| pwa.apply_update()>
                        {ui(t::UPDATE_RELOAD)}
                    </button>
                </p>
            </Show>
            <Show when=move || pwa.cache_full.get()>
                <p class="status status-warning">{ui(t::STORAGE_FULL)}</p>
            </Show>
            <Show when=move || storage.trouble() == Some(StorageTrouble::Unavailable)>
                <p class="status status-warning">{ui(t::STORAGE_UNAVAILABLE)}</p>
            </Show>
        </div>
    }
}
