//! Parsing what the reader typed.

use crate::token::{class, query_terms, runs, Class};
use crate::{Fold, Term};

/// A parsed query: its words (all required) and their terms.
///
/// Words are separated by spaces or punctuation. Every word must match: all the bigrams of a
/// Han word (or, for a one-character word, the character), every Latin or digit word. Terms are
/// deduplicated and capped at [`Query::MAX_TERMS`], the input at [`Query::MAX_INPUT_CHARS`], so a
/// pasted paragraph costs bounded time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    words: Vec<String>,
    terms: Vec<Term>,
}

impl Query {
    pub const MAX_TERMS: usize = 32;
    pub const MAX_INPUT_CHARS: usize = 256;

    pub fn parse(fold: &Fold, input: &str) -> Query {
        let end = input
            .char_indices()
            .nth(Self::MAX_INPUT_CHARS)
            .map_or(input.len(), |(i, _)| i);
        let folded: Vec<char> = fold.fold(&input[..end]).chars().collect();
        let mut q = Query::default();
        let mut word_terms = Vec::new();
        for word in folded.split(|&c| class(c) == Class::Break) {
            if word.is_empty() {
                continue;
            }
            word_terms.clear();
            for (k, r) in runs(word) {
                query_terms(k, &word[r], &mut word_terms);
            }
            let mut complete = true;
            for &t in &word_terms {
                if q.terms.contains(&t) {
                    continue;
                }
                if q.terms.len() == Self::MAX_TERMS {
                    complete = false;
                    break;
                }
                q.terms.push(t);
            }
            // A word cut by the cap is still searched by the terms that fit, but not checked
            // for contiguity (it cannot be, in full).
            if complete {
                let w: String = word.iter().collect();
                if !q.words.contains(&w) {
                    q.words.push(w);
                }
            }
            if !complete {
                break;
            }
        }
        q
    }

    /// No terms: nothing to search for (empty input, punctuation, emoji).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The deduplicated terms, in query order.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The folded words, each of which an exact match contains contiguously.
    pub fn words(&self) -> &[String] {
        &self.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_spaces_and_punctuation_and_terms_dedupe() {
        let f = Fold::width_only();
        let q = Query::parse(&f, " 中国人，中国 a ");
        assert_eq!(q.words(), ["中国人", "中国", "a"]);
        assert_eq!(
            q.terms(),
            [
                Term::bigram('中', '国'),
                Term::bigram('国', '人'),
                Term::word("a")
            ]
        );
        assert_eq!(Query::parse(&f, "国").terms(), [Term::unigram('国')]);
    }

    #[test]
    fn hostile_input_gives_an_empty_or_bounded_query() {
        let f = Fold::width_only();
        for s in ["", "   ", "，。！？", "😀😀", "\u{FFFD}\u{FFFD}", "<>&\"'"] {
            assert!(Query::parse(&f, s).is_empty(), "{s:?}");
        }
        let long: String = "中国人民解放军".chars().cycle().take(1000).collect();
        assert!(Query::parse(&f, &long).terms().len() <= Query::MAX_TERMS);
        let many: String = (0..1000).map(|i| format!("{i} ")).collect();
        let q = Query::parse(&f, &many);
        assert_eq!(q.terms().len(), Query::MAX_TERMS);
        assert_eq!(q.words().len(), Query::MAX_TERMS);
    }
}
