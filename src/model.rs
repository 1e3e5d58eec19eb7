//! The bundle format: a catalog of collections, and one bundle of articles per collection.
//!
//! This is the contract between editors (the `wenji` tool) and readers (the app). It is plain data
//! with no web dependencies so both sides share it. Text is structured spans, never HTML: nothing in
//! a bundle can become markup or script in the reader.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The schema major version this build reads. A different major version is refused.
pub const SCHEMA_MAJOR: u32 = 1;
/// The newest minor version this build knows. Newer minors are read; unknown blocks are skipped.
pub const SCHEMA_MINOR: u32 = 0;

/// Largest catalog or bundle accepted, checked before parsing.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// `"major.minor"`, e.g. `"1.0"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaVersion {
    pub major: u32,
    pub minor: u32,
}

impl SchemaVersion {
    pub const CURRENT: SchemaVersion = SchemaVersion {
        major: SCHEMA_MAJOR,
        minor: SCHEMA_MINOR,
    };
}

impl fmt::Display for SchemaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl std::str::FromStr for SchemaVersion {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        let (major, minor) = s.split_once('.').ok_or(())?;
        let digits = |p: &str| {
            if p.is_empty() || p.len() > 6 || !p.bytes().all(|b| b.is_ascii_digit()) {
                Err(())
            } else {
                p.parse().map_err(|_| ())
            }
        };
        Ok(SchemaVersion {
            major: digits(major)?,
            minor: digits(minor)?,
        })
    }
}

impl Serialize for SchemaVersion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SchemaVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|_| {
            serde::de::Error::custom(format!("schema version {s:?} is not \"major.minor\""))
        })
    }
}

/// The script a collection's text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    /// Simplified Chinese.
    Hans,
    /// Traditional Chinese.
    Hant,
}

impl Script {
    /// BCP 47 tag for the `lang` attribute.
    pub fn lang(self) -> &'static str {
        match self {
            Script::Hans => "zh-Hans",
            Script::Hant => "zh-Hant",
        }
    }
}

/// The site-wide index: what collections exist and where their bundles are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub schema: SchemaVersion,
    pub site: Site,
    pub collections: Vec<CollectionEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Site {
    pub name: String,
    /// Copyright or licence line shown in the footer.
    #[serde(default)]
    pub licence: String,
}

/// One collection as listed in the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionEntry {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Number of articles in the bundle.
    pub articles: u32,
    /// Size of the bundle file in bytes.
    pub bytes: u64,
    /// Content hash of the bundle (hex), so caches can tell when it changed.
    #[serde(default)]
    pub hash: String,
    /// Date of the newest change, `YYYY-MM-DD`.
    pub updated: String,
    /// Bundle location relative to the catalog.
    pub href: String,
}

/// One collection's articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub schema: SchemaVersion,
    pub collection: CollectionMeta,
    /// Script of the text as stored.
    pub script: Script,
    pub articles: Vec<Article>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionMeta {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subtitle: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Length of the text in characters, for reading-time estimates.
    #[serde(default)]
    pub chars: u32,
    pub blocks: Vec<Block>,
}

impl Article {
    /// Minutes a typical reader needs (about 400 Chinese characters a minute), at least one.
    pub fn reading_minutes(&self) -> u32 {
        self.chars.div_ceil(400).max(1)
    }
}

/// A block of article content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    Paragraph {
        text: Text,
    },
    /// A section heading.
    Heading {
        text: Text,
    },
    /// A poem: each line kept as written.
    Verse {
        lines: Vec<Text>,
    },
    /// An opening quotation set apart from the body.
    Epigraph {
        lines: Vec<Text>,
    },
    /// A photo with its caption; the photo may be missing.
    Figure {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        src: Option<String>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        alt: String,
        caption: Text,
    },
    /// A quoted testimonial.
    Quote {
        text: Text,
    },
    /// The signature line (author or issuing body).
    Signature {
        text: Text,
    },
    /// A publication note.
    Note {
        text: Text,
    },
    /// A block type from a newer minor version: kept out of the page.
    #[serde(other)]
    Unknown,
}

/// Inline text: a run of spans. Serialised as a plain string when it has no markup.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Text(pub Vec<Span>);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Span {
    Plain(String),
    Emphasis { em: String },
    Link { text: String, href: String },
}

impl Text {
    pub fn plain(s: impl Into<String>) -> Self {
        Text(vec![Span::Plain(s.into())])
    }

    /// The text without markup.
    pub fn to_plain(&self) -> String {
        self.0
            .iter()
            .map(|span| match span {
                Span::Plain(s) => s.as_str(),
                Span::Emphasis { em } => em.as_str(),
                Span::Link { text, .. } => text.as_str(),
            })
            .collect()
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [Span::Plain(only)] => s.serialize_str(only),
            spans => spans.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Plain(String),
            Spans(Vec<Span>),
        }
        match Repr::deserialize(d).map_err(|_| {
            serde::de::Error::custom("text must be a string or a list of spans (strings, {\"em\"}, {\"text\", \"href\"})")
        })? {
            Repr::Plain(s) => Ok(Text::plain(s)),
            Repr::Spans(spans) => Ok(Text(spans)),
        }
    }
}

/// Why a catalog or bundle was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Larger than [`MAX_DOCUMENT_BYTES`].
    TooLarge { bytes: usize },
    /// Not JSON of the expected shape; `line` and `column` locate it when known.
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
    /// A major version this build cannot read.
    UnsupportedVersion { found: SchemaVersion },
    /// Well-formed but wrong: duplicate ids, unsafe links and the like.
    Invalid { path: String, message: String },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::TooLarge { bytes } => {
                write!(f, "{bytes} bytes is over the limit of {MAX_DOCUMENT_BYTES}")
            }
            FormatError::Syntax {
                message,
                line,
                column,
            } => write!(f, "line {line}, column {column}: {message}"),
            FormatError::UnsupportedVersion { found } => write!(
                f,
                "schema version {found} is not supported (this reader reads {SCHEMA_MAJOR}.x)"
            ),
            FormatError::Invalid { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for FormatError {}

impl From<serde_json::Error> for FormatError {
    fn from(e: serde_json::Error) -> Self {
        let full = e.to_string();
        let location = format!(" at line {} column {}", e.line(), e.column());
        FormatError::Syntax {
            message: full.strip_suffix(&location).unwrap_or(&full).to_owned(),
            line: e.line(),
            column: e.column(),
        }
    }
}

/// Reads the version first, so a future major version is reported as such rather than as
/// whatever shape error its new fields would cause.
fn check_version(json: &str) -> Result<(), FormatError> {
    if json.len() > MAX_DOCUMENT_BYTES {
        return Err(FormatError::TooLarge { bytes: json.len() });
    }
    #[derive(Deserialize)]
    struct Header {
        schema: SchemaVersion,
    }
    let header: Header = serde_json::from_str(json)?;
    if header.schema.major != SCHEMA_MAJOR {
        return Err(FormatError::UnsupportedVersion {
            found: header.schema,
        });
    }
    Ok(())
}

/// Parses and validates a catalog.
pub fn parse_catalog(json: &str) -> Result<Catalog, FormatError> {
    check_version(json)?;
    let catalog: Catalog = serde_json::from_str(json)?;
    catalog.validate()?;
    Ok(catalog)
}

/// Parses and validates a bundle.
pub fn parse_bundle(json: &str) -> Result<Bundle, FormatError> {
    check_version(json)?;
    let bundle: Bundle = serde_json::from_str(json)?;
    bundle.validate()?;
    Ok(bundle)
}

fn invalid(path: impl Into<String>, message: impl Into<String>) -> FormatError {
    FormatError::Invalid {
        path: path.into(),
        message: message.into(),
    }
}

/// Ids appear in URLs: lowercase ASCII letters, digits and `-`, 1 to 64 long.
pub fn is_valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `YYYY-MM-DD` with a real month and day.
pub fn is_valid_date(date: &str) -> bool {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &date[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Links readers may follow: web pages and mail only, never `javascript:` or `data:`.
pub fn is_safe_link(href: &str) -> bool {
    let lower = href.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// Same-origin resource paths: relative, no scheme, no protocol-relative `//host`, no `..` escape.
pub fn is_relative_path(href: &str) -> bool {
    !href.is_empty()
        && !href.contains(':')
        && !href.starts_with('/')
        && !href.starts_with('\\')
        && !href.split('/').any(|seg| seg == "..")
        && !href.chars().any(|c| c.is_control() || c.is_whitespace())
}

impl Catalog {
    pub fn validate(&self) -> Result<(), FormatError> {
        if self.site.name.trim().is_empty() {
            return Err(invalid("site.name", "must not be empty"));
        }
        let mut seen = HashSet::new();
        for (i, c) in self.collections.iter().enumerate() {
            let at = |field: &str| format!("collections[{i}].{field}");
            if !is_valid_id(&c.id) {
                return Err(invalid(
                    at("id"),
                    format!("{:?} is not an id (a-z, 0-9, -)", c.id),
                ));
            }
            if !seen.insert(c.id.as_str()) {
                return Err(invalid(at("id"), format!("duplicate id {:?}", c.id)));
            }
            if c.title.trim().is_empty() {
                return Err(invalid(at("title"), "must not be empty"));
            }
            if !is_valid_date(&c.updated) {
                return Err(invalid(
                    at("updated"),
                    format!("{:?} is not a YYYY-MM-DD date", c.updated),
                ));
            }
            if !is_relative_path(&c.href) {
                return Err(invalid(
                    at("href"),
                    format!("{:?} is not a relative path", c.href),
                ));
            }
        }
        Ok(())
    }

    pub fn collection(&self, id: &str) -> Option<&CollectionEntry> {
        self.collections.iter().find(|c| c.id == id)
    }
}

impl Bundle {
    pub fn validate(&self) -> Result<(), FormatError> {
        if !is_valid_id(&self.collection.id) {
            return Err(invalid(
                "collection.id",
                format!("{:?} is not an id (a-z, 0-9, -)", self.collection.id),
            ));
        }
        let mut seen = HashSet::new();
        for (i, a) in self.articles.iter().enumerate() {
            let at = |field: &str| format!("articles[{i}].{field}");
            if !is_valid_id(&a.id) {
                return Err(invalid(
                    at("id"),
                    format!("{:?} is not an id (a-z, 0-9, -)", a.id),
                ));
            }
            if !seen.insert(a.id.as_str()) {
                return Err(invalid(at("id"), format!("duplicate id {:?}", a.id)));
            }
            if a.title.trim().is_empty() {
                return Err(invalid(at("title"), "must not be empty"));
            }
            if !is_valid_date(&a.published) {
                return Err(invalid(
                    at("published"),
                    format!("{:?} is not a YYYY-MM-DD date", a.published),
                ));
            }
            for (j, block) in a.blocks.iter().enumerate() {
                validate_block(block).map_err(|(field, message)| {
                    invalid(at(&format!("blocks[{j}]{field}")), message)
                })?;
            }
        }
        Ok(())
    }

    pub fn article(&self, id: &str) -> Option<(usize, &Article)> {
        self.articles.iter().enumerate().find(|(_, a)| a.id == id)
    }

    /// How many blocks of types this build does not know were skipped.
    pub fn unknown_blocks(&self) -> usize {
        self.articles
            .iter()
            .flat_map(|a| &a.blocks)
            .filter(|b| matches!(b, Block::Unknown))
            .count()
    }
}

fn validate_block(block: &Block) -> Result<(), (String, String)> {
    let check_text = |field: &str, text: &Text| -> Result<(), (String, String)> {
        for (k, span) in text.0.iter().enumerate() {
            if let Span::Link { href, .. } = span {
                if !is_safe_link(href) {
                    return Err((
                        format!(".{field}[{k}].href"),
                        format!("{href:?} is not an http, https or mailto link"),
                    ));
                }
            }
        }
        Ok(())
    };
    match block {
        Block::Paragraph { text }
        | Block::Heading { text }
        | Block::Quote { text }
        | Block::Signature { text }
        | Block::Note { text } => check_text("text", text),
        Block::Verse { lines } | Block::Epigraph { lines } => lines
            .iter()
            .enumerate()
            .try_for_each(|(k, line)| check_text(&format!("lines[{k}]"), line)),
        Block::Figure { src, caption, .. } => {
            if let Some(src) = src {
                if !is_relative_path(src) {
                    return Err((
                        ".src".into(),
                        format!("{src:?} is not a same-site relative path"),
                    ));
                }
            }
            check_text("caption", caption)
        }
        Block::Unknown => Ok(()),
    }
}
