//! Where the reader is, as query parameters on the app's single page.
//!
//! Query parameters (`?c=<collection>&a=<article>&v=<variant>`) rather than paths, so every view
//! opens cold from a plain static file server with no rewrite rules, under any sub-path.

use crate::model::is_valid_id;

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

/// Which view is showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Catalog,
    Collection { collection: String },
    Article { collection: String, article: String },
}

/// A view plus the reader's variant choice, if the URL carries one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub view: View,
    pub variant: Option<Variant>,
}

impl Route {
    /// Reads the route from query parameters. An id that could never exist (wrong characters) is
    /// kept so the reader gets a "not found" view rather than being silently moved elsewhere; an
    /// article without a collection falls back to the catalog.
    pub fn from_query<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Route {
        let collection = get("c").filter(|c| !c.is_empty());
        let article = get("a").filter(|a| !a.is_empty());
        let view = match (collection, article) {
            (Some(c), Some(a)) => View::Article {
                collection: c.to_owned(),
                article: a.to_owned(),
            },
            (Some(c), None) => View::Collection {
                collection: c.to_owned(),
            },
            (None, _) => View::Catalog,
        };
        Route {
            view,
            variant: get("v").and_then(Variant::from_param),
        }
    }

    /// Reads the route from a location's query string (`?c=…&a=…&v=…`), decoding `%XX` and `+`
    /// as browsers do; the first of repeated parameters counts, as in `URLSearchParams.get`.
    pub fn from_search(search: &str) -> Route {
        let pairs: Vec<(String, String)> = search
            .strip_prefix('?')
            .unwrap_or(search)
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decode(key), form_decode(value))
            })
            .collect();
        Route::from_query(|key| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        })
    }

    /// A link to this route relative to the app's base URL: `./` for the catalog, otherwise a
    /// query string. The variant is kept so a shared link opens in the same script.
    pub fn href(&self) -> String {
        let mut params: Vec<(&str, &str)> = Vec::with_capacity(3);
        match &self.view {
            View::Catalog => {}
            View::Collection { collection } => params.push(("c", collection)),
            View::Article {
                collection,
                article,
            } => {
                params.push(("c", collection));
                params.push(("a", article));
            }
        }
        if let Some(v) = self.variant {
            params.push(("v", v.param()));
        }
        if params.is_empty() {
            return "./".to_owned();
        }
        let mut out = String::from("?");
        for (i, (k, v)) in params.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(k);
            out.push('=');
            encode_component(v, &mut out);
        }
        out
    }

    /// The same variant, another view.
    pub fn to(&self, view: View) -> Route {
        Route {
            view,
            variant: self.variant,
        }
    }

    /// Whether the ids could name anything at all (see [`is_valid_id`]).
    pub fn ids_are_well_formed(&self) -> bool {
        match &self.view {
            View::Catalog => true,
            View::Collection { collection } => is_valid_id(collection),
            View::Article {
                collection,
                article,
            } => is_valid_id(collection) && is_valid_id(article),
        }
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode_component(s: &str, out: &mut String) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// Decodes one `application/x-www-form-urlencoded` component: `+` is a space, `%XX` a byte, and
/// anything malformed stays as written.
fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
