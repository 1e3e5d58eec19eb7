//! One OpenCC dictionary, searched in place.
//!
//! The source is OpenCC's text format (`key<TAB>value [value…]`, `#` comments), kept as one
//! string: loading is a single pass that records where each entry is and indexes entries by
//! their first character, with no per-entry allocation. Only the first value of an entry is
//! used, as OpenCC does.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Why a dictionary could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for DictError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for DictError {}

#[derive(Debug, Clone, Copy)]
struct Entry {
    key: (u32, u32),
    value: (u32, u32),
}

/// Entries whose key starts with the same two characters: a range of `entries` (sorted keys
/// sharing a prefix are contiguous), and the longest key among them.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    start: u32,
    end: u32,
    max_chars: u32,
}

/// Characters hash well by themselves (multiplication spreads them); SipHash is needless here.
#[derive(Default)]
struct CharHasher(u64);

impl Hasher for CharHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(26) ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<CharHasher>>;

/// Matching at a position costs two hash lookups in the common case: the first two characters
/// find the few longer keys that could match, and single-character keys are looked up directly.
#[derive(Debug, Clone)]
pub struct Dict {
    text: String,
    entries: Vec<Entry>,
    /// Keys of two or more characters, by their first two.
    pairs: FastMap<(char, char), Bucket>,
    /// Keys of one character: index into `entries`.
    singles: FastMap<char, u32>,
    /// For large character tables, `singles` for the Basic Multilingual Plane as a direct
    /// table (`u32::MAX`: none), which is most of the lookups in running text.
    singles_bmp: Option<Box<[u32]>>,
    /// Bit per BMP character: does any key start with it? Rejects most positions at once.
    starts: Box<[u64]>,
    max_chars: usize,
}

impl Dict {
    /// Loads OpenCC's text format. Entries are sorted by key here if the file is not.
    pub fn parse(text: String) -> Result<Dict, DictError> {
        let mut entries = Vec::new();
        let mut offset = 0usize;
        for (n, line) in text.split_inclusive('\n').enumerate() {
            let start = offset;
            offset += line.len();
            let body = line.trim_end_matches(['\n', '\r']);
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            let Some((key, values)) = body.split_once('\t') else {
                return Err(DictError {
                    line: n + 1,
                    message: "expected `key<TAB>value`".into(),
                });
            };
            let value = values.split(' ').next().unwrap_or_default();
            if key.is_empty() || value.is_empty() {
                return Err(DictError {
                    line: n + 1,
                    message: "empty key or value".into(),
                });
            }
            let value_start = start + key.len() + 1;
            entries.push(Entry {
                key: (start as u32, key.len() as u32),
                value: (value_start as u32, value.len() as u32),
            });
        }
        let key_of = |e: &Entry| &text[e.key.0 as usize..(e.key.0 + e.key.1) as usize];
        if !entries.windows(2).all(|w| key_of(&w[0]) < key_of(&w[1])) {
            entries.sort_by(|a, b| key_of(a).cmp(key_of(b)));
            entries.dedup_by(|b, a| key_of(a) == key_of(b));
        }
        let mut pairs: FastMap<(char, char), Bucket> = FastMap::default();
        let mut singles: FastMap<char, u32> = FastMap::default();
        let mut max_chars = 0;
        for (i, e) in entries.iter().enumerate() {
            let mut chars = key_of(e).chars();
            let (Some(first), second) = (chars.next(), chars.next()) else {
                continue;
            };
            let Some(second) = second else {
                singles.insert(first, i as u32);
                max_chars = max_chars.max(1);
                continue;
            };
            let count = 2 + chars.count() as u32;
            max_chars = max_chars.max(count as usize);
            let bucket = pairs.entry((first, second)).or_insert(Bucket {
                start: i as u32,
                end: i as u32,
                max_chars: 0,
            });
            bucket.end = i as u32 + 1;
            bucket.max_chars = bucket.max_chars.max(count);
        }
        let mut starts = vec![0u64; 0x10000 / 64].into_boxed_slice();
        let mut mark = |c: char| {
            if let Ok(c) = u16::try_from(u32::from(c)) {
                starts[usize::from(c) / 64] |= 1 << (c % 64);
            }
        };
        pairs.keys().for_each(|&(c, _)| mark(c));
        singles.keys().for_each(|&c| mark(c));
        let singles_bmp = (singles.len() > 1000).then(|| {
            let mut table = vec![u32::MAX; 0x10000].into_boxed_slice();
            for (&c, &i) in &singles {
                if let Ok(c) = u16::try_from(u32::from(c)) {
                    table[usize::from(c)] = i;
                }
            }
            table
        });
        Ok(Dict {
            text,
            entries,
            pairs,
            singles,
            singles_bmp,
            starts,
            max_chars,
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Longest key of the dictionary, in characters.
    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    fn key(&self, e: &Entry) -> &str {
        &self.text[e.key.0 as usize..(e.key.0 + e.key.1) as usize]
    }

    fn value(&self, e: &Entry) -> &str {
        &self.text[e.value.0 as usize..(e.value.0 + e.value.1) as usize]
    }

    /// The longest key that `s` starts with: its length in bytes, and its value.
    pub fn longest_prefix<'a>(&'a self, s: &str) -> Option<(usize, &'a str)> {
        let mut chars = s.char_indices();
        let (_, first) = chars.next()?;
        let bmp = u16::try_from(u32::from(first)).ok().map(usize::from);
        if bmp.is_some_and(|c| self.starts[c / 64] & (1 << (c % 64)) == 0) {
            return None;
        }
        if let Some((second_at, second)) = chars.next().filter(|_| self.max_chars > 1) {
            if let Some(bucket) = self.pairs.get(&(first, second)) {
                let entries = &self.entries[bucket.start as usize..bucket.end as usize];
                // The longest candidate `s` offers for this bucket.
                let mut end = second_at + second.len_utf8();
                for (i, c) in chars.take((bucket.max_chars as usize).saturating_sub(2)) {
                    end = i + c.len_utf8();
                }
                let candidate = &s[..end];
                // Keys that are prefixes of `candidate` sort at or before it, and the nearest
                // such key below the insertion point is the longest: anything between it and the
                // candidate extends it, so would be a longer prefix or not a prefix at all.
                let upper = match entries.binary_search_by(|e| self.key(e).cmp(candidate)) {
                    Ok(i) => return Some((end, self.value(&entries[i]))),
                    Err(i) => i,
                };
                for e in entries[..upper].iter().rev() {
                    let key = self.key(e);
                    if candidate.starts_with(key) {
                        return Some((key.len(), self.value(e)));
                    }
                }
            }
        }
        let i = match (&self.singles_bmp, bmp) {
            (Some(table), Some(c)) => Some(table[c]).filter(|&i| i != u32::MAX)?,
            _ => *self.singles.get(&first)?,
        };
        Some((first.len_utf8(), self.value(&self.entries[i as usize])))
    }

    /// A dictionary from `(key, value)` pairs; of repeated keys, the first counts.
    fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Dict {
        let mut pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
        // Stable: the first of equal keys stays first, and `dedup_by_key` keeps it.
        pairs.sort_by_key(|&(key, _)| key);
        pairs.dedup_by_key(|&mut (key, _)| key);
        let mut text =
            String::with_capacity(pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
        for (key, value) in pairs {
            text.push_str(key);
            text.push('\t');
            text.push_str(value);
            text.push('\n');
        }
        Dict::parse(text).expect("keys and values of loaded dictionaries are well formed")
    }

    /// OpenCC's *union* group as one dictionary: the longest match of any member wins, the
    /// earlier member on a tie. All keys, the earlier member's value for a shared key.
    pub fn union(members: &[impl AsRef<Dict>]) -> Dict {
        Dict::from_pairs(members.iter().flat_map(|d| d.as_ref().iter()))
    }

    /// OpenCC's *short-circuit* group of two as one dictionary: where `first` matches at all, its
    /// longest match wins, else `then`'s. So a key of `then` is kept only if no key of `first`
    /// is a prefix of it: were one, `first` would match wherever that key could.
    pub fn short_circuit(first: &Dict, then: &Dict) -> Dict {
        Dict::from_pairs(
            first.iter().chain(
                then.iter()
                    .filter(|(key, _)| first.longest_prefix(key).is_none()),
            ),
        )
    }

    /// Every `(key, value)` pair, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|e| (self.key(e), self.value(e)))
    }

    /// The compact text form shipped to browsers: sorted, first values only, no comments.
    pub fn to_compact_text(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        for (k, v) in self.iter() {
            out.push_str(k);
            out.push('\t');
            out.push_str(v);
            out.push('\n');
        }
        out
    }
}
