use leptos::prelude::*;

use crate::components::BlockView;
use crate::dictionaries::ui;
use crate::model::Block;
use crate::ui_text as t;

/// An article's blocks. Section headings get ids `section-1`, `section-2`, … for in-page links.
#[component]
/// The text is in the reader's variant already, so it inherits the document's `lang`.
pub fn ArticleBody(blocks: Vec<Block>) -> impl IntoView {
    let skipped = blocks
        .iter()
        .filter(|b| matches!(b, Block::Unknown))
        .count();
    let mut section = 0;
    let views = blocks
        .into_iter()
        .map(|block| {
            let anchor = matches!(block, Block::Heading { .. }).then(|| {
                section += 1;
                format!("section-{section}")
            });
            view! { <BlockView block anchor /> }
        })
        .collect_view();
    view! {
        <div class="article-body">
            {views}
        </div>
        {(skipped > 0).then(|| view! { <p class="notice" role="note">{ui(t::SKIPPED_BLOCKS)}</p> })}
    }
}
