//! Conversion throughput, native: a 10 MB mixed corpus (the seed article in Simplified and
//! Traditional, the one-to-many sentences, Latin and digits) through the reader's configs.
//! Prints MB/s per config; the goal is ≥ 100 MB/s. Also the dictionary load time.
//!
//!   cargo bench --bench convert
//!
//! The last line, `bench-json {…}`, carries the figures for scripts/bench.mjs.

use std::path::Path;
use std::time::Instant;

use wenji::convert::{load_dicts, Config, Converter, DICT_NAMES};

const CORPUS_BYTES: usize = 10 * 1024 * 1024;
const GOAL_MB_S: f64 = 100.0;

fn main() {
    let started = Instant::now();
    let dicts =
        load_dicts(Path::new("vendor/opencc"), &DICT_NAMES).expect("run from the repository root");
    println!(
        "loaded {} dictionaries in {:.1?}",
        dicts.len(),
        started.elapsed()
    );

    let seed =
        std::fs::read_to_string("content/zhan-yi-feng-cai-lu/2020-03-30-nuan-ru-chun-feng.md")
            .unwrap();
    let sentences = std::fs::read_to_string("tests/fixtures/one-to-many.txt").unwrap();
    let t2s = Converter::new(Config::T2s, &dicts).unwrap();
    let seed_hans = t2s.convert(&seed);
    let mut corpus = String::with_capacity(CORPUS_BYTES + 100_000);
    let mut i = 0u32;
    while corpus.len() < CORPUS_BYTES {
        corpus.push_str(match i % 4 {
            0 => &seed_hans,
            1 => &seed,
            2 => &sentences,
            _ => "Wenji 0.1 reads 2,546 households and 7,546 people — version 1.4.2 of OpenCC.\n",
        });
        i += 1;
    }
    let mb = corpus.len() as f64 / 1e6;
    println!("corpus: {mb:.1} MB");
    let mut figures = Vec::new();
    for config in [
        Config::S2tw,
        Config::S2twp,
        Config::S2hk,
        Config::T2s,
        Config::S2t,
    ] {
        let converter = Converter::new(config, &dicts).unwrap();
        // Line by line, as articles are converted paragraph by paragraph.
        let mut best = f64::MAX;
        let mut out_len = 0;
        for _ in 0..3 {
            let t = Instant::now();
            out_len = corpus
                .lines()
                .map(|l| converter.convert(l).len())
                .sum::<usize>();
            best = best.min(t.elapsed().as_secs_f64());
        }
        let rate = mb / best;
        println!(
            "{:>6}: {rate:7.1} MB/s ({best:.3} s, {out_len} bytes out); goal ≥ {GOAL_MB_S} MB/s … {}",
            config.name(),
            if rate >= GOAL_MB_S { "PASS" } else { "FAIL" }
        );
        figures.push(format!("\"{}\": {rate:.1}", config.name()));
    }
    println!(
        "bench-json {{\"corpus_mb\": {mb:.2}, \"mb_per_s\": {{{}}}}}",
        figures.join(", ")
    );
}
