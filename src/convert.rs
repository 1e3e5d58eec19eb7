//! Script conversion: the OpenCC engine (crates/opencc, re-exported here) and which of its
//! configs each reader variant needs.

pub use wenji_opencc::*;

use crate::route::Variant;

/// The configs that take text in `from` to what a reader of `to` expects, in order; empty when
/// the text is already right. Traditional sources reach the regional standards through
/// Simplified, OpenCC's own route.
pub fn plan(from: crate::model::Script, to: Variant) -> &'static [Config] {
    use crate::model::Script::{Hans, Hant};
    match (from, to) {
        (Hans, Variant::Hans) | (Hant, Variant::Hant) => &[],
        (Hans, Variant::Hant) => &[Config::S2tw],
        (Hans, Variant::Tw) => &[Config::S2twp],
        (Hans, Variant::Hk) => &[Config::S2hk],
        (Hant, Variant::Hans) => &[Config::T2s],
        (Hant, Variant::Tw) => &[Config::T2s, Config::S2twp],
        (Hant, Variant::Hk) => &[Config::T2s, Config::S2hk],
    }
}
