//! Reusable views. Each takes plain data as props so it renders the same natively (into the
//! prerendered pages) and in the browser, and can be mounted and tested on its own.

mod article_body;
mod article_nav;
mod block_view;
mod breadcrumb;
mod continue_reading;
mod install_hint;
mod not_found;
mod pager;
pub mod photo_viewer;
mod reader_controls;
mod reading_progress;
mod rich_text;
mod save_offline;
mod search_results;
mod status_bar;
mod table_of_contents;
mod variant_switch;

pub use article_body::ArticleBody;
pub use article_nav::{ArticleNav, Neighbour};
pub use block_view::BlockView;
pub use breadcrumb::Breadcrumb;
pub use continue_reading::{place_key, remember_last_read, ContinueReading, LastRead};
pub use install_hint::InstallHint;
pub use not_found::NotFound;
pub use pager::Pager;
pub use reader_controls::ReaderControls;
pub use reading_progress::{Place, ReadingProgress};
pub use rich_text::RichText;
pub use save_offline::SaveOffline;
pub use search_results::SearchResults;
pub use status_bar::StatusBar;
pub use table_of_contents::TableOfContents;
pub use variant_switch::VariantSwitch;
