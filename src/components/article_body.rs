use leptos::prelude::*;

use crate::components::BlockView;
use crate::model::Block;
use crate::ui_text::{self as t, ui};

/// Blocks this near the top may be on the first screen: their photos load at once.
const FIRST_SCREEN_BLOCKS: usize = 3;

/// An article's blocks. Section headings get ids `section-1`, `section-2`, … for in-page links.
/// The text is in the page's script already, so it inherits the document's `lang`.
#[component]
pub fn ArticleBody(
    blocks: Vec<Block>,
    /// Prefix that makes a data path a link from this page (see [`BlockView`]).
    #[prop(default = String::new())]
    data_base: String,
) -> impl IntoView {
    let skipped = blocks
        .iter()
        .filter(|b| matches!(b, Block::Unknown))
        .count();
    let mut section = 0;
    let views = blocks
        .into_iter()
        .enumerate()
        .map(|(i, block)| {
            let anchor = matches!(block, Block::Heading { .. }).then(|| {
                section += 1;
                format!("section-{section}")
            });
            let lazy = i >= FIRST_SCREEN_BLOCKS;
            view! { <BlockView block anchor data_base=data_base.clone() lazy /> }
        })
        .collect_view();
    view! {
        <div class="article-body">
            {views}
        </div>
        {(skipped > 0).then(|| view! { <p class="notice" role="note">{ui(t::SKIPPED_BLOCKS)}</p> })}
    }
}
