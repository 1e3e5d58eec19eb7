#![cfg(not(target_arch = "wasm32"))]
//! Every file in tests/hostile is refused by `wenji check` with a located message, never a panic.

use std::process::Command;

fn check(path: &std::path::Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wenji"))
        .arg("check")
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some(),
        "{} killed the checker",
        path.display()
    );
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn every_hostile_file_is_refused_with_where_and_why() {
    let expected = [
        ("catalog-hostile.json", "collections[0].id: \"a b\" is not an id"),
        ("data-link.json", "articles[0].blocks[0].text[0].href: \"data:text/html"),
        ("deep-nesting.json", "line 1, column 1 (at [0]): invalid type: sequence"),
        ("duplicate-ids.json", "articles[1].id: duplicate id"),
        ("empty.json", "line 1, column 0: EOF while parsing"),
        ("event-handler.json", "articles[0].blocks[0].text: contains HTML markup"),
        ("foreign-image.json", "articles[0].blocks[0].src: \"https://evil.example/track.gif\" is not a same-site relative path"),
        ("future-major.json", "schema version 9.0 is not supported"),
        ("html-entities.json", "articles[0].blocks[0].text: contains an HTML character reference"),
        ("invalid-utf8.json", "not UTF-8 text (invalid byte at offset"),
        ("javascript-link.json", "articles[0].blocks[0].text[0].href: \"javascript:alert(document.cookie)\" is not an http, https or mailto link"),
        ("path-escape.json", "articles[0].blocks[0].src: \"../../../etc/passwd\""),
        ("script-in-text.json", "articles[0].blocks[0].text: contains HTML markup"),
        ("syntax-error.json", "line 1, column 17: key must be a string"),
        ("truncated.json", "EOF while parsing a list"),
        ("wrong-types.json", "(at articles): invalid type: map, expected a sequence"),
    ];
    let mut files: Vec<String> = std::fs::read_dir("tests/hostile")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let names: Vec<&str> = expected.iter().map(|(n, _)| *n).collect();
    assert_eq!(files, names, "every hostile file has an expectation");
    for (name, message) in expected {
        let (ok, out) = check(&std::path::Path::new("tests/hostile").join(name));
        assert!(!ok, "{name} accepted:\n{out}");
        assert!(
            out.contains(message),
            "{name}: expected {message:?} in\n{out}"
        );
    }
    // The catalog's other problems are reported too, not just the first.
    let (_, out) = check(std::path::Path::new("tests/hostile/catalog-hostile.json"));
    assert!(
        out.contains("collections[0].updated: \"2020-02-30\" is not a YYYY-MM-DD date"),
        "{out}"
    );
    assert!(
        out.contains(
            "collections[0].index[0].href: \"//evil.example/x.json\" is not a relative path"
        ),
        "{out}"
    );
}

#[test]
fn a_twenty_megabyte_string_is_refused_before_parsing() {
    let path = std::env::temp_dir().join(format!("wenji-huge-{}.json", std::process::id()));
    let body = format!(r#"{{"schema":"2.0","pad":"{}"}}"#, "字".repeat(7_000_000));
    std::fs::write(&path, body).unwrap();
    let (ok, out) = check(&path);
    std::fs::remove_file(&path).unwrap();
    assert!(!ok);
    assert!(out.contains("bytes is over the limit of 4194304"), "{out}");
}
