//! Search over the built site, the same for the reader's browser and the native `wenji search`:
//! the engine is `wenji-search` (script folding, bigram shards, BM25); this module is the site's
//! layout of its files and what a result shows.
//!
//! The build writes, under `search/`:
//!
//! * `index.json` — the only file not named by its content: which fold, manifest and text
//!   folder belong together ([`IndexInfo`]);
//! * `fold.<hash>.bin`, `manifest.<hash>.bin` and the shards `s<n>.<hash>.bin`;
//! * `d/<version>/<script>/<doc>.txt` — each article's text in each script ([`DocText`]): the
//!   title, collection and date a result shows and the text its snippet is cut from, in the
//!   reader's script, so the browser needs no dictionaries to show them.
//!
//! A query needs `index.json` (the search page carries it), the fold and the manifest (the page
//! preloads them), then in one round trip the shards of its terms, then the texts of the page of
//! results it shows.

use serde::{Deserialize, Serialize};
pub use wenji_search::{Fold, Hit, Manifest, Query, SearchError, Searcher};

use crate::route::Variant;

/// Results per page of the search view.
pub const PAGE_SIZE: usize = 10;
/// At most this many documents are ranked; the count says "more than" beyond it.
pub const MAX_RESULTS: usize = 500;
/// A query is cut to this many characters: enough for any phrase, bounded work for any input.
pub const MAX_QUERY_CHARS: usize = 64;
/// A snippet's length in characters.
pub const SNIPPET_CHARS: usize = 80;

/// `search/index.json`: which files make up the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexInfo {
    /// The format of this layout (1).
    pub version: u32,
    /// The fold table's file name, inside `search/`.
    pub fold: String,
    /// The manifest's file name, inside `search/`.
    pub manifest: String,
    /// The folder of the articles' texts, inside `search/`, ending in `/`.
    pub docs: String,
    /// How many articles are indexed.
    pub count: u32,
    /// Each collection's documents, in catalog order: what "save for offline" keeps of its
    /// texts, and what search reads of them offline.
    #[serde(default)]
    pub collections: Vec<CollectionDocs>,
}

/// A collection's documents: `first..first + count`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionDocs {
    pub id: String,
    pub first: u32,
    pub count: u32,
}

impl IndexInfo {
    /// The documents of collection `id`.
    pub fn docs_of(&self, id: &str) -> std::ops::Range<u32> {
        self.collections
            .iter()
            .find(|c| c.id == id)
            .map_or(0..0, |c| {
                c.first..c.first.saturating_add(c.count).min(self.count)
            })
    }

    /// The file of document `doc`'s text in `variant`, inside `search/`.
    pub fn doc_file(&self, variant: Variant, doc: u32) -> String {
        format!("{}{}/{doc}.txt", self.docs, variant.param())
    }
}

/// What the build writes for one article in one script: four header lines, then the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocText {
    pub title: String,
    pub collection: String,
    pub date: String,
    /// The article's page, relative to the site root (`hans/jiang-han/ji-shi/`).
    pub path: String,
    /// The subtitle and the body's text, a line per block.
    pub body: String,
}

impl DocText {
    pub fn to_text(&self) -> String {
        let one_line = |s: &str| s.replace(['\n', '\r'], " ");
        format!(
            "{}\n{}\n{}\n{}\n{}",
            one_line(&self.title),
            one_line(&self.collection),
            one_line(&self.date),
            one_line(&self.path),
            self.body
        )
    }

    pub fn parse(text: &str) -> Option<DocText> {
        let mut lines = text.splitn(5, '\n');
        let mut next = || lines.next().map(str::to_owned);
        let doc = DocText {
            title: next()?,
            collection: next()?,
            date: next()?,
            path: next()?,
            body: next().unwrap_or_default(),
        };
        // A page path from the build: relative, no way out of the site.
        let folder = doc.path.strip_suffix('/').unwrap_or(&doc.path);
        let safe = doc.path.is_empty() || crate::model::is_relative_path(folder);
        safe.then_some(doc)
    }

    /// What the ranking reads: the title, then the text.
    pub fn searchable(&self) -> String {
        format!("{}\n{}", self.title, self.body)
    }
}

/// A query as typed (in any script), cut to a bounded length; `None` when nothing searchable
/// is left (empty, only punctuation or emoji).
pub fn parse_query(fold: &Fold, input: &str) -> Option<Query> {
    let cut: String = input
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_QUERY_CHARS)
        .collect();
    let query = Query::parse(fold, &cut);
    (!query.is_empty()).then_some(query)
}

/// A piece of a snippet: text, and whether it is a match to mark.
pub type Piece = (String, bool);

/// One result as shown: in the reader's script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub doc: u32,
    pub title: String,
    pub collection: String,
    pub date: String,
    pub path: String,
    pub snippet: Vec<Piece>,
    /// The text holds the query as typed (every word whole), not only its pieces.
    pub exact: bool,
}

/// The results of document `hits` (a page of the ranking, in order) whose texts are `texts`:
/// re-ranked so that exact phrases come first, each with its snippet.
pub fn page_results(fold: &Fold, query: &Query, hits: &[Hit], texts: &[DocText]) -> Vec<Found> {
    // Each body folded once, for both its exactness and its snippet: on a phone this is most of
    // a query's work (ten articles of thousands of characters).
    let bodies: Vec<String> = texts.iter().map(|t| t.body.replace('\n', " ")).collect();
    let folded: Vec<wenji_search::Folded> =
        bodies.iter().map(|b| fold.fold_with_offsets(b)).collect();
    let exact: Vec<bool> = texts
        .iter()
        .zip(&folded)
        .map(|(text, body)| {
            wenji_search::holds_words(query, &[&fold.fold_with_offsets(&text.title), body])
        })
        .collect();
    let mut hits = hits.to_vec();
    let order: Vec<u32> = hits.iter().map(|h| h.doc).collect();
    wenji_search::order_by_exact(&mut hits, &exact);
    hits.iter()
        .filter_map(|hit| {
            let i = order.iter().position(|&d| d == hit.doc)?;
            let text = &texts[i];
            Some(Found {
                doc: hit.doc,
                title: text.title.clone(),
                collection: text.collection.clone(),
                date: text.date.clone(),
                path: text.path.clone(),
                snippet: pieces(query, &bodies[i], &folded[i]),
                exact: hit.exact,
            })
        })
        .collect()
}

/// The snippet of `body` for `query`, as marked and unmarked pieces.
pub fn snippet_pieces(fold: &Fold, query: &Query, body: &str) -> Vec<Piece> {
    let body = body.replace('\n', " ");
    pieces(query, &body, &fold.fold_with_offsets(&body))
}

/// The snippet of `body` (no line breaks), folded already, as pieces.
fn pieces(query: &Query, body: &str, folded: &wenji_search::Folded) -> Vec<Piece> {
    let s = wenji_search::snippet_of(folded, body, query, SNIPPET_CHARS);
    let mut out = Vec::new();
    let mut at = s.range.start;
    for mark in s.marks {
        if mark.start > at {
            out.push((body[at..mark.start].to_owned(), false));
        }
        out.push((body[mark.clone()].to_owned(), true));
        at = mark.end;
    }
    if s.range.end > at {
        out.push((body[at..s.range.end].to_owned(), false));
    }
    if s.range.start > 0 {
        if let Some(first) = out.first_mut() {
            first.0.insert(0, '…');
        }
    }
    if s.range.end < body.len() {
        if let Some(last) = out.last_mut() {
            last.0.push('…');
        }
    }
    out
}

/// The page `page` (from 1) of `hits`.
pub fn page_of(hits: &[Hit], page: usize) -> &[Hit] {
    let start = page
        .saturating_sub(1)
        .saturating_mul(PAGE_SIZE)
        .min(hits.len());
    &hits[start..(start + PAGE_SIZE).min(hits.len())]
}

/// How many pages `count` results take.
pub fn pages(count: usize) -> usize {
    count.div_ceil(PAGE_SIZE).max(1)
}

/// Searches a built site on disk, as the search view does in the browser: page `page` of the
/// results for `input`, in `variant`'s script, and how many there are in all.
pub fn search_site(
    site: &std::path::Path,
    input: &str,
    variant: Variant,
    page: usize,
) -> Result<(Vec<Found>, usize), String> {
    let dir = site.join("search");
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let info: IndexInfo = serde_json::from_slice(&read("index.json")?)
        .map_err(|e| format!("search/index.json: {e}"))?;
    let fold = Fold::from_bytes(&read(&info.fold)?).map_err(|e| format!("{}: {e}", info.fold))?;
    let manifest = Manifest::from_bytes(&read(&info.manifest)?)
        .map_err(|e| format!("{}: {e}", info.manifest))?;
    let Some(query) = parse_query(&fold, input) else {
        return Ok((Vec::new(), 0));
    };
    let mut searcher = Searcher::new(manifest);
    for shard in searcher.missing_shards(&query) {
        let name = searcher
            .manifest()
            .shard_file(shard)
            .ok_or("the manifest names no such shard")?;
        searcher
            .add_shard(shard, read(&name)?)
            .map_err(|e| format!("{name}: {e}"))?;
    }
    let hits = searcher
        .search(&query, MAX_RESULTS)
        .map_err(|e| e.to_string())?;
    let shown = page_of(&hits, page);
    let mut texts = Vec::with_capacity(shown.len());
    for hit in shown {
        let name = info.doc_file(variant, hit.doc);
        let bytes = read(&name)?;
        let text = String::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8"))?;
        texts.push(DocText::parse(&text).ok_or_else(|| format!("{name}: damaged"))?);
    }
    Ok((page_results(&fold, &query, shown, &texts), hits.len()))
}

/// Search without the index's shards (offline, over the texts kept on the phone): the texts
/// that hold every word of the query whole, titles first, then by how often the words occur.
/// Less than the index finds (no pieces of words), so the view says results may be incomplete.
pub fn scan(fold: &Fold, query: &Query, texts: Vec<(u32, DocText)>) -> Vec<Found> {
    let words = query.words();
    if words.is_empty() {
        return Vec::new();
    }
    let mut ranked: Vec<(usize, usize, u32, DocText)> = texts
        .into_iter()
        .filter_map(|(doc, text)| {
            let title = fold.fold(&text.title);
            let body = fold.fold(&text.body);
            let all = words
                .iter()
                .all(|w| title.contains(w.as_str()) || body.contains(w.as_str()));
            all.then(|| {
                let in_title = words.iter().filter(|w| title.contains(w.as_str())).count();
                let times = words.iter().map(|w| body.matches(w.as_str()).count()).sum();
                (in_title, times, doc, text)
            })
        })
        .collect();
    ranked.sort_by(|a, b| (b.0, b.1, a.2).cmp(&(a.0, a.1, b.2)));
    ranked
        .into_iter()
        .map(|(_, _, doc, text)| Found {
            doc,
            snippet: snippet_pieces(fold, query, &text.body),
            title: text.title,
            collection: text.collection,
            date: text.date,
            path: text.path,
            exact: true,
        })
        .collect()
}

/// Every problem of a built site's search index in `dir` (its `search/` folder), for
/// `wenji check`: the description, fold, manifest and every shard readable and of one index,
/// the collections' documents in range, and every article's text there in every script.
pub fn check_index(dir: &std::path::Path) -> Vec<String> {
    let mut problems = Vec::new();
    let read = |name: &str| std::fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}"));
    let info: IndexInfo = match read("index.json")
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| format!("index.json: {e}")))
    {
        Ok(info) => info,
        Err(e) => return vec![e],
    };
    let safe = |name: &str| crate::model::is_relative_path(name.strip_suffix('/').unwrap_or(name));
    for name in [&info.fold, &info.manifest, &info.docs] {
        if !safe(name) {
            return vec![format!(
                "index.json names {name:?}, not a file of the index"
            )];
        }
    }
    if info.version != 1 {
        problems.push(format!(
            "index.json: version {} (this tool reads 1)",
            info.version
        ));
    }
    let fold = read(&info.fold)
        .and_then(|b| Fold::from_bytes(&b).map_err(|e| format!("{}: {e}", info.fold)));
    let manifest = read(&info.manifest)
        .and_then(|b| Manifest::from_bytes(&b).map_err(|e| format!("{}: {e}", info.manifest)));
    let (fold, manifest) = match (fold, manifest) {
        (Ok(f), Ok(m)) => (f, m),
        (f, m) => {
            problems.extend(f.err());
            problems.extend(m.err());
            return problems;
        }
    };
    if manifest.fold_id() != fold.id() {
        problems.push(format!(
            "{} was built with another fold than {}",
            info.manifest, info.fold
        ));
    }
    if manifest.doc_count() != info.count {
        problems.push(format!(
            "index.json counts {} articles, the manifest {}",
            info.count,
            manifest.doc_count()
        ));
    }
    let mut searcher = Searcher::new(manifest.clone());
    for shard in 0..manifest.shard_count() {
        let Some(name) = manifest.shard_file(shard) else {
            continue;
        };
        if !safe(&name) {
            problems.push(format!(
                "the manifest names {name:?}, not a file of the index"
            ));
            continue;
        }
        if let Err(e) = read(&name).and_then(|b| {
            searcher
                .add_shard(shard, b)
                .map_err(|e| format!("{name}: {e}"))
        }) {
            problems.push(e);
        }
    }
    let mut next = 0;
    for c in &info.collections {
        if c.first != next {
            problems.push(format!(
                "index.json: collection {:?} starts at {} (expected {next})",
                c.id, c.first
            ));
        }
        next = c.first.saturating_add(c.count);
    }
    if !info.collections.is_empty() && next != info.count {
        problems.push(format!(
            "index.json: the collections hold {next} articles of {}",
            info.count
        ));
    }
    for variant in Variant::ALL {
        for doc in 0..info.count {
            let name = info.doc_file(variant, doc);
            match read(&name) {
                Ok(bytes) => {
                    let parsed = String::from_utf8(bytes)
                        .ok()
                        .and_then(|t| DocText::parse(&t));
                    if parsed.is_none() {
                        problems.push(format!("{name}: not an article's text"));
                    }
                }
                Err(e) => problems.push(e),
            }
            if problems.len() > 20 {
                problems.push("… and more".into());
                return problems;
            }
        }
    }
    problems
}
