//! Preferences and small state in `localStorage`, falling back to memory.
//!
//! Private modes and in-app web views (WeChat on iOS among them) throw on access, or accept
//! writes and lose them; a full quota throws on write. None of that may break reading: values are
//! always kept in memory, and [`Storage::trouble`] says what could not be saved so the interface
//! can tell the reader.

use std::collections::HashMap;

use leptos::prelude::*;

/// What went wrong with persistent storage, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageTrouble {
    /// `localStorage` is missing or refuses access.
    Unavailable,
    /// A write failed (usually a full quota).
    WriteFailed,
}

/// Key-value storage that never throws. Share it through context.
#[derive(Clone, Copy)]
pub struct Storage {
    memory: StoredValue<HashMap<String, String>>,
    trouble: RwSignal<Option<StorageTrouble>>,
}

const PREFIX: &str = "wenji.";

impl Storage {
    pub fn new() -> Self {
        let storage = Storage {
            memory: StoredValue::new(HashMap::new()),
            trouble: RwSignal::new(None),
        };
        if local_storage().is_none() {
            storage.trouble.set(Some(StorageTrouble::Unavailable));
        }
        storage
    }

    pub fn get(&self, key: &str) -> Option<String> {
        if let Some(value) = self.memory.with_value(|m| m.get(key).cloned()) {
            return Some(value);
        }
        local_storage().and_then(|s| s.get_item(&format!("{PREFIX}{key}")).ok().flatten())
    }

    pub fn set(&self, key: &str, value: &str) {
        self.memory.update_value(|m| {
            m.insert(key.to_owned(), value.to_owned());
        });
        let saved = local_storage().map(|s| s.set_item(&format!("{PREFIX}{key}"), value).is_ok());
        match saved {
            Some(true) => {}
            Some(false) => self.trouble.set(Some(StorageTrouble::WriteFailed)),
            None => self.trouble.set(Some(StorageTrouble::Unavailable)),
        }
    }

    /// Whether something could not be stored persistently (reactive).
    pub fn trouble(&self) -> Option<StorageTrouble> {
        self.trouble.get()
    }
}

impl Default for Storage {
    fn default() -> Self {
        Self::new()
    }
}

/// `window.localStorage`, if this browser lets us have it (the getter itself may throw).
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn provide_storage() -> Storage {
    let storage = Storage::new();
    provide_context(storage);
    storage
}

pub fn use_storage() -> Storage {
    expect_context()
}
