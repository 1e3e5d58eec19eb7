use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::custom_attribute;

use crate::route::Variant;

/// What a page says about itself to browsers, search engines and link previews (WeChat,
/// Telegram, Facebook, X read these from the HTML as served).
#[derive(Debug, Clone)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// `article` or `website`.
    pub kind: &'static str,
    /// The page's own address: absolute when the site's `url` is known, else relative.
    pub canonical: String,
    /// The preview image: the page's first photo, else the site icon.
    pub image: String,
    pub site_name: String,
    /// This page in every script, for `hreflang` alternates.
    pub alternates: Vec<(Variant, String)>,
    /// The previous and next page in reading order, if any.
    pub previous: Option<String>,
    pub next: Option<String>,
    /// Files the page's script will fetch at once, fetched with the page instead of after the
    /// app has loaded (the search page's fold table and manifest).
    pub preload: Vec<String>,
}

/// The `<head>` elements of one page (the build puts them into the app's shell).
#[component]
pub fn PageHead(meta: PageMeta) -> impl IntoView {
    let PageMeta {
        title,
        description,
        kind,
        canonical,
        image,
        site_name,
        alternates,
        previous,
        next,
        preload,
    } = meta;
    view! {
        <title>{title.clone()}</title>
        <meta name="description" content=description.clone() />
        <link rel="canonical" href=canonical.clone() />
        {alternates
            .into_iter()
            .map(|(variant, href)| view! { <link rel="alternate" hreflang=variant.lang() href=href /> })
            .collect_view()}
        {previous.map(|href| view! { <link rel="prev" href=href /> })}
        {next.map(|href| view! { <link rel="next" href=href /> })}
        {preload
            .into_iter()
            .map(|href| view! {
                <link rel="preload" href={href} {..custom_attribute("as", "fetch")} crossorigin="anonymous" />
            })
            .collect_view()}
        <meta {..custom_attribute("property", "og:type")} content=kind />
        <meta {..custom_attribute("property", "og:title")} content=title />
        <meta {..custom_attribute("property", "og:description")} content=description />
        <meta {..custom_attribute("property", "og:url")} content=canonical />
        <meta {..custom_attribute("property", "og:image")} content=image />
        <meta {..custom_attribute("property", "og:site_name")} content=site_name />
        <meta name="twitter:card" content="summary" />
    }
}
