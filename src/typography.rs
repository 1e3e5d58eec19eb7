//! Chinese typography repairs applied when bundles are built: half-width punctuation inside
//! Chinese text becomes full-width, and stray spaces inside Chinese runs are removed.

/// What [`normalize`] changed, for the build report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fixes {
    /// Half-width `, : ; ! ?` made full-width.
    pub punctuation: usize,
    /// Spaces removed from inside Chinese runs ("3月30 日" → "3月30日").
    pub spaces: usize,
}

impl std::ops::AddAssign for Fixes {
    fn add_assign(&mut self, other: Fixes) {
        self.punctuation += other.punctuation;
        self.spaces += other.spaces;
    }
}

/// Han ideographs (BMP blocks and the supplementary planes).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}' | '\u{30000}'..='\u{3134F}')
}

/// Han or the punctuation used inside Chinese text.
fn is_chinese(c: char) -> bool {
    is_han(c)
        || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”' | '‘' | '’')
}

/// Units written right after a number in dates and times.
fn is_unit(c: char) -> bool {
    matches!(
        c,
        '年' | '月' | '日' | '時' | '时' | '分' | '秒' | '號' | '号'
    )
}

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '!' => '！',
        '?' => '？',
        _ => return None,
    })
}

/// Repairs `text`, adding what changed to `fixes`.
pub fn normalize(text: &str, fixes: &mut Fixes) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = out.chars().next_back();
        let next = chars.get(i + 1).copied();
        if let Some(wide) = full_width(c) {
            // After Chinese, and before Chinese, a digit, or the end: "心," "欄目,3月".
            let after_chinese = prev.is_some_and(is_chinese);
            let before_chinese =
                next.is_none_or(|n| is_chinese(n) || n.is_ascii_digit() || n == ' ');
            if after_chinese && before_chinese {
                out.push(wide);
                fixes.punctuation += 1;
                continue;
            }
        }
        if c == ' ' {
            let skip_spaces = chars[i..].iter().take_while(|&&s| s == ' ').count();
            let next = chars.get(i + skip_spaces).copied();
            if let (Some(p), Some(n)) = (prev, next) {
                let inside_chinese = (is_chinese(p) && is_chinese(n))
                    || (p.is_ascii_digit() && is_unit(n))
                    || (is_chinese(p) && prev_was_fixed(&out));
                if inside_chinese {
                    fixes.spaces += 1;
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// A space right after punctuation we just made full-width is the half-width habit's spacing.
fn prev_was_fixed(out: &str) -> bool {
    out.chars()
        .next_back()
        .is_some_and(|c| matches!(c, '，' | '：' | '；' | '！' | '？'))
}
