//! `wenji`: the editors' command-line tool for article bundles.
//!
//! Run from the repository root as `cargo run --release --bin wenji -- <command>`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wenji::model::{self, FormatError, MAX_DOCUMENT_BYTES};

const USAGE: &str = "\
usage: wenji check <file-or-dir>...

  check   validate catalogs and bundles (JSON); a directory is searched for *.json.
          Every problem is reported with its file and location; exit status 1 if any.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((cmd, paths)) if cmd == "check" && !paths.is_empty() => check(paths),
        Some((flag, _)) if flag == "-h" || flag == "--help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn check(paths: &[String]) -> ExitCode {
    let mut files = Vec::new();
    for path in paths {
        if let Err(e) = collect_json(Path::new(path), &mut files) {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    files.sort();
    let mut failed = 0;
    for file in &files {
        match check_file(file) {
            Ok(kind) => println!("ok     {} ({kind})", file.display()),
            Err(message) => {
                failed += 1;
                println!("error  {}: {message}", file.display());
            }
        }
    }
    println!("{} checked, {failed} with errors", files.len());
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn collect_json(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        for entry in std::fs::read_dir(path)? {
            let entry = entry?.path();
            if entry.is_dir() || entry.extension().is_some_and(|e| e == "json") {
                collect_json(&entry, out)?;
            }
        }
    } else {
        out.push(path.to_owned());
    }
    Ok(())
}

/// A catalog has `site` and `collections`; anything else is checked as a bundle.
fn check_file(path: &Path) -> Result<&'static str, String> {
    let len = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if len > MAX_DOCUMENT_BYTES as u64 {
        return Err(FormatError::TooLarge {
            bytes: len as usize,
        }
        .to_string());
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|e| format!("not UTF-8 text: {e}"))?;
    let looks_like_catalog = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .is_some_and(|v| v.get("collections").is_some());
    if looks_like_catalog {
        model::parse_catalog(&text)
            .map(|_| "catalog")
            .map_err(|e| e.to_string())
    } else {
        model::parse_bundle(&text)
            .map(|_| "bundle")
            .map_err(|e| e.to_string())
    }
}
