//! Searching: [`Searcher`] ranks documents by BM25 from the shards; [`rerank`] and [`snippet`]
//! use the text of the top results, which the caller has.

use std::ops::Range;

use crate::shard::{Shard, TermPostings};
use crate::{Fold, Folded, FormatError, Manifest, Query, SearchError};

/// How much more a title occurrence counts than a body one (Pagefind's default weight).
pub const TITLE_WEIGHT: u32 = 5;
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// A ranked document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub score: f32,
    /// Set by [`rerank`]: the text contains every query word contiguously.
    pub exact: bool,
}

/// An index being searched: the manifest and the shards loaded so far (keep it between queries;
/// shards are immutable).
#[derive(Debug, Clone)]
pub struct Searcher {
    manifest: Manifest,
    shards: Vec<Option<Shard>>,
}

impl Searcher {
    pub fn new(manifest: Manifest) -> Searcher {
        let n = manifest.shard_count() as usize;
        Searcher {
            manifest,
            shards: vec![None; n],
        }
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The shards `query` needs that are not loaded yet (fetch them all at once, then
    /// [`Searcher::add_shard`] each).
    pub fn missing_shards(&self, query: &Query) -> Vec<u32> {
        let s = self.manifest.shard_count();
        let mut out: Vec<u32> = query
            .terms()
            .iter()
            .map(|t| t.shard(s))
            .filter(|&i| self.shards.get(i as usize).is_some_and(Option::is_none))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Loads shard `shard` from the bytes of its file ([`Manifest::shard_file`]).
    pub fn add_shard(&mut self, shard: u32, bytes: Vec<u8>) -> Result<(), FormatError> {
        let slot = self
            .shards
            .get_mut(shard as usize)
            .ok_or(FormatError::Invalid("no such shard"))?;
        let m = &self.manifest;
        *slot = Some(Shard::parse(bytes, shard, m.shard_count(), m.doc_count())?);
        Ok(())
    }

    /// Documents with every term of `query`, best first, at most `limit`.
    pub fn search(&self, query: &Query, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let m = &self.manifest;
        let mut lists: Vec<Vec<(u32, u32)>> = Vec::with_capacity(query.terms().len());
        for &term in query.terms() {
            let s = term.shard(m.shard_count());
            let shard = self
                .shards
                .get(s as usize)
                .and_then(Option::as_ref)
                .ok_or(SearchError::MissingShard(s))?;
            match shard.get(term)? {
                Some(p) => lists.push(merge(p)),
                // A required term that no document has.
                None => return Ok(Vec::new()),
            }
        }
        if lists.is_empty() {
            return Ok(Vec::new());
        }
        lists.sort_by_key(Vec::len);
        let n = m.doc_count() as f32;
        let avg = m.avg_len();
        let score = |doc: u32, tf: u32, df: usize| {
            let df = df as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            let tf = tf as f32;
            let norm = K1 * (1.0 - B + B * m.doc_len(doc) as f32 / avg);
            idf * tf * (K1 + 1.0) / (tf + norm)
        };
        let first = &lists[0];
        let mut hits: Vec<Hit> = first
            .iter()
            .map(|&(doc, tf)| Hit {
                doc,
                score: score(doc, tf, first.len()),
                exact: false,
            })
            .collect();
        for list in &lists[1..] {
            // Intersect: the candidates are few, the list may be long; gallop through it.
            let mut at = 0;
            hits.retain_mut(|h| {
                at += list[at..].partition_point(|p| p.0 < h.doc);
                match list.get(at) {
                    Some(&(doc, tf)) if doc == h.doc => {
                        h.score += score(doc, tf, list.len());
                        true
                    }
                    _ => false,
                }
            });
            if hits.is_empty() {
                break;
            }
        }
        sort(&mut hits);
        hits.truncate(limit);
        Ok(hits)
    }
}

/// Body and title postings as one list, the title's tf weighted.
fn merge(p: TermPostings) -> Vec<(u32, u32)> {
    let (body, title) = (p.body, p.title);
    if title.is_empty() {
        return body;
    }
    let mut out = Vec::with_capacity(body.len() + title.len());
    let (mut i, mut j) = (0, 0);
    while i < body.len() || j < title.len() {
        let b = body.get(i).copied();
        let t = title.get(j).copied().map(|(d, tf)| (d, tf * TITLE_WEIGHT));
        match (b, t) {
            (Some(b), Some(t)) if b.0 == t.0 => {
                out.push((b.0, b.1 + t.1));
                i += 1;
                j += 1;
            }
            (Some(b), Some(t)) if b.0 < t.0 => {
                out.push(b);
                i += 1;
            }
            (Some(b), None) => {
                out.push(b);
                i += 1;
            }
            (_, Some(t)) => {
                out.push(t);
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}

/// Exact matches first, then by score, then by document id (a stable, total order).
fn sort(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        b.exact
            .cmp(&a.exact)
            .then(b.score.total_cmp(&a.score))
            .then(a.doc.cmp(&b.doc))
    });
}

/// Re-ranks the top results by their text: bigram postings cannot tell 中国人民 from 中国…人民,
/// so a hit whose text contains every query word contiguously is marked [`Hit::exact`] and
/// moves above every hit that does not. `texts[i]` is the text of `hits[i]` (title and body);
/// hits beyond `texts` keep their order below.
pub fn rerank(fold: &Fold, query: &Query, hits: &mut [Hit], texts: &[&str]) {
    let exact: Vec<bool> = texts
        .iter()
        .map(|text| holds_words(query, &[&fold.fold_with_offsets(text)]))
        .collect();
    order_by_exact(hits, &exact);
}

/// Whether the folded texts together hold every word of `query` whole, each within one text
/// (a title and a body, say).
pub fn holds_words(query: &Query, texts: &[&Folded]) -> bool {
    !query.words().is_empty()
        && query
            .words()
            .iter()
            .all(|w| texts.iter().any(|t| t.contains(w)))
}

/// [`rerank`] with the exactness worked out already (`exact[i]` for `hits[i]`; hits beyond it
/// are not exact), for callers that fold each text once for the snippet too.
pub fn order_by_exact(hits: &mut [Hit], exact: &[bool]) {
    for (i, hit) in hits.iter_mut().enumerate() {
        hit.exact = exact.get(i).copied().unwrap_or(false);
    }
    sort(hits);
}

/// A piece of an article's text around the first match, with the matches marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Byte range of the snippet in the original text.
    pub range: Range<usize>,
    /// Byte ranges of the matches in the original text, ascending, within `range`.
    pub marks: Vec<Range<usize>>,
}

/// Cuts a snippet of at most `max_chars` characters of `text` around the first occurrence of a
/// query word (or, when no word occurs whole, of any of its bigrams or characters), and marks
/// every occurrence inside it. Ranges are in the original, unfolded text, even where folding
/// changed lengths (軟體 → 软件, 泡麵 → 方便面).
pub fn snippet(fold: &Fold, text: &str, query: &Query, max_chars: usize) -> Snippet {
    snippet_of(&fold.fold_with_offsets(text), text, query, max_chars)
}

/// [`snippet`] of a text folded already (`folded` is `text` folded with offsets).
pub fn snippet_of(folded: &Folded, text: &str, query: &Query, max_chars: usize) -> Snippet {
    let chars = folded.chars();
    let find_all = |needles: &[Vec<char>]| {
        let mut found: Vec<Range<usize>> = Vec::new();
        for n in needles.iter().filter(|n| !n.is_empty()) {
            found.extend(
                chars
                    .windows(n.len())
                    .enumerate()
                    .filter(|(_, w)| w == n)
                    .map(|(i, _)| folded.original_range(i..i + n.len())),
            );
        }
        found
    };
    let words: Vec<Vec<char>> = query.words().iter().map(|w| w.chars().collect()).collect();
    let mut marks = find_all(&words);
    if marks.is_empty() {
        // Pieces: every two adjacent characters and every character of the words.
        let mut pieces: Vec<Vec<char>> = Vec::new();
        for w in &words {
            pieces.extend(w.windows(2).map(<[char]>::to_vec));
        }
        marks = find_all(&pieces);
        if marks.is_empty() {
            marks = find_all(&words.iter().flatten().map(|&c| vec![c]).collect::<Vec<_>>());
        }
    }
    marks.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    // Overlapping marks merge.
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in marks {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let anchor = merged.first().map_or(0, |r| r.start);
    // Start a quarter of the window before the first match, at a character boundary.
    let before: Vec<usize> = text[..anchor].char_indices().map(|(i, _)| i).collect();
    let lead = max_chars / 4;
    let mut start = before.len().checked_sub(lead).map_or(0, |i| before[i]);
    let total_after = text[start..].chars().count();
    if total_after < max_chars {
        // Near the end: take the window back so it is full.
        let all: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        start = all.len().checked_sub(max_chars).map_or(0, |i| all[i]);
    }
    let end = text[start..]
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| start + i);
    let marks = merged
        .into_iter()
        .filter(|r| r.start >= start && r.start < end)
        .map(|r| r.start..r.end.min(end))
        .collect();
    Snippet {
        range: start..end,
        marks,
    }
}
