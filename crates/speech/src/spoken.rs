//! The spoken copy: a piece's text as given to the engine. The screen keeps the original.

use crate::piece::{is_closer, is_opener};
use crate::Pronunciation;

/// Turns a piece's text into what the engine is given, in one pass from left to right:
///
/// 1. **Pronunciation list**: where an entry's written form starts, the longest one is replaced
///    by its spoken form, copied as written (no other rule applies inside it).
/// 2. **Percentages**: a number followed by `%` or `％` (white space between allowed) is read as
///    百分之 and the number: `12.5%` → `百分之12.5`. Digits stay digits for the engine to read;
///    full-width digits become ASCII, and thousands separators are dropped (`1,200` → `1200`),
///    since a comma would be read as a pause.
/// 3. **Quote marks and brackets** (“”‘’「」『』《》〈〉()（）[]【】 … and `"`) are dropped: some
///    voices read them aloud, and iOS 17's compact voices say nothing at all for text between “”
///    (research note §1.2.8). A `'` between two Latin letters (don't) stays.
/// 4. **Half-width punctuation** becomes the full-width mark Chinese voices pause at:
///    `,` → `，`, `.` → `。`, `;` → `；`, `:` → `：`, `!` → `！`, `?` → `？`, and `..`/`...` → `…`;
///    except between two Latin letters or digits, where it is part of a word or number
///    (`a.b`, `3:2`). Full-width marks are the one pause every Chinese voice makes; a space is
///    not (engines differ, research note §4.2.4).
/// 5. `&` → 和, and `<` `>` are dropped (Edge's natural voices stop at them).
/// 6. **White space** runs become one space, or `，` when the run holds a line break (lines of
///    verse), and nothing next to a pause mark or at either end.
///
/// An empty result means there is nothing to say (a piece of only quotes or white space); the
/// player skips such pieces.
pub fn spoken(text: &str, pronunciation: &Pronunciation) -> String {
    let mut out = Spoken {
        text: String::with_capacity(text.len() + 8),
        gap: None,
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut i = 0;
    while i < chars.len() {
        let (byte, c) = chars[i];
        if let Some((len, say)) = pronunciation.longest_match(&text[byte..]) {
            out.push_str(say);
            let end = byte + len;
            while i < chars.len() && chars[i].0 < end {
                i += 1;
            }
            continue;
        }
        if digit(c).is_some() {
            i = number(&chars, i, &mut out);
            continue;
        }
        let latin_before = i > 0 && at(i - 1).is_some_and(|p| p.is_ascii_alphanumeric());
        let latin_after = at(i + 1).is_some_and(|n| n.is_ascii_alphanumeric());
        match c {
            '.' if at(i + 1) == Some('.') => {
                while at(i) == Some('.') {
                    i += 1;
                }
                out.push('…');
                continue;
            }
            ',' | '.' | ';' | ':' | '!' | '?' if latin_before && latin_after => out.push(c),
            ',' => out.push('，'),
            '.' => out.push('。'),
            ';' => out.push('；'),
            ':' => out.push('：'),
            '!' => out.push('！'),
            '?' => out.push('？'),
            '\'' if latin_before && latin_after => out.push(c),
            '&' => out.push('和'),
            '<' | '>' => {}
            c if is_opener(c) || is_closer(c) => {}
            c if c.is_whitespace() => {
                let newline = matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
                out.gap = Some(out.gap.unwrap_or(false) || newline);
            }
            c => out.push(c),
        }
        i += 1;
    }
    out.text
}

/// The spoken text being built, with a pending gap (white space; `true` if it held a line break)
/// written only once we know what follows it.
struct Spoken {
    text: String,
    gap: Option<bool>,
}

impl Spoken {
    fn flush_gap(&mut self, next: char) {
        if let Some(newline) = self.gap.take() {
            let after_pause = self.text.chars().next_back().is_none_or(is_pause);
            if !after_pause && !is_pause(next) {
                self.text.push(if newline { '，' } else { ' ' });
            }
        }
    }

    fn push(&mut self, c: char) {
        self.flush_gap(c);
        self.text.push(c);
    }

    fn push_str(&mut self, s: &str) {
        if let Some(first) = s.chars().next() {
            self.flush_gap(first);
            self.text.push_str(s);
        }
    }
}

fn is_pause(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | '！' | '？' | '、' | '…' | ' '
    )
}

/// The ASCII digit for an ASCII or full-width digit.
fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// Reads the number starting at `chars[i]` into `out` (after 百分之 if a percent sign follows)
/// and returns the index after it (and after the sign).
fn number(chars: &[(usize, char)], mut i: usize, out: &mut Spoken) -> usize {
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let is_digit = |i: usize| at(i).and_then(digit).is_some();
    let mut digits = String::new();
    let take_digits = |i: &mut usize, digits: &mut String| {
        while let Some(d) = at(*i).and_then(digit) {
            digits.push(d);
            *i += 1;
        }
    };
    take_digits(&mut i, &mut digits);
    // Thousands groups: a comma and exactly three digits.
    while at(i) == Some(',') && (1..=3).all(|k| is_digit(i + k)) && !is_digit(i + 4) {
        i += 1;
        take_digits(&mut i, &mut digits);
    }
    if matches!(at(i), Some('.' | '．')) && is_digit(i + 1) {
        digits.push('.');
        i += 1;
        take_digits(&mut i, &mut digits);
    }
    let mut sign = i;
    while at(sign).is_some_and(|c| c == ' ' || c == '\u{3000}') {
        sign += 1;
    }
    if matches!(at(sign), Some('%' | '％')) {
        out.push_str("百分之");
        out.push_str(&digits);
        sign + 1
    } else {
        out.push_str(&digits);
        i
    }
}
