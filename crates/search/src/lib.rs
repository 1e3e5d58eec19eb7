//! Full-text search over Wenji's articles: the pure engine, for the native `wenji build` and for
//! the browser (wasm32), with no dependencies.
//!
//! The pieces, in the order data flows:
//!
//! 1. [`Fold`] (module [`fold`]): text and queries in 简, 繁, 臺 or 港 form fold to one form, so
//!    a query finds the same articles whatever script it is typed in. Built natively from
//!    OpenCC's dictionaries, shipped to the browser as a small file.
//! 2. Tokens (module [`token`]): Han bigrams and single characters, Latin and digit words.
//! 3. [`IndexBuilder`] → [`Index`]: a [`Manifest`] (document lengths, shard names) and shard
//!    files, each holding the postings of the terms that hash to it (module [`shard`] has the
//!    format). A query fetches the manifest once, then only its terms' shards.
//! 4. [`Query::parse`] → [`Searcher`]: the shards a query needs, then BM25-ranked documents with
//!    every term (space-separated words are all required), titles weighted ×5.
//! 5. [`rerank`] and [`snippet`], given the text of the top results: exact phrases above
//!    scattered characters, and a snippet with the matches marked in the original text.
//!
//! ```
//! use wenji_search::{rerank, snippet, Fold, IndexBuilder, Manifest, Query, Searcher};
//!
//! // Build (natively; the fold would be `Fold::from_opencc_dir("vendor/opencc")`).
//! let fold = Fold::width_only();
//! let articles = [
//!     ("春风", "三月的武汉大学樱花盛开，如诗胜雪。"),
//!     ("工作队", "工作队坚守抗疫一线。武汉大雪，汉大学生也来了。"),
//! ];
//! let mut builder = IndexBuilder::new(&fold);
//! for (title, body) in articles {
//!     builder.add(title, body);
//! }
//! let index = builder.finish();
//! let fold_file = fold.to_bytes();
//! let manifest_file = index.manifest.to_bytes();
//!
//! // Search (in the browser: the files come from fetch).
//! let fold = Fold::from_bytes(&fold_file).unwrap();
//! let mut searcher = Searcher::new(Manifest::from_bytes(&manifest_file).unwrap());
//! assert_eq!(searcher.manifest().fold_id(), fold.id());
//! let query = Query::parse(&fold, "武汉大学");
//! for shard in searcher.missing_shards(&query) {
//!     let name = searcher.manifest().shard_file(shard).unwrap();
//!     let file = index.shards.iter().find(|s| s.name == name).unwrap();
//!     searcher.add_shard(shard, file.bytes.clone()).unwrap();
//! }
//! let mut hits = searcher.search(&query, 20).unwrap();
//! // Both articles have 武汉, 汉大 and 大学; only the first has 武汉大学.
//! assert_eq!(hits.len(), 2);
//! let texts: Vec<&str> = hits.iter().map(|h| articles[h.doc as usize].1).collect();
//! rerank(&fold, &query, &mut hits, &texts);
//! assert_eq!((hits[0].doc, hits[0].exact), (0, true));
//!
//! let text = articles[0].1;
//! let s = snippet(&fold, text, &query, 40);
//! assert_eq!(&text[s.marks[0].clone()], "武汉大学");
//! ```

pub mod fold;
pub mod index;
pub mod query;
pub mod search;
pub mod shard;
pub mod token;
mod varint;

pub use fold::{Fold, Folded};
pub use index::{Index, IndexBuilder, Manifest, ShardFile};
pub use query::Query;
pub use search::{
    holds_words, order_by_exact, rerank, snippet, snippet_of, Hit, Searcher, Snippet, TITLE_WEIGHT,
};
pub use token::Term;
pub use varint::hash12;

/// Why a file of the index or the fold table could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Not the file expected (or a newer format).
    BadMagic,
    /// The file ends too early.
    Truncated,
    /// The file is damaged: what was wrong.
    Invalid(&'static str),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::BadMagic => f.write_str("not a Wenji search file"),
            FormatError::Truncated => f.write_str("search file truncated"),
            FormatError::Invalid(what) => write!(f, "search file damaged: {what}"),
        }
    }
}

impl std::error::Error for FormatError {}

/// Why a search could not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchError {
    /// The query needs this shard, which has not been added ([`Searcher::missing_shards`]).
    MissingShard(u32),
    /// A loaded shard is damaged.
    Format(FormatError),
}

impl From<FormatError> for SearchError {
    fn from(e: FormatError) -> Self {
        SearchError::Format(e)
    }
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::MissingShard(s) => write!(f, "search shard {s} not loaded"),
            SearchError::Format(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for SearchError {}
