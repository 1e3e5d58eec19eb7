#![cfg(not(target_arch = "wasm32"))]
//! Search over a built site, as `wenji search` and the search view run it: the index and the
//! articles' texts `wenji build` writes beside the pages, queries in every script, ranking,
//! snippets, paging and bad input.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use wenji::build::{build_to, Options};
use wenji::route::Variant;
use wenji::search::{parse_query, scan, search_site, DocText, Fold, Found, IndexInfo, PAGE_SIZE};

const SHELL: &str = "<!doctype html><html lang=zh-Hant><meta charset=utf-8><title>文集</title></head><body></body></html>";

/// Articles with phrases found in one of them only, in a Traditional and a Simplified
/// collection, and enough look-alike articles to page.
fn write_content(dir: &Path) {
    let write = |path: &str, text: &str| {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "site.md",
        "---\nname: 湖北黨史\nscript: hant\nlicence: 版權所有\n---\n",
    );
    write(
        "jiang-han/collection.md",
        "---\ntitle: 江漢紀事\ndescription: 測試\nscript: hant\n---\n",
    );
    write(
        "jiang-han/2020-01-01-ying-hua.md",
        "---\ntitle: 櫻花盛開的季節\ndate: 2020-01-01\n---\n\n三月的武漢大學櫻花盛開，粉朵橫斜，如詩勝雪。\n\n社區幹部和黨員在這裡服務群眾。\n",
    );
    write(
        "jiang-han/2020-01-02-ruan-ti.md",
        "---\ntitle: 資訊科技\ndate: 2020-01-02\n---\n\n工作隊用軟體記錄居民的體溫，打了2000餘個電話。\n",
    );
    write(
        "jiang-han/2020-01-03-chang-jiang.md",
        "---\ntitle: 長江兩岸\ndate: 2020-01-03\n---\n\n武漢大學的學生在長江邊唱歌。武漢的大雪讓學生們很高興。\n",
    );
    // Twelve articles that say 工作隊 (with 資訊科技, thirteen), to page (ten a page).
    for i in 0..12 {
        write(
            &format!("jiang-han/2021-02-{:02}-gong-zuo-{i}.md", i + 1),
            &format!(
                "---\ntitle: 工作紀實第{i}篇\ndate: 2021-02-{:02}\n---\n\n工作隊第{i}次上門服務，送菜送藥。\n",
                i + 1
            ),
        );
    }
    write(
        "hubei/collection.md",
        "---\ntitle: 湖北新闻\ndescription: 简体\nscript: hans\n---\n",
    );
    write(
        "hubei/2022-05-01-xin-wen.md",
        "---\ntitle: 后期工作安排\ndate: 2022-05-01\n---\n\n后期工作由干部统一安排，联系电话另行通知。\n",
    );
}

/// The site, built once for every test.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let base = std::env::temp_dir().join(format!("wenji-search-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let content = base.join("content");
        let out = base.join("site");
        write_content(&content);
        let report = build_to(
            &content,
            &out,
            &Options {
                dicts: Some("vendor/opencc".into()),
                shell: Some(SHELL.into()),
                ..Default::default()
            },
        )
        .expect("the content builds");
        assert!(report.search_files > 0, "{report}");
        out
    })
}

fn search(query: &str, variant: Variant) -> (Vec<Found>, usize) {
    search_site(site(), query, variant, 1).expect("the search runs")
}

fn titles(found: &[Found]) -> Vec<&str> {
    found.iter().map(|f| f.title.as_str()).collect()
}

#[test]
fn a_phrase_finds_its_article_whatever_script_it_is_typed_in() {
    for query in ["武汉大学樱花", "武漢大學櫻花"] {
        for variant in Variant::ALL {
            let (found, total) = search(query, variant);
            assert_eq!(total, 1, "{query} in {variant:?}: {:?}", titles(&found));
            assert!(found[0].exact);
        }
    }
    // The title and path come in the reader's script.
    let (hans, _) = search("樱花盛开", Variant::Hans);
    assert_eq!(hans[0].title, "樱花盛开的季节");
    assert!(
        hans[0].path.starts_with("hans/jiang-han/"),
        "{}",
        hans[0].path
    );
    let (hant, _) = search("樱花盛开", Variant::Hant);
    assert_eq!(hant[0].title, "櫻花盛開的季節");
    assert_eq!(hant[0].path, "jiang-han/ying-hua/");
    // Taiwan and mainland words fold together: 軟體 (TW) is 软件 (mainland).
    let (found, _) = search("软件", Variant::Tw);
    assert_eq!(titles(&found), ["資訊科技"]);
    // A Simplified collection is found by Traditional queries, and shown in Traditional.
    let (found, _) = search("後期工作", Variant::Tw);
    assert_eq!(titles(&found), ["後期工作安排"]);
    assert!(found[0].path.starts_with("tw/hubei/"), "{}", found[0].path);
}

#[test]
fn an_exact_phrase_ranks_above_its_characters_scattered() {
    // Both texts have 武漢, 漢大 and 大學; only 長江兩岸 has them apart (武漢大學 is whole in
    // the other, too, but 學生 only here).
    let (found, _) = search("武汉大学", Variant::Hant);
    assert_eq!(found.len(), 2, "{:?}", titles(&found));
    assert!(found.iter().all(|f| f.exact));
    let (found, _) = search("大学生", Variant::Hant);
    // 大學生 does not occur whole anywhere: 大學的學生 and 大學櫻花 only have pieces.
    assert!(found.iter().all(|f| !f.exact), "{found:?}");
    // Words separated by a space must all match.
    let (found, _) = search("长江 樱花", Variant::Hant);
    assert!(found.is_empty(), "{:?}", titles(&found));
    let (found, _) = search("长江 学生", Variant::Hant);
    assert_eq!(titles(&found), ["長江兩岸"]);
    // A title match ranks above the same words in a text.
    let (found, _) = search("工作", Variant::Hant);
    assert!(found[0].title.contains("工作"), "{:?}", titles(&found));
}

#[test]
fn the_snippet_marks_the_match_in_the_readers_script() {
    let (found, _) = search("2000", Variant::Hans);
    assert_eq!(titles(&found), ["资讯科技"]);
    let (found, _) = search("居民的体温", Variant::Hant);
    let marked: Vec<&str> = found[0]
        .snippet
        .iter()
        .filter(|(_, m)| *m)
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(marked, ["居民的體溫"]);
    let whole: String = found[0].snippet.iter().map(|(t, _)| t.as_str()).collect();
    assert!(whole.contains("工作隊用軟體記錄居民的體溫"), "{whole}");
}

#[test]
fn results_page_ten_at_a_time() {
    let (first, total) = search("工作隊", Variant::Hant);
    assert_eq!(total, 13);
    assert_eq!(first.len(), PAGE_SIZE);
    let (second, _) = search_site(site(), "工作隊", Variant::Hant, 2).unwrap();
    assert_eq!(second.len(), 3);
    let (beyond, _) = search_site(site(), "工作隊", Variant::Hant, 9).unwrap();
    assert!(beyond.is_empty());
    let mut all: Vec<u32> = first.iter().chain(&second).map(|f| f.doc).collect();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 13, "no article on two pages");
}

#[test]
fn bad_queries_get_an_answer_not_an_error() {
    for query in [
        "",
        "   ",
        "，。！？",
        "😀😀",
        "<script>alert(1)</script>",
        "%E4%B8%ZZ",
        "\u{fffd}",
    ] {
        let (found, _) = search(query, Variant::Hant);
        assert!(
            found.iter().all(|f| !f.title.is_empty()),
            "{query:?}: {found:?}"
        );
    }
    assert_eq!(search("，。！？", Variant::Hant).1, 0);
    // A thousand characters: cut to the first 64, in bounded time. (Repeated, the phrase has
    // pieces no article holds, 學武, so it finds nothing, which is right.)
    for long in ["武漢大學".repeat(250), "櫻".repeat(1000)] {
        let started = std::time::Instant::now();
        let (_, total) = search(&long, Variant::Hant);
        assert!(
            started.elapsed().as_millis() < 500,
            "{:?}",
            started.elapsed()
        );
        assert!(total <= 1);
    }
}

#[test]
fn the_build_writes_the_index_and_every_articles_text_in_every_script() {
    let dir = site().join("search");
    let info: IndexInfo =
        serde_json::from_str(&fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    assert_eq!(info.count, 16);
    assert!(dir.join(&info.fold).is_file());
    assert!(dir.join(&info.manifest).is_file());
    for variant in Variant::ALL {
        for doc in 0..info.count {
            let text = fs::read_to_string(dir.join(info.doc_file(variant, doc))).unwrap();
            let doc = DocText::parse(&text).expect("a text the app can read");
            assert!(
                site().join(&doc.path).join("index.html").is_file(),
                "{}",
                doc.path
            );
        }
    }
    // And the search page, in every script, with its note for browsers without JavaScript.
    let page = fs::read_to_string(site().join("search/index.html")).unwrap();
    assert!(page.contains("data-page=\"search\""), "{page}");
    assert!(page.contains("JavaScript"), "{page}");
    let hans = fs::read_to_string(site().join("hans/search/index.html")).unwrap();
    assert!(hans.contains("aria-label=\"搜索\""), "{hans}");
    // Every page's field leads there.
    let article = fs::read_to_string(site().join("jiang-han/ying-hua/index.html")).unwrap();
    let form = article
        .split("<form ")
        .nth(1)
        .and_then(|f| f.split('>').next())
        .unwrap_or_default();
    assert!(form.contains("action=\"../../search/\""), "{article}");
    assert!(form.contains("role=\"search\""), "{form}");
    assert!(article.contains("type=\"search\" name=\"q\""), "{article}");
}

#[test]
fn damaged_text_files_are_refused() {
    assert_eq!(DocText::parse("only a title"), None);
    assert_eq!(DocText::parse("t\nc\nd\n../../../etc/\nbody"), None);
    assert_eq!(DocText::parse("t\nc\nd\nhttps://evil.example/\nbody"), None);
    let doc = DocText::parse("t\nc\n2020-01-01\njiang-han/a/\nline one\nline two").unwrap();
    assert_eq!(doc.body, "line one\nline two");
}

#[test]
fn offline_the_saved_texts_are_searched_whole() {
    let dir = site().join("search");
    let info: IndexInfo =
        serde_json::from_str(&fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    // In catalog order (by id).
    assert_eq!(info.docs_of("hubei"), 0..1);
    assert_eq!(info.docs_of("jiang-han"), 1..16);
    assert_eq!(info.docs_of("nowhere"), 0..0);
    let fold = Fold::from_bytes(&fs::read(dir.join(&info.fold)).unwrap()).unwrap();
    let texts = || {
        info.docs_of("jiang-han")
            .map(|doc| {
                let text = fs::read_to_string(dir.join(info.doc_file(Variant::Hans, doc))).unwrap();
                (doc, DocText::parse(&text).unwrap())
            })
            .collect::<Vec<_>>()
    };
    // Typed in Traditional, found in the Simplified texts; the title match first.
    let query = parse_query(&fold, "工作").unwrap();
    let found = scan(&fold, &query, texts());
    assert_eq!(found.len(), 13);
    assert!(
        found[0].title.starts_with("工作纪实"),
        "{:?}",
        titles(&found)
    );
    assert_eq!(found.last().unwrap().title, "资讯科技");
    // Not saved, not found: the other collection's article.
    let query = parse_query(&fold, "後期工作").unwrap();
    assert!(scan(&fold, &query, texts()).is_empty());
}

#[test]
fn check_finds_a_damaged_or_missing_file_of_the_index() {
    assert_eq!(
        wenji::search::check_index(&site().join("search")),
        Vec::<String>::new()
    );
    let copy = site().with_file_name("damaged-search");
    let _ = fs::remove_dir_all(&copy);
    copy_dir(&site().join("search"), &copy);
    let info: IndexInfo =
        serde_json::from_str(&fs::read_to_string(copy.join("index.json")).unwrap()).unwrap();
    let shard = fs::read_dir(&copy)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with('s'))
        .unwrap();
    let bytes = fs::read(&shard).unwrap();
    fs::write(&shard, &bytes[..bytes.len() / 2]).unwrap();
    fs::remove_file(copy.join(info.doc_file(Variant::Tw, 3))).unwrap();
    let problems = wenji::search::check_index(&copy);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems.iter().any(|p| p.contains("tw/3.txt")),
        "{problems:?}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}
