use leptos::prelude::*;

use crate::components::RichText;
use crate::dictionaries::ui;
use crate::model::{Block, Text};
use crate::ui_text as t;

/// One block of article content, as the semantic element a reader (and a screen reader) expects.
#[component]
pub fn BlockView(
    block: Block,
    /// Id for section headings, so a table of contents can link to them.
    #[prop(default = None)]
    anchor: Option<String>,
) -> impl IntoView {
    match block {
        Block::Paragraph { text } => view! { <p class="para"><RichText text /></p> }.into_any(),
        Block::Heading { text } => {
            view! { <h2 class="section-heading" id=anchor><RichText text /></h2> }.into_any()
        }
        Block::Verse { lines } => view! { <p class="verse">{lines_view(lines)}</p> }.into_any(),
        Block::Epigraph { lines } => {
            view! { <blockquote class="epigraph"><p>{lines_view(lines)}</p></blockquote> }
                .into_any()
        }
        Block::Figure { src, alt, caption } => figure(src, alt, caption).into_any(),
        Block::Quote { text } => {
            view! { <blockquote class="testimonial"><p><RichText text /></p></blockquote> }
                .into_any()
        }
        Block::Signature { text } => {
            view! { <p class="signature"><RichText text /></p> }.into_any()
        }
        Block::Note { text } => view! { <p class="pub-note"><RichText text /></p> }.into_any(),
        Block::Unknown => ().into_any(),
    }
}

/// Lines kept as written: each a block-level span, so copying keeps the breaks too.
fn lines_view(lines: Vec<Text>) -> impl IntoView {
    lines
        .into_iter()
        .map(|text| view! { <span class="line"><RichText text /></span> })
        .collect_view()
}

fn figure(src: Option<String>, alt: String, caption: Text) -> impl IntoView {
    match src {
        Some(src) => {
            // Without alt text the caption describes the photo, so the image itself is decorative.
            view! {
                <figure class="figure">
                    <img src=crate::loader::data_url(&src) alt=alt loading="lazy" decoding="async" />
                    <figcaption><RichText text=caption /></figcaption>
                </figure>
            }
            .into_any()
        }
        None => view! {
            <figure class="figure figure-no-photo">
                <div class="photo-placeholder" role="img" aria-label=ui(t::NO_PHOTO)></div>
                <figcaption><RichText text=caption /></figcaption>
            </figure>
        }
        .into_any(),
    }
}
