#![cfg(target_arch = "wasm32")]
//! Components mounted in headless Chromium (wasm-bindgen-test).

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

use wenji::components::{ArticleBody, ArticleNav, ErrorPanel, Neighbour, NotFound};
use wenji::error::AppError;
use wenji::model::{Block, Text};

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
fn figure_with_a_photo_shows_it_with_its_caption() {
    let blocks = vec![Block::Figure {
        src: Some("images/team.jpg".into()),
        alt: "工作隊員合影".into(),
        caption: Text::plain("工作隊員合影"),
    }];
    let root = container();
    let _handle = mount_to(root.clone(), move || view! { <ArticleBody blocks /> });
    let img = root.query_selector("figure img").unwrap().expect("img");
    assert_eq!(
        img.get_attribute("src").as_deref(),
        Some("data/images/team.jpg")
    );
    assert_eq!(img.get_attribute("alt").as_deref(), Some("工作隊員合影"));
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
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
async fn error_panel_explains_and_retries() {
    let retries = RwSignal::new(0);
    let root = container();
    let _handle = mount_to(root.clone(), move || {
        view! { <ErrorPanel error=AppError::Http(503) on_retry=move |()| retries.update(|n| *n += 1) /> }
    });
    assert_eq!(text(&root, "[role=alert] h1"), "網站暫時出錯");
    assert!(text(&root, "details code").contains("HTTP 503"));
    let button = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>();
    assert_eq!(button.text_content().as_deref(), Some("重試"));
    button.click();
    button.click();
    leptos::task::tick().await;
    assert_eq!(retries.get_untracked(), 2);
}

#[wasm_bindgen_test]
fn not_found_links_back() {
    let root = container();
    let _handle = mount_to(root.clone(), || {
        view! { <NotFound message="找不到這篇文章。" back_label="返回文章列表" back_href="?c=x".to_string() /> }
    });
    let link = root.query_selector("a").unwrap().unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("?c=x"));
    assert_eq!(link.text_content().as_deref(), Some("返回文章列表"));
}

#[wasm_bindgen_test]
fn article_nav_links_neighbours_and_hides_when_alone() {
    let root = container();
    let _handle = mount_to(root.clone(), || {
        let next = Some(Neighbour {
            title: "下一個".into(),
            href: "?c=x&a=b".into(),
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
        Some("?c=x&a=b")
    );

    let alone = container();
    let _handle2 = mount_to(
        alone.clone(),
        || view! { <ArticleNav previous=None next=None /> },
    );
    assert_eq!(count(&alone, "nav"), 0);
}
