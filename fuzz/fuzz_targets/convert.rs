//! Any text through every config, with the real dictionaries: never a panic, and the output is
//! valid UTF-8 by construction; empty input stays empty.
#![no_main]
use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use wenji::convert::{load_dicts, Config, Converter, DICT_NAMES};

static CONVERTERS: LazyLock<Vec<Converter>> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vendor/opencc");
    let dicts = load_dicts(&dir, &DICT_NAMES).expect("vendored dictionaries");
    Config::ALL.iter().map(|&c| Converter::new(c, &dicts).expect("converter")).collect()
});

fuzz_target!(|text: &str| {
    for converter in CONVERTERS.iter() {
        let out = converter.convert(text);
        assert_eq!(text.is_empty(), out.is_empty());
    }
});
