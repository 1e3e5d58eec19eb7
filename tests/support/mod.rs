//! Shared by the native test files.
#![allow(dead_code)]

use std::path::Path;

use wenji::build::{build, Options, Output};

/// The demo content built exactly as the trunk hook builds it for the app.
pub fn demo_build() -> Output {
    let options = Options {
        dicts: Some("vendor/opencc".into()),
        ..Default::default()
    };
    build(Path::new("content"), &options).expect("content builds")
}

/// `(config, input, expected)` rows from a `{"cases": [{"input", "expected": {config: …}}]}`
/// table (OpenCC's testcases.json and the oracle table share the shape).
pub fn conversion_cases(json: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut cases = Vec::new();
    for case in json["cases"].as_array().expect("cases") {
        let input = case["input"].as_str().expect("input");
        for (config, expected) in case["expected"].as_object().expect("expected") {
            cases.push((
                config.clone(),
                input.to_owned(),
                expected.as_str().expect("output").to_owned(),
            ));
        }
    }
    cases
}

/// A fresh content folder in the system's temp folder, `wenji-<name>-<pid>`, with a Simplified
/// site and one collection `c/` (and `c/images/`), for tests that add articles to it.
pub fn one_collection_content(name: &str) -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("wenji-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("c/images")).unwrap();
    std::fs::write(
        root.join("site.md"),
        "---\nname: 站\nscript: hans\nlicence: 版權\n---\n",
    )
    .unwrap();
    std::fs::write(
        root.join("c/collection.md"),
        "---\ntitle: 集\ndescription: 說明\nscript: hans\n---\n",
    )
    .unwrap();
    root
}
