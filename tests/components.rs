#![cfg(target_arch = "wasm32")]
//! Components mounted in headless Chromium (wasm-bindgen-test).

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

use wenji::components::{
    remember_last_read, ArticleBody, ArticleNav, ContinueReading, LastRead, Neighbour, NotFound,
    ReaderControls,
};
use wenji::model::{Block, ImageFile, ListItem, Text};
use wenji::storage::Storage;

wasm_bindgen_test_configure!(run_in_browser);

/// The seed article's source, parsed as `wenji build` parses it.
const SEED_SOURCE: &str =
    include_str!("../content/zhan-yi-feng-cai-lu/2020-03-30-nuan-ru-chun-feng.md");

/// A fresh container in the document; each test mounts into its own.
fn container() -> HtmlElement {
    let document = document();
    let el = document
        .create_element("div")
        .unwrap()
        .unchecked_into::<HtmlElement>();
    document.body().unwrap().append_child(&el).unwrap();
    el
}

fn count(root: &HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn text(root: &HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn article_body_renders_every_seed_element_as_semantic_html() {
    let (doc, problems) = wenji::markdown::parse(SEED_SOURCE);
    assert!(problems.is_empty(), "{problems:?}");
    let blocks = doc.blocks;
    let root = container();
    let _handle = mount_to(root.clone(), move || view! { <ArticleBody blocks /> });

    assert_eq!(count(&root, "blockquote.epigraph .line"), 2);
    assert_eq!(count(&root, "h2"), 3);
    assert_eq!(text(&root, "h2#section-2"), "服務群眾，愛心暖如三春風");
    assert_eq!(count(&root, "figure.figure-no-photo figcaption"), 4);
    assert_eq!(
        count(&root, "figure img"),
        0,
        "no broken images for missing photos"
    );
    assert_eq!(count(&root, "p.verse .line"), 14);
    assert_eq!(count(&root, "blockquote.testimonial"), 3);
    assert_eq!(text(&root, "p.signature"), "（機關黨委）");
    assert!(text(&root, "p.pub-note").starts_with("（2020年3月30日刊登于"));
    assert!(count(&root, "p.para") >= 15);
    assert_eq!(
        count(&root, ".notice"),
        0,
        "no skipped-block notice for known blocks"
    );
}

#[wasm_bindgen_test]
fn markup_in_text_stays_text() {
    let blocks = vec![Block::Paragraph {
        text: Text::plain("<script>window.bad=1</script><img src=x onerror=alert(1)>"),
    }];
    let root = container();
    let _handle = mount_to(root.clone(), move || view! { <ArticleBody blocks /> });
    assert_eq!(count(&root, "script, img"), 0);
    assert!(text(&root, "p.para").contains("<img src=x onerror=alert(1)>"));
}

#[wasm_bindgen_test]
fn figure_with_a_photo_shows_it_sized_with_its_sources_and_caption() {
    let file = |src: &str, width, format: &str| ImageFile {
        src: src.into(),
        width,
        format: format.into(),
    };
    let blocks = vec![Block::Figure {
        src: Some("c/images/team-960.jpg".into()),
        alt: String::new(),
        caption: Text::plain("工作隊員合影"),
        width: Some(4000),
        height: Some(3000),
        files: vec![
            file("c/images/team-480.webp", 480, "webp"),
            file("c/images/team-960.webp", 960, "webp"),
            file("c/images/team-480.jpg", 480, "jpeg"),
            file("c/images/team-960.jpg", 960, "jpeg"),
        ],
    }];
    let root = container();
    let _handle = mount_to(root.clone(), move || {
        view! { <ArticleBody blocks data_base="../../data/".to_string() /> }
    });
    let img = root.query_selector("figure img").unwrap().expect("img");
    let attr = |name: &str| img.get_attribute(name);
    assert_eq!(
        attr("src").as_deref(),
        Some("../../data/c/images/team-960.jpg")
    );
    // Without alt text the caption names the photo.
    assert_eq!(attr("alt").as_deref(), Some("工作隊員合影"));
    // Its shape before it arrives: no layout shift.
    assert_eq!(attr("width").as_deref(), Some("4000"));
    assert_eq!(attr("height").as_deref(), Some("3000"));
    assert_eq!(
        attr("srcset").as_deref(),
        Some("../../data/c/images/team-480.jpg 480w, ../../data/c/images/team-960.jpg 960w")
    );
    let source = root
        .query_selector("picture source")
        .unwrap()
        .expect("a modern format first");
    assert_eq!(source.get_attribute("type").as_deref(), Some("image/webp"));
    assert!(source.get_attribute("sizes").is_some());
    // The first block is on the first screen: it loads at once.
    assert_eq!(attr("loading"), None);
    assert_eq!(attr("decoding").as_deref(), Some("async"));
}

#[wasm_bindgen_test]
fn lists_are_real_lists_with_one_level_of_nesting() {
    let blocks = vec![Block::List {
        ordered: true,
        items: vec![
            ListItem {
                text: Text::plain("一"),
                ordered: false,
                items: vec![Text::plain("甲"), Text::plain("乙")],
            },
            ListItem {
                text: Text::plain("二"),
                ordered: false,
                items: vec![],
            },
        ],
    }];
    let root = container();
    let _handle = mount_to(root.clone(), move || view! { <ArticleBody blocks /> });
    assert_eq!(count(&root, ".article-body > ol > li"), 2);
    assert_eq!(count(&root, ".article-body > ol > li > ul > li"), 2);
    assert_eq!(text(&root, "ol > li > ul > li"), "甲");
}

#[wasm_bindgen_test]
fn unknown_blocks_are_skipped_with_a_notice() {
    let blocks = vec![
        Block::Unknown,
        Block::Paragraph {
            text: Text::plain("段落"),
        },
    ];
    let root = container();
    let _handle = mount_to(root.clone(), move || view! { <ArticleBody blocks /> });
    assert_eq!(count(&root, "p.para"), 1);
    assert_eq!(count(&root, ".notice"), 1);
}

#[wasm_bindgen_test]
async fn reader_controls_change_the_page_and_keep_the_setting() {
    let root = container();
    let _handle = mount_to(root.clone(), || {
        let storage = Storage::new();
        let settings = wenji::settings::provide_settings(storage);
        view! { <ReaderControls settings /> }
    });
    leptos::task::tick().await;
    let larger = root
        .query_selector("button[aria-label=放大字號]")
        .unwrap()
        .expect("a labelled button")
        .unchecked_into::<HtmlElement>();
    larger.click();
    leptos::task::tick().await;
    let html = document()
        .document_element()
        .unwrap()
        .unchecked_into::<HtmlElement>();
    assert_eq!(
        html.style().get_property_value("--reader-scale").unwrap(),
        "1.15"
    );
    assert_eq!(text(&root, "output"), "115%");
    let stored = window().local_storage().unwrap().unwrap();
    assert_eq!(
        stored.get_item("wenji.text-size").unwrap().as_deref(),
        Some("115")
    );
    let dark = root
        .query_selector("button.choice-theme-dark")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>();
    dark.click();
    leptos::task::tick().await;
    assert_eq!(html.get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(dark.get_attribute("aria-pressed").as_deref(), Some("true"));
    stored.clear().unwrap();
}

#[wasm_bindgen_test]
fn continue_reading_offers_the_last_article_until_it_is_finished() {
    let storage_for = |place: &str| {
        let storage = Storage::new();
        remember_last_read(
            storage,
            &LastRead {
                collection: "c".into(),
                article: "a".into(),
                title: "暖如春風入心田".into(),
                href: "/wenji/c/a/".into(),
            },
        );
        storage.set("place.c.a", place);
        storage
    };
    let root = container();
    let _handle = mount_to(root.clone(), move || {
        let storage = storage_for("0.400");
        view! { <ContinueReading storage /> }
    });
    let link = root
        .query_selector("a.continue-link")
        .unwrap()
        .expect("offered");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/wenji/c/a/"));
    assert!(text(&root, ".continue-link").contains("暖如春風入心田"));
    assert!(text(&root, ".continue-link").contains("40%"));

    let finished = container();
    let _handle2 = mount_to(finished.clone(), move || {
        let storage = storage_for("0.990");
        view! { <ContinueReading storage /> }
    });
    assert_eq!(
        count(&finished, "a"),
        0,
        "a finished article is not offered"
    );
    window().local_storage().unwrap().unwrap().clear().unwrap();
}

#[wasm_bindgen_test]
fn not_found_links_back() {
    let root = container();
    let _handle = mount_to(root.clone(), || {
        view! { <NotFound message="找不到這篇文章。" back_label="返回文章列表" back_href="../x/".to_string() /> }
    });
    let link = root.query_selector("a").unwrap().unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("../x/"));
    assert_eq!(link.text_content().as_deref(), Some("返回文章列表"));
}

#[wasm_bindgen_test]
fn article_nav_links_neighbours_and_hides_when_alone() {
    let root = container();
    let _handle = mount_to(root.clone(), || {
        let next = Some(Neighbour {
            title: "下一個".into(),
            href: "../b/".into(),
        });
        view! { <ArticleNav previous=None next /> }
    });
    assert_eq!(count(&root, "a[rel=prev]"), 0);
    assert_eq!(
        root.query_selector("a[rel=next]")
            .unwrap()
            .unwrap()
            .get_attribute("href")
            .as_deref(),
        Some("../b/")
    );

    let alone = container();
    let _handle2 = mount_to(
        alone.clone(),
        || view! { <ArticleNav previous=None next=None /> },
    );
    assert_eq!(count(&alone, "nav"), 0);
}
