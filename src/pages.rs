//! One component per view; each waits for the data it needs and handles its failures.

mod article_page;
mod catalog_page;
mod collection_page;

pub use article_page::ArticlePage;
pub use catalog_page::CatalogPage;
pub use collection_page::CollectionPage;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::app::Library;
use crate::components::ErrorPanel;
use crate::convert;
use crate::dictionaries::{self, Tr};
use crate::error::AppError;
use crate::model::Script;
use crate::route::Variant;

/// Translators for `variant` (read it before the page's first `.await`, so the page follows it): content in `content` script, and the site's own text.
/// Waits for the interface text's dictionaries too, so no page shows mixed scripts.
async fn translators(
    library: Library,
    variant: Variant,
    content: Script,
    site: Script,
) -> Result<(Tr, Tr), AppError> {
    // The interface's dictionaries first: the content's are often the same ones, and a
    // dictionary asked for while it is still loading would be fetched a second time.
    library.ui.await?;
    // Browser fetches are not `Send`, but this app runs on one thread only.
    let content =
        SendWrapper::new(dictionaries::converters(convert::plan(content, variant))).await?;
    let site = SendWrapper::new(dictionaries::converters(convert::plan(site, variant))).await?;
    // The page now shows this variant.
    library.shown.set(Some(variant));
    Ok((content, site))
}

/// Waits for the interface text's dictionaries alone, for views with no content of their own
/// (not found), so they too show the reader's script and never the stored one.
async fn interface(library: Library, variant: Variant) -> Result<(), AppError> {
    library.ui.await?;
    library.shown.set(Some(variant));
    Ok(())
}

fn error_view(error: AppError, library: Library) -> AnyView {
    view! { <ErrorPanel error on_retry=move |()| library.retry() /> }.into_any()
}
