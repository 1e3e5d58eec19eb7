//! Chinese script conversion with OpenCC 1.4.2's algorithm over its dictionaries: the engine of
//! Wenji's script variants, in a crate of its own so that the reader's size-optimised wasm can
//! still build this one hot loop for speed (Cargo.toml, `[profile.wasm-release.package.*]`).
//!
//! A conversion runs, as OpenCC does: a normalisation pass over the whole text (compatibility
//! ideographs), then segmentation by forward maximum matching over a phrase dictionary
//! (characters that match nothing gather into one segment), then each stage of the chain over
//! each segment by repeated longest-prefix match. In a *short-circuit* group the first dictionary
//! with any match wins; in a *union* group the longest match wins, the earlier dictionary on a
//! tie. A complete ideographic description sequence (⿰讠兑) that matches nothing passes through
//! whole. Output equals OpenCC's on its own test cases for every config here.

mod dict;

use std::collections::HashMap;
use std::sync::Arc;

pub use dict::{Dict, DictError, Lookup};

/// OpenCC's dictionary files this engine uses (the names of `vendor/opencc/*.txt`).
pub const DICT_NAMES: [&str; 17] = [
    "CJK_Compatibility_Ideographs",
    "STPhrases",
    "STPhrases_GeneratedFromRegionalPhrases",
    "STCharacters",
    "TSPhrases",
    "TSCharactersExt",
    "TSCharacters",
    "TWPhrases",
    "TWPhrasesRev",
    "TWVariants",
    "TWVariantsRev",
    "TWVariantsPhrases",
    "TWVariantsRevPhrases",
    "HKVariants",
    "HKVariantsRev",
    "HKVariantsPhrases",
    "HKVariantsRevPhrases",
];

/// OpenCC's configurations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Config {
    S2t,
    S2tw,
    S2twp,
    S2hk,
    T2s,
    Tw2s,
    Tw2sp,
    Hk2s,
}

impl Config {
    pub const ALL: [Config; 8] = [
        Config::S2t,
        Config::S2tw,
        Config::S2twp,
        Config::S2hk,
        Config::T2s,
        Config::Tw2s,
        Config::Tw2sp,
        Config::Hk2s,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Config::S2t => "s2t",
            Config::S2tw => "s2tw",
            Config::S2twp => "s2twp",
            Config::S2hk => "s2hk",
            Config::T2s => "t2s",
            Config::Tw2s => "tw2s",
            Config::Tw2sp => "tw2sp",
            Config::Hk2s => "hk2s",
        }
    }

    pub fn from_name(name: &str) -> Option<Config> {
        Config::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The config's structure, with dictionaries by name (from OpenCC 1.4.2's config files).
    fn spec(self) -> Spec {
        use Group::{Leaf, ShortCircuit, Union};
        let st_phrases = || {
            Union(vec![
                Leaf("STPhrases"),
                Leaf("STPhrases_GeneratedFromRegionalPhrases"),
            ])
        };
        let s2t = || ShortCircuit(vec![st_phrases(), Leaf("STCharacters")]);
        let t2s = || {
            ShortCircuit(vec![
                Leaf("TSPhrases"),
                Leaf("TSCharactersExt"),
                Leaf("TSCharacters"),
            ])
        };
        let sc = |names: &[&'static str]| ShortCircuit(names.iter().map(|n| Leaf(n)).collect());
        let (segmentation, chain) = match self {
            Config::S2t => (None, vec![s2t()]),
            Config::S2tw => (
                Some(st_phrases()),
                vec![s2t(), sc(&["TWVariantsPhrases", "TWVariants"])],
            ),
            Config::S2twp => (
                Some(st_phrases()),
                vec![s2t(), sc(&["TWPhrases", "TWVariantsPhrases", "TWVariants"])],
            ),
            Config::S2hk => (
                Some(st_phrases()),
                vec![s2t(), sc(&["HKVariantsPhrases", "HKVariants"])],
            ),
            Config::T2s => (None, vec![t2s()]),
            Config::Tw2s => (
                Some(Leaf("TSPhrases")),
                vec![sc(&["TWVariantsRevPhrases", "TWVariantsRev"]), t2s()],
            ),
            Config::Tw2sp => (
                Some(Leaf("TSPhrases")),
                vec![
                    sc(&["TWPhrasesRev", "TWVariantsRevPhrases", "TWVariantsRev"]),
                    t2s(),
                ],
            ),
            Config::Hk2s => (
                Some(Leaf("TSPhrases")),
                vec![sc(&["HKVariantsRevPhrases", "HKVariantsRev"]), t2s()],
            ),
        };
        Spec {
            normalization: Leaf("CJK_Compatibility_Ideographs"),
            segmentation,
            chain,
        }
    }

    /// Every dictionary the config reads.
    pub fn dicts(self) -> Vec<&'static str> {
        let spec = self.spec();
        let mut names = Vec::new();
        spec.normalization.names(&mut names);
        if let Some(seg) = &spec.segmentation {
            seg.names(&mut names);
        }
        for stage in &spec.chain {
            stage.names(&mut names);
        }
        names.sort_unstable();
        names.dedup();
        names
    }
}

enum Group {
    Leaf(&'static str),
    ShortCircuit(Vec<Group>),
    Union(Vec<Group>),
}

impl Group {
    fn copy(&self) -> Group {
        match self {
            Group::Leaf(name) => Group::Leaf(name),
            Group::ShortCircuit(g) => Group::ShortCircuit(g.iter().map(Group::copy).collect()),
            Group::Union(g) => Group::Union(g.iter().map(Group::copy).collect()),
        }
    }

    fn same_as(&self, other: &Group) -> bool {
        match (self, other) {
            (Group::Leaf(a), Group::Leaf(b)) => a == b,
            (Group::ShortCircuit(a), Group::ShortCircuit(b))
            | (Group::Union(a), Group::Union(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_as(y))
            }
            _ => false,
        }
    }

    fn names(&self, out: &mut Vec<&'static str>) {
        match self {
            Group::Leaf(name) => out.push(name),
            Group::ShortCircuit(g) | Group::Union(g) => g.iter().for_each(|d| d.names(out)),
        }
    }

    /// The group as one dictionary that answers every longest-prefix question as the group
    /// would (see [`Dict::union`] and [`Dict::short_circuit`]): one lookup per position instead of
    /// one per member.
    fn resolve(&self, dicts: &Dicts) -> Result<Arc<Dict>, String> {
        let members = |g: &[Group]| {
            g.iter()
                .map(|d| d.resolve(dicts))
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(match self {
            Group::Leaf(name) => dicts.get(name).cloned().ok_or_else(|| (*name).to_owned())?,
            Group::Union(g) => {
                let members = members(g)?;
                match members.as_slice() {
                    [one] => Arc::clone(one),
                    _ => Arc::new(Dict::union(&members)),
                }
            }
            // First-with-a-match-wins, folded from the right: [A, B, C] is [A, [B, C]].
            Group::ShortCircuit(g) => {
                let mut members = members(g)?;
                let mut merged = members.pop().ok_or("an empty dictionary group")?;
                while let Some(earlier) = members.pop() {
                    merged = Arc::new(Dict::short_circuit(&earlier, &merged));
                }
                merged
            }
        })
    }
}

struct Spec {
    normalization: Group,
    segmentation: Option<Group>,
    chain: Vec<Group>,
}

/// Loaded dictionaries by name.
pub type Dicts = HashMap<&'static str, Arc<Dict>>;

/// A resolved dictionary group: one dictionary.
type Matcher = Arc<Dict>;

/// Every match of a dictionary in a text, left to right: at each position the longest key, and
/// where none matches, one character (or a whole ideographic description sequence) is stepped
/// over. Each item is the match's start and end in bytes and its value. Text where no key can
/// start is skipped a byte at a time.
struct Matches<'a> {
    dict: Lookup<'a>,
    s: &'a str,
    i: usize,
}

fn matches<'a>(dict: &'a Dict, s: &'a str) -> Matches<'a> {
    Matches {
        dict: dict.lookup(),
        s,
        i: 0,
    }
}

impl<'a> Iterator for Matches<'a> {
    type Item = (usize, usize, &'a str);

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.s.as_bytes();
        while self.i < bytes.len() {
            let i = self.i;
            if !self.dict.may_start(bytes[i]) {
                self.i += 1;
            } else if let Some((len, value)) = self.dict.longest_prefix(&self.s[i..]) {
                self.i = i + len;
                return Some((i, i + len, value));
            } else {
                self.i += unmatched_len(&self.s[i..]);
            }
        }
        None
    }
}

/// Replaces every longest match, left to right; unmatched characters pass through (copied a run
/// at a time).
fn convert_into(dict: &Dict, s: &str, out: &mut String) {
    let mut plain = 0;
    for (start, end, value) in matches(dict, s) {
        out.push_str(&s[plain..start]);
        out.push_str(value);
        plain = end;
    }
    out.push_str(&s[plain..]);
}

/// OpenCC's segmentation: matches are segments, runs of unmatched characters are segments.
fn segments<'s>(dict: &Dict, s: &'s str) -> Vec<&'s str> {
    let mut segments = Vec::new();
    let mut plain = 0;
    for (start, end, _) in matches(dict, s) {
        if start > plain {
            segments.push(&s[plain..start]);
        }
        segments.push(&s[start..end]);
        plain = end;
    }
    if plain < s.len() {
        segments.push(&s[plain..]);
    }
    segments
}

/// Bytes to step over when nothing matches: one character, or a whole ideographic description
/// sequence, which OpenCC keeps together.
#[inline(always)]
fn unmatched_len(s: &str) -> usize {
    // Description characters are U+2FF0..U+2FFF, UTF-8 E2 BF Bx: anything else is one character,
    // whose length its first byte tells.
    match s.as_bytes() {
        [0xE2, 0xBF, 0xB0..=0xBF, ..] => ids_len(s).unwrap_or(3),
        [b, ..] => utf8_len(*b),
        [] => 0,
    }
}

/// Length of the UTF-8 sequence a (valid, leading) byte starts.
#[inline(always)]
fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Length in bytes of a complete ideographic description sequence at the start of `s`.
fn ids_len(s: &str) -> Option<usize> {
    fn arity(c: char) -> usize {
        match c {
            '\u{2FF2}' | '\u{2FF3}' => 3,
            '\u{2FFE}' | '\u{2FFF}' => 1,
            '\u{2FF0}'..='\u{2FFD}' => 2,
            _ => 0,
        }
    }
    fn consume(s: &str, depth: usize, budget: &mut usize) -> Option<usize> {
        let c = s.chars().next()?;
        if depth == 0 || *budget == 0 {
            return None;
        }
        *budget -= 1;
        let mut len = c.len_utf8();
        for _ in 0..arity(c) {
            len += consume(&s[len..], depth - 1, budget)?;
        }
        Some(len)
    }
    let first = s.chars().next()?;
    if arity(first) == 0 {
        return None;
    }
    consume(s, 16, &mut 64)
}

/// A ready converter for one config.
#[derive(Debug, Clone)]
pub struct Converter {
    config: Config,
    normalization: Matcher,
    /// Unless fused: the segmentation dictionary and the whole chain.
    segmentation: Option<Matcher>,
    /// The chain; when fused, the stages after the first.
    chain: Vec<Matcher>,
    /// Set when the first stage is `ShortCircuit[segmentation dict, rest…]` (the s2t* configs):
    /// then segmenting and converting are one pass (see [`Fused`]).
    fused: Option<Fused>,
}

/// The s2t* configs' fast path. A matched segment's first-stage result is the segmentation
/// match's own value, and the later stages turn that value into the same text wherever it
/// occurs, so `phrases` holds the segmentation keys with their values already through the whole
/// chain: one lookup per phrase, start to finish. In an unmatched run the segmentation
/// dictionary matched nowhere, so only `rest_of_first` (the rest of the first group) can, and
/// the later stages follow. The output is the same as segmenting and running the chain.
#[derive(Debug, Clone)]
struct Fused {
    phrases: Matcher,
    rest_of_first: Matcher,
}

/// Runs `text` through each stage in turn.
fn through(stages: &[Matcher], text: &str, out: &mut String) {
    match stages {
        [] => out.push_str(text),
        [only] => convert_into(only, text, out),
        [first, rest @ ..] => {
            let mut a = String::with_capacity(text.len());
            convert_into(first, text, &mut a);
            for stage in rest {
                let mut b = String::with_capacity(a.len());
                convert_into(stage, &a, &mut b);
                a = b;
            }
            out.push_str(&a);
        }
    }
}

impl Converter {
    /// Builds the converter from loaded dictionaries; the error names a missing dictionary.
    pub fn new(config: Config, dicts: &Dicts) -> Result<Converter, String> {
        let spec = config.spec();
        let resolve_all = |groups: &[Group]| {
            groups
                .iter()
                .map(|g| g.resolve(dicts))
                .collect::<Result<Vec<Matcher>, _>>()
        };
        let normalization = spec.normalization.resolve(dicts)?;
        let segmentation = spec
            .segmentation
            .as_ref()
            .map(|s| s.resolve(dicts))
            .transpose()?;
        if let (Some(seg), Some(Group::ShortCircuit(first)), Some(seg_dict)) =
            (&spec.segmentation, spec.chain.first(), &segmentation)
        {
            if first.first().is_some_and(|g| g.same_as(seg)) {
                // Neither the segmentation dictionary nor the first group is kept: only the
                // phrases composed from them, and the rest of the first group.
                let rest_of_first =
                    Group::ShortCircuit(first[1..].iter().map(Group::copy).collect())
                        .resolve(dicts)?;
                let later = resolve_all(&spec.chain[1..])?;
                let composed: Vec<(&str, String)> = seg_dict
                    .iter()
                    .map(|(key, value)| {
                        let mut out = String::with_capacity(value.len());
                        through(&later, value, &mut out);
                        (key, out)
                    })
                    .collect();
                let phrases = Arc::new(Dict::from_pairs(
                    composed.iter().map(|(k, v)| (*k, v.as_str())),
                ));
                return Ok(Converter {
                    config,
                    normalization,
                    segmentation: None,
                    chain: later,
                    fused: Some(Fused {
                        phrases,
                        rest_of_first,
                    }),
                });
            }
        }
        Ok(Converter {
            config,
            normalization,
            segmentation,
            chain: resolve_all(&spec.chain)?,
            fused: None,
        })
    }

    pub fn config(&self) -> Config {
        self.config
    }

    pub fn convert(&self, text: &str) -> String {
        // Most text has nothing to normalise: then it is not copied.
        let normalized: std::borrow::Cow<str> =
            if matches(&self.normalization, text).next().is_some() {
                let mut normalized = String::with_capacity(text.len());
                convert_into(&self.normalization, text, &mut normalized);
                normalized.into()
            } else {
                text.into()
            };
        if let Some(fused) = &self.fused {
            return self.convert_fused(&normalized, fused);
        }
        let segments = match &self.segmentation {
            Some(seg) => segments(seg, &normalized),
            None => vec![&*normalized],
        };
        let mut out = String::with_capacity(normalized.len() + normalized.len() / 8);
        let (mut a, mut b) = (String::new(), String::new());
        for segment in segments {
            let Some((first, rest)) = self.chain.split_first() else {
                out.push_str(segment);
                continue;
            };
            a.clear();
            convert_into(first, segment, &mut a);
            for stage in rest {
                b.clear();
                convert_into(stage, &a, &mut b);
                std::mem::swap(&mut a, &mut b);
            }
            out.push_str(&a);
        }
        out
    }
}

impl Converter {
    fn convert_fused(&self, s: &str, fused: &Fused) -> String {
        let mut out = String::with_capacity(s.len() + s.len() / 8);
        let later = &self.chain;
        let mut run = String::new();
        let mut finish_run = |text: &str, out: &mut String| {
            run.clear();
            convert_into(&fused.rest_of_first, text, &mut run);
            through(later, &run, out);
        };
        let mut start = 0;
        for (phrase, end, value) in matches(&fused.phrases, s) {
            if phrase > start {
                finish_run(&s[start..phrase], &mut out);
            }
            out.push_str(value);
            start = end;
        }
        if start < s.len() {
            finish_run(&s[start..], &mut out);
        }
        out
    }
}

/// Runs configs one after another (as `wenji::convert::plan` lists them).
pub fn convert_all(converters: &[Converter], text: &str) -> String {
    converters
        .iter()
        .fold(text.to_owned(), |t, c| c.convert(&t))
}

/// Loads dictionaries by name from `dir/<name>.txt` (the vendored OpenCC files, or the compact
/// ones `wenji build` ships).
pub fn load_dicts(dir: &std::path::Path, names: &[&'static str]) -> Result<Dicts, String> {
    let mut dicts = Dicts::new();
    for &name in names {
        let path = dir.join(format!("{name}.txt"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let dict = Dict::parse(text).map_err(|e| format!("{}: {e}", path.display()))?;
        dicts.insert(name, Arc::new(dict));
    }
    Ok(dicts)
}

/// Converts `text` with `convert`, except where an override's phrase occurs: there its own
/// replacement is used. Overrides are a collection's corrections that win over the dictionaries
/// (names, quotations, OpenCC's known slips such as 早就干了 → 早就幹了). The longest phrase wins
/// at each position; phrases are in the text's stored script.
pub fn convert_with_overrides(
    text: &str,
    overrides: &[(&str, &str)],
    mut convert: impl FnMut(&str) -> String,
) -> String {
    if overrides.is_empty() {
        return convert(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut plain_start = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let hit = overrides
            .iter()
            .filter(|(phrase, _)| !phrase.is_empty() && rest.starts_with(phrase))
            .max_by_key(|(phrase, _)| phrase.len());
        match hit {
            Some((phrase, replacement)) => {
                if plain_start < i {
                    out.push_str(&convert(&text[plain_start..i]));
                }
                out.push_str(replacement);
                i += phrase.len();
                plain_start = i;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    if plain_start < text.len() {
        out.push_str(&convert(&text[plain_start..]));
    }
    out
}
