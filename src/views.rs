//! The site's pages as views of plain data: rendered natively by the build into static HTML (the
//! page a reader gets, with JavaScript or without), from the same components the app uses.
//! Every link comes in as a finished relative `href`, so the views know nothing of URLs.

mod article_view;
mod catalog_view;
mod collection_view;
mod layout;
mod page_head;
mod search_view;

pub use article_view::ArticleView;
pub use catalog_view::{CatalogView, CollectionCard};
pub use collection_view::{ArticleCard, CollectionView};
pub use layout::{Chrome, Layout};
pub use page_head::{PageHead, PageMeta};
pub use search_view::SearchView;
