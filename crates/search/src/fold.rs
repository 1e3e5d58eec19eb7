//! Folding: one form for every script a reader may type or an article may be written in.
//!
//! A [`Fold`] maps text to Simplified characters, with full-width ASCII made half-width and Latin
//! letters lowercased, so that 软件, 軟件, 軟體 (Taiwan) and 軟件 (Hong Kong) all become 软件.
//! It is applied to every article when the index is built and to every query in the browser, so
//! the two sides always agree (the failure that hurts Pagefind on Chinese, issue #1237).
//!
//! It has two levels, both derived from OpenCC's own dictionaries ([`Fold::from_opencc`]):
//!
//! - **Characters.** Every pair of characters that any OpenCC dictionary relates (Simplified ↔
//!   Traditional, regional variants, compatibility ideographs, and the characters that phrase
//!   entries of equal length swap in place) joins one class; the whole class folds to one
//!   member, preferably the Simplified one. Because classes are closed under every conversion,
//!   a conversion never changes a text's folded characters.
//! - **Phrases.** Taiwan vocabulary (OpenCC's `TWPhrases`/`TWPhrasesRev`: 软件 ↔ 軟體,
//!   信息 ↔ 資訊, 方便面 ↔ 泡麵) is not a matter of characters. Both sides of every entry are
//!   character-folded and joined into classes; each class folds to its mainland member, matched
//!   leftmost-longest over the character-folded text. Phrases may change the length of the text,
//!   which is why [`Fold::fold_with_offsets`] keeps each folded character's source range.
//!
//! The table is built natively and shipped as a small binary file ([`Fold::to_bytes`], about
//! 20 KB gzip) that the browser loads on first search ([`Fold::from_bytes`]).

use std::collections::HashMap;
use std::ops::Range;

use crate::varint::{self, Reader};
use crate::FormatError;

const MAGIC: &[u8; 4] = b"WJF1";

/// Characters from U+3400 to U+9FFF (CJK extension A and the unified block) are looked up in a
/// dense table: the hot path of indexing, one load per character.
const DENSE_START: u32 = 0x3400;
const DENSE_END: u32 = 0xA000;

/// The fold table. Cheap to share (`&Fold`); see the module documentation.
#[derive(Debug, Clone)]
pub struct Fold {
    /// (from, to), sorted by `from`: every character that folds to another.
    chars: Vec<(char, char)>,
    dense: Vec<char>,
    /// Sorted by key; keys are character-folded.
    phrases: Vec<Phrase>,
    /// Each first character of a phrase key, with the range of `phrases` starting with it.
    first: Vec<(char, u32, u32)>,
    /// A 4,096-bit filter of first characters: most characters start no phrase.
    first_mask: Vec<u64>,
    id: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Phrase {
    key: Box<[char]>,
    /// `None`: the key folds to itself (kept so that matching segments text as OpenCC does).
    value: Option<Box<[char]>>,
}

/// A folded text that remembers where each of its characters came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    chars: Vec<char>,
    /// For each folded character, its byte range in the original text. A phrase replaced by one
    /// of another length gives each of its characters the whole phrase's range.
    spans: Vec<(u32, u32)>,
}

impl Folded {
    /// The folded characters.
    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// Whether the folded text holds `word` (folded already) whole.
    pub fn contains(&self, word: &str) -> bool {
        let word: Vec<char> = word.chars().collect();
        !word.is_empty() && self.chars.windows(word.len()).any(|w| w == word)
    }

    /// The folded text as a string.
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// The byte range in the original text that folded characters `chars` (a char range in
    /// [`Folded::chars`]) came from; empty at the end for an empty range.
    pub fn original_range(&self, chars: Range<usize>) -> Range<usize> {
        let end = chars.end.min(self.spans.len());
        let start = chars.start.min(end);
        if start == end {
            let at = self.spans.get(start).map_or_else(
                || self.spans.last().map_or(0, |s| s.1 as usize),
                |s| s.0 as usize,
            );
            return at..at;
        }
        let lo = self.spans[start..end]
            .iter()
            .map(|s| s.0)
            .min()
            .unwrap_or(0);
        let hi = self.spans[start..end]
            .iter()
            .map(|s| s.1)
            .max()
            .unwrap_or(0);
        lo as usize..hi as usize
    }
}

/// Full-width ASCII to ASCII, the ideographic space to a space, Latin capitals to small.
#[inline]
fn width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
    .to_ascii_lowercase()
}

impl Fold {
    /// A fold with no character or phrase table: width and case folding only.
    pub fn width_only() -> Fold {
        Fold::from_parts(Vec::new(), Vec::new())
    }

    fn from_parts(mut chars: Vec<(char, char)>, mut phrases: Vec<Phrase>) -> Fold {
        chars.sort_unstable();
        chars.dedup_by_key(|p| p.0);
        let mut dense: Vec<char> = (DENSE_START..DENSE_END)
            .map(|c| char::from_u32(c).unwrap_or('\0'))
            .collect();
        for &(from, to) in &chars {
            if (DENSE_START..DENSE_END).contains(&(from as u32)) {
                dense[(from as u32 - DENSE_START) as usize] = to;
            }
        }
        phrases.sort_by(|a, b| a.key.cmp(&b.key));
        phrases.dedup_by(|a, b| a.key == b.key);
        let mut first: Vec<(char, u32, u32)> = Vec::new();
        let mut first_mask = vec![0u64; 64];
        for (i, p) in phrases.iter().enumerate() {
            let c = p.key[0];
            match first.last_mut() {
                Some(last) if last.0 == c => last.2 = i as u32 + 1,
                _ => first.push((c, i as u32, i as u32 + 1)),
            }
            let bit = c as usize & 4095;
            first_mask[bit / 64] |= 1 << (bit % 64);
        }
        let mut fold = Fold {
            chars,
            dense,
            phrases,
            first,
            first_mask,
            id: 0,
        };
        fold.id = varint::fnv64(&fold.to_bytes());
        fold
    }

    /// An identity for this table (a hash of its bytes): the manifest records the fold an index
    /// was built with, so a searcher can refuse a mismatched one.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Number of character and phrase entries.
    pub fn len(&self) -> (usize, usize) {
        (self.chars.len(), self.phrases.len())
    }

    /// True when the fold has no table (width and case folding only).
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.phrases.is_empty()
    }

    /// One character folded, without phrases.
    #[inline]
    pub fn fold_char(&self, c: char) -> char {
        let c = width(c);
        let u = c as u32;
        if (DENSE_START..DENSE_END).contains(&u) {
            return self.dense[(u - DENSE_START) as usize];
        }
        if u < 0x2E80 {
            return c;
        }
        match self.chars.binary_search_by_key(&c, |p| p.0) {
            Ok(i) => self.chars[i].1,
            Err(_) => c,
        }
    }

    /// The longest phrase at the start of `rest`.
    #[inline]
    fn phrase_at(&self, rest: &[(char, u32, u32)]) -> Option<&Phrase> {
        let c = rest.first()?.0;
        let bit = c as usize & 4095;
        if self.first_mask[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let g = self.first.binary_search_by_key(&c, |f| f.0).ok()?;
        let (_, lo, hi) = self.first[g];
        self.phrases[lo as usize..hi as usize]
            .iter()
            .filter(|p| p.key.len() <= rest.len() && p.key.iter().zip(rest).all(|(k, r)| *k == r.0))
            .max_by_key(|p| p.key.len())
    }

    /// Folds `text`, calling `emit(char, source byte range)` for each folded character.
    fn run(&self, text: &str, mut emit: impl FnMut(char, u32, u32)) {
        let mapped: Vec<(char, u32, u32)> = text
            .char_indices()
            .map(|(i, c)| (self.fold_char(c), i as u32, (i + c.len_utf8()) as u32))
            .collect();
        let mut i = 0;
        while i < mapped.len() {
            let Some(p) = self.phrase_at(&mapped[i..]) else {
                let (c, s, e) = mapped[i];
                emit(c, s, e);
                i += 1;
                continue;
            };
            let src = &mapped[i..i + p.key.len()];
            match &p.value {
                Some(v) if v.len() != src.len() => {
                    let (s, e) = (src[0].1, src[src.len() - 1].2);
                    v.iter().for_each(|&c| emit(c, s, e));
                }
                Some(v) => v.iter().zip(src).for_each(|(&c, m)| emit(c, m.1, m.2)),
                None => src.iter().for_each(|m| emit(m.0, m.1, m.2)),
            }
            i += p.key.len();
        }
    }

    /// `text` folded.
    pub fn fold(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        self.run(text, |c, _, _| out.push(c));
        out
    }

    /// `text` folded, with each folded character's source range (for snippets).
    pub fn fold_with_offsets(&self, text: &str) -> Folded {
        let mut f = Folded::default();
        self.run(text, |c, s, e| {
            f.chars.push(c);
            f.spans.push((s, e));
        });
        f
    }

    /// The table as the compact file the browser loads.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        varint::put(&mut out, self.chars.len() as u64);
        let mut prev = 0u32;
        for &(from, to) in &self.chars {
            varint::put(&mut out, u64::from(from as u32 - prev));
            let d = i64::from(to as u32) - i64::from(from as u32);
            varint::put(&mut out, ((d << 1) ^ (d >> 63)) as u64);
            prev = from as u32;
        }
        varint::put(&mut out, self.phrases.len() as u64);
        let mut s = String::new();
        for p in &self.phrases {
            s.clear();
            s.extend(p.key.iter());
            varint::put_bytes(&mut out, s.as_bytes());
            s.clear();
            if let Some(v) = &p.value {
                s.extend(v.iter());
            }
            varint::put_bytes(&mut out, s.as_bytes());
        }
        out
    }

    /// Reads a table written by [`Fold::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Fold, FormatError> {
        let mut r = Reader::new(bytes);
        r.magic(MAGIC)?;
        let n = r.count(2)?;
        let mut chars = Vec::with_capacity(n);
        let mut prev = 0u32;
        for i in 0..n {
            let delta = r.u32()?;
            if i > 0 && delta == 0 {
                return Err(FormatError::Invalid("fold characters out of order"));
            }
            let from = prev
                .checked_add(delta)
                .ok_or(FormatError::Invalid("bad character"))?;
            let z = r.varint()?;
            let d = ((z >> 1) as i64) ^ -((z & 1) as i64);
            let to = i64::from(from) + d;
            let bad = FormatError::Invalid("bad character");
            let from_c = char::from_u32(from).ok_or(bad.clone())?;
            let to_c = u32::try_from(to).ok().and_then(char::from_u32).ok_or(bad)?;
            chars.push((from_c, to_c));
            prev = from;
        }
        let n = r.count(2)?;
        let mut phrases = Vec::with_capacity(n);
        for _ in 0..n {
            let key: Box<[char]> = r.str()?.chars().collect();
            if key.is_empty() {
                return Err(FormatError::Invalid("empty phrase"));
            }
            let value = r.str()?;
            let value = (!value.is_empty()).then(|| value.chars().collect());
            phrases.push(Phrase { key, value });
        }
        if !r.is_empty() {
            return Err(FormatError::Invalid("trailing bytes"));
        }
        Ok(Fold::from_parts(chars, phrases))
    }
}

/// OpenCC dictionaries whose entries relate characters (all candidates of every entry).
const CHAR_DICTS: [&str; 8] = [
    "CJK_Compatibility_Ideographs",
    "STCharacters",
    "TSCharacters",
    "TSCharactersExt",
    "TWVariants",
    "TWVariantsRev",
    "HKVariants",
    "HKVariantsRev",
];

/// Phrase dictionaries whose entries keep the length: they swap characters in place, and each
/// swapped pair is related like a character entry.
const ALIGNED_PHRASE_DICTS: [&str; 7] = [
    "STPhrases",
    "STPhrases_GeneratedFromRegionalPhrases",
    "TSPhrases",
    "TWVariantsPhrases",
    "TWVariantsRevPhrases",
    "HKVariantsPhrases",
    "HKVariantsRevPhrases",
];

/// Vocabulary dictionaries (Taiwan ↔ mainland words): `(name, true if the key is the mainland
/// side)`.
const VOCABULARY_DICTS: [(&str, bool); 2] = [("TWPhrases", true), ("TWPhrasesRev", false)];

/// Every OpenCC dictionary [`Fold::from_opencc`] reads.
pub fn opencc_dicts() -> Vec<&'static str> {
    let mut names: Vec<&str> = CHAR_DICTS.to_vec();
    names.extend(ALIGNED_PHRASE_DICTS);
    names.extend(VOCABULARY_DICTS.iter().map(|d| d.0));
    names
}

/// OpenCC's text format: `key<TAB>value [value…]`, `#` comments.
fn entries(text: &str) -> impl Iterator<Item = (&str, Vec<&str>)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (k, v) = l.split_once('\t')?;
            Some((k.trim(), v.split(' ').filter(|v| !v.is_empty()).collect()))
        })
}

/// Union-find over any keys.
struct Classes<K> {
    parent: HashMap<K, K>,
}

impl<K: Clone + Eq + std::hash::Hash> Classes<K> {
    fn new() -> Self {
        Classes {
            parent: HashMap::new(),
        }
    }

    fn find(&mut self, k: &K) -> K {
        let mut root = k.clone();
        while let Some(p) = self.parent.get(&root) {
            if *p == root {
                break;
            }
            root = p.clone();
        }
        // Path compression.
        let mut cur = k.clone();
        while let Some(p) = self.parent.get(&cur).cloned() {
            if p == root {
                break;
            }
            self.parent.insert(cur, root.clone());
            cur = p;
        }
        self.parent
            .entry(root.clone())
            .or_insert_with(|| root.clone());
        root
    }

    fn union(&mut self, a: &K, b: &K) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent.insert(ra, rb);
        }
    }

    /// Every member grouped by class.
    fn groups(&mut self) -> Vec<Vec<K>> {
        let keys: Vec<K> = self.parent.keys().cloned().collect();
        let mut by_root: HashMap<K, Vec<K>> = HashMap::new();
        for k in keys {
            let r = self.find(&k);
            by_root.entry(r).or_default().push(k);
        }
        by_root.into_values().collect()
    }
}

impl Fold {
    /// Builds the fold from OpenCC 1.4.2's dictionaries in `dir` (`<name>.txt`, the repository's
    /// `vendor/opencc`): native only in practice, the browser loads [`Fold::from_bytes`].
    pub fn from_opencc_dir(dir: &std::path::Path) -> Result<Fold, String> {
        Fold::from_opencc(|name| {
            let path = dir.join(format!("{name}.txt"));
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
        })
    }

    /// Builds the fold from OpenCC dictionaries given by name (see [`opencc_dicts`]).
    pub fn from_opencc(
        mut read: impl FnMut(&str) -> Result<String, String>,
    ) -> Result<Fold, String> {
        let mut classes: Classes<char> = Classes::new();
        // Votes for a class's representative: how many Traditional characters OpenCC's t2s turns
        // into each character.
        let mut votes: HashMap<char, u32> = HashMap::new();
        let mut traditional: std::collections::HashSet<char> = Default::default();
        let single = |s: &str| {
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            }
        };
        for name in CHAR_DICTS {
            let text = read(name)?;
            for (k, vs) in entries(&text) {
                let Some(kc) = single(k) else { continue };
                for (i, v) in vs.iter().enumerate() {
                    let Some(vc) = single(v) else { continue };
                    classes.union(&kc, &vc);
                    if name == "TSCharacters" && i == 0 {
                        *votes.entry(vc).or_default() += 1;
                        if vc != kc {
                            traditional.insert(kc);
                        }
                    }
                }
            }
        }
        for name in ALIGNED_PHRASE_DICTS {
            let text = read(name)?;
            for (k, vs) in entries(&text) {
                for v in vs {
                    if v.chars().count() == k.chars().count() {
                        for (a, b) in k.chars().zip(v.chars()).filter(|(a, b)| a != b) {
                            classes.union(&a, &b);
                        }
                    }
                }
            }
        }
        let vocab: Vec<(String, bool)> = VOCABULARY_DICTS
            .iter()
            .map(|&(name, mainland_key)| read(name).map(|t| (t, mainland_key)))
            .collect::<Result<_, _>>()?;
        // One-character vocabulary (硅 → 矽) is a character relation.
        for (text, _) in &vocab {
            for (k, vs) in entries(text) {
                if let (Some(a), Some(b)) = (single(k), vs.first().and_then(|v| single(v))) {
                    classes.union(&a, &b);
                }
            }
        }
        let mut chars = Vec::new();
        for group in classes.groups() {
            let rep = *group
                .iter()
                .max_by_key(|c| {
                    (
                        votes.get(c).copied().unwrap_or(0),
                        !traditional.contains(c),
                        std::cmp::Reverse(**c),
                    )
                })
                .ok_or("an empty class")?;
            chars.extend(group.iter().filter(|&&c| c != rep).map(|&c| (c, rep)));
        }
        chars.sort_unstable();
        let char_fold = Fold::from_parts(chars.clone(), Vec::new());

        // Vocabulary classes over character-folded strings, each folding to its mainland member.
        let mut words: Classes<String> = Classes::new();
        let mut mainland: std::collections::HashSet<String> = Default::default();
        for (text, mainland_key) in &vocab {
            for (k, vs) in entries(text) {
                let Some(v) = vs.first() else { continue };
                let (k, v) = (char_fold.fold(k), char_fold.fold(v));
                words.union(&k, &v);
                mainland.insert(if *mainland_key { k } else { v });
            }
        }
        let mut phrases = Vec::new();
        for group in words.groups() {
            let rep = group
                .iter()
                .min_by_key(|w| (!mainland.contains(*w), w.chars().count(), (*w).clone()))
                .ok_or("an empty class")?
                .clone();
            for w in &group {
                let key: Box<[char]> = w.chars().collect();
                if key.len() < 2 && *w == rep {
                    continue;
                }
                let value = (*w != rep).then(|| rep.chars().collect());
                phrases.push(Phrase { key, value });
            }
        }
        Ok(Fold::from_parts(chars, phrases))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_and_case_fold_without_a_table() {
        let f = Fold::width_only();
        assert_eq!(f.fold("ＡＢＣ１２３　Covid"), "abc123 covid");
    }

    #[test]
    fn offsets_cover_a_phrase_that_changed_length() {
        let phrases = vec![Phrase {
            key: "泡面".chars().collect(),
            value: Some("方便面".chars().collect()),
        }];
        let f = Fold::from_parts(vec![('麵', '面')], phrases);
        let text = "吃泡麵了";
        let folded = f.fold_with_offsets(text);
        assert_eq!(folded.text(), "吃方便面了");
        assert_eq!(&text[folded.original_range(1..4)], "泡麵");
        assert_eq!(&text[folded.original_range(3..4)], "泡麵");
        assert_eq!(&text[folded.original_range(4..5)], "了");
    }

    #[test]
    fn bytes_round_trip() {
        let phrases = vec![
            Phrase {
                key: "资讯".chars().collect(),
                value: Some("信息".chars().collect()),
            },
            Phrase {
                key: "软体动物".chars().collect(),
                value: None,
            },
        ];
        let f = Fold::from_parts(vec![('資', '资'), ('訊', '讯'), ('𠀾', '丢')], phrases);
        let g = Fold::from_bytes(&f.to_bytes()).unwrap();
        assert_eq!(g.chars, f.chars);
        assert_eq!(g.phrases, f.phrases);
        assert_eq!(g.id(), f.id());
        assert_eq!(g.fold("資訊，软体动物"), "信息,软体动物");
    }
}
