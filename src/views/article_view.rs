use leptos::prelude::*;

use crate::components::{
    ArticleBody, ArticleNav, Breadcrumb, Neighbour, ReaderControls, TableOfContents,
};
use crate::model::{Article, Block};
use crate::settings::Settings;
use crate::ui_text::{self as t, ui};

/// One article, whole: the reading settings, header, contents, body and the way to its
/// neighbours. `article` is in the page's script already.
#[component]
pub fn ArticleView(
    article: Article,
    trail: Vec<(String, String)>,
    previous: Option<Neighbour>,
    next: Option<Neighbour>,
    /// Prefix that makes a data path a link from this page.
    data_base: String,
    /// The collection's pronunciation list for read-aloud, the entries found in this article in
    /// this page's script (`written<TAB>spoken` lines).
    #[prop(default = String::new())]
    say: String,
) -> impl IntoView {
    let headings: Vec<String> = article
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text } => Some(text.to_plain()),
            _ => None,
        })
        .collect();
    let byline = |label: &'static str, value: String| {
        (!value.is_empty()).then(|| {
            view! {
                <span class="byline-item">
                    {ui(label)} "：" {value}
                </span>
            }
        })
    };
    let Article {
        title,
        subtitle,
        published,
        source,
        author,
        blocks,
        ..
    } = article;
    let published_at = published.clone();
    view! {
        // The reading progress bar and the settings: the app takes these over. The settings show
        // as they will be, so nothing moves when it does (hidden where no script runs).
        <div id="reading-progress"></div>
        <div id="reader-controls" class="reader-controls-island">
            <ReaderControls settings=Settings::fixed() />
        </div>
        // 朗讀: every part hidden; the app shows the buttons where the browser can speak, or the
        // note where it cannot (src/read_aloud/launch.rs), so no page offers a control that
        // cannot work. The rest of reading aloud loads on the first tap. Outside the article,
        // which the app leaves as prerendered.
        <div id="read-aloud" class="read-aloud-island" data-say=(!say.is_empty()).then_some(say)>
            <div class="read-aloud-start" hidden>
                <button type="button" class="read-aloud-button" data-start="resume" hidden>
                    <span aria-hidden="true">"▶ "</span>
                    {ui(t::READ_ALOUD_CONTINUE)}
                </button>
                <button type="button" class="read-aloud-button" data-start="0" hidden>
                    <span aria-hidden="true">"▶ "</span>
                    {ui(t::READ_ALOUD)}
                </button>
                <button type="button" class="read-aloud-button read-aloud-secondary" data-start="0" hidden>
                    {ui(t::READ_ALOUD_FROM_START)}
                </button>
            </div>
            <p class="read-aloud-message" role="status"></p>
            <p class="read-aloud-note" hidden>{ui(t::READ_UNAVAILABLE)}</p>
        </div>
        <article class="article">
            <Breadcrumb trail />
            <header class="article-header">
                <h1 class="article-title">{title}</h1>
                {(!subtitle.is_empty())
                    .then(|| view! { <p class="article-subtitle">{subtitle}</p> })}
                <p class="byline">
                    <span class="byline-item">
                        {ui(t::PUBLISHED)} "："
                        <time datetime=published_at>{published}</time>
                    </span>
                    {byline(t::SOURCE, source)}
                    {byline(t::AUTHOR, author)}
                </p>
            </header>
            <TableOfContents headings=headings />
            <ArticleBody blocks data_base />
        </article>
        <ArticleNav previous next />
    }
}
