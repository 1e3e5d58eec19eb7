//! The build's last stage: every page of the site as static HTML, in every script, rendered
//! natively by the same components the app uses (Leptos `ssr`, `to_html`) into the app's shell
//! (trunk's `index.html`, which carries the hashed style sheets and scripts).
//!
//! A page's own script (its collection's published one; the site's for the catalog) is written
//! at the top of the site, the other three under `hans/`, `hant/`, `tw/`, `hk/` (see
//! [`crate::route`]), so a reader of any script gets text in that script in the first frame,
//! and no page needs conversion dictionaries.

use std::path::PathBuf;

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

use crate::components::{Neighbour, NotFound};
use crate::convert::Scripts;
use crate::model::{Article, Block, Bundle, Catalog};
use crate::route::{listing_pages, relative, Page, Variant, LISTING_PAGE_SIZE};
use crate::ui_text::{self as t, ui};
use crate::views::{
    ArticleCard, ArticleView, CatalogView, Chrome, CollectionCard, CollectionView, Layout,
    PageHead, PageMeta, SearchView,
};

/// The app's page as trunk wrote it, cut where each page puts its own parts.
#[derive(Debug, Clone)]
pub struct Shell {
    /// From `<!doctype html>` up to the `<html` tag's attributes.
    doctype: String,
    /// After `<html …>` up to `<title>`.
    head_start: String,
    /// After `</title>` up to the body's content.
    head_end: String,
    /// From `</body>` to the end.
    end: String,
    /// The site's address on its host (trunk's public URL, `/wenji/`), from where the shell
    /// starts the app: the "not found" page is served at any address, so it links from there.
    base: String,
}

impl Shell {
    /// Cuts trunk's `index.html` (minified or not). It must have one `<html …>`, one
    /// `<title>…</title>` and one `<body>`. A page this build wrote is a shell too (its own head
    /// tags and body are dropped), so a site can be built again from its own catalog page.
    pub fn parse(html: &str) -> Result<Shell, String> {
        let find = |needle: &str, from: usize| {
            html[from..]
                .find(needle)
                .map(|i| i + from)
                .ok_or_else(|| format!("the app's index.html has no {needle}"))
        };
        let html_at = find("<html", 0)?;
        let html_end = find(">", html_at)? + 1;
        let title = find("<title>", html_end)?;
        let mut title_end = find("</title>", title)? + "</title>".len();
        let body = find("<body", title_end)?;
        if let Some(own) = html[title_end..body].find(LAST_HEAD_TAG) {
            title_end += own + LAST_HEAD_TAG.len();
        }
        let body_end = find(">", body)? + 1;
        let close = html
            .rfind("</body>")
            .ok_or("the app's index.html has no </body>")?;
        // The shell's own wasm preload would compete with the page's text and style sheets for
        // a slow phone's bandwidth: the app loads after the text is on screen.
        let head_end = strip_wasm_preload(&html[title_end..body]);
        // `src=/wenji/start.js` (quoted or not): the public URL is what precedes `start.js`.
        let base = html
            .find("start.js")
            .and_then(|at| {
                let before = &html[..at];
                let from = before.rfind(['=', '"', '\'']).map(|i| i + 1)?;
                Some(before[from..].to_owned())
            })
            .filter(|b| b.starts_with('/') && b.ends_with('/'))
            .unwrap_or_else(|| "/".to_owned());
        Ok(Shell {
            base,
            doctype: html[..html_at].to_owned(),
            head_start: mark_relative(&html[html_end..title]),
            head_end: mark_relative(&format!("{head_end}{}", &html[body..body_end])),
            end: html[close..].to_owned(),
        })
    }

    /// Puts the shell's style sheets and classic scripts (boot.js) into the page itself, and
    /// their SHA-256 hashes into its content security policy, so a page's first paint waits
    /// for one request only: on a phone with 150 ms round trips each blocking file cost more
    /// than its bytes (docs/performance.md). `read` gives a file of the site by its path from
    /// the site root. The app's module scripts (start.js) stay files: they run after the text.
    pub fn inline(
        mut self,
        read: impl Fn(&str) -> Result<String, String>,
    ) -> Result<Shell, String> {
        let mut styles = String::new();
        let mut hashes = Vec::new();
        let resolve = |url: &str| -> Result<String, String> {
            let path = url
                .strip_prefix(ROOT)
                .or_else(|| url.strip_prefix(self.base.as_str()))
                .ok_or_else(|| format!("the app's index.html links {url:?}, outside the site"))?;
            let path = path.split(['?', '#']).next().unwrap_or(path);
            read(path)
        };
        let head_start = inline_assets(&self.head_start, &resolve, &mut styles, &mut hashes)?;
        let head_end = inline_assets(&self.head_end, &resolve, &mut styles, &mut hashes)?;
        let style_hash = (!styles.is_empty()).then(|| sha256_source(&styles));
        let style = format!("<style>{styles}</style>");
        let place = |html: String| html.replacen(STYLE_HERE, &style, 1).replace(STYLE_HERE, "");
        self.head_start = place(head_start);
        self.head_end = place(head_end);
        for (directive, hash) in hashes
            .iter()
            .map(|h| ("script-src", h))
            .chain(style_hash.iter().map(|h| ("style-src", h)))
        {
            let policy = |html: &str| html.contains("Content-Security-Policy");
            if !policy(&self.head_start) && !policy(&self.head_end) {
                break;
            }
            if let Some(html) = allow_in_policy(&self.head_start, directive, hash) {
                self.head_start = html;
            } else if let Some(html) = allow_in_policy(&self.head_end, directive, hash) {
                self.head_end = html;
            } else {
                return Err(format!(
                    "the app's Content-Security-Policy has no {directive} to allow the inlined files in"
                ));
            }
        }
        Ok(self)
    }

    /// The whole page; `root` is the way up to the site root (`../../`), for the shell's
    /// relative links (manifest, icons).
    fn page(&self, root: &str, attributes: &str, head: &str, body: &str) -> String {
        let mut out = String::with_capacity(
            self.doctype.len()
                + self.head_start.len()
                + self.head_end.len()
                + head.len()
                + body.len()
                + 256,
        );
        out.push_str(&self.doctype);
        out.push_str("<html");
        out.push_str(attributes);
        out.push('>');
        out.push_str(&self.head_start.replace(ROOT, root));
        out.push_str(head);
        out.push_str(&self.head_end.replace(ROOT, root));
        out.push_str(body);
        out.push_str(&self.end);
        out
    }
}

/// The last of the tags [`PageHead`] writes after the title (see [`Shell::parse`]).
const LAST_HEAD_TAG: &str = r#"<meta name="twitter:card" content="summary">"#;

/// Stands for the way up to the site root in the shell's relative links.
const ROOT: &str = "\u{0}root\u{0}";

/// Marks every relative `href`/`src` in `html` (not absolute, not a fragment, no scheme) with
/// [`ROOT`], so each page can point them at the site root from its own folder.
fn mark_relative(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['h', 's']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let name = ["href=", "src="].into_iter().find(|n| from.starts_with(n));
        let boundary = before.is_empty()
            || before.ends_with([' ', '\n', '\t'])
            || out.ends_with([' ', '\n', '\t']);
        match name {
            Some(name) if boundary => {
                out.push_str(name);
                let value = &from[name.len()..];
                let quoted = value.starts_with(['"', '\'']);
                let start = usize::from(quoted);
                let url = &value[start..];
                if quoted {
                    out.push_str(&value[..1]);
                }
                let relative = !url.starts_with(['/', '#', '"', '\'']) && {
                    let end = url.find(['"', '\'', ' ', '>']).unwrap_or(url.len());
                    !url[..end].contains(':')
                };
                if relative {
                    out.push_str(ROOT);
                }
                rest = url;
            }
            _ => {
                out.push_str(&from[..1]);
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where the inlined style sheets go: the place of the first.
const STYLE_HERE: &str = "\u{0}style\u{0}";

/// `html` with each `<link rel=stylesheet>` taken out (its text added to `styles`, the first
/// replaced by [`STYLE_HERE`]) and each classic `<script src>` made inline (its hash added to
/// `hashes`).
fn inline_assets(
    html: &str,
    read: &dyn Fn(&str) -> Result<String, String>,
    styles: &mut String,
    hashes: &mut Vec<String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        let name = tag[1..]
            .split([' ', '>', '/', '\n', '\t'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        // The source index.html (trunk's input, as `wenji build --shell index.html` may be
        // given) names files trunk has not written yet: left for trunk.
        let trunk_input = attribute(tag, "data-trunk").is_some() || tag.contains(" data-trunk");
        let stylesheet = !trunk_input
            && name == "link"
            && attribute(tag, "rel").is_some_and(|r| r.eq_ignore_ascii_case("stylesheet"));
        let classic = !trunk_input
            && name == "script"
            && attribute(tag, "type").is_none_or(|t| t.is_empty() || t.contains("javascript"));
        match (
            stylesheet,
            classic,
            attribute(tag, "href"),
            attribute(tag, "src"),
        ) {
            (true, _, Some(href), _) => {
                let css = read(href)?;
                refuse_closing(&css, "</style", href)?;
                if styles.is_empty() {
                    out.push_str(STYLE_HERE);
                } else {
                    styles.push('\n');
                }
                styles.push_str(css.trim());
                rest = &rest[end..];
            }
            (_, true, _, Some(src)) => {
                let close = rest[end..]
                    .find("</script>")
                    .map(|c| end + c + "</script>".len())
                    .ok_or_else(|| format!("the app's index.html does not close {tag}"))?;
                let js = read(src)?;
                refuse_closing(&js, "</script", src)?;
                hashes.push(sha256_source(&js));
                out.push_str("<script>");
                out.push_str(&js);
                out.push_str("</script>");
                rest = &rest[close..];
            }
            _ => {
                out.push_str(tag);
                rest = &rest[end..];
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn refuse_closing(text: &str, closing: &str, name: &str) -> Result<(), String> {
    if text.to_ascii_lowercase().contains(closing) {
        return Err(format!(
            "{name} contains {closing}> and cannot be put into the page"
        ));
    }
    Ok(())
}

/// The value of attribute `name` in one tag, quoted or not; with its `ROOT` mark, if any.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before = lower[..at].chars().next_back();
        if !before.is_some_and(|c| c.is_ascii_whitespace()) || !lower[from..].starts_with('=') {
            continue;
        }
        let value = &tag[from + 1..];
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_ascii_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

/// `'sha256-…'` of a script's or style's text, as a content security policy names it.
fn sha256_source(text: &str) -> String {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// `html` with `source` added to `directive` of its `Content-Security-Policy` meta tag (once);
/// `None` when it has no such tag with that directive.
fn allow_in_policy(html: &str, directive: &str, source: &str) -> Option<String> {
    let meta = html.find("Content-Security-Policy")?;
    // Within the tag, before or after `http-equiv` (trunk's release minifier puts it after).
    let tag = html[..meta].rfind('<')?;
    let tag_end = meta + html[meta..].find('>')?;
    let value = tag + html[tag..tag_end].find("content=")? + "content=".len();
    let quote = html[value..]
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))?;
    let start = value + 1;
    let close = start + html[start..].find(quote)?;
    let policy = &html[start..close];
    // The directive starts the policy or follows a `;`, never inside another's name.
    let at = policy.split(';').scan(0, |offset, part| {
        let here = *offset;
        *offset += part.len() + 1;
        Some((here, part))
    });
    let (offset, part) = at
        .into_iter()
        .find(|(_, part)| part.trim_start().split_ascii_whitespace().next() == Some(directive))?;
    let end = start + offset + part.trim_end().len();
    if part.split_ascii_whitespace().any(|token| token == source) {
        return Some(html.to_owned());
    }
    Some(format!("{} {source}{}", &html[..end], &html[end..]))
}

/// Removes `<link rel="preload" … .wasm …>` tags, whatever their attribute order.
fn strip_wasm_preload(head: &str) -> String {
    let mut out = String::with_capacity(head.len());
    let mut rest = head;
    while let Some(at) = rest.find("<link") {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        out.push_str(&rest[..at]);
        let preload = tag.contains("preload") && !tag.contains("modulepreload");
        if !(preload && tag.contains(".wasm")) {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Drops the `<!>` comments Leptos puts between text nodes for hydration: static pages are
/// never hydrated (the app takes over islands instead), and they cost bytes. Text never holds a
/// literal `<!>` (its `<` is escaped), so only markers go.
fn strip_markers(html: &str) -> String {
    html.replace("<!>", "")
}

/// What the site is made of, as the build holds it.
pub struct Site<'a> {
    pub catalog: &'a Catalog,
    /// Each collection whole (every article, in the stored script), in catalog order.
    pub collections: &'a [Bundle],
    pub scripts: &'a Scripts,
    /// The search index, whose articles' texts are written beside the pages, in every script.
    pub search: Option<&'a crate::search::IndexInfo>,
}

/// What rendering wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageReport {
    pub pages: usize,
    pub bytes: u64,
    /// Articles' texts for search (`search/d/…`), and their bytes.
    pub texts: usize,
    pub text_bytes: u64,
}

/// Renders every page in every script and hands each to `write` as (path relative to the site
/// root, HTML), one at a time, so a site of any size never sits in memory whole. Articles are
/// shared out between threads, one per core; each article's four scripts are written together,
/// so a Traditional article is made Simplified once for the three scripts made through it.
pub fn render_site(
    site: &Site,
    shell: &Shell,
    write: impl Fn(PathBuf, String) -> Result<(), String> + Sync,
) -> Result<PageReport, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let results: Vec<Result<PageReport, String>> = std::thread::scope(|scope| {
        let write = &write;
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                scope.spawn(move || {
                    let mut report = PageReport::default();
                    let mut emit = |path: String, html: String| {
                        if path.ends_with(".txt") {
                            report.texts += 1;
                            report.text_bytes += html.len() as u64;
                        } else {
                            report.pages += 1;
                            report.bytes += html.len() as u64;
                        }
                        write(PathBuf::from(path), html)
                    };
                    render_share(site, shell, worker, threads, &mut emit)?;
                    Ok(report)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err("a page failed to render".into()))
            })
            .collect()
    });
    let mut total = PageReport::default();
    for result in results {
        let report = result?;
        total.pages += report.pages;
        total.bytes += report.bytes;
        total.texts += report.texts;
        total.text_bytes += report.text_bytes;
    }
    Ok(total)
}

/// Worker `worker` of `workers`' share of the pages: every `workers`-th article of each
/// collection, in every script, and (the first worker) the catalog, "not found" and the lists.
fn render_share(
    site: &Site,
    shell: &Shell,
    worker: usize,
    workers: usize,
    emit: &mut dyn FnMut(String, String) -> Result<(), String>,
) -> Result<(), String> {
    let site_native = Variant::from(site.catalog.site.script);
    let renderers = Variant::ALL.map(|variant| Renderer {
        site,
        shell,
        variant,
    });
    if worker == 0 {
        for r in &renderers {
            t::set_variant(r.variant);
            emit(Page::Catalog.file_in(r.variant, site_native), r.catalog())?;
            emit(
                Page::NotFound.file_in(r.variant, site_native),
                r.not_found(),
            )?;
            emit(Page::Search.file_in(r.variant, site_native), r.search())?;
            for bundle in site.collections {
                let c = r.collection(bundle);
                for page in 1..=listing_pages(bundle.articles.len()) {
                    let page = page as u32;
                    let at = Page::Collection {
                        collection: bundle.collection.id.clone(),
                        page,
                    };
                    emit(at.file_in(r.variant, c.native), c.listing(page))?;
                }
            }
        }
    }
    let mut first_doc = 0u32;
    for bundle in site.collections {
        let first = first_doc;
        first_doc += bundle.articles.len() as u32;
        let pages = renderers.each_ref().map(|r| r.collection(bundle));
        let shared = shared_conversion(bundle, &pages);
        for index in (worker..bundle.articles.len()).step_by(workers) {
            // Simplified once, for 简体, 臺灣 and 香港 alike (OpenCC's own route from
            // Traditional), where no override splits the text differently per script.
            let simplified = shared.then(|| {
                let t2s = &pages[0];
                bundle.articles[index].map_text(&mut |s| t2s.convert(s))
            });
            for c in &pages {
                t::set_variant(c.r.variant);
                let article = match (&simplified, c.r.variant) {
                    (Some(hans), Variant::Hans) => hans.clone(),
                    (Some(hans), variant) if variant != c.native => {
                        hans.map_text(&mut |s| c.convert_simplified(s))
                    }
                    _ => bundle.articles[index].map_text(&mut |s| c.convert(s)),
                };
                if let Some(search) = site.search {
                    let text = c.search_text(index, &article);
                    let file = search.doc_file(c.r.variant, first + index as u32);
                    emit(format!("search/{file}"), text.to_text())?;
                }
                emit(
                    c.page_of(index).file_in(c.r.variant, c.native),
                    c.article(index, article),
                )?;
            }
        }
    }
    Ok(())
}

/// Whether a collection's articles can go through Simplified once for every script: stored in
/// Traditional, with no overrides.
fn shared_conversion(bundle: &Bundle, pages: &[CollectionPages; 4]) -> bool {
    bundle.script == crate::model::Script::Hant
        && pages.iter().all(|c| c.overrides.is_empty())
        && pages[0].r.variant == Variant::Hans
}

struct Renderer<'a> {
    site: &'a Site<'a>,
    shell: &'a Shell,
    variant: Variant,
}

/// A page being written: where it is, and what it says about itself.
struct Placed {
    page: Page,
    native: Variant,
    /// `catalog`, `collection`, `article` or `not-found`, for `<html data-page>`.
    kind: &'static str,
}

impl Placed {
    fn folder(&self, variant: Variant) -> String {
        self.page.path_in(variant, self.native)
    }
}

impl Renderer<'_> {
    fn site_native(&self) -> Variant {
        Variant::from(self.site.catalog.site.script)
    }

    /// Site-level text (its name, licence) in this page's script.
    fn site_text(&self, text: &str) -> String {
        self.site
            .scripts
            .convert(self.site.catalog.site.script, self.variant, &[], text)
    }

    /// A link from `from` to another page.
    fn link(&self, from: &Placed, to: &Page, to_native: Variant) -> String {
        self.href(from, &to.path_in(self.variant, to_native))
    }

    /// A link from `from` to a folder of the site: relative, except from the "not found" page,
    /// which is served at whatever address was missing.
    fn href(&self, from: &Placed, folder: &str) -> String {
        if from.kind == "not-found" {
            format!("{}{folder}", self.shell.base)
        } else {
            relative(&from.folder(self.variant), folder)
        }
    }

    fn chrome(&self, at: &Placed) -> Chrome {
        Chrome {
            variant: self.variant,
            home: self.link(at, &Page::Catalog, self.site_native()),
            search: self.link(at, &Page::Search, self.site_native()),
            variants: Variant::ALL
                .iter()
                .map(|&v| (v, self.href(at, &at.folder(v))))
                .collect(),
            licence: self.site_text(&self.site.catalog.site.licence),
        }
    }

    /// An address for link previews and search engines: absolute when the site's public
    /// address is known.
    fn absolute(&self, at: &Placed, folder: &str) -> String {
        match &self.site.catalog.site.url {
            Some(url) => format!("{url}{folder}"),
            None => self.href(at, folder),
        }
    }

    fn meta(
        &self,
        at: &Placed,
        title: String,
        description: String,
        image: Option<&str>,
    ) -> PageMeta {
        let folder = at.folder(self.variant);
        PageMeta {
            title,
            description,
            kind: if at.kind == "article" {
                "article"
            } else {
                "website"
            },
            canonical: self.absolute(at, &folder),
            image: self.absolute(
                at,
                &image.map_or_else(
                    || "icons/icon-512.png".to_owned(),
                    |src| format!("data/{src}"),
                ),
            ),
            site_name: self.site_text(&self.site.catalog.site.name),
            alternates: Variant::ALL
                .iter()
                .map(|&v| (v, self.absolute(at, &at.folder(v))))
                .collect(),
            previous: None,
            next: None,
            preload: Vec::new(),
        }
    }

    /// The whole document: shell, `<html>` attributes for `boot.js` and the app, head, body.
    fn document<V: IntoView + 'static>(
        &self,
        at: &Placed,
        meta: PageMeta,
        ids: (Option<&str>, Option<&str>),
        body: impl FnOnce() -> V + Send + 'static,
    ) -> String {
        let owner = Owner::new();
        let (head, body) = owner.with(|| {
            let head = view! { <PageHead meta /> }.to_html();
            let chrome = self.chrome(at);
            let body = view! { <Layout chrome>{body()}</Layout> }.to_html();
            (head, body)
        });
        let folder = at.folder(self.variant);
        let root = if at.kind == "not-found" {
            // Served at whatever address was missing: links from the site's own address.
            match at.page.path_in(self.variant, at.native).as_str() {
                "" => self.shell.base.clone(),
                variant => format!("{}{variant}", self.shell.base),
            }
        } else {
            "../".repeat(folder.matches('/').count())
        };
        let mut attributes = format!(
            " lang=\"{}\" data-variant=\"{}\" data-native=\"{}\" data-page=\"{}\" data-path=\"{}\" data-root=\"{}\"",
            self.variant.lang(),
            self.variant.param(),
            at.native.param(),
            at.kind,
            at.page.path(),
            root,
        );
        // Ids are checked to be `a-z0-9-` before anything is rendered: nothing to escape.
        if let Some(c) = ids.0 {
            attributes.push_str(&format!(" data-collection=\"{c}\""));
        }
        if let Some(a) = ids.1 {
            attributes.push_str(&format!(" data-article=\"{a}\""));
        }
        self.shell.page(
            &root,
            &attributes,
            &strip_markers(&head),
            &strip_markers(&body),
        )
    }

    fn catalog(&self) -> String {
        let at = Placed {
            page: Page::Catalog,
            native: self.site_native(),
            kind: "catalog",
        };
        let site_name = self.site_text(&self.site.catalog.site.name);
        let cards: Vec<CollectionCard> = self
            .site
            .catalog
            .collections
            .iter()
            .map(|c| {
                let native = Variant::from(c.published_script.unwrap_or(c.script));
                let convert = |s: &str| self.site.scripts.convert(c.script, self.variant, &[], s);
                CollectionCard {
                    title: convert(&c.title),
                    description: convert(&c.description),
                    href: self.link(
                        &at,
                        &Page::Collection {
                            collection: c.id.clone(),
                            page: 1,
                        },
                        native,
                    ),
                    articles: c.articles,
                    updated: c.updated.clone(),
                }
            })
            .collect();
        let description = format!("{site_name}：{}", ui(t::COLLECTIONS));
        let meta = self.meta(&at, site_name.clone(), description, None);
        self.document(&at, meta, (None, None), move || {
            view! { <CatalogView site_name collections=cards /> }
        })
    }

    fn not_found(&self) -> String {
        let at = Placed {
            page: Page::NotFound,
            native: self.site_native(),
            kind: "not-found",
        };
        let mut meta = self.meta(&at, ui(t::NOT_FOUND_TITLE).to_owned(), String::new(), None);
        meta.alternates.clear();
        // Served for any missing address, so relative links would point anywhere: the home
        // link is the site's address on its host.
        let home = self.href(&at, &Page::Catalog.path_in(self.variant, at.native));
        self.document(&at, meta, (None, None), move || {
            view! {
                <NotFound
                    message=t::NOT_FOUND_PAGE
                    back_label=t::BACK_TO_CATALOG
                    back_href=home
                />
            }
        })
    }

    fn search(&self) -> String {
        let at = Placed {
            page: Page::Search,
            native: self.site_native(),
            kind: "search",
        };
        let site_name = self.site_text(&self.site.catalog.site.name);
        let title = format!("{} · {site_name}", t::search_word());
        let mut meta = self.meta(&at, title, String::new(), None);
        // What the first query needs before its shards, fetched with the page: the index's
        // description is in the page itself, the fold table and manifest load beside the app.
        let index = self.site.search.map(|info| {
            let root = "../".repeat(at.folder(self.variant).matches('/').count());
            meta.preload = [&info.fold, &info.manifest]
                .iter()
                .map(|file| format!("{root}search/{file}"))
                .collect();
            serde_json::to_string(info).unwrap_or_default()
        });
        self.document(
            &at,
            meta,
            (None, None),
            move || view! { <SearchView index /> },
        )
    }

    fn collection<'b>(&'b self, bundle: &'b Bundle) -> CollectionPages<'b> {
        let overrides: Vec<(&str, &str)> = bundle
            .overrides
            .iter()
            .filter_map(|o| Some((o.text.as_str(), o.for_variant(self.variant.param())?)))
            .collect();
        CollectionPages {
            r: self,
            bundle,
            native: Variant::from(bundle.published()),
            overrides,
        }
    }
}

struct CollectionPages<'a> {
    r: &'a Renderer<'a>,
    bundle: &'a Bundle,
    native: Variant,
    overrides: Vec<(&'a str, &'a str)>,
}

impl CollectionPages<'_> {
    fn convert(&self, text: &str) -> String {
        self.r
            .site
            .scripts
            .convert(self.bundle.script, self.r.variant, &self.overrides, text)
    }

    fn id(&self) -> &str {
        &self.bundle.collection.id
    }

    fn page_of(&self, index: usize) -> Page {
        Page::Article {
            collection: self.id().to_owned(),
            article: self.bundle.articles[index].id.clone(),
        }
    }

    fn listing_page(&self, page: u32) -> Page {
        Page::Collection {
            collection: self.id().to_owned(),
            page,
        }
    }

    fn placed(&self, page: Page, kind: &'static str) -> Placed {
        Placed {
            page,
            native: self.native,
            kind,
        }
    }

    fn listing(&self, page: u32) -> String {
        let r = self.r;
        let at = self.placed(self.listing_page(page), "collection");
        let meta_c = &self.bundle.collection;
        let title = self.convert(&meta_c.title);
        let description = self.convert(&meta_c.description);
        let site_name = r.site_text(&r.site.catalog.site.name);
        let count = listing_pages(self.bundle.articles.len());
        let first = (page as usize - 1) * LISTING_PAGE_SIZE;
        let articles: Vec<ArticleCard> = self
            .bundle
            .articles
            .iter()
            .enumerate()
            .skip(first)
            .take(LISTING_PAGE_SIZE)
            .map(|(i, a)| ArticleCard {
                title: self.convert(&a.title),
                href: r.link(&at, &self.page_of(i), self.native),
                published: a.published.clone(),
                minutes: a.reading_minutes(),
                summary: self.convert(&a.summary),
            })
            .collect();
        let pages: Vec<String> = (1..=count as u32)
            .map(|n| r.link(&at, &self.listing_page(n), self.native))
            .collect();
        let page_title = if page > 1 {
            format!(
                "{title}（{}{page}{}）",
                ui(t::PAGE_NUMBER_BEFORE),
                ui(t::PAGE_OF)
            )
        } else {
            title.clone()
        };
        let mut meta = r.meta(
            &at,
            format!("{page_title} · {site_name}"),
            description.clone(),
            None,
        );
        meta.previous = (page > 1).then(|| pages[page as usize - 2].clone());
        meta.next = pages.get(page as usize).cloned();
        let trail = vec![(site_name, r.link(&at, &Page::Catalog, r.site_native()))];
        let id = self.id().to_owned();
        r.document(&at, meta, (Some(&id), None), move || {
            view! { <CollectionView trail title description articles page pages /> }
        })
    }

    /// Text already in Simplified as this page's script wants it (the second step of
    /// `convert::plan` from Traditional).
    fn convert_simplified(&self, text: &str) -> String {
        self.r
            .site
            .scripts
            .convert(crate::model::Script::Hans, self.r.variant, &[], text)
    }

    /// The collection's read-aloud pronunciations of words in `article` (in this page's script
    /// already), converted to it, as `pronunciation.tsv` lines for the page's read-aloud island.
    fn say(&self, article: &Article) -> String {
        if self.bundle.pronunciation.is_empty() {
            return String::new();
        }
        let mut text = String::new();
        article.map_text(&mut |s| {
            text.push_str(s);
            text.push('\n');
            String::new()
        });
        let mut seen = std::collections::HashSet::new();
        let mut lines = String::new();
        for entry in &self.bundle.pronunciation {
            let written = self.convert(&entry.text);
            if text.contains(&written) && seen.insert(written.clone()) {
                lines.push_str(&format!("{written}\t{}\n", entry.say));
            }
        }
        lines
    }

    /// The article page; `article` is the article in this page's script already.
    /// What search shows of the article (in this page's script) and cuts snippets from.
    fn search_text(&self, index: usize, article: &Article) -> crate::search::DocText {
        crate::search::DocText {
            title: article.title.clone(),
            collection: self.convert(&self.bundle.collection.title),
            date: article.published.clone(),
            path: self.page_of(index).path_in(self.r.variant, self.native),
            body: crate::build::article_text(article),
        }
    }

    fn article(&self, index: usize, article: Article) -> String {
        let r = self.r;
        let at = self.placed(self.page_of(index), "article");
        let source = &self.bundle.articles[index];
        let collection_title = self.convert(&self.bundle.collection.title);
        let site_name = r.site_text(&r.site.catalog.site.name);
        let neighbour = |i: usize| {
            self.bundle.articles.get(i).map(|a| Neighbour {
                title: self.convert(&a.title),
                href: r.link(&at, &self.page_of(i), self.native),
            })
        };
        let previous = index.checked_sub(1).and_then(neighbour);
        let next = neighbour(index + 1);
        let listing = self.listing_page((index / LISTING_PAGE_SIZE) as u32 + 1);
        let trail = vec![
            (site_name, r.link(&at, &Page::Catalog, r.site_native())),
            (collection_title.clone(), r.link(&at, &listing, self.native)),
        ];
        let description = if article.summary.is_empty() {
            article.subtitle.clone()
        } else {
            article.summary.clone()
        };
        let image = source.blocks.iter().find_map(|b| match b {
            Block::Figure { src: Some(src), .. } if !src.starts_with("https://") => {
                Some(src.as_str())
            }
            _ => None,
        });
        let mut meta = r.meta(
            &at,
            format!("{} · {collection_title}", article.title),
            description,
            image,
        );
        meta.previous = previous.as_ref().map(|n| n.href.clone());
        meta.next = next.as_ref().map(|n| n.href.clone());
        let data_base = relative(&at.folder(r.variant), "data/");
        let say = self.say(&article);
        let id = self.id().to_owned();
        let article_id = source.id.clone();
        r.document(&at, meta, (Some(&id), Some(&article_id)), move || {
            view! { <ArticleView article trail previous next data_base say /> }
        })
    }
}
