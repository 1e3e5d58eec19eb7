//! The conversion dictionaries in the browser: fetched on first use (the manifest names each
//! file by its content hash, so they are cached for good by HTTP and the service worker), parsed
//! once, and shared by every conversion after.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use serde::Deserialize;

use crate::convert::{Config, Converter, Dict, Dicts};
use crate::error::AppError;
use crate::loader::{data_url, fetch_text};
use crate::model::FormatError;

#[derive(Deserialize)]
struct Manifest {
    dicts: HashMap<String, ManifestEntry>,
}

#[derive(Deserialize)]
struct ManifestEntry {
    href: String,
}

thread_local! {
    static MANIFEST: RefCell<Option<Arc<Manifest>>> = const { RefCell::new(None) };
    static DICTS: RefCell<Dicts> = RefCell::new(Dicts::new());
    static CONVERTERS: RefCell<HashMap<Config, Arc<Converter>>> = RefCell::new(HashMap::new());
    /// The interface text's translator for the current variant.
    static UI: ArcRwSignal<Tr> = ArcRwSignal::new(Tr::default());
}

/// Converts text for one reader variant: a chain of OpenCC configs, empty for no change.
#[derive(Clone, Default)]
pub struct Tr(Vec<Arc<Converter>>);

impl Tr {
    pub fn t(&self, text: &str) -> String {
        self.0.iter().fold(text.to_owned(), |t, c| c.convert(&t))
    }
}

/// The converters for `plan`, loading whatever dictionaries are missing.
pub async fn converters(plan: &[Config]) -> Result<Tr, AppError> {
    let mut chain = Vec::with_capacity(plan.len());
    for &config in plan {
        if let Some(c) = CONVERTERS.with(|c| c.borrow().get(&config).cloned()) {
            chain.push(c);
            continue;
        }
        for name in config.dicts() {
            load_dict(name).await?;
        }
        let converter = DICTS
            .with(|d| Converter::new(config, &d.borrow()))
            .map(Arc::new)
            .map_err(|missing| bad_data(format!("dictionary {missing} is missing")))?;
        CONVERTERS.with(|c| c.borrow_mut().insert(config, Arc::clone(&converter)));
        chain.push(converter);
    }
    Ok(Tr(chain))
}

async fn load_dict(name: &'static str) -> Result<(), AppError> {
    if DICTS.with(|d| d.borrow().contains_key(name)) {
        return Ok(());
    }
    let manifest = match MANIFEST.with(|m| m.borrow().clone()) {
        Some(m) => m,
        None => {
            let text = fetch_text(&data_url("dict/manifest.json")).await?;
            let manifest: Arc<Manifest> = Arc::new(
                serde_json::from_str(&text)
                    .map_err(|e| bad_data(format!("dict/manifest.json: {e}")))?,
            );
            MANIFEST.with(|m| *m.borrow_mut() = Some(Arc::clone(&manifest)));
            manifest
        }
    };
    let entry = manifest
        .dicts
        .get(name)
        .ok_or_else(|| bad_data(format!("dict/manifest.json lists no {name}")))?;
    let text = fetch_text(&data_url(&format!("dict/{}", entry.href))).await?;
    let dict = Dict::parse(text).map_err(|e| bad_data(format!("{name}: {e}")))?;
    DICTS.with(|d| d.borrow_mut().insert(name, Arc::new(dict)));
    Ok(())
}

fn bad_data(message: String) -> AppError {
    AppError::Format(FormatError::Invalid {
        path: "dict".into(),
        message,
    })
}

/// Sets the translator for interface text.
pub fn set_ui(tr: Tr) {
    UI.with(|ui| ui.set(tr));
}

/// Interface text in the current variant. Reactive: read it inside a view closure to follow
/// variant changes.
pub fn ui(text: &str) -> String {
    UI.with(|ui| ui.with(|tr| tr.t(text)))
}

/// For benchmarks (scripts/bench-convert-browser.mjs): converts with an OpenCC config whose
/// dictionaries this page has already loaded; `undefined` otherwise. Reachable as
/// `window.wasmBindings.wenji_convert` (trunk exposes the module's exports there).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wenji_convert(config: &str, text: &str) -> Option<String> {
    let config = Config::from_name(config)?;
    let converter = CONVERTERS.with(|c| c.borrow().get(&config).cloned())?;
    Some(converter.convert(text))
}
