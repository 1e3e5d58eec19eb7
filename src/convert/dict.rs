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

/// Entries whose key starts with one character: a range of `entries`, and the longest key.
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
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

#[derive(Debug, Clone)]
pub struct Dict {
    text: String,
    entries: Vec<Entry>,
    buckets: HashMap<char, Bucket, BuildHasherDefault<CharHasher>>,
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
        let mut buckets: HashMap<char, Bucket, BuildHasherDefault<CharHasher>> =
            HashMap::with_capacity_and_hasher(entries.len().min(8192), Default::default());
        let mut max_chars = 0;
        for (i, e) in entries.iter().enumerate() {
            let key = key_of(e);
            let Some(first) = key.chars().next() else {
                continue;
            };
            let chars = key.chars().count() as u32;
            max_chars = max_chars.max(chars as usize);
            let bucket = buckets.entry(first).or_insert(Bucket {
                start: i as u32,
                end: i as u32,
                max_chars: 0,
            });
            bucket.end = i as u32 + 1;
            bucket.max_chars = bucket.max_chars.max(chars);
        }
        Ok(Dict {
            text,
            entries,
            buckets,
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
        let first = s.chars().next()?;
        let bucket = *self.buckets.get(&first)?;
        let entries = &self.entries[bucket.start as usize..bucket.end as usize];
        // Byte ends of the first 1..=max_chars characters of `s`.
        let mut ends = [0usize; 64];
        let mut count = 0;
        for (i, c) in s
            .char_indices()
            .take((bucket.max_chars as usize).min(ends.len()))
        {
            ends[count] = i + c.len_utf8();
            count += 1;
        }
        for &end in ends[..count].iter().rev() {
            let candidate = &s[..end];
            if let Ok(i) = entries.binary_search_by(|e| self.key(e).cmp(candidate)) {
                return Some((end, self.value(&entries[i])));
            }
        }
        None
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
