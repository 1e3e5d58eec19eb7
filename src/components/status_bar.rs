use leptos::prelude::*;

use crate::app::use_library;
use crate::dictionaries::ui;
use crate::pwa::use_pwa;
use crate::storage::{use_storage, StorageTrouble};
use crate::ui_text as t;

/// Notices about the app itself: offline, a new version, newer data, storage that failed.
#[component]
pub fn StatusBar() -> impl IntoView {
    let pwa = use_pwa();
    let storage = use_storage();
    let library = use_library();
    let show_new_data = move |_| {
        pwa.data_updated.set(false);
        library.catalog.refetch();
        library.bundle.refetch();
    };
    view! {
        <div class="status-bar" role="status">
            <Show when=move || !pwa.online.get()>
                <p class="status status-offline">{move || ui(t::OFFLINE_NOW)}</p>
            </Show>
            <Show when=move || pwa.update_ready.get()>
                <p class="status status-update">
                    <span>{move || ui(t::UPDATE_READY)}</span>
                    <button type="button" class="button button-primary" on:click=move |_| pwa.apply_update()>
                        {move || ui(t::UPDATE_RELOAD)}
                    </button>
                </p>
            </Show>
            <Show when=move || pwa.data_updated.get()>
                <p class="status">
                    <span>{move || ui(t::DATA_UPDATED)}</span>
                    <button type="button" class="button" on:click=show_new_data>
                        {move || ui(t::DATA_SHOW)}
                    </button>
                </p>
            </Show>
            <Show when=move || pwa.cache_full.get()>
                <p class="status status-warning">{move || ui(t::STORAGE_FULL)}</p>
            </Show>
            <Show when=move || storage.trouble() == Some(StorageTrouble::Unavailable)>
                <p class="status status-warning">{move || ui(t::STORAGE_UNAVAILABLE)}</p>
            </Show>
        </div>
    }
}
