//! Any text as an article source: diagnostics or blocks, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = wenji::markdown::parse(text);
    let _ = wenji::typography::normalize(text, &mut Default::default());
});
