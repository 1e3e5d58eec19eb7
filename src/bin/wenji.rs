//! `wenji`: the editors' command-line tool for article bundles.
//!
//! Run from the repository root as `cargo run --release --bin wenji -- <command>`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use wenji::build::{self, Options};
use wenji::convert::{self, Config, Converter};
use wenji::model::{check_document, DocumentKind, Script};
use wenji::route::Variant;

/// The vendored OpenCC dictionaries, relative to the repository root.
const DICT_DIR: &str = "vendor/opencc";

const USAGE: &str = "\
usage:
  wenji build <content-dir> <site-dir> [--shell <index.html>] [--allow-image-host <host>]...
              [--dicts <dir>]
      Markdown sources → the site's data in <site-dir>/data/ (catalog, collection indexes, one
      file per article, photos; see docs/format.md) and the dictionaries in data/dict/ (from
      --dicts, default vendor/opencc). With --shell (the app's index.html as trunk built it),
      also every page, prerendered in every script. The same input always gives byte-identical
      output. Problems are reported as file:line: message.
  wenji check <file-or-dir>...
      Validate catalogs, collection indexes and article files (a directory is searched for
      *.json). Every problem is
      reported with its file and JSON path or line.
  wenji convert --to <hans|hant|tw|hk> [--from <hans|hant>]
  wenji convert --config <s2t|s2tw|s2twp|s2hk|t2s|tw2s|tw2sp|hk2s>
      Convert standard input to standard output, line for line, exactly as OpenCC 1.4.2 does.
      --to picks the reader's variant (from Simplified unless --from hant).

  wenji search <site-dir> <query> [--script <hans|hant|tw|hk>] [--page <n>]
      Search a built site as its readers do (the same index, ranking and snippets; matches in
      【】), showing titles and snippets in --script (default: the site's own).

All exit with status 1 if anything is wrong, 2 on a usage error.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("build") => build_command(&args[1..]),
        Some("check") if args.len() > 1 => check(&args[1..]),
        Some("convert") => convert_command(&args[1..]),
        Some("search") => search_command(&args[1..]),
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
            "--shell" => match args.next().map(std::fs::read_to_string) {
                Some(Ok(html)) => options.shell = Some(html),
                Some(Err(e)) => {
                    eprintln!("--shell: {e}");
                    return ExitCode::FAILURE;
                }
                None => return usage(),
            },
            "--dicts" => match args.next() {
                Some(dir) => options.dicts = Some(PathBuf::from(dir)),
                None => return usage(),
            },
            flag if flag.starts_with("--") => return usage(),
            path => paths.push(PathBuf::from(path)),
        }
    }
    let [content, out] = paths.as_slice() else {
        return usage();
    };
    if options.dicts.is_none() && Path::new(DICT_DIR).is_dir() {
        options.dicts = Some(PathBuf::from(DICT_DIR));
    }
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

fn search_command(args: &[String]) -> ExitCode {
    let mut positional = Vec::new();
    let mut variant = None;
    let mut page = 1;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--script" => match args.next().and_then(|v| Variant::from_param(v)) {
                Some(v) => variant = Some(v),
                None => return usage(),
            },
            "--page" => match args.next().and_then(|p| p.parse::<usize>().ok()) {
                Some(p) if p > 0 => page = p,
                _ => return usage(),
            },
            _ => positional.push(arg.as_str()),
        }
    }
    let [site, query] = positional.as_slice() else {
        return usage();
    };
    let site = Path::new(site);
    let variant = variant.unwrap_or_else(|| {
        std::fs::read_to_string(site.join("data/catalog.json"))
            .ok()
            .and_then(|json| wenji::model::parse_catalog(&json).ok())
            .map_or(Variant::Hant, |c| Variant::from(c.site.script))
    });
    let started = Instant::now();
    match wenji::search::search_site(site, query, variant, page) {
        Ok((found, total)) => {
            let took = started.elapsed();
            for (i, f) in found.iter().enumerate() {
                let snippet: String = f
                    .snippet
                    .iter()
                    .map(|(text, marked)| {
                        if *marked {
                            format!("【{text}】")
                        } else {
                            text.clone()
                        }
                    })
                    .collect();
                let rank = (page - 1) * wenji::search::PAGE_SIZE + i + 1;
                println!(
                    "{rank}. {} — {} · {}\n   {}\n   {snippet}",
                    f.title, f.collection, f.date, f.path
                );
            }
            println!("{total} articles ({took:.2?})");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
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
        if file.ends_with("search/index.json") {
            let problems = wenji::search::check_index(file.parent().unwrap_or(Path::new(".")));
            if problems.is_empty() {
                println!("ok     {} (search index)", file.display());
            } else {
                failed += 1;
                for problem in problems {
                    println!("error  {} (search index): {problem}", file.display());
                }
            }
            continue;
        }
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
            DocumentKind::Index => "index",
            DocumentKind::Bundle => "article",
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
            // The reader's dictionaries (`build::DICT_DIR`) are not catalogs or bundles.
            if entry.is_dir() && entry.file_name().is_some_and(|n| n == build::DICT_DIR) {
                continue;
            }
            if entry.is_dir() || entry.extension().is_some_and(|e| e == "json") {
                collect_json(&entry, out)?;
            }
        }
    } else {
        out.push(path.to_owned());
    }
    Ok(())
}

fn convert_command(args: &[String]) -> ExitCode {
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map(String::as_str)
    };
    let configs: Vec<Config> = match (value("--config"), value("--to")) {
        (Some(name), None) => match Config::from_name(name) {
            Some(config) => vec![config],
            None => return usage(),
        },
        (None, Some(to)) => {
            let from = match value("--from") {
                None | Some("hans") => Script::Hans,
                Some("hant") => Script::Hant,
                Some(_) => return usage(),
            };
            match Variant::from_param(to) {
                Some(variant) => convert::plan(from, variant).to_vec(),
                None => return usage(),
            }
        }
        _ => return usage(),
    };
    let mut names: Vec<&'static str> = configs.iter().flat_map(|c| c.dicts()).collect();
    names.sort_unstable();
    names.dedup();
    let converters = match convert::load_dicts(Path::new(DICT_DIR), &names).and_then(|dicts| {
        configs
            .iter()
            .map(|&c| Converter::new(c, &dicts))
            .collect::<Result<Vec<_>, _>>()
    }) {
        Ok(converters) => converters,
        Err(e) => {
            eprintln!("cannot load the dictionaries (run from the repository root): {e}");
            return ExitCode::FAILURE;
        }
    };
    use std::io::{BufRead, Write};
    let stdin = std::io::stdin().lock();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("standard input: {e}");
                return ExitCode::FAILURE;
            }
        };
        let converted = convert::convert_all(&converters, &line);
        if writeln!(stdout, "{converted}").is_err() {
            return ExitCode::FAILURE;
        }
    }
    let _ = stdout.flush();
    ExitCode::SUCCESS
}
