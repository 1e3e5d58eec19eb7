#![cfg(not(target_arch = "wasm32"))]
//! Every page of the demo, prerendered into a shell like the one trunk writes: its own title,
//! preview tags, language and links, the shell's links pointed at the site root from each
//! folder, and the wasm kept off the text's critical path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use wenji::convert::Scripts;
use wenji::prerender::{render_site, Shell, Site};

/// The shape of trunk's minified release index.html (unquoted attributes, hashed names).
const SHELL: &str = r#"<!doctype html><html lang=zh-Hant><meta charset=utf-8><title>文集</title><link href=manifest.webmanifest rel=manifest><link href=icons/wenji.svg rel=icon type=image/svg+xml><link href="icons/apple-touch-icon.png" rel=apple-touch-icon><link href=/wenji/base-1a2b.css integrity=sha384-x rel=stylesheet><script src=/wenji/boot-3c4d.js></script><script data-js=/wenji/app-5e6f.js data-wasm=/wenji/app-7a8b_bg.wasm src=/wenji/start.js type=module></script><link as=fetch crossorigin href=/wenji/app-7a8b_bg.wasm rel=preload type=application/wasm><link crossorigin href=/wenji/app-5e6f.js rel=modulepreload></head><body></body></html>"#;

fn pages() -> BTreeMap<PathBuf, String> {
    render(&Shell::parse(SHELL).unwrap())
}

/// Every page of the demo content, built as `wenji build` builds it, in `shell`.
fn render(shell: &Shell) -> BTreeMap<PathBuf, String> {
    let output = wenji::build::build(
        Path::new("content"),
        &wenji::build::Options {
            dicts: Some("vendor/opencc".into()),
            ..Default::default()
        },
    )
    .expect("content builds");
    let scripts = Scripts::load(Path::new("vendor/opencc")).unwrap();
    let site = Site {
        catalog: &output.catalog,
        collections: &output.collections,
        scripts: &scripts,
        search: None,
    };
    let pages = std::sync::Mutex::new(BTreeMap::new());
    render_site(&site, shell, |path, html| {
        pages.lock().unwrap().insert(path, html);
        Ok(())
    })
    .unwrap();
    pages.into_inner().unwrap()
}

const ARTICLE: &str = "zhan-yi-feng-cai-lu/nuan-ru-chun-feng/index.html";

#[test]
fn the_shells_relative_links_point_at_the_site_root_from_every_folder() {
    let pages = pages();
    let article = &pages[Path::new(ARTICLE)];
    assert!(
        article.contains("<link href=../../manifest.webmanifest rel=manifest>"),
        "{article}"
    );
    assert!(
        article.contains("<link href=../../icons/wenji.svg rel=icon"),
        "{article}"
    );
    assert!(
        article.contains(r#"<link href="../../icons/apple-touch-icon.png""#),
        "{article}"
    );
    // Absolute ones (trunk's public URL) stay as they are.
    assert!(article.contains("<link href=/wenji/base-1a2b.css"));
    let hans = &pages[Path::new("hans").join(ARTICLE).as_path()];
    assert!(hans.contains("<link href=../../../manifest.webmanifest rel=manifest>"));
    let catalog = &pages[Path::new("index.html")];
    assert!(catalog.contains("<link href=manifest.webmanifest rel=manifest>"));
}

#[test]
fn the_wasm_is_not_preloaded_ahead_of_the_text() {
    for (path, html) in pages() {
        assert!(!html.contains("rel=preload"), "{}", path.display());
        assert!(
            html.contains("rel=modulepreload"),
            "the small JS glue still is"
        );
        assert!(
            html.contains("data-wasm=/wenji/app-7a8b_bg.wasm"),
            "the app still starts"
        );
    }
}

#[test]
fn each_page_has_its_own_title_description_preview_tags_and_language() {
    let pages = pages();
    let article = &pages[Path::new(ARTICLE)];
    for expected in [
        r#"<html lang="zh-Hant" data-variant="hant""#,
        "<title>暖如春風入心田 · 戰“疫”風采錄</title>",
        r#"<meta name="description" content="在武大工學部社區，"#,
        r#"<meta property="og:type" content="article">"#,
        r#"<meta property="og:title" content="暖如春風入心田 · 戰“疫”風采錄">"#,
        r#"<meta property="og:image" content="../../icons/icon-512.png">"#,
        r#"<link rel="canonical" href="./">"#,
        r#"<link rel="alternate" hreflang="zh-Hans" href="../../hans/zhan-yi-feng-cai-lu/nuan-ru-chun-feng/">"#,
        // Real links: breadcrumb and the script switch.
        r#"<a href="../../">湖北黨史</a>"#,
        r#"<a href="../">戰“疫”風采錄</a>"#,
        r#"href="../../tw/zhan-yi-feng-cai-lu/nuan-ru-chun-feng/""#,
    ] {
        assert!(article.contains(expected), "{expected} in {article}");
    }
    assert!(!article.contains("<!>"), "no hydration markers");
    let hk = &pages[Path::new("hk").join(ARTICLE).as_path()];
    assert!(hk.contains(r#"<html lang="zh-Hant-HK" data-variant="hk""#));
    assert!(hk.contains("<title>暖如春風入心田 · 戰“疫”風采錄</title>"));
    let hans = &pages[Path::new("hans").join(ARTICLE).as_path()];
    assert!(hans.contains("<title>暖如春风入心田 · 战“疫”风采录</title>"));
    assert!(hans.contains(">发布日期"), "interface text in 简体 too");
    assert!(hans.contains("干部") && !hans.contains("幹部"));
    let catalog = &pages[Path::new("index.html")];
    assert!(catalog.contains("<title>湖北黨史</title>"));
    assert!(
        catalog.contains(r#"<a href="zhan-yi-feng-cai-lu/" class="card-link">"#),
        "{catalog}"
    );
    let listing = &pages[Path::new("zhan-yi-feng-cai-lu/index.html")];
    assert!(
        listing.contains(r#"<a href="nuan-ru-chun-feng/" class="card-link">"#),
        "{listing}"
    );
    // Catalog, collection, article, search and not-found, in four scripts.
    assert_eq!(pages.len(), 20);
}

#[test]
fn the_not_found_page_links_from_the_sites_own_address() {
    // It is served at whatever address was missing, where relative links would lead nowhere.
    let pages = pages();
    let missing = &pages[Path::new("404.html")];
    assert!(
        missing.contains("<link href=/wenji/manifest.webmanifest rel=manifest>"),
        "{missing}"
    );
    assert!(
        missing.contains(r#"<a href="/wenji/" class="brand">"#),
        "{missing}"
    );
    assert!(missing.contains(r#"href="/wenji/hans/""#), "{missing}");
    assert!(missing.contains(r#"data-root="/wenji/""#), "{missing}");
    let hans = &pages[Path::new("hans/404.html")];
    assert!(
        hans.contains(r#"<a href="/wenji/hans/" class="button button-primary">"#),
        "{hans}"
    );
}

/// The shell of [`SHELL`] with its style sheet and boot script put into every page.
fn inlined() -> Shell {
    const CSP: &str = r#"<meta http-equiv=Content-Security-Policy content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'">"#;
    let html = SHELL.replace("<title>", &format!("{CSP}<title>"));
    Shell::parse(&html)
        .unwrap()
        .inline(|path| match path {
            "base-1a2b.css" => Ok("body{color:red}\n".into()),
            "boot-3c4d.js" => Ok("document.documentElement.dataset.boot=1".into()),
            other => Err(format!("no file {other}")),
        })
        .unwrap()
}

#[test]
fn style_and_boot_script_are_in_the_page_and_allowed_by_hash() {
    let pages = render(&inlined());
    let article = &pages[Path::new(ARTICLE)];
    assert!(
        article.contains("<style>body{color:red}</style>"),
        "{article}"
    );
    assert!(!article.contains("base-1a2b.css"), "{article}");
    assert!(
        article.contains("<script>document.documentElement.dataset.boot=1</script>"),
        "{article}"
    );
    assert!(!article.contains("boot-3c4d.js"), "{article}");
    // sha256 of the texts above, base64 (as `printf %s … | openssl dgst -sha256 -binary | base64`).
    assert!(
        article.contains(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-MPl+9OpdUlCMCarsIvd/e4AQAVJYcyLDQBxuvavxTAo=';"
        ),
        "{article}"
    );
    assert!(
        article.contains("style-src 'self' 'sha256-FcQqt3aNlV7AZnGV4zkQRVeCeJOxbMPnQSx258L803E=';"),
        "{article}"
    );
    // The app's module script and its files stay files.
    assert!(
        article.contains("src=/wenji/start.js type=module"),
        "{article}"
    );
    // Built again from its own page: nothing left to inline, no hash twice.
    let again = Shell::parse(&pages[Path::new("index.html")]).unwrap();
    let again = again.inline(|path| Err(format!("read {path}"))).unwrap();
    assert_eq!(render(&again), pages, "the same pages, byte for byte");
}

#[test]
fn a_shell_whose_files_are_missing_or_would_close_the_tag_is_refused() {
    let missing = Shell::parse(SHELL)
        .unwrap()
        .inline(|path| Err(format!("no {path}")));
    assert_eq!(missing.unwrap_err(), "no base-1a2b.css");
    let closing = Shell::parse(SHELL)
        .unwrap()
        .inline(|_| Ok("a{}</style><script>alert(1)</script>".into()));
    assert!(closing.unwrap_err().contains("contains </style>"));
}

#[test]
fn a_page_the_build_wrote_serves_as_the_shell_for_the_next_build() {
    let pages = pages();
    let again = Shell::parse(&pages[Path::new("index.html")]).unwrap();
    assert_eq!(render(&again), pages, "the same pages, byte for byte");
}

#[test]
fn the_hashes_go_into_the_policy_whatever_the_order_of_its_attributes() {
    // trunk's release minifier writes `content` before `http-equiv`; the next tag has a
    // `content` of its own, which must stay as it is.
    const CSP: &str = r#"<meta content="default-src 'self'; script-src 'self'; style-src 'self'" http-equiv=Content-Security-Policy><meta content=strict-origin-when-cross-origin name=referrer>"#;
    let html = SHELL.replace("<title>", &format!("{CSP}<title>"));
    let shell = Shell::parse(&html)
        .unwrap()
        .inline(|path| match path {
            "base-1a2b.css" => Ok("body{color:red}\n".into()),
            "boot-3c4d.js" => Ok("document.documentElement.dataset.boot=1".into()),
            other => Err(format!("no file {other}")),
        })
        .unwrap();
    let pages = render(&shell);
    let article = &pages[Path::new(ARTICLE)];
    assert!(
        article.contains(r#"<meta content="default-src 'self'; script-src 'self' 'sha256-MPl+9OpdUlCMCarsIvd/e4AQAVJYcyLDQBxuvavxTAo='; style-src 'self' 'sha256-FcQqt3aNlV7AZnGV4zkQRVeCeJOxbMPnQSx258L803E='" http-equiv=Content-Security-Policy>"#),
        "{article}"
    );
    assert!(
        article.contains("<meta content=strict-origin-when-cross-origin name=referrer>"),
        "{article}"
    );
}
