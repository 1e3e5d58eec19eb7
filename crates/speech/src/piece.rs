//! Pieces: a paragraph cut into what one utterance speaks.
//!
//! Engines drop long utterances (desktop Chrome's Google voices stop silently after about 14 s,
//! research note §1.2.1), so a paragraph is spoken piece by piece: sentences, and sentences longer
//! than [`MAX_PIECE_CHARS`] cut again at clause punctuation. The cuts only mark positions in the
//! paragraph's own text: nothing is dropped, added or reordered, so the pieces' ranges tile it.

use core::ops::Range;

/// The most characters (Unicode scalar values) in one piece. Mandarin voices speak about 4–5
/// characters a second at rate 1, so a full piece takes 12–15 s; a sentence with clause
/// punctuation is usually cut far shorter, near its middle.
pub const MAX_PIECE_CHARS: usize = 60;

/// One piece of a paragraph, as ranges into the paragraph's text in three units: characters
/// (Rust `char`s), UTF-8 bytes (to slice the `&str`) and UTF-16 code units (JavaScript string
/// and DOM `Range` offsets, which differ from characters for characters outside the BMP, such as
/// rare CJK Extension B ideographs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub chars: Range<usize>,
    pub bytes: Range<usize>,
    pub utf16: Range<usize>,
}

impl Piece {
    /// The piece's text in `paragraph`, the text it was split from.
    pub fn text<'a>(&self, paragraph: &'a str) -> &'a str {
        &paragraph[self.bytes.clone()]
    }

    /// The piece's length in characters.
    pub fn char_len(&self) -> usize {
        self.chars.end - self.chars.start
    }
}

/// A paragraph's text with its pieces, the unit the [`Player`](crate::Player) moves through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    text: String,
    pieces: Vec<Piece>,
}

impl Paragraph {
    /// Splits `text` (as displayed: the converted script, not the spoken copy) into pieces.
    pub fn new(text: impl Into<String>) -> Paragraph {
        let text = text.into();
        let pieces = split(&text);
        Paragraph { text, pieces }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// The text of piece `index`, or `None` past the last piece.
    pub fn piece_text(&self, index: usize) -> Option<&str> {
        self.pieces.get(index).map(|piece| piece.text(&self.text))
    }
}

/// Splits a paragraph's text into pieces of at most [`MAX_PIECE_CHARS`] characters.
///
/// 1. Sentences end after a run of 。！？… (so ？！ and …… stay whole; half-width `.!?` count
///    when no letter or digit follows them, so 12.5 and a.b are not cut), followed by any closing
///    quotes and brackets (」』”’）》〉】 …) and then any white space. A run of terminators before
///    any other text (a paragraph opening with ……) does not end a sentence.
/// 2. A sentence longer than the limit is cut after the clause mark (，；、：, or `,;:` not
///    followed by a digit or letter) nearest its middle, again and again until every part fits.
/// 3. A part with no clause mark is cut hard at the limit, moved back up to 20 characters so as
///    not to cut inside a run of Latin letters or digits, after an opening quote or before a
///    closing one or a terminator, when it can.
///
/// The pieces cover `text` exactly, in order; empty text gives no pieces.
pub fn split(text: &str) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mut ends = Vec::new();
    let mut start = 0;
    for end in sentence_ends(&chars) {
        cut_long(&chars, start, end, &mut ends);
        start = end;
    }
    to_pieces(text, &ends)
}

/// Where sentences end, as character indices; the last is `chars.len()` when there is text.
fn sentence_ends(chars: &[char]) -> Vec<usize> {
    let n = chars.len();
    let mut ends = Vec::new();
    let mut has_content = false;
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if has_content && is_terminator(c) {
            let mut j = i;
            while j < n && is_terminator(chars[j]) {
                j += 1;
            }
            // Half-width terminators inside 12.5, a.b or "?x=1" are not sentence ends.
            let ascii_inside =
                chars[i..j].iter().all(char::is_ascii) && j < n && chars[j].is_ascii_alphanumeric();
            if !ascii_inside {
                while j < n && (is_closer(chars[j]) || is_terminator(chars[j])) {
                    j += 1;
                }
                while j < n && chars[j].is_whitespace() {
                    j += 1;
                }
                ends.push(j);
                has_content = false;
                i = j;
                continue;
            }
        }
        if !(is_terminator(c) || is_closer(c) || is_opener(c) || c.is_whitespace()) {
            has_content = true;
        }
        i += 1;
    }
    if n > 0 && ends.last() != Some(&n) {
        ends.push(n);
    }
    ends
}

/// Pushes the ends of the parts of `chars[start..end]`, each at most [`MAX_PIECE_CHARS`] long.
fn cut_long(chars: &[char], start: usize, end: usize, ends: &mut Vec<usize>) {
    if end - start <= MAX_PIECE_CHARS {
        ends.push(end);
        return;
    }
    let middle = start + (end - start) / 2;
    let mut best: Option<usize> = None;
    for i in start..end {
        if !is_clause_mark(chars, i) {
            continue;
        }
        let mut cut = i + 1;
        while cut < end && (is_closer(chars[cut]) || chars[cut].is_whitespace()) {
            cut += 1;
        }
        if cut < end && best.is_none_or(|b| cut.abs_diff(middle) < b.abs_diff(middle)) {
            best = Some(cut);
        }
    }
    match best {
        Some(cut) => {
            cut_long(chars, start, cut, ends);
            cut_long(chars, cut, end, ends);
        }
        None => {
            let hard = start + MAX_PIECE_CHARS;
            let good = |k: usize| {
                let (before, after) = (chars[k - 1], chars[k]);
                let inside_word = before.is_ascii_alphanumeric() && after.is_ascii_alphanumeric();
                !(inside_word || is_terminator(after) || is_closer(after) || is_opener(before))
            };
            let cut = (hard - 20..=hard).rev().find(|&k| good(k)).unwrap_or(hard);
            ends.push(cut);
            cut_long(chars, cut, end, ends);
        }
    }
}

fn to_pieces(text: &str, ends: &[usize]) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(ends.len());
    let (mut char_at, mut byte_at, mut utf16_at) = (0, 0, 0);
    let mut start = (0, 0, 0);
    let mut ends = ends.iter().peekable();
    for c in text.chars() {
        char_at += 1;
        byte_at += c.len_utf8();
        utf16_at += c.len_utf16();
        if ends.peek() == Some(&&char_at) {
            ends.next();
            pieces.push(Piece {
                chars: start.0..char_at,
                bytes: start.1..byte_at,
                utf16: start.2..utf16_at,
            });
            start = (char_at, byte_at, utf16_at);
        }
    }
    pieces
}

fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '…' | '‥' | '｡' | '.' | '!' | '?')
}

/// Closing quotes and brackets, which belong to the sentence before them. Half-width `"` and `'`
/// are ambiguous, but right after a terminator they close.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '」' | '』'
            | '”'
            | '’'
            | '）'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '〗'
            | '〙'
            | '〛'
            | '］'
            | '｝'
            | '﹂'
            | '﹄'
            | '｣'
            | '»'
            | ')'
            | ']'
            | '}'
            | '"'
            | '\''
    )
}

pub(crate) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '「' | '『'
            | '“'
            | '‘'
            | '（'
            | '《'
            | '〈'
            | '【'
            | '〔'
            | '〖'
            | '〘'
            | '〚'
            | '［'
            | '｛'
            | '﹁'
            | '﹃'
            | '｢'
            | '«'
            | '('
            | '['
            | '{'
    )
}

/// A clause mark at `chars[i]` where a long sentence may be cut: full-width ，；、： always,
/// half-width `,;:` unless a letter or digit follows (1,200 and 12:30 stay whole).
fn is_clause_mark(chars: &[char], i: usize) -> bool {
    match chars[i] {
        '，' | '；' | '、' | '：' | '﹐' | '﹑' | '﹔' | '﹕' => true,
        ',' | ';' | ':' => chars.get(i + 1).is_none_or(|c| !c.is_ascii_alphanumeric()),
        _ => false,
    }
}
