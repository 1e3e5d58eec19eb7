//! Wenji (文集): a reader for Chinese article collections.
//!
//! The format and its build (`model`, `markdown`, `typography`, `photos`, `build`, `convert`), addresses
//! (`route`) and interface text (`ui_text`) are pure logic, tested natively and shared by the
//! native `wenji` tool and the app. The interface (`components`, `views`) compiles for both: the
//! build renders every page with it natively (Leptos `ssr`), and the app in the browser (`csr`)
//! takes over the parts of a page that need a script, without re-rendering the page.

// The type of a whole page's view is deep; Leptos needs more than the default to lay it out.
#![recursion_limit = "256"]

pub mod app;
pub mod build;
pub mod components;
pub mod console;
pub mod convert;
pub mod error;
pub mod loader;
pub mod markdown;
pub mod model;
pub mod numbers;
pub mod panic;
pub mod photos;
pub mod platform;
pub mod prerender;
pub mod pwa;
pub mod read_aloud;
pub mod route;
pub mod search;
pub mod settings;
pub mod storage;
pub mod typography;
pub mod ui_text;
mod ui_variants;
pub mod views;
