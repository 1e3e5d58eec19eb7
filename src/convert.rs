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

/// Every converter the reader's variants need, loaded once: what the build uses to write each
/// page in every script.
pub struct Scripts {
    converters: Vec<Converter>,
}

impl Scripts {
    /// Loads the dictionaries of every config [`plan`] uses from OpenCC's folder.
    pub fn load(dir: &std::path::Path) -> Result<Scripts, String> {
        const CONFIGS: [Config; 4] = [Config::T2s, Config::S2tw, Config::S2twp, Config::S2hk];
        let mut names: Vec<&'static str> = CONFIGS.iter().flat_map(|c| c.dicts()).collect();
        names.sort_unstable();
        names.dedup();
        let dicts = load_dicts(dir, &names)?;
        let converters = CONFIGS
            .iter()
            .map(|&c| Converter::new(c, &dicts))
            .collect::<Result<_, _>>()?;
        Ok(Scripts { converters })
    }

    /// Text written in `from` as a reader of `to` expects it, with the collection's overrides
    /// (`(phrase, replacement)` for this variant) winning over the dictionaries.
    pub fn convert(
        &self,
        from: crate::model::Script,
        to: Variant,
        overrides: &[(&str, &str)],
        text: &str,
    ) -> String {
        // Called for every span of every page: no allocation beyond the text itself.
        let chain = plan(from, to)
            .iter()
            .filter_map(|&config| self.converters.iter().find(|c| c.config() == config));
        convert_with_overrides(text, overrides, |part| {
            let mut stages = chain.clone();
            match stages.next() {
                Some(first) => stages.fold(first.convert(part), |text, c| c.convert(&text)),
                None => part.to_owned(),
            }
        })
    }
}
