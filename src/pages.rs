//! One component per view; each waits for the data it needs and handles its failures.

mod article_page;
mod catalog_page;
mod collection_page;

pub use article_page::ArticlePage;
pub use catalog_page::CatalogPage;
pub use collection_page::CollectionPage;

use leptos::prelude::*;

use crate::app::Library;
use crate::components::ErrorPanel;
use crate::error::AppError;

fn error_view(error: AppError, library: Library) -> AnyView {
    view! { <ErrorPanel error on_retry=move |()| library.retry() /> }.into_any()
}
