//! `wenji`: the editors' command-line tool for article bundles.
//!
//! Run from the repository root as `cargo run --release --bin wenji -- <command>`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use wenji::build::{self, Options};
use wenji::model::{check_document, DocumentKind};

const USAGE: &str = "\
usage:
  wenji build <content-dir> <out-dir> [--allow-image-host <host>]...
      Markdown sources → catalog.json and bundles (see docs/format.md). The same input
      always gives byte-identical output. Problems are reported as file:line: message.
  wenji check <file-or-dir>...
      Validate catalogs and bundles (a directory is searched for *.json). Every problem is
      reported with its file and JSON path or line.

Both exit with status 1 if anything is wrong, 2 on a usage error.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("build") => build_command(&args[1..]),
        Some("check") if args.len() > 1 => check(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn build_command(args: &[String]) -> ExitCode {
    let mut paths = Vec::new();
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--allow-image-host" => match args.next() {
                Some(host) => options.image_hosts.push(host.clone()),
                None => return usage(),
            },
            flag if flag.starts_with("--") => return usage(),
            path => paths.push(PathBuf::from(path)),
        }
    }
    let [content, out] = paths.as_slice() else {
        return usage();
    };
    let started = Instant::now();
    match build::build_to(content, out, &options) {
        Ok(report) => {
            println!(
                "built {} in {:.2?}: {report}",
                out.display(),
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for problem in &problems {
                eprintln!("error: {problem}");
            }
            eprintln!("{} problems; nothing was written", problems.len());
            ExitCode::FAILURE
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
        let (kind, problems) = match std::fs::read(file) {
            Ok(bytes) => check_document(bytes),
            Err(e) => {
                failed += 1;
                println!("error  {}: cannot read: {e}", file.display());
                continue;
            }
        };
        let kind = match kind {
            DocumentKind::Catalog => "catalog",
            DocumentKind::Bundle => "bundle",
        };
        if problems.is_empty() {
            println!("ok     {} ({kind})", file.display());
        } else {
            failed += 1;
            for problem in problems {
                println!("error  {} ({kind}): {problem}", file.display());
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
