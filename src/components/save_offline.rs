use leptos::prelude::*;

use crate::loader::{data_url, load_catalog, load_index, site_root};
use crate::model::{is_relative_path, CollectionEntry, Script};
use crate::pwa::{Pwa, SaveState};
use crate::route::{Page, Variant};
use crate::storage::Storage;
use crate::ui_text::{self as t, ui};

/// "Save this collection for offline": every page of it in the reader's script, its photos and
/// its index, with progress, size and state. Shown only where a service worker can serve the
/// saved files back. Contexts come as props: this may be built after an `.await`.
#[component]
pub fn SaveOffline(collection: String, pwa: Pwa, storage: Storage) -> impl IntoView {
    let variant = crate::ui_text::variant();
    // Saved per script: each script's pages are files of their own.
    let key = format!("saved.{collection}.{}", variant.param());
    // `hash:bytes` of what was saved.
    let saved = RwSignal::new(storage.get(&key));
    // A collection saved by the first release (one key for every script) was dropped when
    // that release's caches went: the reader is asked to save it again.
    let first_release = storage.get(&format!("saved.{collection}")).is_some();
    // The collection's entry and the site's script (its catalog page is saved too).
    let entry = LocalResource::new({
        let collection = collection.clone();
        move || {
            let collection = collection.clone();
            async move {
                load_catalog().await.ok().and_then(|c| {
                    let site = c.site.script;
                    c.collection(&collection).cloned().map(|e| (e, site))
                })
            }
        }
    });
    let progress = {
        let id = collection.clone();
        move || pwa.save.get().filter(|p| p.collection == id)
    };
    {
        let progress = progress.clone();
        Effect::new(move |_| {
            let Some(p) = progress() else { return };
            let hash = entry.get().flatten().map(|(e, _)| e.hash);
            if let (SaveState::Saved, Some(hash)) = (&p.state, hash) {
                let value = format!("{hash}:{}", p.bytes);
                storage.set(&key, &value);
                saved.set(Some(value));
            }
        });
    }
    let start = move |_| {
        let Some((entry, site)) = entry.get().flatten() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match collection_urls(&entry, site, variant).await {
                Ok(urls) => pwa.save_collection(&entry.id, urls),
                Err(e) => pwa.save_failed(&entry.id, e.to_string()),
            }
        });
    };
    view! {
        <Show when=move || pwa.offline_ready.get() && entry.get().flatten().is_some()>
            <div class="save-offline">
                {
                    let progress = progress.clone();
                    move || {
                        let entry = entry.get().flatten();
                        let hash = entry.as_ref().map(|(e, _)| e.hash.clone()).unwrap_or_default();
                        let saved = saved.get();
                        let saved_bytes = saved
                            .as_deref()
                            .and_then(|v| v.split_once(':'))
                            .filter(|(h, _)| *h == hash)
                            .and_then(|(_, b)| b.parse::<u64>().ok());
                        match progress() {
                            Some(p) => match p.state {
                                SaveState::Saving => view! {
                                    <p class="save-state" aria-live="polite">
                                        {format!("{}… {}/{}（{}）", ui(t::SAVING), p.done, p.total, size(p.bytes))}
                                    </p>
                                    <progress max=p.total value=p.done></progress>
                                }
                                .into_any(),
                                SaveState::Saved => saved_note(p.bytes).into_any(),
                                SaveState::Failed(why) => view! {
                                    <p class="save-state failed" role="alert">{format!("{}：{why}", ui(t::SAVE_FAILED))}</p>
                                    <button type="button" class="button" on:click=start>{ui(t::SAVE_OFFLINE)}</button>
                                }
                                .into_any(),
                            },
                            None => match saved_bytes {
                                Some(bytes) => saved_note(bytes).into_any(),
                                None => {
                                    let label = if saved.is_some() || first_release { t::SAVE_AGAIN } else { t::SAVE_OFFLINE };
                                    view! { <button type="button" class="button" on:click=start>{ui(label)}</button> }
                                        .into_any()
                                }
                            },
                        }
                    }
                }
            </div>
        </Show>
    }
}

/// Every file a collection needs offline in `variant`: the catalog (its page in the site's
/// script's place, and its data) and its index pages, every page of its list and every article
/// page, and the articles' photos.
async fn collection_urls(
    entry: &CollectionEntry,
    site: Script,
    variant: Variant,
) -> Result<Vec<String>, crate::error::AppError> {
    let index = load_index(entry).await?;
    let native = Variant::from(entry.published_script.unwrap_or(entry.script));
    let root = site_root();
    let page = |p: Page| format!("{root}{}", p.path_in(variant, native));
    let catalog = format!(
        "{root}{}",
        Page::Catalog.path_in(variant, Variant::from(site))
    );
    let mut urls = vec![data_url("catalog.json"), catalog];
    urls.extend(entry.index.iter().map(|p| data_url(&p.href)));
    for n in 1..=crate::route::listing_pages(entry.articles as usize) {
        urls.push(page(Page::Collection {
            collection: entry.id.clone(),
            page: n as u32,
        }));
    }
    for article in index.iter().flat_map(|i| &i.articles) {
        urls.push(page(Page::Article {
            collection: entry.id.clone(),
            article: article.id.clone(),
        }));
        // A photo comes in WebP and a JPEG (or PNG) fallback: every browser that has a
        // service worker shows WebP, so only those are saved (a third of the bytes). Files of
        // older builds, without WebP, are saved as they are.
        let has_webp = article.images.iter().any(|src| src.ends_with(".webp"));
        urls.extend(
            article
                .images
                .iter()
                .filter(|src| is_relative_path(src))
                .filter(|src| !has_webp || !is_fallback(src))
                .map(|src| data_url(src)),
        );
    }
    urls.extend(search_urls(&entry.id, site, variant).await);
    Ok(urls)
}

/// What search needs offline over the collection: the search page, the index's description,
/// fold and manifest, and the collection's texts in the reader's script (searched whole when
/// the index's shards are not on the phone). Nothing when the site has no search index.
async fn search_urls(collection: &str, site: Script, variant: Variant) -> Vec<String> {
    let root = site_root();
    let file = |name: &str| format!("{root}search/{name}");
    let Ok(text) = crate::loader::fetch_text(&file("index.json")).await else {
        return Vec::new();
    };
    let Ok(info) = serde_json::from_str::<crate::search::IndexInfo>(&text) else {
        return Vec::new();
    };
    let mut urls = vec![
        format!(
            "{root}{}",
            Page::Search.path_in(variant, Variant::from(site))
        ),
        file("index.json"),
        file(&info.fold),
        file(&info.manifest),
    ];
    urls.extend(
        info.docs_of(collection)
            .map(|doc| file(&info.doc_file(variant, doc))),
    );
    urls
}

/// A JPEG or PNG written beside a WebP file for browsers without WebP.
fn is_fallback(src: &str) -> bool {
    let lower = src.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

fn saved_note(bytes: u64) -> impl IntoView {
    view! { <p class="save-state saved">{format!("✓ {}（{}）", ui(t::SAVED), size(bytes))}</p> }
}

use crate::numbers::byte_size as size;
