//! Numbers as the interface shows and stores them, in integer arithmetic: formatting or parsing
//! a float would bring the standard library's float printing and parsing into the reader's wasm
//! (about 13 KB), for a percentage and a file size.

/// A fraction from 0 to 1 in thousandths, rounded and clamped.
pub fn permille(fraction: f64) -> u32 {
    if fraction.is_nan() || fraction <= 0.0 {
        0
    } else if fraction >= 1.0 {
        1000
    } else {
        (fraction * 1000.0 + 0.5) as u32
    }
}

/// Thousandths as a decimal fraction, `"0.512"`, `"1.000"`: the form positions are stored in.
pub fn permille_text(permille: u32) -> String {
    let p = permille.min(1000);
    format!("{}.{:03}", p / 1000, p % 1000)
}

/// Reads a stored fraction (`"0.512"`, `"0.5"`, `"1"`, `"0"`) as thousandths; digits past the
/// third are dropped. Anything else, or a value above 1, is `None`.
pub fn parse_permille(text: &str) -> Option<u32> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 1 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let thousandths = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0, |n, b| n * 10 + u32::from(b - b'0'));
    let value = u32::from(whole.as_bytes()[0] - b'0') * 1000 + thousandths;
    (value <= 1000).then_some(value)
}

/// Tenths as a decimal, `"12.3"`.
pub fn tenths_text(tenths: u64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A download size for people: `"850.0 KB"`, `"1.4 MB"`, to the nearest tenth.
pub fn byte_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        format!("{} MB", tenths_text((bytes * 10 + MB / 2) / MB))
    } else {
        format!("{} KB", tenths_text((bytes * 10 + KB / 2) / KB))
    }
}
