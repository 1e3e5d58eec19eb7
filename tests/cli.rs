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

/// `wenji build` with the app's source index.html as the shell, as the trunk hook runs it.
fn wenji_build(content: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wenji"))
        .arg("build")
        .arg(content)
        .arg(out)
        .args(["--shell", "index.html"])
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
    let mut expected = vec![
        "data/catalog.json",
        "data/zhan-yi-feng-cai-lu/index.json",
        "data/zhan-yi-feng-cai-lu/nuan-ru-chun-feng.json",
        "data/dict/manifest.json",
        "index.html",
        "404.html",
        "search/index.html",
        "search/index.json",
        "zhan-yi-feng-cai-lu/index.html",
        "zhan-yi-feng-cai-lu/nuan-ru-chun-feng/index.html",
    ];
    // The other three scripts' copies of every page.
    let copies: Vec<String> = ["hans", "tw", "hk"]
        .iter()
        .flat_map(|v| {
            [
                "index.html",
                "404.html",
                "search/index.html",
                "zhan-yi-feng-cai-lu/index.html",
                "zhan-yi-feng-cai-lu/nuan-ru-chun-feng/index.html",
            ]
            .map(|p| format!("{v}/{p}"))
        })
        .collect();
    expected.extend(copies.iter().map(String::as_str));
    for name in &expected {
        assert!(files_one.contains_key(*name), "{name} written");
    }
    assert!(
        !files_one.contains_key("hant/index.html"),
        "the site's own script is at the top, not copied"
    );
    let pages = files_one.keys().filter(|n| n.ends_with(".html")).count();
    assert_eq!(pages, 20, "5 pages (with search) in 4 scripts");
    assert!(
        files_one
            .keys()
            .filter(|n| n.starts_with("data/dict/"))
            .count()
            > 10,
        "the dictionaries written"
    );
    let page = String::from_utf8_lossy(
        &files_one["hans/zhan-yi-feng-cai-lu/nuan-ru-chun-feng/index.html"],
    );
    assert!(
        page.contains("<title>暖如春风入心田 · 战“疫”风采录</title>"),
        "{page}"
    );
    assert!(page.contains("干部"), "converted to Simplified");
    let (ok, out) = wenji_check(&[&one]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(ok, "{out}");
    assert!(out.contains("4 checked, 0 with errors"), "{out}");
    assert!(out.contains("search/index.json (search index)"), "{out}");
}

#[test]
fn ids_that_would_hide_the_sites_own_folders_are_refused_with_their_line() {
    let dir = temp_dir("reserved");
    let content = dir.join("content");
    let collection = content.join("c");
    std::fs::create_dir_all(&collection).unwrap();
    std::fs::write(
        content.join("site.md"),
        "---\nname: 站\nscript: hans\n---\n",
    )
    .unwrap();
    std::fs::write(
        collection.join("collection.md"),
        "---\ntitle: 集\nid: search\nscript: hans\n---\n",
    )
    .unwrap();
    std::fs::write(
        collection.join("2020-01-01-page.md"),
        "---\ntitle: 文\ndate: 2020-01-01\n---\n\n正文。\n",
    )
    .unwrap();
    let run = wenji_build(&content, &dir.join("out"));
    let err = String::from_utf8_lossy(&run.stderr).into_owned();
    let wrote = dir.join("out").exists();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(!run.status.success());
    assert!(!wrote, "nothing written");
    assert!(
        err.contains("collection.md:3: collection id \"search\" is one of the site's own paths"),
        "{err}"
    );
}

#[test]
fn check_locates_each_problem_and_fails() {
    let dir = temp_dir("check");
    let wrong_type = dir.join("wrong-type.json");
    std::fs::write(&wrong_type, "{\"schema\":\"2.0\",\n\"collection\":{\"id\":\"c\",\"title\":\"T\"},\n\"script\":\"hant\",\n\"articles\": 7}").unwrap();
    let binary = dir.join("binary.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x7b]).unwrap();
    let empty = dir.join("empty.json");
    std::fs::write(&empty, "").unwrap();

    let (ok, out) = wenji_check(&[&dir]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(!ok, "{out}");
    assert!(
        out.contains("wrong-type.json (article): line 4, column 13 (at articles)"),
        "{out}"
    );
    assert!(
        out.contains("invalid type: integer `7`, expected a sequence"),
        "{out}"
    );
    assert!(
        out.contains("binary.json (article): not UTF-8 text (invalid byte at offset 0)"),
        "{out}"
    );
    assert!(
        out.contains("empty.json (article): line 1, column 0: EOF while parsing"),
        "{out}"
    );
    assert!(out.contains("3 checked, 3 with errors"), "{out}");
}
