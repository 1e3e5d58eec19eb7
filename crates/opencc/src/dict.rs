//! One OpenCC dictionary, searched in place.
//!
//! The source is OpenCC's text format (`key<TAB>value [value…]`, `#` comments), kept as one
//! string: loading is a single pass that records where each entry is and indexes entries by
//! their first character, with no per-entry allocation. Only the first value of an entry is
//! used, as OpenCC does.

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

/// Trie edges in an open-addressing table. A node *is* the slot of the edge that leads to it,
/// and the slot also holds the entry whose key ends there, so a step of a match is one memory
/// access: a multiply, a shift and a short probe, inlined even in the size-optimised wasm (a
/// general hash map's lookup is a call there, and several times slower).
#[derive(Debug, Clone)]
struct Edges {
    slots: Box<[Slot]>,
    shift: u32,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    /// (parent node, character), or [`EMPTY`].
    key: u64,
    /// The entry whose key ends at this node, or [`NONE`].
    end: u32,
}

/// Never an edge key: nodes are below 2^32, so keys are below 2^53.
const EMPTY: u64 = u64::MAX;

/// The root node, which no edge leads to.
const ROOT: u32 = u32::MAX - 1;

impl Edges {
    /// A table for up to `capacity` edges, at most half full (a lookup that misses, which ends
    /// every walk, then probes few slots).
    fn with_capacity(capacity: usize) -> Edges {
        let slots = (capacity.max(4) * 2).next_power_of_two();
        Edges {
            slots: vec![
                Slot {
                    key: EMPTY,
                    end: NONE
                };
                slots
            ]
            .into_boxed_slice(),
            shift: 64 - slots.trailing_zeros(),
        }
    }

    #[inline(always)]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The slot of edge `key`, or of the empty slot where it would go.
    #[inline(always)]
    fn find(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        while self.slots[i].key != key && self.slots[i].key != EMPTY {
            i = (i + 1) & mask;
        }
        i
    }

    /// The node at the end of edge `key`, or [`NONE`].
    #[inline(always)]
    fn get(&self, key: u64) -> u32 {
        let i = self.find(key);
        if self.slots[i].key == key {
            i as u32
        } else {
            NONE
        }
    }

    /// The entry whose key ends at `node`, or [`NONE`].
    #[inline(always)]
    fn end(&self, node: u32) -> u32 {
        self.slots[node as usize].end
    }

    /// The node at the end of edge `key`, added if there is none yet.
    fn insert(&mut self, key: u64) -> u32 {
        let i = self.find(key);
        self.slots[i].key = key;
        i as u32
    }
}

/// No entry, no node.
const NONE: u32 = u32::MAX;

#[inline(always)]
fn edge(node: u32, c: u32) -> u64 {
    (u64::from(node) << 21) | u64::from(c)
}

/// The code point at byte `i` of valid UTF-8, and the offset after it.
#[inline(always)]
fn decode(b: &[u8], i: usize) -> (u32, usize) {
    let lead = u32::from(b[i]);
    let cont = |k: usize| u32::from(b[i + k] & 0x3F);
    match b[i] {
        0x00..=0x7F => (lead, i + 1),
        0xC0..=0xDF => (((lead & 0x1F) << 6) | cont(1), i + 2),
        0xE0..=0xEF => (((lead & 0x0F) << 12) | (cont(1) << 6) | cont(2), i + 3),
        _ => (
            ((lead & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            i + 4,
        ),
    }
}

/// One dictionary: its entries, in place in the source text, and (built on first use) the trie
/// that matches against them. A dictionary only merged into a group never builds its own.
#[derive(Debug)]
pub struct Dict {
    text: String,
    entries: Vec<Entry>,
    max_chars: usize,
    trie: std::sync::OnceLock<Trie>,
}

/// A dictionary ready to match (see [`Dict::lookup`]).
#[derive(Clone, Copy)]
pub struct Lookup<'a> {
    dict: &'a Dict,
    trie: &'a Trie,
}

impl<'a> Lookup<'a> {
    /// Whether a key could start at a character whose first byte is `byte` (or a description
    /// sequence starts there). Never true of a continuation byte, so text can be skipped a byte
    /// at a time up to the next place worth a lookup.
    #[inline(always)]
    pub fn may_start(&self, byte: u8) -> bool {
        self.trie.leads[usize::from(byte / 64)] & (1 << (byte % 64)) != 0
    }

    /// The longest key that `s` starts with: its length in bytes, and its value.
    #[inline(always)]
    pub fn longest_prefix(&self, s: &str) -> Option<(usize, &'a str)> {
        let (len, entry) = self.trie.longest_prefix(s.as_bytes())?;
        Some((len, self.dict.value(&self.dict.entries[entry as usize])))
    }
}

/// The keys as a trie of characters: matching at a position walks one edge per character, each
/// a hash lookup of two integers (no string comparisons), and stops at the first character no
/// key continues with. Large dictionaries look up the first character in a direct table.
#[derive(Debug)]
struct Trie {
    /// (node, next character) → child node, and the entry ending at each node.
    edges: Edges,
    /// For large dictionaries, the root's children for the Basic Multilingual Plane as a direct
    /// table (most steps in running text are first characters).
    root_bmp: Option<Box<[u32]>>,
    /// Bit per BMP character: does any key start with it? Rejects most positions at once.
    starts: Box<[u64]>,
    /// Bit per byte: does a key start with it? Plus the lead byte of ideographic description
    /// characters (E2), where a converter must stop to keep a sequence whole.
    leads: [u64; 4],
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
        let max_chars = entries
            .iter()
            .map(|e| key_of(e).chars().count())
            .max()
            .unwrap_or(0);
        Ok(Dict {
            text,
            entries,
            max_chars,
            trie: std::sync::OnceLock::new(),
        })
    }

    fn trie(&self) -> &Trie {
        self.trie.get_or_init(|| Trie::build(self))
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

    /// Matching against this dictionary, with its trie at hand (built now if it was not yet):
    /// take one per pass over a text, not per position.
    #[inline(always)]
    pub fn lookup(&self) -> Lookup<'_> {
        Lookup {
            dict: self,
            trie: self.trie(),
        }
    }

    /// The longest key that `s` starts with: its length in bytes, and its value.
    pub fn longest_prefix<'a>(&'a self, s: &str) -> Option<(usize, &'a str)> {
        self.lookup().longest_prefix(s)
    }

    /// A dictionary from `(key, value)` pairs; of repeated keys, the first counts.
    pub(crate) fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Dict {
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

impl Trie {
    fn build(dict: &Dict) -> Trie {
        let key_of = |e: &Entry| dict.key(e);
        let entries = &dict.entries;
        let total_chars: usize = entries.iter().map(|e| key_of(e).chars().count()).sum();
        let mut edges = Edges::with_capacity(total_chars);
        let mut starts = vec![0u64; 0x10000 / 64].into_boxed_slice();
        let mut max_chars = 0;
        for (i, e) in entries.iter().enumerate() {
            let mut node = ROOT;
            let mut chars = 0;
            for c in key_of(e).chars() {
                let c = u32::from(c);
                if chars == 0 && c < 0x10000 {
                    starts[c as usize / 64] |= 1 << (c % 64);
                }
                node = edges.insert(edge(node, c));
                chars += 1;
            }
            edges.slots[node as usize].end = i as u32;
            max_chars = max_chars.max(chars);
        }
        let mut leads = [0u64; 4];
        for byte in entries
            .iter()
            .map(|e| dict.text.as_bytes()[e.key.0 as usize])
            .chain([0xE2])
        {
            leads[usize::from(byte / 64)] |= 1 << (byte % 64);
        }
        let root_bmp = (entries.len() > 1000).then(|| {
            let mut table = vec![NONE; 0x10000].into_boxed_slice();
            for c in 0..0x10000u32 {
                table[c as usize] = edges.get(edge(ROOT, c));
            }
            table
        });
        Trie {
            edges,
            root_bmp,
            starts,
            leads,
            max_chars,
        }
    }

    /// The longest key that `b` (valid UTF-8) starts with: its length in bytes, and its entry.
    #[inline(always)]
    fn longest_prefix(&self, b: &[u8]) -> Option<(usize, u32)> {
        if b.is_empty() {
            return None;
        }
        let (first, mut i) = decode(b, 0);
        let mut node = if first < 0x10000 {
            if self.starts[first as usize / 64] & (1 << (first % 64)) == 0 {
                return None;
            }
            match &self.root_bmp {
                Some(table) => table[first as usize],
                None => self.edges.get(edge(ROOT, first)),
            }
        } else {
            self.edges.get(edge(ROOT, first))
        };
        if node == NONE {
            return None;
        }
        let mut best = (i, self.edges.end(node));
        let mut depth = 1;
        while depth < self.max_chars && i < b.len() {
            let (c, next) = decode(b, i);
            let child = self.edges.get(edge(node, c));
            if child == NONE {
                break;
            }
            node = child;
            i = next;
            depth += 1;
            let end = self.edges.end(node);
            if end != NONE {
                best = (i, end);
            }
        }
        (best.1 != NONE).then_some(best)
    }
}

impl AsRef<Dict> for Dict {
    fn as_ref(&self) -> &Dict {
        self
    }
}
