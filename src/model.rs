//! The data format, schema 2: a catalog of collections; per collection an index of its articles,
//! paged; and one file per article (a bundle of one: the collection's metadata and the article).
//!
//! This is the contract between editors (the `wenji` tool), the pages it prerenders, and readers
//! (the app, and later search). It is plain data with no web dependencies so every side shares
//! it. Text is structured spans, never HTML: nothing in a file can become markup or script.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The schema major version this build reads. A different major version is refused.
pub const SCHEMA_MAJOR: u32 = 2;
/// The newest minor version this build knows. Newer minors are read; unknown blocks are skipped.
pub const SCHEMA_MINOR: u32 = 0;

/// Largest catalog or bundle accepted, checked before parsing.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;
/// Longest text of one block, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Longest title, subtitle, summary or other single-line field, in characters.
pub const MAX_LINE_CHARS: usize = 500;

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
    /// Script of the site name and licence line.
    pub script: Script,
    /// Copyright or licence line shown in the footer.
    #[serde(default)]
    pub licence: String,
    /// The site's public address (`https://…/`), for absolute links in link previews
    /// (`og:image`, canonical). Without it, pages link relatively.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One collection as listed in the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionEntry {
    pub id: String,
    /// Script of the title and description (and of the bundle's text).
    pub script: Script,
    /// Script the collection was published in, if not `script` (see [`Bundle`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_script: Option<Script>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Number of articles.
    pub articles: u32,
    /// Size of the collection's data files (index pages and articles) in bytes.
    pub bytes: u64,
    /// Hash over the index pages' hashes (which hold every article's), so caches can tell when
    /// anything changed.
    pub hash: String,
    /// Date of the newest change, `YYYY-MM-DD`.
    pub updated: String,
    /// The collection's index pages ([`CollectionIndex`]), in order.
    pub index: Vec<Part>,
}

/// One page of a collection's index: the collection's metadata and a run of its articles'
/// entries (never their text), so listing, paging and saving a collection never fetch articles
/// one does not open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionIndex {
    pub schema: SchemaVersion,
    pub collection: CollectionMeta,
    pub script: Script,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_script: Option<Script>,
    /// Corrections that win over the conversion dictionaries, for the whole collection.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
    /// How read-aloud pronounces some words, for the whole collection (see [`Say`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pronunciation: Vec<Say>,
    /// This page's number, from 1, and how many there are.
    pub page: u32,
    pub pages: u32,
    pub articles: Vec<ArticleEntry>,
}

/// An article as its collection's index lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleEntry {
    pub id: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub published: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(default)]
    pub chars: u32,
    /// The article's file ([`Bundle`] of one), relative to the catalog, with its size and hash.
    pub href: String,
    pub bytes: u64,
    pub hash: String,
    /// The same-site photos the article shows, relative to the catalog (to save it offline).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
}

impl ArticleEntry {
    /// Minutes a typical reader needs (about 400 Chinese characters a minute), at least one.
    pub fn reading_minutes(&self) -> u32 {
        self.chars.div_ceil(400).max(1)
    }
}

/// A data file, with its size and hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// Location relative to the catalog.
    pub href: String,
    pub bytes: u64,
    /// SHA-256 of the file (hex).
    pub hash: String,
}

/// A collection's metadata with articles. The build holds a whole collection as one; the files it
/// writes hold one article each (`articles` has one entry), so opening an article costs that
/// article alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub schema: SchemaVersion,
    pub collection: CollectionMeta,
    /// Script of the text as stored.
    pub script: Script,
    /// Script the collection was published in, when it differs from the stored one (a naive
    /// Traditional collection is stored as Simplified): readers get it by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_script: Option<Script>,
    /// Other sites figures may load images from (https only). Empty: images are same-site.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub image_hosts: Vec<String>,
    /// Corrections that win over the conversion dictionaries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
    /// How read-aloud pronounces some words (optional in 2.0: files without it read as before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pronunciation: Vec<Say>,
    pub articles: Vec<Article>,
}

/// A word read-aloud gets wrong (a name, a 多音字: 重慶, 行長), in the stored script like
/// [`Override::text`], and what the speech engine is given instead (a homophone: 蟲慶). From a
/// collection's `pronunciation.tsv`; applied to the spoken copy only, never to the text shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Say {
    pub text: String,
    pub say: String,
}

/// A phrase (in the bundle's stored script) and what each reader variant shows for it instead
/// of the converter's output. A variant without a value converts the phrase normally.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hans: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tw: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hk: Option<String>,
}

impl Override {
    /// The replacement for a variant (`hans`, `hant`, `tw`, `hk`), if the override has one.
    pub fn for_variant(&self, param: &str) -> Option<&str> {
        match param {
            "hans" => self.hans.as_deref(),
            "hant" => self.hant.as_deref(),
            "tw" => self.tw.as_deref(),
            "hk" => self.hk.as_deref(),
            _ => None,
        }
        .filter(|v| !v.is_empty())
    }
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

impl Block {
    /// The same block with all its visible text passed through `f`.
    pub fn map_text(&self, f: &mut impl FnMut(&str) -> String) -> Block {
        match self {
            Block::Paragraph { text } => Block::Paragraph { text: text.map(f) },
            Block::Heading { text } => Block::Heading { text: text.map(f) },
            Block::Quote { text } => Block::Quote { text: text.map(f) },
            Block::Signature { text } => Block::Signature { text: text.map(f) },
            Block::Note { text } => Block::Note { text: text.map(f) },
            Block::Verse { lines } => Block::Verse {
                lines: lines.iter().map(|t| t.map(f)).collect(),
            },
            Block::Epigraph { lines } => Block::Epigraph {
                lines: lines.iter().map(|t| t.map(f)).collect(),
            },
            Block::Figure {
                src,
                alt,
                caption,
                width,
                height,
                files,
            } => Block::Figure {
                src: src.clone(),
                alt: f(alt),
                caption: caption.map(f),
                width: *width,
                height: *height,
                files: files.clone(),
            },
            Block::List { ordered, items } => Block::List {
                ordered: *ordered,
                items: items
                    .iter()
                    .map(|item| ListItem {
                        text: item.text.map(f),
                        ordered: item.ordered,
                        items: item.items.iter().map(|t| t.map(f)).collect(),
                    })
                    .collect(),
            },
            Block::Unknown => Block::Unknown,
        }
    }
}

impl Article {
    /// The same article with all its visible text passed through `f` (ids, dates and links
    /// stay as they are).
    pub fn map_text(&self, f: &mut impl FnMut(&str) -> String) -> Article {
        Article {
            id: self.id.clone(),
            title: f(&self.title),
            subtitle: f(&self.subtitle),
            published: self.published.clone(),
            source: f(&self.source),
            author: f(&self.author),
            summary: f(&self.summary),
            chars: self.chars,
            blocks: self.blocks.iter().map(|b| b.map_text(f)).collect(),
        }
    }

    /// Minutes a typical reader needs (about 400 Chinese characters a minute), at least one.
    pub fn reading_minutes(&self) -> u32 {
        self.chars.div_ceil(400).max(1)
    }
}

/// A block of article content. In JSON an object with its `type` and that type's fields; a field
/// name means the same in every type (see docs/format.md), so blocks read in one pass with no
/// buffering (the hand-written `Deserialize` below: serde's internally tagged enums buffer every
/// block, which cost the reader's download 20 KB of code).
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// A photo with its caption; the photo may be missing. `src` is the fallback file;
    /// `files` the same photo in other widths and formats, for `srcset`; `width` and `height`
    /// its shape, so the page keeps its place before the photo arrives.
    Figure {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        src: Option<String>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        alt: String,
        caption: Text,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        width: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        height: Option<u32>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        files: Vec<ImageFile>,
    },
    /// A bulleted (`ordered: false`) or numbered list; an item may hold one nested list.
    List {
        ordered: bool,
        items: Vec<ListItem>,
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

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        /// Every field of every block type; which are required depends on the type.
        #[derive(Deserialize)]
        struct Fields {
            #[serde(rename = "type")]
            kind: String,
            text: Option<Text>,
            lines: Option<Vec<Text>>,
            src: Option<String>,
            alt: Option<String>,
            caption: Option<Text>,
            width: Option<u32>,
            height: Option<u32>,
            files: Option<Vec<ImageFile>>,
            ordered: Option<bool>,
            items: Option<Vec<ListItem>>,
        }
        let f = Fields::deserialize(d)?;
        let text = || {
            f.text
                .clone()
                .ok_or_else(|| D::Error::missing_field("text"))
        };
        let lines = || {
            f.lines
                .clone()
                .ok_or_else(|| D::Error::missing_field("lines"))
        };
        Ok(match f.kind.as_str() {
            "paragraph" => Block::Paragraph { text: text()? },
            "heading" => Block::Heading { text: text()? },
            "verse" => Block::Verse { lines: lines()? },
            "epigraph" => Block::Epigraph { lines: lines()? },
            "figure" => Block::Figure {
                caption: f
                    .caption
                    .ok_or_else(|| D::Error::missing_field("caption"))?,
                src: f.src,
                alt: f.alt.unwrap_or_default(),
                width: f.width,
                height: f.height,
                files: f.files.unwrap_or_default(),
            },
            "list" => Block::List {
                ordered: f.ordered.unwrap_or(false),
                items: f.items.ok_or_else(|| D::Error::missing_field("items"))?,
            },
            "quote" => Block::Quote { text: text()? },
            "signature" => Block::Signature { text: text()? },
            "note" => Block::Note { text: text()? },
            _ => Block::Unknown,
        })
    }
}

/// One file of a photo: its path (as `src`), width in pixels and format (`jpeg`, `webp`, `avif`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageFile {
    pub src: String,
    pub width: u32,
    pub format: String,
}

impl ImageFile {
    /// The MIME type for `<source type>`.
    pub fn mime(&self) -> &'static str {
        match self.format.as_str() {
            "webp" => "image/webp",
            "avif" => "image/avif",
            "png" => "image/png",
            _ => "image/jpeg",
        }
    }
}

/// An item of a list: its text and, optionally, one nested list (`ordered`, `items`). In JSON a
/// text alone when it has no nested list, else `{"text", "ordered", "items"}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub text: Text,
    pub ordered: bool,
    pub items: Vec<Text>,
}

impl Serialize for ListItem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if self.items.is_empty() {
            return self.text.serialize(s);
        }
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("text", &self.text)?;
        if self.ordered {
            map.serialize_entry("ordered", &true)?;
        }
        map.serialize_entry("items", &self.items)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for ListItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> serde::de::Visitor<'de> for ItemVisitor {
            type Value = ListItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list item: a text, or {\"text\", \"ordered\", \"items\"}")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<ListItem, E> {
                Ok(ListItem::text(Text::plain(s)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ListItem, A::Error> {
                let mut spans = Vec::new();
                while let Some(span) = seq.next_element::<Span>()? {
                    spans.push(span);
                }
                Ok(ListItem::text(Text(spans)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<ListItem, A::Error> {
                let (mut text, mut ordered, mut items) = (None, false, Vec::new());
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" => text = Some(map.next_value::<Text>()?),
                        "ordered" => ordered = map.next_value()?,
                        "items" => items = map.next_value()?,
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListItem {
                    text: text.ok_or_else(|| serde::de::Error::missing_field("text"))?,
                    ordered,
                    items,
                })
            }
        }
        d.deserialize_any(ItemVisitor)
    }
}

impl ListItem {
    /// An item with no nested list.
    pub fn text(text: Text) -> ListItem {
        ListItem {
            text,
            ordered: false,
            items: Vec::new(),
        }
    }
}

/// Inline text: a run of spans. Serialised as a plain string when it has no markup.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Text(pub Vec<Span>);

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Span {
    /// Text as it is; a `\n` in it is a line break the editor asked for.
    Plain(String),
    Emphasis {
        em: String,
    },
    Strong {
        strong: String,
    },
    Link {
        text: String,
        href: String,
    },
}

impl Text {
    /// The same spans with their visible text passed through `f` (links keep their targets).
    pub fn map(&self, f: &mut impl FnMut(&str) -> String) -> Text {
        Text(
            self.0
                .iter()
                .map(|span| match span {
                    Span::Plain(s) => Span::Plain(f(s)),
                    Span::Emphasis { em } => Span::Emphasis { em: f(em) },
                    Span::Strong { strong } => Span::Strong { strong: f(strong) },
                    Span::Link { text, href } => Span::Link {
                        text: f(text),
                        href: href.clone(),
                    },
                })
                .collect(),
        )
    }

    pub fn plain(s: impl Into<String>) -> Self {
        Text(vec![Span::Plain(s.into())])
    }

    /// The text without markup.
    pub fn to_plain(&self) -> String {
        self.0.iter().map(Span::text).collect()
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

const TEXT_EXPECTED: &str = "text must be a string or a list of spans (strings, {\"em\"}, {\"strong\"}, {\"text\", \"href\"})";

/// Text and spans read in one pass (serde's untagged enums would buffer each value to try the
/// shapes in turn).
impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> serde::de::Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(TEXT_EXPECTED)
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Text, E> {
                Ok(Text::plain(s))
            }
            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Text, E> {
                Ok(Text::plain(s))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
                let mut spans = Vec::new();
                while let Some(span) = seq.next_element::<Span>()? {
                    spans.push(span);
                }
                Ok(Text(spans))
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SpanVisitor;
        impl<'de> serde::de::Visitor<'de> for SpanVisitor {
            type Value = Span;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(TEXT_EXPECTED)
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Span, E> {
                Ok(Span::Plain(s.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Span, E> {
                Ok(Span::Plain(s))
            }
            /// `{"em"}` is emphasis, `{"strong"}` strong; `{"text", "href"}` a link. Other
            /// keys are ignored.
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Span, A::Error> {
                let (mut em, mut strong, mut text, mut href) = (None, None, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "em" => em = Some(map.next_value::<String>()?),
                        "strong" => strong = Some(map.next_value::<String>()?),
                        "text" => text = Some(map.next_value::<String>()?),
                        "href" => href = Some(map.next_value::<String>()?),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                match (em, strong, text, href) {
                    (Some(em), _, _, _) => Ok(Span::Emphasis { em }),
                    (None, Some(strong), _, _) => Ok(Span::Strong { strong }),
                    (None, None, Some(text), Some(href)) => Ok(Span::Link { text, href }),
                    _ => Err(serde::de::Error::custom(TEXT_EXPECTED)),
                }
            }
        }
        d.deserialize_any(SpanVisitor)
    }
}

/// Why a catalog or bundle was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Larger than [`MAX_DOCUMENT_BYTES`].
    TooLarge { bytes: usize },
    /// Not JSON of the expected shape. `path` is the JSON path of the offending value (empty at
    /// the top level), `line` and `column` where the parser stopped.
    Syntax {
        path: String,
        message: String,
        line: usize,
        column: usize,
    },
    /// Bytes that are not UTF-8 text.
    NotUtf8 { offset: usize },
    /// A major version this build cannot read.
    UnsupportedVersion { found: SchemaVersion },
    /// Well-formed but wrong: duplicate ids, unsafe links, markup in text and the like.
    Invalid { path: String, message: String },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::TooLarge { bytes } => {
                write!(f, "{bytes} bytes is over the limit of {MAX_DOCUMENT_BYTES}")
            }
            FormatError::Syntax {
                path,
                message,
                line,
                column,
            } => {
                write!(f, "line {line}, column {column}")?;
                if !path.is_empty() && path != "." && path != "?" {
                    write!(f, " (at {path})")?;
                }
                write!(f, ": {message}")
            }
            FormatError::NotUtf8 { offset } => {
                write!(f, "not UTF-8 text (invalid byte at offset {offset})")
            }
            FormatError::UnsupportedVersion { found } if found.major < SCHEMA_MAJOR => write!(
                f,
                "schema version {found} is from an older release (this reader reads {SCHEMA_MAJOR}.x): rebuild the site with this release's `wenji build`"
            ),
            FormatError::UnsupportedVersion { found } => write!(
                f,
                "schema version {found} is not supported (this reader reads {SCHEMA_MAJOR}.x)"
            ),
            FormatError::Invalid { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for FormatError {}

fn syntax_error(path: String, e: &serde_json::Error) -> FormatError {
    let full = e.to_string();
    let location = format!(" at line {} column {}", e.line(), e.column());
    FormatError::Syntax {
        path,
        message: full.strip_suffix(&location).unwrap_or(&full).to_owned(),
        line: e.line(),
        column: e.column(),
    }
}

/// Checks size and encoding before anything parses the bytes.
pub fn document_text(bytes: Vec<u8>) -> Result<String, FormatError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(FormatError::TooLarge { bytes: bytes.len() });
    }
    String::from_utf8(bytes).map_err(|e| FormatError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Deserialises with the JSON path of the first wrong value.
#[cfg(not(target_arch = "wasm32"))]
fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, FormatError> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| syntax_error(e.path().to_string(), e.inner()))?;
    de.end().map_err(|e| syntax_error(String::new(), &e))?;
    Ok(value)
}

/// Deserialises, with the line and column of the first wrong value. The reader's wasm leaves the
/// JSON path to `wenji check`: tracking it would double the parsing code the reader downloads
/// (see docs/performance.md).
#[cfg(target_arch = "wasm32")]
fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, FormatError> {
    serde_json::from_str(json).map_err(|e| syntax_error(String::new(), &e))
}

/// Parses a whole document once. A major version this build cannot read is reported as such —
/// whether its document still fits this schema or fails on whatever its new shape is — and only
/// a failed parse pays for a second look at the version alone.
fn parse_versioned<T: serde::de::DeserializeOwned>(
    json: &str,
    version: impl Fn(&T) -> SchemaVersion,
) -> Result<T, FormatError> {
    if json.len() > MAX_DOCUMENT_BYTES {
        return Err(FormatError::TooLarge { bytes: json.len() });
    }
    let unsupported = |found: SchemaVersion| FormatError::UnsupportedVersion { found };
    match from_json::<T>(json) {
        Ok(doc) if version(&doc).major == SCHEMA_MAJOR => Ok(doc),
        Ok(doc) => Err(unsupported(version(&doc))),
        Err(error) => {
            #[derive(Deserialize)]
            struct Header {
                schema: SchemaVersion,
            }
            match serde_json::from_str::<Header>(json) {
                Ok(header) if header.schema.major != SCHEMA_MAJOR => {
                    Err(unsupported(header.schema))
                }
                _ => Err(error),
            }
        }
    }
}

/// Parses and validates a catalog; the first problem is the error.
pub fn parse_catalog(json: &str) -> Result<Catalog, FormatError> {
    let catalog = parse_versioned(json, |c: &Catalog| c.schema)?;
    first_problem(catalog.validate())?;
    Ok(catalog)
}

/// Parses and validates a collection index page; the first problem is the error.
pub fn parse_index(json: &str) -> Result<CollectionIndex, FormatError> {
    let index = parse_versioned(json, |i: &CollectionIndex| i.schema)?;
    first_problem(index.validate())?;
    Ok(index)
}

/// Parses and validates a bundle; the first problem is the error.
pub fn parse_bundle(json: &str) -> Result<Bundle, FormatError> {
    let bundle = parse_versioned(json, |b: &Bundle| b.schema)?;
    first_problem(bundle.validate())?;
    Ok(bundle)
}

fn first_problem(problems: Vec<FormatError>) -> Result<(), FormatError> {
    match problems.into_iter().next() {
        Some(problem) => Err(problem),
        None => Ok(()),
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
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && !href.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Same-origin resource paths: relative, no scheme, no protocol-relative `//host`, no `..` escape.
pub fn is_relative_path(href: &str) -> bool {
    !href.is_empty()
        && !href.contains(':')
        && !href.starts_with('/')
        && !href.contains('\\')
        && !href
            .split('/')
            .any(|seg| seg == ".." || seg == "." || seg.is_empty())
        && !href.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// An https image on one of the bundle's declared hosts.
fn is_allowed_image_url(src: &str, hosts: &[String]) -> bool {
    let Some(rest) = src.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or_default();
    !src.chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        && hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
}

/// Why text looks like HTML markup, if it does: a tag (`<b`, `</`, `<!`), or a character
/// reference (`&lt;`). Chinese text uses 《》 and ＜＞, so ASCII angle brackets around letters
/// only appear when markup leaked in.
pub fn markup_in(text: &str) -> Option<&'static str> {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        if b == b'<' && (next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?')
        {
            return Some("contains HTML markup (a tag); text must be plain, with emphasis and links as spans");
        }
        if b == b'&' {
            let rest = &text[i + 1..];
            let name_len = rest
                .bytes()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == b'#')
                .count();
            if name_len > 0 && rest.as_bytes().get(name_len) == Some(&b';') {
                return Some(
                    "contains an HTML character reference (like &lt;); write the character itself",
                );
            }
        }
    }
    None
}

fn invalid(path: impl Into<String>, message: impl Into<String>) -> FormatError {
    FormatError::Invalid {
        path: path.into(),
        message: message.into(),
    }
}

/// Collects problems with their JSON paths.
struct Problems(Vec<FormatError>);

impl Problems {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(invalid(path, message));
    }

    fn id(&mut self, path: &str, id: &str) {
        if !is_valid_id(id) {
            self.add(path, format!("{id:?} is not an id (1–64 of a-z, 0-9, -)"));
        }
    }

    fn date(&mut self, path: &str, date: &str) {
        if !is_valid_date(date) {
            self.add(path, format!("{date:?} is not a YYYY-MM-DD date"));
        }
    }

    fn line(&mut self, path: &str, value: &str, required: bool) {
        if required && value.trim().is_empty() {
            self.add(path, "must not be empty");
        }
        self.text_limits(path, value, MAX_LINE_CHARS);
    }

    fn text_limits(&mut self, path: &str, value: &str, max: usize) {
        let chars = value.chars().count();
        if chars > max {
            self.add(
                path,
                format!("{chars} characters is over the limit of {max}"),
            );
        }
        if let Some(why) = markup_in(value) {
            self.add(path, why);
        }
    }

    fn text(&mut self, path: &str, text: &Text) {
        let total: usize = text.0.iter().map(|s| s.text().chars().count()).sum();
        if total > MAX_TEXT_CHARS {
            self.add(
                path,
                format!("{total} characters is over the limit of {MAX_TEXT_CHARS}"),
            );
        }
        for (k, span) in text.0.iter().enumerate() {
            // A lone plain span is written as a bare string, so it has no index in the JSON.
            let at = if matches!(text.0.as_slice(), [Span::Plain(_)]) {
                path.to_owned()
            } else {
                format!("{path}[{k}]")
            };
            if let Some(why) = markup_in(span.text()) {
                self.add(at.clone(), why);
            }
            if let Span::Link { href, .. } = span {
                if !is_safe_link(href) {
                    self.add(
                        format!("{at}.href"),
                        format!("{href:?} is not an http, https or mailto link"),
                    );
                }
            }
        }
    }

    /// A collection's metadata and conversion overrides, as every file that carries them has.
    fn collection(&mut self, meta: &CollectionMeta, overrides: &[Override]) {
        self.id("collection.id", &meta.id);
        self.line("collection.title", &meta.title, true);
        self.line("collection.description", &meta.description, false);
        for (i, o) in overrides.iter().enumerate() {
            self.line(&format!("overrides[{i}].text"), &o.text, true);
            for (name, value) in [
                ("hans", &o.hans),
                ("hant", &o.hant),
                ("tw", &o.tw),
                ("hk", &o.hk),
            ] {
                if let Some(value) = value {
                    self.line(&format!("overrides[{i}].{name}"), value, false);
                }
            }
        }
    }

    /// Read-aloud pronunciations: single lines without tabs (the app reads them as a
    /// `pronunciation.tsv`), each written form once.
    fn pronunciation(&mut self, list: &[Say]) {
        let mut seen = HashSet::new();
        for (i, entry) in list.iter().enumerate() {
            for (name, value) in [("text", &entry.text), ("say", &entry.say)] {
                let path = format!("pronunciation[{i}].{name}");
                self.line(&path, value, true);
                if value.contains(['\t', '\n', '\r']) {
                    self.add(path, "must be one line without tabs");
                }
            }
            if !seen.insert(entry.text.as_str()) {
                self.add(
                    format!("pronunciation[{i}].text"),
                    format!("{:?} is listed twice", entry.text),
                );
            }
        }
    }

    fn block(&mut self, path: &str, block: &Block, image_hosts: &[String]) {
        match block {
            Block::Paragraph { text }
            | Block::Heading { text }
            | Block::Quote { text }
            | Block::Signature { text }
            | Block::Note { text } => self.text(&format!("{path}.text"), text),
            Block::Verse { lines } | Block::Epigraph { lines } => {
                for (k, line) in lines.iter().enumerate() {
                    self.text(&format!("{path}.lines[{k}]"), line);
                }
            }
            Block::Figure {
                src,
                alt,
                caption,
                width,
                height,
                files,
            } => {
                let sources = src.iter().map(|s| (format!("{path}.src"), s)).chain(
                    files
                        .iter()
                        .enumerate()
                        .map(|(k, f)| (format!("{path}.files[{k}].src"), &f.src)),
                );
                for (at, src) in sources {
                    if !is_relative_path(src) && !is_allowed_image_url(src, image_hosts) {
                        self.add(
                            at,
                            format!("{src:?} is not a same-site relative path (images from other sites are not allowed)"),
                        );
                    }
                }
                for (k, file) in files.iter().enumerate() {
                    if !matches!(file.format.as_str(), "jpeg" | "webp" | "avif" | "png")
                        || file.width == 0
                    {
                        self.add(
                            format!("{path}.files[{k}]"),
                            "needs a width and a format of jpeg, webp, avif or png",
                        );
                    }
                }
                if width.is_some() != height.is_some() || *width == Some(0) || *height == Some(0) {
                    self.add(
                        format!("{path}.width"),
                        "width and height go together, and neither is 0",
                    );
                }
                self.line(&format!("{path}.alt"), alt, false);
                self.text(&format!("{path}.caption"), caption);
            }
            Block::List { items, .. } => {
                if items.is_empty() {
                    self.add(format!("{path}.items"), "a list needs at least one item");
                }
                for (k, item) in items.iter().enumerate() {
                    self.text(&format!("{path}.items[{k}].text"), &item.text);
                    for (m, sub) in item.items.iter().enumerate() {
                        self.text(&format!("{path}.items[{k}].items[{m}]"), sub);
                    }
                }
            }
            Block::Unknown => {}
        }
    }
}

impl Span {
    /// The visible text of the span.
    pub fn text(&self) -> &str {
        match self {
            Span::Plain(s) => s,
            Span::Emphasis { em } => em,
            Span::Strong { strong } => strong,
            Span::Link { text, .. } => text,
        }
    }
}

impl Catalog {
    /// Every problem, in document order.
    pub fn validate(&self) -> Vec<FormatError> {
        let mut p = Problems(Vec::new());
        p.line("site.name", &self.site.name, true);
        p.line("site.licence", &self.site.licence, false);
        if let Some(url) = &self.site.url {
            if !(url.starts_with("https://") || url.starts_with("http://"))
                || !url.ends_with('/')
                || !is_safe_link(url)
            {
                p.add(
                    "site.url",
                    format!("{url:?} is not an http(s) address ending in /"),
                );
            }
        }
        let mut seen = HashSet::new();
        for (i, c) in self.collections.iter().enumerate() {
            let at = |field: &str| format!("collections[{i}].{field}");
            p.id(&at("id"), &c.id);
            if !seen.insert(c.id.as_str()) {
                p.add(at("id"), format!("duplicate id {:?}", c.id));
            }
            p.line(&at("title"), &c.title, true);
            p.line(&at("description"), &c.description, false);
            p.date(&at("updated"), &c.updated);
            if c.index.is_empty() {
                p.add(at("index"), "a collection needs at least one index page");
            }
            for (k, part) in c.index.iter().enumerate() {
                if !is_relative_path(&part.href) {
                    p.add(
                        at(&format!("index[{k}].href")),
                        format!("{:?} is not a relative path", part.href),
                    );
                }
            }
        }
        p.0
    }

    pub fn collection(&self, id: &str) -> Option<&CollectionEntry> {
        self.collections.iter().find(|c| c.id == id)
    }
}

impl Bundle {
    /// Every problem, in document order.
    pub fn validate(&self) -> Vec<FormatError> {
        let mut p = Problems(Vec::new());
        p.collection(&self.collection, &self.overrides);
        p.pronunciation(&self.pronunciation);
        let mut seen = HashSet::new();
        for (i, a) in self.articles.iter().enumerate() {
            let at = |field: &str| format!("articles[{i}].{field}");
            p.id(&at("id"), &a.id);
            if !seen.insert(a.id.as_str()) {
                p.add(at("id"), format!("duplicate id {:?}", a.id));
            }
            p.line(&at("title"), &a.title, true);
            p.line(&at("subtitle"), &a.subtitle, false);
            p.date(&at("published"), &a.published);
            p.line(&at("source"), &a.source, false);
            p.line(&at("author"), &a.author, false);
            p.text_limits(&at("summary"), &a.summary, MAX_TEXT_CHARS);
            for (j, block) in a.blocks.iter().enumerate() {
                p.block(&at(&format!("blocks[{j}]")), block, &self.image_hosts);
            }
        }
        p.0
    }

    /// The script readers get by default (see `published_script`).
    pub fn published(&self) -> Script {
        self.published_script.unwrap_or(self.script)
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

impl CollectionIndex {
    /// Every problem, in document order.
    pub fn validate(&self) -> Vec<FormatError> {
        let mut p = Problems(Vec::new());
        p.collection(&self.collection, &self.overrides);
        p.pronunciation(&self.pronunciation);
        if self.page == 0 || self.page > self.pages {
            p.add(
                "page",
                format!("page {} of {} is not a page", self.page, self.pages),
            );
        }
        let mut seen = HashSet::new();
        for (i, a) in self.articles.iter().enumerate() {
            let at = |field: &str| format!("articles[{i}].{field}");
            p.id(&at("id"), &a.id);
            if !seen.insert(a.id.as_str()) {
                p.add(at("id"), format!("duplicate id {:?}", a.id));
            }
            p.line(&at("title"), &a.title, true);
            p.date(&at("published"), &a.published);
            p.text_limits(&at("summary"), &a.summary, MAX_TEXT_CHARS);
            for (field, href) in std::iter::once(("href".to_owned(), &a.href)).chain(
                a.images
                    .iter()
                    .enumerate()
                    .map(|(k, h)| (format!("images[{k}]"), h)),
            ) {
                if !is_relative_path(href) {
                    p.add(at(&field), format!("{href:?} is not a relative path"));
                }
            }
        }
        p.0
    }
}

/// What a checked document turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Catalog,
    Index,
    Bundle,
}

/// Checks any bytes as a catalog, index page or bundle (a catalog has `collections`, an index
/// `pages`) and returns every problem found. Never panics, whatever the input.
pub fn check_document(bytes: Vec<u8>) -> (DocumentKind, Vec<FormatError>) {
    let text = match document_text(bytes) {
        Ok(text) => text,
        Err(e) => return (DocumentKind::Bundle, vec![e]),
    };
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        collections: Option<serde::de::IgnoredAny>,
        #[serde(default)]
        pages: Option<serde::de::IgnoredAny>,
    }
    let kind = match serde_json::from_str::<Probe>(&text) {
        Ok(Probe {
            collections: Some(_),
            ..
        }) => DocumentKind::Catalog,
        Ok(Probe { pages: Some(_), .. }) => DocumentKind::Index,
        _ => DocumentKind::Bundle,
    };
    let problems = match kind {
        DocumentKind::Catalog => {
            parse_versioned(&text, |c: &Catalog| c.schema).map(|c| c.validate())
        }
        DocumentKind::Index => {
            parse_versioned(&text, |i: &CollectionIndex| i.schema).map(|i| i.validate())
        }
        DocumentKind::Bundle => parse_versioned(&text, |b: &Bundle| b.schema).map(|b| b.validate()),
    };
    (kind, problems.unwrap_or_else(|e| vec![e]))
}
