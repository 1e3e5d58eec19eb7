#![cfg(not(target_arch = "wasm32"))]
//! The data format (schema 2): the demo content, round trips, and every way a document is
//! refused.

use wenji::model::{
    check_document, is_valid_date, parse_bundle, parse_catalog, parse_index, Block, Bundle,
    DocumentKind, FormatError, ListItem, SchemaVersion, Span, Text, MAX_DOCUMENT_BYTES,
};

use std::sync::LazyLock;

mod support;

/// The demo data exactly as `wenji build content` makes it for the app: the catalog, the
/// collection's index and the article's own file.
static DEMO: LazyLock<(String, String, String)> = LazyLock::new(|| {
    let output = support::demo_build();
    let file = |name: &str| output.text(name).expect(name).to_owned();
    (
        file("data/catalog.json"),
        file("data/zhan-yi-feng-cai-lu/nuan-ru-chun-feng.json"),
        file("data/zhan-yi-feng-cai-lu/index.json"),
    )
});

fn demo() -> Bundle {
    parse_bundle(&DEMO.1).expect("demo bundle parses")
}

fn count(bundle: &Bundle, pred: impl Fn(&Block) -> bool) -> usize {
    bundle.articles[0].blocks.iter().filter(|b| pred(b)).count()
}

#[test]
fn demo_catalog_lists_the_seed_collection_and_its_bundle() {
    let catalog = parse_catalog(&DEMO.0).expect("demo catalog parses");
    assert_eq!(catalog.site.name, "湖北黨史");
    let entry = catalog
        .collection("zhan-yi-feng-cai-lu")
        .expect("seed collection listed");
    assert_eq!(entry.title, "戰“疫”風采錄");
    assert_eq!(entry.index.len(), 1);
    assert_eq!(entry.index[0].href, "zhan-yi-feng-cai-lu/index.json");
    assert_eq!(entry.index[0].bytes as usize, DEMO.2.len());
    assert_eq!(
        entry.bytes as usize,
        DEMO.1.len() + DEMO.2.len(),
        "catalog records the collection's data size (index and articles)"
    );
    assert_eq!(entry.articles, 1);
    let index = parse_index(&DEMO.2).expect("demo index parses");
    assert_eq!((index.page, index.pages), (1, 1));
    let listed = &index.articles[0];
    assert_eq!(listed.id, "nuan-ru-chun-feng");
    assert_eq!(listed.href, "zhan-yi-feng-cai-lu/nuan-ru-chun-feng.json");
    assert_eq!(listed.bytes as usize, DEMO.1.len());
    assert_eq!(listed.title, demo().articles[0].title);
    assert_eq!(listed.chars, demo().articles[0].chars);
}

#[test]
fn an_article_file_holds_that_article_alone() {
    let bundle = demo();
    assert_eq!(bundle.articles.len(), 1);
    assert_eq!(bundle.collection.id, "zhan-yi-feng-cai-lu");
    assert_eq!(
        check_document(DEMO.1.clone().into_bytes()).0,
        DocumentKind::Bundle
    );
    assert_eq!(
        check_document(DEMO.2.clone().into_bytes()).0,
        DocumentKind::Index
    );
    assert_eq!(
        check_document(DEMO.0.clone().into_bytes()).0,
        DocumentKind::Catalog
    );
}

#[test]
fn lists_and_photo_sizes_round_trip_and_are_checked() {
    let json = bundle_with(
        r#"[{"type":"list","ordered":true,"items":["一",{"text":"二","ordered":false,"items":["甲","乙"]}]},
           {"type":"figure","src":"c/images/a.jpg","caption":"圖","width":4000,"height":3000,
            "files":[{"src":"c/images/a-480.webp","width":480,"format":"webp"},
                     {"src":"c/images/a-480.jpg","width":480,"format":"jpeg"}]}]"#,
    );
    let bundle = parse_bundle(&json).expect("lists and photo files read");
    let blocks = &bundle.articles[0].blocks;
    assert_eq!(
        blocks[0],
        Block::List {
            ordered: true,
            items: vec![
                ListItem {
                    text: Text::plain("一"),
                    ordered: false,
                    items: vec![],
                },
                ListItem {
                    text: Text::plain("二"),
                    ordered: false,
                    items: vec![Text::plain("甲"), Text::plain("乙")],
                },
            ],
        }
    );
    assert!(
        matches!(&blocks[1], Block::Figure { width: Some(4000), height: Some(3000), files, .. } if files.len() == 2)
    );
    let again = serde_json::to_string(&bundle).unwrap();
    assert_eq!(parse_bundle(&again).unwrap(), bundle);
    for (bad, why) in [
        (
            r#"{"type":"list","ordered":false,"items":[]}"#,
            "a list needs at least one item",
        ),
        (
            r#"{"type":"list","items":[{"text":"<b>x</b>"}]}"#,
            "items[0].text: contains HTML markup",
        ),
        (
            r#"{"type":"figure","caption":"x","src":"a.jpg","width":10}"#,
            "width and height go together",
        ),
        (
            r#"{"type":"figure","caption":"x","src":"a.jpg","files":[{"src":"../x.jpg","width":4,"format":"jpeg"}]}"#,
            "files[0].src: \"../x.jpg\" is not a same-site relative path",
        ),
        (
            r#"{"type":"figure","caption":"x","src":"a.jpg","files":[{"src":"b.gif","width":4,"format":"gif"}]}"#,
            "needs a width and a format",
        ),
    ] {
        let err = parse_bundle(&bundle_with(&format!("[{bad}]")))
            .unwrap_err()
            .to_string();
        assert!(err.contains(why), "{bad}: {err}");
    }
}

#[test]
fn a_first_release_file_is_refused_with_a_clear_message() {
    let old = DEMO
        .0
        .replacen("\"schema\":\"2.0\"", "\"schema\":\"1.0\"", 1);
    let err = parse_catalog(&old).unwrap_err().to_string();
    assert!(err.contains("schema version 1.0"), "{err}");
    assert!(err.contains("wenji build"), "{err}");
}

#[test]
fn demo_article_has_every_element_of_the_seed_page() {
    let bundle = demo();
    let a = &bundle.articles[0];
    assert_eq!(a.title, "暖如春風入心田");
    assert!(a.subtitle.starts_with("——省委黨史研究室"));
    assert_eq!(a.published, "2020-03-30");
    assert!(a.source.is_empty(), "the seed's source field is empty");

    let Block::Epigraph { lines } = &a.blocks[0] else {
        panic!("article opens with the epigraph")
    };
    assert_eq!(lines.len(), 2);

    let headings: Vec<String> = a
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text } => Some(text.to_plain()),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "織網入格，守牢社區防控線",
            "服務群眾，愛心暖如三春風",
            "砥礪先鋒，黨旗迎風高飄揚"
        ]
    );

    let captions = count(&bundle, |b| matches!(b, Block::Figure { src: None, .. }));
    assert_eq!(captions, 4, "four photo captions, photos missing");

    let verse: Vec<&Vec<Text>> = a
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Verse { lines } => Some(lines),
            _ => None,
        })
        .collect();
    assert_eq!(verse.len(), 1);
    assert_eq!(verse[0].len(), 14, "the poem keeps its 14 lines");
    assert_eq!(verse[0][0].to_plain(), "我們素昧平生，也從未謀面，");

    assert_eq!(
        count(&bundle, |b| matches!(b, Block::Quote { .. })),
        3,
        "three testimonials"
    );
    let tail: Vec<&Block> = a.blocks.iter().rev().take(2).collect();
    assert!(matches!(tail[1], Block::Signature { text } if text.to_plain() == "（機關黨委）"));
    assert!(
        matches!(tail[0], Block::Note { text } if text.to_plain().contains("刊登於湖北黨史網"))
    );
}

#[test]
fn demo_content_carries_no_footer_or_spam() {
    for needle in [
        "slotsjeannie",
        "Copyright",
        "ICP",
        "微信公眾號",
        "手機版",
        "国产",
        "字幕",
        "福利",
    ] {
        assert!(!DEMO.1.contains(needle), "demo bundle contains {needle:?}");
        assert!(!DEMO.0.contains(needle), "demo catalog contains {needle:?}");
    }
}

#[test]
fn demo_text_has_no_half_width_punctuation_between_chinese() {
    let bundle = demo();
    for block in &bundle.articles[0].blocks {
        let text = format!("{block:?}");
        for (i, c) in text.char_indices() {
            if matches!(c, ',' | ';' | '!' | '?') {
                let prev = text[..i].chars().next_back().unwrap_or(' ');
                assert!(
                    prev < '\u{3000}',
                    "half-width {c:?} after {prev:?} in {text}"
                );
            }
        }
    }
}

#[test]
fn bundle_round_trips_through_json() {
    let bundle = demo();
    let json = serde_json::to_string(&bundle).unwrap();
    assert_eq!(parse_bundle(&json).unwrap(), bundle);
}

#[test]
fn text_reads_plain_strings_and_span_lists() {
    let json = r#"["看", {"em": "這裡"}, {"text": "鏈接", "href": "https://example.org/"}]"#;
    let text: Text = serde_json::from_str(json).unwrap();
    assert_eq!(text.0.len(), 3);
    assert!(matches!(&text.0[1], Span::Emphasis { em } if em == "這裡"));
    assert_eq!(text.to_plain(), "看這裡鏈接");
    // A lone plain span is written back as a string, so bundles stay compact.
    assert_eq!(
        serde_json::to_string(&Text::plain("字")).unwrap(),
        r#""字""#
    );
}

fn bundle_with(blocks: &str) -> String {
    format!(
        r#"{{"schema":"2.3","collection":{{"id":"c","title":"T"}},"script":"hans",
        "articles":[{{"id":"a","title":"t","published":"2020-01-31","blocks":{blocks}}}]}}"#
    )
}

#[test]
fn unknown_block_type_from_a_newer_minor_is_skipped_and_counted() {
    let json = bundle_with(r#"[{"type":"map","lat":1},{"type":"paragraph","text":"好"}]"#);
    let bundle = parse_bundle(&json).expect("newer minor version is read");
    assert_eq!(bundle.articles[0].blocks[0], Block::Unknown);
    assert_eq!(bundle.unknown_blocks(), 1);
}

#[test]
fn blocks_and_spans_read_in_any_field_order_and_missing_fields_are_named() {
    // `type` last: read in one pass all the same.
    let json = bundle_with(
        r#"[{"text":["甲",{"href":"https://example.org/","text":"乙"},{"em":"丙","note":1}],"type":"quote"},
            {"caption":"圖","type":"figure"},
            {"lines":["一","二"],"type":"verse"}]"#,
    );
    let bundle = parse_bundle(&json).unwrap();
    let blocks = &bundle.articles[0].blocks;
    let Block::Quote { text } = &blocks[0] else {
        panic!("{:?}", blocks[0])
    };
    assert_eq!(
        text.0,
        vec![
            Span::Plain("甲".into()),
            Span::Link {
                text: "乙".into(),
                href: "https://example.org/".into()
            },
            // Keys a span does not know are ignored, as before.
            Span::Emphasis { em: "丙".into() },
        ]
    );
    assert!(matches!(&blocks[1], Block::Figure { src: None, alt, .. } if alt.is_empty()));
    assert!(matches!(&blocks[2], Block::Verse { lines } if lines.len() == 2));

    for (blocks, missing) in [
        (r#"[{"type":"paragraph"}]"#, "missing field `text`"),
        (r#"[{"type":"verse","text":"一"}]"#, "missing field `lines`"),
        (
            r#"[{"type":"figure","src":"a.jpg"}]"#,
            "missing field `caption`",
        ),
        (r#"[{"text":"無類型"}]"#, "missing field `type`"),
    ] {
        let err = parse_bundle(&bundle_with(blocks)).unwrap_err().to_string();
        assert!(err.contains(missing), "{blocks}: {err}");
    }
    for bad in [
        r#"[{"type":"paragraph","text":[{"text":"無鏈接"}]}]"#,
        r#"[{"type":"paragraph","text":5}]"#,
    ] {
        let err = parse_bundle(&bundle_with(bad)).unwrap_err().to_string();
        assert!(
            err.contains("text must be a string or a list of spans"),
            "{bad}: {err}"
        );
    }
}

#[test]
fn unsupported_major_version_is_reported_as_such() {
    let json = r#"{"schema":"3.0","totally":"different"}"#;
    assert_eq!(
        parse_bundle(json),
        Err(FormatError::UnsupportedVersion {
            found: SchemaVersion { major: 3, minor: 0 }
        })
    );
    assert!(matches!(
        parse_catalog(json),
        Err(FormatError::UnsupportedVersion { .. })
    ));
}

#[test]
fn malformed_json_is_located() {
    let err = parse_bundle("{\n\"schema\": \"2.0\",\n\"collection\": [").unwrap_err();
    let FormatError::Syntax { line, .. } = err else {
        panic!("expected a syntax error, got {err:?}")
    };
    assert_eq!(line, 3);
}

#[test]
fn wrong_types_and_bad_versions_are_refused() {
    for json in [
        "",
        "null",
        "[]",
        r#"{"schema": 1}"#,
        r#"{"schema": "1"}"#,
        r#"{"schema": "1.x"}"#,
        &bundle_with(r#"{"type":"paragraph"}"#),
        &bundle_with(r#"[{"type":"paragraph","text":42}]"#),
        &bundle_with(r#"[{"type":"verse","lines":"one"}]"#),
    ] {
        assert!(
            matches!(parse_bundle(json), Err(FormatError::Syntax { .. })),
            "{json:?} accepted"
        );
    }
}

fn invalid_path(json: &str) -> String {
    match parse_bundle(json) {
        Err(FormatError::Invalid { path, .. }) => path,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn unsafe_links_and_image_sources_are_refused_with_their_path() {
    let link = |href: &str| {
        bundle_with(&format!(
            r#"[{{"type":"paragraph","text":[{{"text":"x","href":"{href}"}}]}}]"#
        ))
    };
    assert_eq!(
        invalid_path(&link("javascript:alert(1)")),
        "articles[0].blocks[0].text[0].href"
    );
    assert_eq!(
        invalid_path(&link(" JavaScript:alert(1)")),
        "articles[0].blocks[0].text[0].href"
    );
    assert_eq!(
        invalid_path(&link("data:text/html,<b>")),
        "articles[0].blocks[0].text[0].href"
    );
    assert!(parse_bundle(&link("https://example.org/a")).is_ok());

    let figure = |src: &str| {
        bundle_with(&format!(
            r#"[{{"type":"figure","src":"{src}","caption":"c"}}]"#
        ))
    };
    for src in [
        "https://evil.example/x.jpg",
        "//evil.example/x.jpg",
        "data:image/png;base64,AA",
        "../secret",
        "/abs.jpg",
    ] {
        assert_eq!(
            invalid_path(&figure(src)),
            "articles[0].blocks[0].src",
            "{src}"
        );
    }
    assert!(parse_bundle(&figure("images/photo-1.jpg")).is_ok());
}

#[test]
fn ids_must_be_unique_and_url_safe() {
    let two = r#"{"schema":"2.0","collection":{"id":"c","title":"T"},"script":"hant","articles":[
        {"id":"a","title":"t","published":"2020-01-01","blocks":[]},
        {"id":"a","title":"u","published":"2020-01-02","blocks":[]}]}"#;
    assert_eq!(invalid_path(two), "articles[1].id");
    let bad_id = two.replacen(r#""id":"a""#, r#""id":"A b""#, 1);
    assert_eq!(invalid_path(&bad_id), "articles[0].id");
}

#[test]
fn dates_must_be_real_calendar_dates() {
    for ok in ["2020-03-30", "2024-02-29", "2000-02-29", "1999-12-31"] {
        assert!(is_valid_date(ok), "{ok}");
    }
    for bad in [
        "2020-3-30",
        "2023-02-29",
        "1900-02-29",
        "2020-13-01",
        "2020-04-31",
        "2020-00-10",
        "二〇二〇年",
        "2020-03-3a",
        "",
    ] {
        assert!(!is_valid_date(bad), "{bad}");
    }
    let json = bundle_with("[]").replace("2020-01-31", "2020-02-30");
    assert_eq!(invalid_path(&json), "articles[0].published");
}

#[test]
fn oversize_documents_are_refused_before_parsing() {
    let huge = format!(
        r#"{{"schema":"2.0","pad":"{}"}}"#,
        "x".repeat(MAX_DOCUMENT_BYTES)
    );
    assert!(matches!(
        parse_bundle(&huge),
        Err(FormatError::TooLarge { .. })
    ));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse_bundle(&deep).is_err());
}

#[test]
fn an_index_page_is_checked_like_the_articles_it_lists() {
    let index = |articles: &str, overrides: &str| {
        format!(
            r#"{{"schema":"2.0","collection":{{"id":"c","title":"集"}},"script":"hant","overrides":[{overrides}],"page":1,"pages":1,"articles":[{articles}]}}"#
        )
    };
    let good = r#"{"id":"a","title":"文","published":"2020-01-01","href":"c/a.json","bytes":1,"hash":"0","images":["c/images/a.jpg"]}"#;
    assert!(parse_index(&index(good, "")).is_ok());
    for (articles, overrides, why) in [
        (
            good.replace("c/a.json", "../a.json"),
            "",
            "articles[0].href: \"../a.json\" is not a relative path",
        ),
        (
            good.replace("c/images/a.jpg", "https://evil.example/a.jpg"),
            "",
            "articles[0].images[0]",
        ),
        (format!("{good},{good}"), "", "articles[1].id: duplicate id"),
        (
            good.replace("2020-01-01", "2020-02-30"),
            "",
            "articles[0].published",
        ),
        (
            good.to_owned(),
            r#"{"text":"<b>干杯</b>","hant":"乾杯"}"#,
            "overrides[0].text: contains HTML markup",
        ),
    ] {
        let err = parse_index(&index(&articles, overrides))
            .unwrap_err()
            .to_string();
        assert!(err.contains(why), "{why}: {err}");
    }
    let page = index(good, "").replace(r#""page":1"#, r#""page":2"#);
    assert!(parse_index(&page)
        .unwrap_err()
        .to_string()
        .contains("page 2 of 1 is not a page"));
}
