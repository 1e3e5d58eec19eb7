//! `wenji build` at scale: 10,000 generated articles (≈ 4,600 characters each, in 20
//! collections: one of 3,000, one of 20, the rest even) built natively, data and every page in
//! every script. Prints the time (budget 30 s on two cores), peak memory (budget 1 GB), and the
//! site's file count and size on disk.
//!
//!   cargo bench --bench build
//!   WENJI_BENCH_SITE=<dir> WENJI_SHELL=<built index.html> cargo bench --bench build
//!       keeps the built site in <dir> (for scripts/bench.mjs to serve), with the app's shell
//!
//! The last line, `bench-json {…}`, carries the figures for scripts/bench.mjs.

mod support;

use std::fmt::Write as _;
use std::fs;
use std::time::Instant;

const ARTICLES: usize = 10_000;
const COLLECTIONS: usize = 20;
/// The largest column, first, and a small one, second; the rest share what is left.
const LARGEST: usize = 3_000;
const SMALLEST: usize = 20;
const BUDGET_SECS: f64 = 30.0;
const BUDGET_PEAK_MB: f64 = 1024.0;

/// How many articles collection `c` holds.
fn articles_in(c: usize) -> usize {
    let rest = (ARTICLES - LARGEST - SMALLEST) / (COLLECTIONS - 2);
    match c {
        0 => LARGEST,
        1 => SMALLEST,
        c if c == COLLECTIONS - 1 => ARTICLES - LARGEST - SMALLEST - rest * (COLLECTIONS - 3),
        _ => rest,
    }
}

fn main() {
    let root = std::env::temp_dir().join(format!("wenji-bench-{}", std::process::id()));
    let content = root.join("content");
    let kept = std::env::var_os("WENJI_BENCH_SITE").map(std::path::PathBuf::from);
    let out = kept.clone().unwrap_or_else(|| root.join("out"));
    if kept.is_some() {
        // Only the generated pages and data: the app's files stay.
        let _ = fs::remove_dir_all(out.join("data"));
        let _ = fs::remove_dir_all(out.join("search"));
        for c in 0..COLLECTIONS {
            let _ = fs::remove_dir_all(out.join(format!("collection-{c:02}")));
            for v in ["hans", "tw", "hk"] {
                let _ = fs::remove_dir_all(out.join(v));
            }
        }
    }
    let shell = match std::env::var_os("WENJI_SHELL") {
        Some(path) => fs::read_to_string(path).unwrap(),
        None => fs::read_to_string("index.html").unwrap(),
    };
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&content).unwrap();
    fs::write(
        content.join("site.md"),
        "---\nname: 測試站\nscript: hant\nlicence: 測試\n---\n",
    )
    .unwrap();

    // A pseudo-random but fixed text, so every run builds the same input.
    let han: Vec<char> = "的一是在不了有和人這中大為上個國我以要他時來用們生到作地於出就分對成會可主發年動同工也能下過子說產種面而方後多定行學法所民得經十三之進著等部度家電力裡如水化高自二理起小物現實加量都兩體制機當使點從業本去把性好應開它合還因由其些然前外天政四日那社義事平形相全表間樣與關各重新線內數正心反你明看原又麼利比或但質氣第向道命此變條只沒結解問意建月公無系軍很情者最立代想已通並提直題黨程展五果料象員革位入常文總次品式活設及管特件長求老頭基資邊流路級少圖山統接知較將組見計別她手角期根論運農指幾九區強放決西被幹做必戰先回則任取據處理".chars().collect();
    let mut seed = 0x9e37_79b9_u32;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    let mut sentence = |len: usize| -> String {
        let mut s: String = (0..len).map(|_| han[next() as usize % han.len()]).collect();
        s.insert(len / 2 * 3, ',');
        s.push('。');
        s
    };
    let generate_started = Instant::now();
    for c in 0..COLLECTIONS {
        let dir = content.join(format!("collection-{c:02}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("collection.md"),
            format!("---\ntitle: 合集{c}\ndescription: 生成的測試合集\nscript: hant\n---\n"),
        )
        .unwrap();
        for a in 0..articles_in(c) {
            let mut text = format!(
                "---\ntitle: {}\ndate: 2021-{:02}-{:02}\nsource: 測試\n---\n\n",
                sentence(10),
                a % 12 + 1,
                a % 28 + 1
            );
            for section in 0..3 {
                let _ = write!(text, "## {}\n\n", sentence(8));
                for _ in 0..10 {
                    let _ = write!(text, "{}{}{}\n\n", sentence(40), sentence(50), sentence(60));
                }
                if section == 1 {
                    let _ = write!(
                        text,
                        "::: verse\n{}\n{}\n:::\n\n> {}\n\n",
                        sentence(10),
                        sentence(10),
                        sentence(30)
                    );
                }
            }
            fs::write(dir.join(format!("{a:05}.md")), text).unwrap();
        }
    }
    let source_bytes: u64 = walk_bytes(&content);
    println!(
        "generated {ARTICLES} articles ({:.1} MB of Markdown) in {:.2?}",
        source_bytes as f64 / 1e6,
        generate_started.elapsed()
    );

    let options = wenji::build::Options {
        dicts: Some("vendor/opencc".into()),
        shell: Some(shell),
        ..Default::default()
    };
    let started = Instant::now();
    let report = wenji::build::build_to(&content, &out, &options).unwrap_or_else(|problems| {
        panic!("generated content failed to build: {}", problems[0]);
    });
    let secs = started.elapsed().as_secs_f64();
    let peak_mb = support::peak_memory_kb() as f64 / 1024.0;
    let (files, bytes) = walk(&out);
    println!("wenji build: {report}");
    println!(
        "wenji build of {ARTICLES} articles with every page in 4 scripts: {secs:.2} s ({:.0} articles/s, {:.1} MB/s of Markdown); budget ≤ {BUDGET_SECS} s … {}",
        ARTICLES as f64 / secs,
        source_bytes as f64 / 1e6 / secs,
        if secs <= BUDGET_SECS { "PASS" } else { "FAIL" }
    );
    println!(
        "peak memory {peak_mb:.0} MB; budget ≤ {BUDGET_PEAK_MB} MB … {}",
        if peak_mb <= BUDGET_PEAK_MB {
            "PASS"
        } else {
            "FAIL"
        }
    );
    println!(
        "the site: {files} files, {:.1} MB on disk",
        bytes as f64 / 1e6
    );
    println!(
        "bench-json {{\"articles\": {ARTICLES}, \"markdown_mb\": {:.1}, \"seconds\": {secs:.3}, \"peak_mb\": {peak_mb:.1}, \"files\": {files}, \"site_mb\": {:.1}, \"pages\": {}}}",
        source_bytes as f64 / 1e6,
        bytes as f64 / 1e6,
        report.pages
    );
    if kept.is_none() {
        let _ = fs::remove_dir_all(&root);
    } else {
        let _ = fs::remove_dir_all(&content);
    }
}

/// Files below `dir` and their bytes.
fn walk(dir: &std::path::Path) -> (u64, u64) {
    let mut total = (0, 0);
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let (f, b) = walk(&path);
            total.0 += f;
            total.1 += b;
        } else {
            total.0 += 1;
            total.1 += fs::metadata(&path).unwrap().len();
        }
    }
    total
}

fn walk_bytes(dir: &std::path::Path) -> u64 {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk_bytes(&path)
            } else {
                fs::metadata(&path).unwrap().len()
            }
        })
        .sum()
}
