#![cfg(not(target_arch = "wasm32"))]
//! `wenji check` as editors run it.

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

#[test]
fn check_accepts_the_demo_data() {
    let (ok, out) = wenji_check(&["public/data".as_ref()]);
    assert!(ok, "{out}");
    assert!(out.contains("2 checked, 0 with errors"), "{out}");
}

#[test]
fn check_locates_each_problem_and_fails() {
    let dir = std::env::temp_dir().join(format!("wenji-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let wrong_type = dir.join("wrong-type.json");
    std::fs::write(&wrong_type, "{\"schema\":\"1.0\",\n\"collection\":{\"id\":\"c\",\"title\":\"T\"},\n\"script\":\"hant\",\n\"articles\": 7}").unwrap();
    let binary = dir.join("binary.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x7b]).unwrap();
    let empty = dir.join("empty.json");
    std::fs::write(&empty, "").unwrap();

    let (ok, out) = wenji_check(&[&dir]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(!ok, "{out}");
    assert!(out.contains("wrong-type.json: line 4, column"), "{out}");
    assert!(
        out.contains("invalid type: integer `7`, expected a sequence"),
        "{out}"
    );
    assert!(out.contains("binary.json: not UTF-8"), "{out}");
    assert!(
        out.contains("empty.json: line 1, column 0: EOF while parsing"),
        "{out}"
    );
    assert!(out.contains("3 checked, 3 with errors"), "{out}");
}
