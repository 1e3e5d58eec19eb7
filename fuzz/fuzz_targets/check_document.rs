//! Any bytes as a catalog or bundle: a located error or success, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = wenji::model::check_document(data.to_vec());
});
