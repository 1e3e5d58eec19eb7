use leptos::prelude::*;

use crate::model::{Span, Text};

/// Inline text as DOM nodes: plain text (its `\n` as `<br>`), `<em>`, `<strong>`, and external
/// links. Never parsed as HTML.
#[component]
pub fn RichText(text: Text) -> impl IntoView {
    text.0
        .into_iter()
        .map(|span| match span {
            Span::Plain(s) if s.contains('\n') => {
                let lines: Vec<String> = s.split('\n').map(str::to_owned).collect();
                let last = lines.len() - 1;
                lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, line)| view! { {line} {(i < last).then(|| view! { <br /> })} })
                    .collect_view()
                    .into_any()
            }
            Span::Plain(s) => s.into_any(),
            Span::Emphasis { em } => view! { <em>{em}</em> }.into_any(),
            Span::Strong { strong } => view! { <strong>{strong}</strong> }.into_any(),
            // Hrefs were checked to be http(s) or mailto when the bundle was parsed. They open
            // outside the reader, which keeps the reader's place.
            Span::Link { text, href } => view! {
                <a href=href rel="external noopener noreferrer" target="_blank">
                    {text}
                </a>
            }
            .into_any(),
        })
        .collect_view()
}
