//! A collection's pronunciation list: written forms the engine gets wrong, and what to give it
//! instead (a homophone, usually), applied to the spoken copy only.
//!
//! Without SSML (Chrome ignores it) the honest fix for a misread name or polyphonic character
//! (多音字: 重庆, 行长, 还款) is to substitute a homophone in the spoken string (research note §4.1).

use std::collections::BTreeMap;
use std::fmt;

/// A parsed `pronunciation.tsv`.
///
/// The file is UTF-8 text, one entry a line: the written form, a tab, the spoken form
/// (`重庆<TAB>虫庆`). Blank lines and lines whose first non-blank character is `#` are ignored;
/// there are no comments after an entry (`#` may be part of a written form). White space around
/// each field is trimmed and a leading byte-order mark is skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pronunciation {
    /// Longest written form first (in characters), so the first match is the longest.
    entries: Vec<(String, String)>,
}

/// One malformed line of a pronunciation list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PronunciationError {
    /// 1-based.
    pub line: usize,
    pub kind: PronunciationErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PronunciationErrorKind {
    /// No tab between the written and the spoken form (spaces are not separators).
    MissingTab,
    /// More than one tab.
    TooManyFields,
    EmptyWritten,
    EmptySpoken,
    /// The written form is already on line `first_line`.
    Duplicate {
        first_line: usize,
    },
}

impl Pronunciation {
    /// The list's file name in a collection's directory.
    pub const FILE_NAME: &'static str = "pronunciation.tsv";

    /// Parses a list, reporting every malformed line (in line order), not just the first.
    pub fn parse(tsv: &str) -> Result<Pronunciation, Vec<PronunciationError>> {
        let tsv = tsv.strip_prefix('\u{feff}').unwrap_or(tsv);
        let mut errors = Vec::new();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        let mut entries = Vec::new();
        for (index, raw) in tsv.lines().enumerate() {
            let line = index + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let mut fields = raw.split('\t');
            let written = fields.next().unwrap_or("").trim();
            let kind = match (fields.next().map(str::trim), fields.next()) {
                (None, _) => Some(PronunciationErrorKind::MissingTab),
                (Some(_), Some(_)) => Some(PronunciationErrorKind::TooManyFields),
                (Some(_), None) if written.is_empty() => Some(PronunciationErrorKind::EmptyWritten),
                (Some(""), None) => Some(PronunciationErrorKind::EmptySpoken),
                (Some(spoken), None) => match seen.get(written) {
                    Some(&first_line) => Some(PronunciationErrorKind::Duplicate { first_line }),
                    None => {
                        seen.insert(written, line);
                        entries.push((written.to_owned(), spoken.to_owned()));
                        None
                    }
                },
            };
            if let Some(kind) = kind {
                errors.push(PronunciationError { line, kind });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // Stable: entries of one length keep the file's order (they cannot both match at one place).
        entries.sort_by_key(|(written, _): &(String, String)| {
            core::cmp::Reverse(written.chars().count())
        });
        Ok(Pronunciation { entries })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries as (written, spoken), longest written form first.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(w, s)| (w.as_str(), s.as_str()))
    }

    /// The longest entry whose written form starts `rest`: (its length in bytes, spoken form).
    pub(crate) fn longest_match(&self, rest: &str) -> Option<(usize, &str)> {
        self.entries
            .iter()
            .find(|(written, _)| rest.starts_with(written.as_str()))
            .map(|(written, spoken)| (written.len(), spoken.as_str()))
    }
}

impl fmt::Display for PronunciationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} line {}: ", Pronunciation::FILE_NAME, self.line)?;
        match self.kind {
            PronunciationErrorKind::MissingTab => {
                f.write_str("no tab between the written and the spoken form")
            }
            PronunciationErrorKind::TooManyFields => {
                f.write_str("more than one tab (write: written<TAB>spoken)")
            }
            PronunciationErrorKind::EmptyWritten => f.write_str("the written form is empty"),
            PronunciationErrorKind::EmptySpoken => f.write_str("the spoken form is empty"),
            PronunciationErrorKind::Duplicate { first_line } => {
                write!(f, "the written form is already on line {first_line}")
            }
        }
    }
}

impl std::error::Error for PronunciationError {}
