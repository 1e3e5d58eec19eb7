//! Building the index: [`IndexBuilder`] → [`Index`] (a [`Manifest`] and shard files).
//!
//! Terms are spread over shards by hash ([`Term::shard`]), so a query fetches only the shards of
//! its own terms, all at once. The number of shards grows with the corpus so that a shard stays
//! about [`SHARD_TARGET_BYTES`]: a four-character query (three bigrams) then fetches three
//! shards. Every shard's name carries a hash of its content, so it can be cached forever.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::shard::{self, Postings};
use crate::token::index_terms;
use crate::varint::{self, hash12, Reader};
use crate::{Fold, FormatError, Term};

/// The size a shard is aimed at, before compression.
pub const SHARD_TARGET_BYTES: usize = 8 * 1024;

const MAGIC: &[u8; 4] = b"WJM2";

/// A multiplicative hasher for terms (already well-mixed integers): SipHash would double the
/// build's time.
#[derive(Default)]
struct TermHasher(u64);

impl Hasher for TermHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517C_C1B7_2722_0A95);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0 ^ v)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(26);
    }
}

type TermMap<V> = HashMap<Term, V, BuildHasherDefault<TermHasher>>;

/// One term's postings as the documents come: the body's as sparse bytes, appended in document
/// order (two bytes a posting or so, against eight as pairs: at 10,000 articles this is the
/// build's largest structure), the title's as pairs (few).
#[derive(Default)]
struct Acc {
    body: Vec<u8>,
    body_df: u32,
    next_doc: u32,
    title: Postings,
}

/// Collects documents and writes the index.
///
/// Documents get ids 0, 1, 2… in the order they are added; keep that order stable (catalogue
/// order) so that the caller can map ids back to articles.
pub struct IndexBuilder<'f> {
    fold: &'f Fold,
    lengths: Vec<u32>,
    terms: TermMap<Acc>,
    shards: Option<u32>,
    scratch: TermMap<u32>,
}

impl<'f> IndexBuilder<'f> {
    pub fn new(fold: &'f Fold) -> IndexBuilder<'f> {
        IndexBuilder {
            fold,
            lengths: Vec::new(),
            terms: TermMap::default(),
            shards: None,
            scratch: TermMap::default(),
        }
    }

    /// Fixes the number of shards instead of deriving it from the corpus size.
    pub fn with_shards(mut self, shards: u32) -> Self {
        self.shards = Some(shards.max(1));
        self
    }

    /// Adds a document and returns its id.
    pub fn add(&mut self, title: &str, body: &str) -> u32 {
        let doc = self.lengths.len() as u32;
        let mut len = 0;
        for (text, is_title) in [(title, true), (body, false)] {
            let folded: Vec<char> = self.fold.fold(text).chars().collect();
            self.scratch.clear();
            len += index_terms(&folded, |t| *self.scratch.entry(t).or_default() += 1);
            for (&t, &tf) in &self.scratch {
                let acc = self.terms.entry(t).or_default();
                if is_title {
                    acc.title.push((doc, tf));
                } else {
                    shard::put_sparse(&mut acc.body, acc.next_doc, doc, tf);
                    acc.next_doc = doc + 1;
                    acc.body_df += 1;
                }
            }
        }
        self.lengths.push(len);
        doc
    }

    /// Number of documents added.
    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }

    /// Writes the shards and the manifest.
    pub fn finish(self) -> Index {
        let docs = self.lengths.len() as u32;
        let mut records: Vec<(Term, Vec<u8>)> = self
            .terms
            .into_iter()
            .map(|(t, acc)| {
                // Written by `add` just above: it reads back.
                let body =
                    shard::read_sparse(&acc.body, acc.body_df as usize, docs).unwrap_or_default();
                let mut r = Vec::new();
                shard::put_record(&mut r, docs, &body, &acc.title);
                (t, r)
            })
            .collect();
        let total: usize = records.iter().map(|(_, r)| r.len() + 12).sum();
        let shards = self
            .shards
            .unwrap_or_else(|| total.div_ceil(SHARD_TARGET_BYTES).clamp(1, 1 << 16) as u32);
        records.sort_unstable_by_key(|(t, _)| (t.shard(shards), *t));
        let mut written = Vec::with_capacity(shards as usize);
        let mut rest = &records[..];
        for s in 0..shards {
            let n = rest
                .iter()
                .take_while(|(t, _)| t.shard(shards) == s)
                .count();
            written.push(shard::write(s, shards, docs, &rest[..n]));
            rest = &rest[n..];
        }
        // One hash names every shard of this build: the manifest need not list a hash per
        // shard (6 bytes each that no compression shrinks: 38 KB at 6,454 shards, on every first
        // query). A rebuild renames them all, which costs little: a new article's bigrams touch
        // nearly every shard anyway.
        let mut all = Vec::new();
        for bytes in &written {
            all.extend_from_slice(&hash12(bytes).into_bytes());
        }
        let version = hash12(&all);
        let files: Vec<ShardFile> = written
            .into_iter()
            .enumerate()
            .map(|(s, bytes)| ShardFile {
                name: shard_name(s as u32, &version),
                bytes,
            })
            .collect();
        let manifest = Manifest {
            fold: self.fold.id(),
            lengths: self
                .lengths
                .iter()
                .map(|&l| length::decode(length::encode(l)))
                .collect(),
            version,
            shard_count: shards,
        };
        Index {
            manifest,
            shards: files,
        }
    }
}

fn shard_name(shard: u32, hash: &str) -> String {
    format!("s{shard}.{hash}.bin")
}

/// A shard's file: its content-hashed name and bytes.
#[derive(Debug, Clone)]
pub struct ShardFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A built index.
#[derive(Debug, Clone)]
pub struct Index {
    pub manifest: Manifest,
    pub shards: Vec<ShardFile>,
}

impl Index {
    /// Every file to write, as (name, bytes): the manifest first (named by its content hash,
    /// `manifest.<hash12>.bin`: the caller records that name where the app finds it), then the
    /// shards.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let manifest = self.manifest.to_bytes();
        let mut out = vec![(format!("manifest.{}.bin", hash12(&manifest)), manifest)];
        out.extend(
            self.shards
                .iter()
                .map(|s| (s.name.clone(), s.bytes.clone())),
        );
        out
    }

    /// Total bytes of every file (uncompressed).
    pub fn total_bytes(&self) -> usize {
        self.manifest.to_bytes().len() + self.shards.iter().map(|s| s.bytes.len()).sum::<usize>()
    }

    /// Number of files (manifest included).
    pub fn file_count(&self) -> usize {
        1 + self.shards.len()
    }
}

/// What a searcher loads first: document lengths (for BM25), the fold the index was built
/// with, and the shards' count and build hash, which name their files.
///
/// ```text
/// "WJM2"  varint fold_id  varint doc_count  one byte per document: its length (see `length`)
///         varint shard_count  the shards' hash, 12 hex digits as 6 bytes
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    fold: u64,
    /// As decoded from their byte: what the browser ranks with, natively too.
    lengths: Vec<u32>,
    version: String,
    shard_count: u32,
}

impl Manifest {
    /// Number of documents.
    pub fn doc_count(&self) -> u32 {
        self.lengths.len() as u32
    }

    /// A document's length in tokens.
    pub fn doc_len(&self, doc: u32) -> u32 {
        self.lengths.get(doc as usize).copied().unwrap_or(0)
    }

    /// Mean document length in tokens (1 for an empty index).
    pub fn avg_len(&self) -> f32 {
        if self.lengths.is_empty() {
            return 1.0;
        }
        let sum: u64 = self.lengths.iter().map(|&l| u64::from(l)).sum();
        (sum as f64 / self.lengths.len() as f64).max(1.0) as f32
    }

    pub fn shard_count(&self) -> u32 {
        self.shard_count
    }

    /// Shard `shard`'s file name (`s<shard>.<hash12>.bin`), relative to the manifest.
    pub fn shard_file(&self, shard: u32) -> Option<String> {
        (shard < self.shard_count).then(|| shard_name(shard, &self.version))
    }

    /// The [`Fold::id`] the index was built with: fold queries with the same table.
    pub fn fold_id(&self) -> u64 {
        self.fold
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        varint::put(&mut out, self.fold);
        varint::put(&mut out, self.lengths.len() as u64);
        out.extend(self.lengths.iter().map(|&l| length::encode(l)));
        varint::put(&mut out, u64::from(self.shard_count));
        let v = u64::from_str_radix(&self.version, 16).unwrap_or(0);
        out.extend_from_slice(&v.to_be_bytes()[2..]);
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Manifest, FormatError> {
        let mut r = Reader::new(bytes);
        r.magic(MAGIC)?;
        let fold = r.varint()?;
        let n = r.count(1)?;
        let lengths = r.take(n)?.iter().map(|&b| length::decode(b)).collect();
        let shard_count = r.u32()?;
        if shard_count == 0 || shard_count > 1 << 16 {
            return Err(FormatError::Invalid("no shards"));
        }
        let version = r.take(6)?.iter().map(|b| format!("{b:02x}")).collect();
        if !r.is_empty() {
            return Err(FormatError::Invalid("trailing bytes"));
        }
        Ok(Manifest {
            fold,
            lengths,
            version,
            shard_count,
        })
    }
}

/// A document's length in one byte, as Lucene keeps its norms: exact below 16 tokens, then four
/// bits of mantissa (within 6 %), up to about 500,000 tokens. BM25 needs no more, and 10,000
/// articles' lengths are 10 KB instead of some 20 KB that compress poorly.
pub mod length {
    pub fn encode(len: u32) -> u8 {
        if len < 16 {
            return len as u8;
        }
        let bits = 32 - len.leading_zeros(); // ≥ 5
        let shift = (bits - 5).min(14);
        let mantissa = (len >> shift).min(31) & 0xF;
        (((shift + 1) << 4) | mantissa) as u8
    }

    pub fn decode(byte: u8) -> u32 {
        if byte < 16 {
            return u32::from(byte);
        }
        let shift = u32::from(byte >> 4) - 1;
        (16 | u32::from(byte & 0xF)) << shift
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_keep_their_order_within_six_percent() {
        let mut last = 0;
        for len in (0..100_000).chain([500_000, u32::MAX]) {
            let back = length::decode(length::encode(len));
            assert!(back >= last, "{len} decodes below a shorter length");
            last = back;
            if len < 16 {
                assert_eq!(back, len);
            } else if len < 500_000 {
                assert!(back <= len && len - back <= len / 16, "{len} → {back}");
            }
        }
    }

    #[test]
    fn the_manifest_reads_back_and_names_every_shard_by_one_hash() {
        let fold = Fold::width_only();
        let mut builder = IndexBuilder::new(&fold).with_shards(3);
        builder.add("標題", "武漢大學的櫻花開了");
        builder.add("另一篇", "长江大桥".repeat(20).as_str());
        let index = builder.finish();
        let bytes = index.manifest.to_bytes();
        let manifest = Manifest::from_bytes(&bytes).unwrap();
        assert_eq!(manifest, index.manifest);
        let names: Vec<String> = (0..3).map(|s| manifest.shard_file(s).unwrap()).collect();
        assert_eq!(
            names,
            index
                .shards
                .iter()
                .map(|s| s.name.clone())
                .collect::<Vec<_>>()
        );
        let hash = names[0].split('.').nth(1).unwrap();
        assert!(names.iter().all(|n| n.split('.').nth(1) == Some(hash)));
        assert_eq!(manifest.shard_file(3), None);
        // Magic, the fold's id (a varint of up to 10 bytes), the count, a byte per document, the
        // shard count and the hash: nothing per shard.
        assert!(
            bytes.len() <= 4 + 10 + 1 + 2 + 1 + 6,
            "{} bytes",
            bytes.len()
        );
        assert_eq!(
            Manifest::from_bytes(&bytes[..bytes.len() - 1]),
            Err(FormatError::Truncated)
        );
    }
}
