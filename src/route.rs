//! Where every page lives: path URLs of prerendered static files.
//!
//! ```text
//! ./                          the catalog
//! <collection>/               a collection's first page of articles
//! <collection>/page/<n>/      its further pages
//! <collection>/<article>/     an article
//! <variant>/…                 the same pages in another script (hans, hant, tw, hk)
//! ```
//!
//! Each page is `index.html` in its folder, so any static host serves it with no rewrite rules,
//! under any sub-path; every link between pages is relative. A page's own script (a collection's
//! published one, the site's for the catalog) lives at the top; the other three scripts under
//! their variant's folder. Old links (`?c=…&a=…&v=…`) are sent to their page by `public/boot.js`.

use crate::model::{is_valid_id, Script};

/// The script variant a reader chose: the `v` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// 简体
    Hans,
    /// 繁體
    Hant,
    /// 臺灣
    Tw,
    /// 香港
    Hk,
}

impl Variant {
    pub const ALL: [Variant; 4] = [Variant::Hans, Variant::Hant, Variant::Tw, Variant::Hk];

    /// The value of the `v` URL parameter.
    pub fn param(self) -> &'static str {
        match self {
            Variant::Hans => "hans",
            Variant::Hant => "hant",
            Variant::Tw => "tw",
            Variant::Hk => "hk",
        }
    }

    pub fn from_param(s: &str) -> Option<Self> {
        Variant::ALL.into_iter().find(|v| v.param() == s)
    }

    /// BCP 47 tag for `<html lang>`.
    pub fn lang(self) -> &'static str {
        match self {
            Variant::Hans => "zh-Hans",
            Variant::Hant => "zh-Hant",
            Variant::Tw => "zh-Hant-TW",
            Variant::Hk => "zh-Hant-HK",
        }
    }
}

impl From<Script> for Variant {
    /// The variant a text in `script` is read in as written.
    fn from(script: Script) -> Variant {
        match script {
            Script::Hans => Variant::Hans,
            Script::Hant => Variant::Hant,
        }
    }
}

impl Variant {
    /// The variant for a browser language tag (`navigator.languages`), if it is Chinese.
    pub fn from_language(tag: &str) -> Option<Variant> {
        let tag = tag.to_ascii_lowercase();
        let mut parts = tag.split(['-', '_']);
        if parts.next() != Some("zh") {
            return None;
        }
        let rest: Vec<&str> = parts.collect();
        let has = |p: &str| rest.contains(&p);
        Some(if has("tw") {
            Variant::Tw
        } else if has("hk") || has("mo") {
            Variant::Hk
        } else if has("hant") {
            Variant::Hant
        } else {
            Variant::Hans
        })
    }

    /// The reader's variant: the URL's, else the saved choice, else the first Chinese browser
    /// language, else the script the collection was published in.
    pub fn resolve(
        url: Option<Variant>,
        saved: Option<Variant>,
        languages: &[String],
        published: crate::model::Script,
    ) -> Variant {
        url.or(saved)
            .or_else(|| languages.iter().find_map(|l| Variant::from_language(l)))
            .unwrap_or(match published {
                crate::model::Script::Hans => Variant::Hans,
                crate::model::Script::Hant => Variant::Hant,
            })
    }

    /// The name on the switch, in its own script (never converted).
    pub fn label(self) -> &'static str {
        match self {
            Variant::Hans => "简体",
            Variant::Hant => "繁體",
            Variant::Tw => "臺灣",
            Variant::Hk => "香港",
        }
    }
}

/// Articles on one page of a collection's list.
pub const LISTING_PAGE_SIZE: usize = 50;

/// How many pages a collection of `articles` lists them on (at least one).
pub fn listing_pages(articles: usize) -> usize {
    articles.div_ceil(LISTING_PAGE_SIZE).max(1)
}

/// A page of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Page {
    Catalog,
    /// A collection's list of articles, page `page` (from 1).
    Collection {
        collection: String,
        page: u32,
    },
    Article {
        collection: String,
        article: String,
    },
    /// The search view (`search/?q=…`): the query is read by the app.
    Search,
    /// The site's "not found" page (`404.html`, which static hosts serve for unknown paths).
    NotFound,
}

/// Folder names the site uses itself: a collection with one of these ids would hide them or be
/// hidden. An article id of `page` would collide with a collection's page folders.
pub const RESERVED_IDS: [&str; 12] = [
    "data", "icons", "search", "page", "hans", "hant", "tw", "hk", "index", "offline", "static",
    "assets",
];

/// Whether an id is taken by the site's own paths (see [`RESERVED_IDS`]).
pub fn is_reserved_id(id: &str) -> bool {
    RESERVED_IDS.contains(&id)
}

impl Page {
    /// The page's folder relative to the site root, with a trailing `/` (empty for the catalog).
    pub fn path(&self) -> String {
        match self {
            Page::Catalog | Page::NotFound => String::new(),
            Page::Search => "search/".to_owned(),
            Page::Collection { collection, page } if *page <= 1 => format!("{collection}/"),
            Page::Collection { collection, page } => format!("{collection}/page/{page}/"),
            Page::Article {
                collection,
                article,
            } => format!("{collection}/{article}/"),
        }
    }

    /// The page's folder in `variant`, relative to the site root: the page's own script at the
    /// top, the others in their variant's folder.
    pub fn path_in(&self, variant: Variant, native: Variant) -> String {
        if variant == native {
            self.path()
        } else {
            format!("{}/{}", variant.param(), self.path())
        }
    }

    /// The file to write for the page in `variant`, relative to the site root.
    pub fn file_in(&self, variant: Variant, native: Variant) -> String {
        match self {
            Page::NotFound if variant == native => "404.html".to_owned(),
            Page::NotFound => format!("{}/404.html", variant.param()),
            _ => format!("{}index.html", self.path_in(variant, native)),
        }
    }

    /// Whether the ids could name anything at all (see [`is_valid_id`]).
    pub fn ids_are_well_formed(&self) -> bool {
        match self {
            Page::Catalog | Page::Search | Page::NotFound => true,
            Page::Collection { collection, .. } => is_valid_id(collection),
            Page::Article {
                collection,
                article,
            } => is_valid_id(collection) && is_valid_id(article),
        }
    }
}

/// A relative link from a page in folder `from` to folder `to` (both relative to the site root,
/// `from` empty or ending in `/`; `to` a folder like it, or a file): up to the folders they
/// share, then down; `./` for the same folder.
pub fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split_terminator('/').collect();
    let (folders, file) = match to.rsplit_once('/') {
        Some((folders, file)) => (folders, file),
        None => ("", to),
    };
    let to: Vec<&str> = folders.split('/').filter(|s| !s.is_empty()).collect();
    let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut href = "../".repeat(from.len() - shared);
    for segment in &to[shared..] {
        href.push_str(segment);
        href.push('/');
    }
    href.push_str(file);
    if href.is_empty() {
        href.push_str("./");
    }
    href
}
