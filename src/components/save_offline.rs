use leptos::prelude::*;

use crate::dictionaries::ui;
use crate::loader::data_url;
use crate::model::{Block, Bundle, CollectionEntry};
use crate::pwa::{Pwa, SaveState};
use crate::storage::Storage;
use crate::ui_text as t;

/// "Save this collection for offline": every part and photo, with progress, size and state.
/// Shown only where a service worker can serve the saved files back. Contexts come as props:
/// this is built after an `.await`, where context lookups are not reliable.
#[component]
pub fn SaveOffline(
    entry: CollectionEntry,
    bundle: std::sync::Arc<Bundle>,
    pwa: Pwa,
    storage: Storage,
) -> impl IntoView {
    let key = format!("saved.{}", entry.id);
    let id = entry.id.clone();
    // Saved, and still the version the catalog lists.
    let saved_hash = RwSignal::new(storage.get(&key));
    let current = saved_hash.get_untracked().as_deref() == Some(entry.hash.as_str());
    let was_saved = saved_hash.get_untracked().is_some();
    let progress = {
        let id = id.clone();
        move || pwa.save.get().filter(|p| p.collection == id)
    };
    {
        let hash = entry.hash.clone();
        let progress = progress.clone();
        Effect::new(move |_| {
            if let Some(p) = progress() {
                if p.state == SaveState::Saved {
                    storage.set(&key, &hash);
                    saved_hash.set(Some(hash.clone()));
                }
            }
        });
    }
    let urls = move || {
        let mut urls = vec![data_url("catalog.json")];
        // The dictionaries this reader's variant needs, so switching works offline too.
        urls.extend(
            crate::loader::loaded_urls()
                .into_iter()
                .filter(|u| u.starts_with(&data_url("dict/"))),
        );
        urls.extend(entry.parts.iter().map(|p| data_url(&p.href)));
        for block in bundle.articles.iter().flat_map(|a| &a.blocks) {
            if let Block::Figure { src: Some(src), .. } = block {
                if crate::model::is_relative_path(src) {
                    urls.push(data_url(src));
                }
            }
        }
        urls
    };
    let start = move |_| pwa.save_collection(&id, urls());
    let label = if was_saved && !current {
        t::SAVE_AGAIN
    } else {
        t::SAVE_OFFLINE
    };

    let total_bytes = entry.bytes;
    view! {
        <Show when=move || pwa.offline_ready.get()>
            <div class="save-offline">
                {
                    let progress = progress.clone();
                    let start = start.clone();
                    move || match progress() {
                        Some(p) => match p.state {
                            SaveState::Saving => {
                                view! {
                                    <p class="save-state" aria-live="polite">
                                        {format!("{}… {}/{}（{}）", ui(t::SAVING), p.done, p.total, size(p.bytes))}
                                    </p>
                                    <progress max=p.total value=p.done></progress>
                                }
                                    .into_any()
                            }
                            SaveState::Saved => saved_note(p.bytes).into_any(),
                            SaveState::Failed(why) => {
                                view! {
                                    <p class="save-state failed" role="alert">{format!("{}：{why}", ui(t::SAVE_FAILED))}</p>
                                    <button type="button" class="button" on:click=start.clone()>{ui(t::SAVE_OFFLINE)}</button>
                                }
                                    .into_any()
                            }
                        },
                        None if current => saved_note(total_bytes).into_any(),
                        None => {
                            view! { <button type="button" class="button" on:click=start.clone()>{ui(label)}</button> }
                                .into_any()
                        }
                    }
                }
            </div>
        </Show>
    }
}

fn saved_note(bytes: u64) -> impl IntoView {
    view! { <p class="save-state saved">{format!("✓ {}（{}）", ui(t::SAVED), size(bytes))}</p> }
}

use crate::numbers::byte_size as size;
