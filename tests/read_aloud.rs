#![cfg(not(target_arch = "wasm32"))]
//! Read-aloud's pure parts in the app: the stored position, the timer's and the speed's steps,
//! the script's language; and a collection's `pronunciation.tsv` through `wenji build` into its
//! data and its pages.

use std::fs;
use std::path::Path;

use wenji::model::{self, Say};
use wenji::read_aloud::{
    minutes_left, next_sleep, parse_position, position_key, position_text, rate_label, script_of,
    Script,
};
use wenji::route::Variant;
use wenji_speech::{Position, Rate, SleepTimer};

#[test]
fn a_position_is_stored_as_paragraph_and_piece() {
    let at = Position {
        paragraph: 12,
        piece: 3,
    };
    assert_eq!(position_text(at), "12.3");
    assert_eq!(parse_position("12.3"), Some(at));
    for bad in ["", "12", "a.b", "1.2.3", "-1.0", " 1.0"] {
        assert_eq!(parse_position(bad), None, "{bad:?}");
    }
    assert_eq!(position_key("c", "a"), "speech.c.a");
}

#[test]
fn the_sleep_timer_cycles_off_15_30_60() {
    let mut timer = SleepTimer::Off;
    let mut seen = Vec::new();
    for _ in 0..4 {
        timer = next_sleep(timer);
        seen.push(timer.minutes());
    }
    assert_eq!(seen, [Some(15), Some(30), Some(60), None]);
    assert_eq!(minutes_left(0), 0);
    assert_eq!(minutes_left(1), 1);
    assert_eq!(minutes_left(60_000), 1);
    assert_eq!(minutes_left(14 * 60_000 + 1), 15);
}

#[test]
fn speeds_are_shown_as_the_rate() {
    let labels: Vec<&str> = (0..5)
        .map(|s| rate_label(Rate::from_step(s).unwrap()))
        .collect();
    assert_eq!(labels, ["0.75×", "0.9×", "1×", "1.25×", "1.5×"]);
}

#[test]
fn each_variant_speaks_its_script() {
    assert_eq!(script_of(Variant::Hans), Script::Hans);
    assert_eq!(script_of(Variant::Hant), Script::Hant);
    assert_eq!(script_of(Variant::Tw), Script::Tw);
    assert_eq!(script_of(Variant::Hk), Script::Hk);
}

#[test]
fn old_files_without_pronunciations_still_read_and_bad_ones_are_refused() {
    let index = |pronunciation: &str| {
        format!(
            r#"{{"schema":"2.0","collection":{{"id":"c","title":"文集"}},"script":"hant","page":1,"pages":1,"articles":[]{pronunciation}}}"#
        )
    };
    let old = model::parse_index(&index("")).expect("an index without pronunciations");
    assert!(old.pronunciation.is_empty());
    let new = model::parse_index(&index(r#","pronunciation":[{"text":"重慶","say":"蟲慶"}]"#))
        .expect("an index with one");
    assert_eq!(
        new.pronunciation,
        [Say {
            text: "重慶".into(),
            say: "蟲慶".into()
        }]
    );
    // The reader refuses what the build would not write (the app reads entries as TSV lines).
    for (entries, problem) in [
        (
            r#"[{"text":"重慶","say":"蟲\t慶"}]"#,
            "pronunciation[0].say",
        ),
        (r#"[{"text":"重慶","say":""}]"#, "pronunciation[0].say"),
        (
            r#"[{"text":"重慶","say":"蟲慶"},{"text":"重慶","say":"崇慶"}]"#,
            "listed twice",
        ),
    ] {
        let error = model::parse_index(&index(&format!(r#","pronunciation":{entries}"#)))
            .expect_err("refused");
        assert!(error.to_string().contains(problem), "{error} for {entries}");
    }
}

/// A copy of the demo content with `pronunciation.tsv` in its collection.
fn content_with(tsv: &str) -> tempdir::Dir {
    let dir = tempdir::Dir::new();
    copy(Path::new("content"), dir.path());
    fs::write(
        dir.path().join("zhan-yi-feng-cai-lu/pronunciation.tsv"),
        tsv,
    )
    .unwrap();
    dir
}

fn copy(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

mod tempdir {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub struct Dir(PathBuf);
    static N: AtomicUsize = AtomicUsize::new(0);

    impl Dir {
        pub fn new() -> Dir {
            let path = std::env::temp_dir().join(format!(
                "wenji-read-aloud-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst)
            ));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            Dir(path)
        }
        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[test]
fn a_bad_pronunciation_list_fails_the_build_with_its_lines() {
    let content = content_with("# 讀音\n武漢\t舞漢\n醫院 醫願\n武漢\t五漢\n\t空\n");
    let problems = match wenji::build::build(content.path(), &options()) {
        Ok(_) => panic!("the build accepted a bad pronunciation.tsv"),
        Err(problems) => problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    };
    for line in [3, 4, 5] {
        assert!(
            problems.contains(&format!("pronunciation.tsv:{line}:")),
            "line {line} in {problems}"
        );
    }
}

fn options() -> wenji::build::Options {
    wenji::build::Options {
        dicts: Some("vendor/opencc".into()),
        ..Default::default()
    }
}

#[test]
fn a_pronunciation_list_is_shipped_in_the_collection_index() {
    let content = content_with("\u{feff}# 讀音\n\n武漢\t舞漢\n");
    let output = wenji::build::build(content.path(), &options()).expect("a good build");
    assert_eq!(
        output.collections[0].pronunciation,
        [Say {
            text: "武漢".into(),
            say: "舞漢".into()
        }]
    );
    let (_, index) = output
        .files
        .iter()
        .find(|(path, _)| path.ends_with("zhan-yi-feng-cai-lu/index.json"))
        .expect("the collection's index");
    let index = model::parse_index(std::str::from_utf8(index).unwrap()).unwrap();
    assert_eq!(index.pronunciation, output.collections[0].pronunciation);
    assert!(index.validate().is_empty());
}
