#![cfg(not(target_arch = "wasm32"))]
//! `wenji check` as editors run it.

use std::path::Path;
use std::process::Command;

fn wenji_check(paths: &[&std::path::Path]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wenji"))
        .arg("check")
        .args(paths)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("wenji-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file below `dir` by its path relative to `dir` (with `/`), with its bytes.
fn files_under(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn wenji_build(content: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wenji"))
        .arg("build")
        .arg(content)
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn build_twice_gives_identical_output_that_check_accepts() {
    let dir = temp_dir("build");
    let (one, two) = (dir.join("one"), dir.join("two"));
    for out in [&one, &two] {
        let run = wenji_build(Path::new("content"), out);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let report = String::from_utf8_lossy(&run.stdout);
        assert!(
            report.contains("1 collections (1 repaired from naive Traditional), 1 articles"),
            "{report}"
        );
        assert!(
            report.contains(
                "195 half-width punctuation marks made full-width, 2 stray spaces removed"
            ),
            "{report}"
        );
    }
    // Every file of both builds, byte for byte: the same names, the same bytes.
    let (files_one, files_two) = (files_under(&one), files_under(&two));
    assert_eq!(
        files_one.keys().collect::<Vec<_>>(),
        files_two.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &files_one {
        assert!(
            bytes == &files_two[name],
            "{name} differs between two builds"
        );
    }
    for expected in [
        "catalog.json",
        "zhan-yi-feng-cai-lu.json",
        "dict/manifest.json",
    ] {
        assert!(files_one.contains_key(expected), "{expected} written");
    }
    assert!(
        files_one.keys().filter(|n| n.starts_with("dict/")).count() > 10,
        "the dictionaries written"
    );
    let (ok, out) = wenji_check(&[&one]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(ok, "{out}");
    assert!(out.contains("2 checked, 0 with errors"), "{out}");
}

#[test]
fn check_locates_each_problem_and_fails() {
    let dir = temp_dir("check");
    let wrong_type = dir.join("wrong-type.json");
    std::fs::write(&wrong_type, "{\"schema\":\"1.0\",\n\"collection\":{\"id\":\"c\",\"title\":\"T\"},\n\"script\":\"hant\",\n\"articles\": 7}").unwrap();
    let binary = dir.join("binary.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x7b]).unwrap();
    let empty = dir.join("empty.json");
    std::fs::write(&empty, "").unwrap();

    let (ok, out) = wenji_check(&[&dir]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(!ok, "{out}");
    assert!(
        out.contains("wrong-type.json (bundle): line 4, column 13 (at articles)"),
        "{out}"
    );
    assert!(
        out.contains("invalid type: integer `7`, expected a sequence"),
        "{out}"
    );
    assert!(
        out.contains("binary.json (bundle): not UTF-8 text (invalid byte at offset 0)"),
        "{out}"
    );
    assert!(
        out.contains("empty.json (bundle): line 1, column 0: EOF while parsing"),
        "{out}"
    );
    assert!(out.contains("3 checked, 3 with errors"), "{out}");
}
