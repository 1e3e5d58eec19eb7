//! Wenji (文集): a reader for Chinese article collections.
//!
//! The pure modules (`model`, `markdown`, `typography`, `convert`, `route`, `numbers`, `error`, `platform`, `ui_text`) have no web dependencies: they are
//! shared with the native `wenji` tool and tested natively. The interface is built only for
//! wasm32.

pub mod build;
pub mod convert;
pub mod error;
pub mod markdown;
pub mod model;
pub mod numbers;
pub mod platform;
pub mod route;
pub mod typography;
pub mod ui_text;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod console;
#[cfg(target_arch = "wasm32")]
pub mod dictionaries;
#[cfg(target_arch = "wasm32")]
pub mod head;
#[cfg(target_arch = "wasm32")]
pub mod loader;
#[cfg(target_arch = "wasm32")]
pub mod nav;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod panic;
#[cfg(target_arch = "wasm32")]
pub mod pwa;
#[cfg(target_arch = "wasm32")]
pub mod settings;
#[cfg(target_arch = "wasm32")]
pub mod storage;
