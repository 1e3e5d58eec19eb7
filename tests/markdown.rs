#![cfg(not(target_arch = "wasm32"))]
//! Markdown sources → bundles: the dialect, typography repairs, and every rejection rule.

mod support;

use std::fs;
use std::path::PathBuf;

use proptest::prelude::*;
use wenji::build::{build, Options, Problem};
use wenji::markdown::parse;
use wenji::model::{
    check_document, parse_bundle, parse_catalog, parse_index, Block, ListItem, Span, Text,
};
use wenji::typography::{normalize, Fixes};

/// A throwaway content tree: `site.md`, and one collection `c/` with the given articles.
struct Content(PathBuf);

impl Content {
    fn new(name: &str, articles: &[(&str, &str)]) -> Content {
        let root = support::one_collection_content(&format!("md-{name}"));
        for (file, text) in articles {
            fs::write(root.join("c").join(file), text).unwrap();
        }
        Content(root)
    }

    fn build(&self, options: &Options) -> Result<wenji::build::Output, Vec<Problem>> {
        build(&self.0, options)
    }

    fn problems(&self) -> Vec<String> {
        match self.build(&Options::default()) {
            Ok(_) => panic!("build accepted bad input"),
            Err(problems) => problems.iter().map(|p| p.to_string()).collect(),
        }
    }
}

impl Drop for Content {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn article(body: &str) -> String {
    format!("---\ntitle: 標題\ndate: 2021-05-04\n---\n{body}\n")
}

fn one_problem(body: &str) -> String {
    let content = Content::new("one", &[("a.md", &article(body))]);
    let problems = content.problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    problems[0].clone()
}

#[test]
fn every_construct_of_the_dialect_becomes_its_block() {
    let source = article(
        "::: epigraph\n第一行\n第二行\n:::\n\n段落*強調*和[鏈接](https://example.org/)。\n續行。\n\n## 小標題\n\n\
         ![照片說明]()\n\n![合影](images/a.jpg \"隊員合影\")\n\n::: verse\n一\n\n二\n:::\n\n> 證言\n\n\
         ::: signature\n（機關黨委）\n:::\n\n::: note\n（刊登說明）\n:::",
    );
    let (doc, problems) = parse(&source);
    assert_eq!(problems, []);
    let lines = |l: &[&str]| l.iter().map(|s| Text::plain(*s)).collect::<Vec<_>>();
    assert_eq!(
        doc.blocks,
        [
            Block::Epigraph {
                lines: lines(&["第一行", "第二行"])
            },
            Block::Paragraph {
                text: Text(vec![
                    Span::Plain("段落".into()),
                    Span::Emphasis {
                        em: "強調".into()
                    },
                    Span::Plain("和".into()),
                    Span::Link {
                        text: "鏈接".into(),
                        href: "https://example.org/".into()
                    },
                    Span::Plain("。續行。".into()),
                ])
            },
            Block::Heading {
                text: Text::plain("小標題")
            },
            Block::Figure {
                src: None,
                alt: String::new(),
                caption: Text::plain("照片說明"),
                width: None,
                height: None,
                files: vec![],
            },
            Block::Figure {
                src: Some("images/a.jpg".into()),
                alt: "隊員合影".into(),
                caption: Text::plain("合影"),
                width: None,
                height: None,
                files: vec![],
            },
            Block::Verse {
                lines: lines(&["一", "二"])
            },
            Block::Quote {
                text: Text::plain("證言")
            },
            Block::Signature {
                text: Text::plain("（機關黨委）")
            },
            Block::Note {
                text: Text::plain("（刊登說明）")
            },
        ]
    );
    assert_eq!(
        doc.lines,
        [5, 10, 13, 15, 17, 19, 25, 27, 31],
        "blocks know their source lines"
    );
}

#[test]
fn markdown_round_trips_to_json_and_back_into_the_app_model() {
    fs::create_dir_all(std::env::temp_dir()).unwrap();
    let content = Content::new(
        "round",
        &[("2021-05-04-first.md", &article("段落,一\n\n## 節"))],
    );
    fs::create_dir_all(content.0.join("c/images")).unwrap();
    // A real photo (40 × 30): photos are decoded and re-encoded (see tests/photos.rs).
    image::RgbImage::from_pixel(40, 30, image::Rgb([90, 120, 200]))
        .save(content.0.join("c/images/p.jpg"))
        .unwrap();
    fs::write(
        content.0.join("c/2021-06-01-second.md"),
        article("![圖](images/p.jpg)").replace("2021-05-04", "2021-06-01"),
    )
    .unwrap();
    let output = content.build(&Options::default()).expect("builds");
    let file = |name: &str| output.text(name).expect(name).to_owned();
    let catalog = parse_catalog(&file("data/catalog.json")).unwrap();
    assert_eq!(catalog.collections[0].id, "c");
    assert_eq!(
        catalog.collections[0].updated, "2021-06-01",
        "newest article date, not the clock"
    );
    let index = parse_index(&file("data/c/index.json")).unwrap();
    let ids: Vec<&str> = index.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        ["first", "second"],
        "ids from file names without the date, in file order"
    );
    let second = parse_bundle(&file("data/c/second.json")).unwrap();
    let Block::Figure {
        src: Some(src),
        files,
        ..
    } = &second.articles[0].blocks[0]
    else {
        panic!("a figure: {:?}", second.articles[0].blocks);
    };
    assert!(
        src.starts_with("c/images/p-40.") && src.ends_with(".jpg"),
        "{src}"
    );
    assert_eq!(
        index.articles[1].images,
        [src.clone(), files[0].src.clone()],
        "the index lists each article's photo files"
    );
    let first = parse_bundle(&file("data/c/first.json")).unwrap();
    assert_eq!(
        first.articles[0].blocks[0],
        Block::Paragraph {
            text: Text::plain("段落，一")
        }
    );
    assert_eq!(
        first.articles[0].summary, "段落，一",
        "summary defaults to the first paragraph"
    );
    assert_eq!(index.articles[0].summary, first.articles[0].summary);
    let copies: Vec<PathBuf> = output.images.iter().map(|(_, to)| to.clone()).collect();
    assert_eq!(
        copies,
        [
            PathBuf::from("data").join(&files[0].src),
            PathBuf::from("data").join(src)
        ],
        "each file of the photo, once"
    );
}

#[test]
fn raw_html_script_and_event_handlers_are_refused_with_their_line() {
    assert_eq!(
        one_problem("段落\n\n<script>alert(1)</script>").split_once(": ").unwrap().1,
        "raw HTML is not allowed: text contains HTML markup (a tag); text must be plain, with emphasis and links as spans"
    );
    assert!(one_problem("好\n\n<img src=x onerror=alert(1)>").contains("a.md:7: raw HTML"));
    assert!(one_problem("<b onclick=\"x()\">粗</b>").contains("a.md:5: raw HTML"));
    assert!(one_problem("&lt;b&gt;").contains("character reference"));
    assert!(one_problem("## 標題<iframe>").contains("a.md:5: raw HTML"));
}

#[test]
fn unsafe_links_are_refused() {
    assert!(one_problem("[點](javascript:alert(1))")
        .contains("a.md:5: link \"javascript:alert(1)\" is not allowed"));
    assert!(one_problem("[點](data:text/html;base64,AAAA)").contains("is not allowed"));
    assert!(one_problem("[點](JAVASCRIPT:void)").contains("is not allowed"));
}

#[test]
fn images_from_other_sites_need_a_flag() {
    let body = article("![圖](https://img.example.org/a.jpg)");
    let content = Content::new("hosts", &[("a.md", &body)]);
    let problems = content.problems();
    assert!(problems[0].contains("a.md:5: image \"https://img.example.org/a.jpg\" is on another site; allow its host with --allow-image-host img.example.org"), "{problems:?}");
    let allowed = Options {
        image_hosts: vec!["img.example.org".into()],
        ..Options::default()
    };
    let output = content.build(&allowed).expect("allowed host builds");
    let bundle = parse_bundle(std::str::from_utf8(&output.files[1].1).unwrap()).unwrap();
    assert_eq!(bundle.image_hosts, ["img.example.org"]);

    for src in [
        "data:image/png;base64,AA",
        "http://img.example.org/a.jpg",
        "../../etc/passwd",
        "/abs.jpg",
    ] {
        let problem = one_problem(&format!("![圖]({src})"));
        assert!(problem.contains("a.md:5: image"), "{src}: {problem}");
    }
    assert!(one_problem("![圖](images/missing.jpg)").contains("does not exist"));
}

#[test]
fn oversize_text_duplicate_ids_and_bad_dates_are_refused() {
    let long = "字".repeat(20_001);
    assert!(one_problem(&format!("短\n\n{long}"))
        .contains("a.md:7: blocks[1].text: 20001 characters is over the limit of 20000"));

    let dup = Content::new(
        "dup",
        &[
            ("2020-01-01-x.md", &article("一")),
            ("2020-01-02-x.md", &article("二")),
        ],
    );
    let problems = dup.problems();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].contains("2020-01-02-x.md: id: duplicate id \"x\""),
        "{problems:?}"
    );

    let bad_date = Content::new(
        "date",
        &[("a.md", "---\ntitle: 標題\ndate: 2021-02-30\n---\n段落\n")],
    );
    assert!(bad_date.problems()[0].contains("a.md:3: date \"2021-02-30\" is not a YYYY-MM-DD date"));
}

#[test]
fn dialect_mistakes_are_located() {
    assert!(one_problem("# 標題").contains("a.md:5: only `## ` section headings"));
    assert!(one_problem("::: poem\n一\n:::").contains("a.md:5: unknown block `::: poem`"));
    assert!(one_problem("::: verse\n一").contains("a.md:5: `::: verse` is not closed"));
    let typo = Content::new(
        "typo",
        &[(
            "a.md",
            "---\ntitle: 標題\ndate: 2021-05-04\nauthr: 某\n---\n段\n",
        )],
    );
    assert!(typo.problems()[0].contains("a.md:4: unknown front matter key \"authr\""));
}

#[test]
fn typography_repairs_the_seed_kinds_of_damage() {
    let cases = [
        (
            "沒見過你的臉,但見到了你的心,",
            "沒見過你的臉，但見到了你的心，",
        ),
        (
            "最美的不是風景;最溫暖的不是春風!真的?",
            "最美的不是風景；最溫暖的不是春風！真的？",
        ),
        ("小潘說:“就當我是您兒子”", "小潘說：“就當我是您兒子”"),
        (
            "3月30 日刊登于欄目,3月31 日刊登",
            "3月30日刊登于欄目，3月31日刊登",
        ),
        ("中文 中文", "中文中文"),
        ("好, 走", "好，走"),
        // Left alone: Latin text, numbers, times, and spacing around Latin words.
        ("Hello, world: 1,000; ok?", "Hello, world: 1,000; ok?"),
        ("使用 Rust 語言", "使用 Rust 語言"),
        ("12:30", "12:30"),
    ];
    for (input, expected) in cases {
        let mut fixes = Fixes::default();
        assert_eq!(normalize(input, &mut fixes), expected, "{input}");
    }
    let mut fixes = Fixes::default();
    normalize("3月30 日,好", &mut fixes);
    assert_eq!(
        fixes,
        Fixes {
            punctuation: 1,
            spaces: 1
        }
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn check_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = check_document(bytes);
    }

    #[test]
    fn check_never_panics_on_json_like_input(text in r#"[\{\}\[\]":,0-9a-z\\ 文<>&;]{0,400}"#) {
        let _ = check_document(format!(r#"{{"schema":"2.0",{text}"#).into_bytes());
        let _ = check_document(text.into_bytes());
    }

    #[test]
    fn markdown_parsing_never_panics(text in r"[-#>!\[\]()*:\\ \n文字a-z,;&<]{0,400}") {
        let _ = parse(&text);
    }
}

#[test]
fn overrides_come_from_overrides_tsv() {
    let content = Content::new("overrides", &[("a.md", &article("一起干杯"))]);
    fs::write(
        content.0.join("c/overrides.tsv"),
        "# phrase, then variant=replacement\n干杯\thant=乾杯\ttw=乾杯\thk=乾杯\n",
    )
    .unwrap();
    let output = content.build(&Options::default()).expect("builds");
    let index = parse_index(output.text("data/c/index.json").unwrap()).unwrap();
    assert_eq!(index.overrides.len(), 1);
    assert_eq!(index.overrides[0].for_variant("hant"), Some("乾杯"));
    assert_eq!(index.overrides[0].for_variant("hans"), None);

    fs::write(content.0.join("c/overrides.tsv"), "干杯\tzh=乾杯\n").unwrap();
    assert!(content.problems()[0].contains("overrides.tsv:1: \"zh=乾杯\" is not"));
}

#[test]
fn commonmark_lists_strong_text_and_line_breaks_become_their_blocks() {
    let source = article(
        "前言：\n\n- 第一項\n- 第二項**重點**\n  - 細目甲\n  - 細目乙\n- 第三項\n\n\
         1. 一步\n2. 二步\n\n* 鬆散的一項\n\n* 另一項\n\n第一行  \n第二行\\\n第三行\nWide\nworld",
    );
    let (doc, problems) = parse(&source);
    assert_eq!(problems, []);
    let item = |s: &str| ListItem::text(Text::plain(s));
    assert_eq!(
        doc.blocks,
        [
            Block::Paragraph {
                text: Text::plain("前言：")
            },
            Block::List {
                ordered: false,
                items: vec![
                    item("第一項"),
                    ListItem {
                        text: Text(vec![
                            Span::Plain("第二項".into()),
                            Span::Strong {
                                strong: "重點".into()
                            }
                        ]),
                        ordered: false,
                        items: vec![Text::plain("細目甲"), Text::plain("細目乙")],
                    },
                    item("第三項"),
                ],
            },
            Block::List {
                ordered: true,
                items: vec![item("一步"), item("二步")],
            },
            Block::List {
                ordered: false,
                items: vec![item("鬆散的一項"), item("另一項")],
            },
            Block::Paragraph {
                text: Text::plain("第一行\n第二行\n第三行Wide world")
            },
        ]
    );
    assert_eq!(doc.lines, [5, 7, 13, 16, 20]);
}

#[test]
fn what_the_format_cannot_hold_is_refused_with_its_line_and_what_to_write() {
    let cases = [
        (
            "| 年 | 事 |\n|---|---|\n| 1949 | 建國 |",
            "a.md:5: tables do not fit on a phone",
        ),
        (
            "段落\n\n```\ncode\n```",
            "a.md:7: code blocks have no place",
        ),
        ("    縮進的一行", "a.md:5: code blocks have no place"),
        ("用 `code` 寫", "a.md:5: `code` has no place in an article"),
        ("### 三級標題", "a.md:5: only `## ` section headings"),
        (
            "文字 ![照片](images/a.jpg) 文字",
            "a.md:5: a photo must stand alone on its line",
        ),
        ("段落\n\n---\n\n段落", "a.md:7: a line of `---`"),
        (
            "- 一\n  - 二\n    - 三",
            "a.md:7: lists nest one level deep",
        ),
        ("- 一\n\n  > 引", "a.md:7: a list item holds text only"),
        ("> ## 引文標題", "a.md:5: a `>` quote holds paragraphs only"),
        (
            "::: verse\n![照片](images/a.jpg)\n:::",
            "a.md:6: a photo cannot be inside a `:::` block",
        ),
    ];
    for (body, expected) in cases {
        let problem = one_problem(body);
        assert!(problem.contains(expected), "{body:?}: {problem}");
    }
}

#[test]
fn lines_of_a_block_that_look_like_markdown_blocks_stay_text() {
    let (doc, problems) = parse(&article(
        "::: verse\n1. 一九四九\n- 破折\n# 井號\n*強調*開頭\n:::",
    ));
    assert_eq!(problems, []);
    assert_eq!(
        doc.blocks,
        [Block::Verse {
            lines: vec![
                Text::plain("1. 一九四九"),
                Text::plain("- 破折"),
                Text::plain("# 井號"),
                Text(vec![
                    Span::Emphasis {
                        em: "強調".into()
                    },
                    Span::Plain("開頭".into())
                ]),
            ]
        }]
    );
}
