//! Tokenising folded text into index terms.
//!
//! Text breaks at punctuation, spaces and script changes. A run of Han characters gives its
//! overlapping bigrams (我是中国人 → 我是 是中 中国 国人) and, at index time, its single
//! characters too, so that a one-character query finds something (Lucene's CJK bigrams with
//! `output_unigrams`). A run of digits or of letters is one word. No dictionary segmenter: the
//! same rule on both sides, so a query matches whatever the article contains.

use crate::varint::fnv64;

/// A term: a Han character, a Han bigram or a word, packed in 64 bits (two tag bits, then the
/// code points, or a 62-bit hash of a word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Term(pub u64);

const UNIGRAM: u64 = 1 << 62;
const BIGRAM: u64 = 2 << 62;
const WORD: u64 = 3 << 62;

impl Term {
    pub fn unigram(c: char) -> Term {
        Term(UNIGRAM | c as u64)
    }

    pub fn bigram(a: char, b: char) -> Term {
        Term(BIGRAM | (a as u64) << 21 | b as u64)
    }

    pub fn word(w: &str) -> Term {
        Term(WORD | (fnv64(w.as_bytes()) >> 2))
    }

    /// Which of `shards` shards holds the term (a mixed hash, so neighbouring code points
    /// spread).
    pub fn shard(self, shards: u32) -> u32 {
        let mut z = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z % u64::from(shards.max(1))) as u32
    }
}

/// What a character is to the tokeniser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Han,
    Digit,
    /// Any other letter or number (Latin, Greek, kana…).
    Letter,
    /// Punctuation, spaces, symbols, emoji: a break.
    Break,
}

pub fn class(c: char) -> Class {
    match c {
        '0'..='9' => Class::Digit,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}'
        | '〇' => Class::Han,
        c if c.is_alphanumeric() => Class::Letter,
        _ => Class::Break,
    }
}

/// Maximal runs of one class other than [`Class::Break`], as char ranges of `chars`.
pub fn runs(chars: &[char]) -> impl Iterator<Item = (Class, std::ops::Range<usize>)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < chars.len() && class(chars[i]) == Class::Break {
            i += 1;
        }
        let start = i;
        let k = class(*chars.get(i)?);
        while i < chars.len() && class(chars[i]) == k {
            i += 1;
        }
        Some((k, start..i))
    })
}

/// Calls `term` for every index term of folded text (unigrams, bigrams, words) and returns the
/// text's length in tokens (bigrams or single characters, and words) for BM25.
pub fn index_terms(folded: &[char], mut term: impl FnMut(Term)) -> u32 {
    let mut len = 0u32;
    let mut word = String::new();
    for (k, r) in runs(folded) {
        let run = &folded[r];
        match k {
            Class::Han => {
                for &c in run {
                    term(Term::unigram(c));
                }
                for w in run.windows(2) {
                    term(Term::bigram(w[0], w[1]));
                }
                len += run.len().saturating_sub(1).max(1) as u32;
            }
            _ => {
                word.clear();
                word.extend(run);
                term(Term::word(&word));
                len += 1;
            }
        }
    }
    len
}

/// The terms a query word's run needs: its bigrams, or the character itself if it is one.
pub fn query_terms(class: Class, run: &[char], out: &mut Vec<Term>) {
    match (class, run) {
        (Class::Han, [one]) => out.push(Term::unigram(*one)),
        (Class::Han, _) => out.extend(run.windows(2).map(|w| Term::bigram(w[0], w[1]))),
        _ => out.push(Term::word(&run.iter().collect::<String>())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> (Vec<Term>, u32) {
        let chars: Vec<char> = s.chars().collect();
        let mut out = Vec::new();
        let len = index_terms(&chars, |t| out.push(t));
        (out, len)
    }

    #[test]
    fn han_runs_give_unigrams_and_overlapping_bigrams() {
        let (t, len) = terms("中国人");
        let u = Term::unigram;
        let b = Term::bigram;
        assert_eq!(t, [u('中'), u('国'), u('人'), b('中', '国'), b('国', '人')]);
        assert_eq!(len, 2);
    }

    #[test]
    fn punctuation_and_script_changes_break_runs() {
        let (t, _) = terms("2020年，covid19！");
        assert_eq!(
            t,
            [
                Term::word("2020"),
                Term::unigram('年'),
                Term::word("covid"),
                Term::word("19"),
            ]
        );
        // No bigram across the comma.
        let (t, _) = terms("甲，乙");
        assert!(!t.contains(&Term::bigram('甲', '乙')));
    }

    #[test]
    fn emoji_and_markup_are_breaks() {
        let (t, len) = terms("😀<>/\u{FFFD}");
        assert!(t.is_empty());
        assert_eq!(len, 0);
        let (t, _) = terms("<script>");
        assert_eq!(t, [Term::word("script")]);
    }

    #[test]
    fn term_kinds_never_collide_and_shards_are_in_range() {
        assert_ne!(Term::unigram('中'), Term::word("中"));
        assert_ne!(Term::bigram('\0', '中'), Term::unigram('中'));
        for s in [1, 7, 1024] {
            assert!(Term::word("x").shard(s) < s);
        }
    }
}
