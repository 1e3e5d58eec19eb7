use leptos::prelude::*;
use web_sys::RequestCache;

use crate::error::AppError;
use crate::loader::{fetch_bytes, fetch_text, is_offline, site_root};
use crate::route::Variant;
use crate::search::{self, DocText, Found, IndexInfo, Searcher};
use crate::storage::Storage;
use crate::ui_text::{self as t, ui};

/// What the search view shows.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// No query, or nothing searchable in it (only punctuation, emoji).
    Empty,
    Searching,
    Found {
        results: Vec<Found>,
        /// Every ranked result (at most [`search::MAX_RESULTS`]).
        total: usize,
        page: usize,
        /// Found offline over the saved collections' texts only.
        partial: bool,
    },
    None,
    /// Offline with nothing of the index on the phone, or the index unreadable.
    Failed {
        offline: bool,
    },
}

/// The results of the query in the page's address (`?q=…&p=…`), in the page's script: fetched,
/// ranked and shown by the app in place of the search page's note.
#[component]
pub fn SearchResults(
    query: String,
    page: usize,
    /// The index's description from the page, if it carries one (else `search/index.json`).
    info: Option<IndexInfo>,
    storage: Storage,
) -> impl IntoView {
    let variant = t::variant();
    let outcome = RwSignal::new(Outcome::Searching);
    {
        let query = query.clone();
        leptos::task::spawn_local(async move {
            outcome.set(run(&query, page, info, variant, storage).await);
        });
    }
    let root = site_root();
    move || match outcome.get() {
        Outcome::Empty => view! { <p class="search-note">{ui(t::SEARCH_EMPTY)}</p> }.into_any(),
        Outcome::Searching => {
            view! { <p class="search-note search-busy" role="status">{ui(t::SEARCHING)}</p> }
                .into_any()
        }
        Outcome::None => {
            view! { <p class="search-note" role="status">{ui(t::SEARCH_NONE)}</p> }.into_any()
        }
        Outcome::Failed { offline: true } => view! {
            <p class="search-note" role="status">{ui(t::ERR_OFFLINE_TITLE)}</p>
            <p class="search-note">{ui(t::SEARCH_OFFLINE)}</p>
        }
        .into_any(),
        Outcome::Failed { offline: false } => {
            view! { <p class="search-note" role="alert">{ui(t::SEARCH_FAILED)}</p> }.into_any()
        }
        Outcome::Found {
            results,
            total,
            page,
            partial,
        } => {
            let count = if total >= search::MAX_RESULTS {
                format!(
                    "{}{}{total}{}",
                    ui(t::SEARCH_FOUND),
                    ui(t::SEARCH_MORE_THAN),
                    ui(t::ARTICLES_IN)
                )
            } else {
                format!("{}{total}{}", ui(t::SEARCH_FOUND), ui(t::ARTICLES_IN))
            };
            let offline_note = partial.then(|| {
                view! { <p class="search-note">{ui(t::SEARCH_OFFLINE)}</p> }
            });
            let items = results
                .into_iter()
                .map(|found| result_item(&root, found))
                .collect_view();
            let pages = search::pages(total);
            let link = {
                let query = query.clone();
                move |p: usize| {
                    let q = String::from(js_sys::encode_uri_component(&query));
                    if p <= 1 {
                        format!("?q={q}")
                    } else {
                        format!("?q={q}&p={p}")
                    }
                }
            };
            let previous = (page > 1).then(|| {
                view! { <a class="pager-link" rel="prev" href=link(page - 1)>{ui(t::PAGE_PREVIOUS)}</a> }
            });
            let next = (page < pages).then(|| {
                view! { <a class="pager-link" rel="next" href=link(page + 1)>{ui(t::PAGE_NEXT)}</a> }
            });
            let position = (pages > 1).then(|| {
                view! {
                    <span class="pager-position">
                        {format!("{}{page}{} / {pages}", ui(t::PAGE_NUMBER_BEFORE), ui(t::PAGE_OF))}
                    </span>
                }
            });
            view! {
                <p class="search-count" role="status">{count}</p>
                {offline_note}
                <ol class="search-list" aria-label=ui(t::SEARCH_RESULTS)>{items}</ol>
                {(pages > 1).then(|| view! {
                    <nav class="pager" aria-label=ui(t::PAGES)>{previous}{position}{next}</nav>
                })}
            }
            .into_any()
        }
    }
}

fn result_item(root: &str, found: Found) -> impl IntoView {
    let snippet = found
        .snippet
        .into_iter()
        .map(|(text, marked)| {
            if marked {
                view! { <mark>{text}</mark> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect_view();
    let date = found.date.clone();
    view! {
        <li class="search-result">
            <h2 class="search-result-title">
                <a href=format!("{root}{}", found.path)>{found.title}</a>
            </h2>
            <p class="search-result-meta">
                {found.collection}" · "<time datetime=date>{found.date}</time>
            </p>
            <p class="search-snippet">{snippet}</p>
        </li>
    }
}

/// Milliseconds since the page started (`performance.now()`, as precise as the browser allows).
fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// The browser's own work for a query (decoding the index files, ranking, snippets), in
/// microseconds, written on the results as `data-cpu-us` for the bench (issue 13: ≤ 20 ms p95).
fn report_cpu(ms: f64) {
    if let Some(results) = document().get_element_by_id("search-results") {
        let _ = results.set_attribute("data-cpu-us", &((ms * 1000.0) as u64).to_string());
    }
}

/// A file of the index, relative to this page.
fn url(file: &str) -> String {
    format!("{}search/{file}", site_root())
}

async fn run(
    input: &str,
    page: usize,
    info: Option<IndexInfo>,
    variant: Variant,
    storage: Storage,
) -> Outcome {
    if input.trim().is_empty() {
        return Outcome::Empty;
    }
    match search(input, page, info, variant, storage).await {
        Ok(outcome) => outcome,
        Err(e) => {
            crate::console::warn(&format!("search: {e}"));
            Outcome::Failed {
                offline: matches!(e, AppError::Offline) || is_offline(),
            }
        }
    }
}

async fn search(
    input: &str,
    page: usize,
    info: Option<IndexInfo>,
    variant: Variant,
    storage: Storage,
) -> Result<Outcome, AppError> {
    let bad = |what: &str| {
        AppError::Format(crate::model::FormatError::Invalid {
            path: "search".into(),
            message: what.to_owned(),
        })
    };
    let info: IndexInfo = match info {
        Some(info) => info,
        None => serde_json::from_str(&fetch_text(&url("index.json")).await?)
            .map_err(|e| bad(&e.to_string()))?,
    };
    let (fold, manifest) = futures::future::join(
        fetch_bytes(&url(&info.fold), RequestCache::Default),
        fetch_bytes(&url(&info.manifest), RequestCache::Default),
    )
    .await;
    let (fold, manifest) = (fold?, manifest?);
    let started = now();
    let fold = search::Fold::from_bytes(&fold).map_err(|e| bad(&e.to_string()))?;
    let manifest = search::Manifest::from_bytes(&manifest).map_err(|e| bad(&e.to_string()))?;
    let Some(query) = search::parse_query(&fold, input) else {
        return Ok(Outcome::Empty);
    };
    let mut searcher = Searcher::new(manifest);
    // Every shard the query needs, at once.
    let wanted: Vec<(u32, String)> = searcher
        .missing_shards(&query)
        .into_iter()
        .filter_map(|s| Some((s, searcher.manifest().shard_file(s)?)))
        .collect();
    let mut cpu = now() - started;
    let shards =
        futures::future::join_all(wanted.iter().map(|(_, name)| fetch_bytes_owned(url(name))))
            .await;
    let started = now();
    if shards.iter().any(Result::is_err) && is_offline() {
        return Ok(scan_saved(&info, &fold, &query, page, variant, storage).await);
    }
    for ((shard, _), bytes) in wanted.iter().zip(shards) {
        searcher
            .add_shard(*shard, bytes?)
            .map_err(|e| bad(&e.to_string()))?;
    }
    let hits = searcher
        .search(&query, search::MAX_RESULTS)
        .map_err(|e| bad(&e.to_string()))?;
    if hits.is_empty() {
        report_cpu(cpu + now() - started);
        return Ok(Outcome::None);
    }
    let page = page.clamp(1, search::pages(hits.len()));
    let shown = search::page_of(&hits, page);
    cpu += now() - started;
    let texts = futures::future::join_all(
        shown
            .iter()
            .map(|hit| fetch_bytes_owned(url(&info.doc_file(variant, hit.doc)))),
    )
    .await;
    let started = now();
    let mut docs = Vec::with_capacity(texts.len());
    for bytes in texts {
        let text = crate::model::document_text(bytes?).map_err(AppError::Format)?;
        docs.push(DocText::parse(&text).ok_or_else(|| bad("a damaged text"))?);
    }
    let results = search::page_results(&fold, &query, shown, &docs);
    report_cpu(cpu + now() - started);
    Ok(Outcome::Found {
        results,
        total: hits.len(),
        page,
        partial: false,
    })
}

/// Offline without the query's shards: the texts of the collections saved in this script,
/// searched whole (those the phone does not have are passed over).
async fn scan_saved(
    info: &IndexInfo,
    fold: &search::Fold,
    query: &search::Query,
    page: usize,
    variant: Variant,
    storage: Storage,
) -> Outcome {
    let docs: Vec<u32> = info
        .collections
        .iter()
        .filter(|c| {
            storage
                .get(&format!("saved.{}.{}", c.id, variant.param()))
                .is_some()
        })
        .flat_map(|c| info.docs_of(&c.id))
        .collect();
    let texts = futures::future::join_all(
        docs.iter()
            .map(|&doc| fetch_bytes_owned(url(&info.doc_file(variant, doc)))),
    )
    .await;
    let texts: Vec<(u32, DocText)> = docs
        .into_iter()
        .zip(texts)
        .filter_map(|(doc, bytes)| {
            let text = crate::model::document_text(bytes.ok()?).ok()?;
            Some((doc, DocText::parse(&text)?))
        })
        .collect();
    let found = search::scan(fold, query, texts);
    if found.is_empty() {
        return Outcome::Failed { offline: true };
    }
    let total = found.len();
    let page = page.clamp(1, search::pages(total));
    let results = found
        .into_iter()
        .skip((page - 1) * search::PAGE_SIZE)
        .take(search::PAGE_SIZE)
        .collect();
    Outcome::Found {
        results,
        total,
        page,
        partial: true,
    }
}

async fn fetch_bytes_owned(url: String) -> Result<Vec<u8>, AppError> {
    fetch_bytes(&url, RequestCache::Default).await
}
