use leptos::prelude::*;

use crate::components::RichText;
use crate::model::{Block, ImageFile, ListItem, Text};
use crate::ui_text::{self as t, ui};

/// One block of article content, as the semantic element a reader (and a screen reader) expects.
#[component]
pub fn BlockView(
    block: Block,
    /// Id for section headings, so a table of contents can link to them.
    #[prop(default = None)]
    anchor: Option<String>,
    /// Prefix that makes a data path (`zhan-yi/images/a.jpg`) a link from this page.
    #[prop(default = String::new())]
    data_base: String,
    /// Whether a photo here may be below the first screen (loaded lazily).
    #[prop(default = true)]
    lazy: bool,
) -> impl IntoView {
    match block {
        Block::Paragraph { text } => view! { <p class="para"><RichText text /></p> }.into_any(),
        Block::Heading { text } => {
            // Focusable, so following a contents link moves focus there for keyboards and
            // screen readers too.
            view! { <h2 class="section-heading" id=anchor tabindex="-1"><RichText text /></h2> }
                .into_any()
        }
        Block::Verse { lines } => view! { <p class="verse">{lines_view(lines)}</p> }.into_any(),
        Block::Epigraph { lines } => {
            view! { <blockquote class="epigraph"><p>{lines_view(lines)}</p></blockquote> }
                .into_any()
        }
        Block::Figure {
            src,
            alt,
            caption,
            width,
            height,
            files,
        } => {
            let photo = src.map(|src| Photo {
                src,
                alt,
                width,
                height,
                files,
            });
            figure(photo, caption, &data_base, lazy).into_any()
        }
        Block::List { ordered, items } => list(ordered, items).into_any(),
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

fn list(ordered: bool, items: Vec<ListItem>) -> impl IntoView {
    let items = items
        .into_iter()
        .map(|item| {
            let nested = (!item.items.is_empty()).then(|| {
                let sub = item
                    .items
                    .into_iter()
                    .map(|text| view! { <li><RichText text /></li> })
                    .collect_view();
                if item.ordered {
                    view! { <ol class="list">{sub}</ol> }.into_any()
                } else {
                    view! { <ul class="list">{sub}</ul> }.into_any()
                }
            });
            view! { <li><RichText text=item.text />{nested}</li> }
        })
        .collect_view();
    if ordered {
        view! { <ol class="list">{items}</ol> }.into_any()
    } else {
        view! { <ul class="list">{items}</ul> }.into_any()
    }
}

struct Photo {
    src: String,
    alt: String,
    width: Option<u32>,
    height: Option<u32>,
    files: Vec<ImageFile>,
}

/// A `srcset` of the files of one format.
fn srcset(files: &[ImageFile], format: &str, base: &str) -> String {
    files
        .iter()
        .filter(|f| f.format == format)
        .map(|f| format!("{} {}w", link(base, &f.src), f.width))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A data path as a link from the page (an https photo on an allowed host stays as it is).
fn link(base: &str, src: &str) -> String {
    if src.starts_with("https://") {
        src.to_owned()
    } else {
        format!("{base}{src}")
    }
}

/// The article column is at most about 44 `ic` wide.
const SIZES: &str = "(min-width: 48rem) 44rem, 100vw";

fn figure(photo: Option<Photo>, caption: Text, base: &str, lazy: bool) -> impl IntoView {
    match photo {
        Some(photo) => {
            // Without alt text the caption names the photo.
            let alt = if photo.alt.is_empty() {
                caption.to_plain()
            } else {
                photo.alt
            };
            // Modern formats first; the `src` file (JPEG) for every other browser.
            let formats: Vec<&str> = ["avif", "webp"]
                .into_iter()
                .filter(|f| photo.files.iter().any(|file| file.format == *f))
                .collect();
            let sources = formats
                .into_iter()
                .map(|format| {
                    let mime = photo
                        .files
                        .iter()
                        .find(|f| f.format == format)
                        .map(ImageFile::mime);
                    view! { <source type=mime srcset=srcset(&photo.files, format, base) sizes=SIZES /> }
                })
                .collect_view();
            let fallback = srcset(&photo.files, "jpeg", base);
            let img = view! {
                <img
                    src=link(base, &photo.src)
                    srcset=(!fallback.is_empty()).then_some(fallback)
                    sizes=(!photo.files.is_empty()).then_some(SIZES)
                    alt=alt
                    width=photo.width
                    height=photo.height
                    loading=lazy.then_some("lazy")
                    decoding="async"
                />
            };
            // The photo links to its largest file: tapped, the app shows it full screen with its
            // caption; without the app the browser opens it, zoomable all the same.
            let largest = photo
                .files
                .iter()
                .filter(|f| f.format == "jpeg" || f.format == "png")
                .max_by_key(|f| f.width)
                .map_or_else(|| link(base, &photo.src), |f| link(base, &f.src));
            view! {
                <figure class="figure">
                    <a class="figure-link" href=largest>
                        <picture>{sources}{img}</picture>
                    </a>
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
