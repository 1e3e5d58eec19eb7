#![cfg(not(target_arch = "wasm32"))]
//! Where every page lives: path URLs, each script's copy, and relative links between them.

use wenji::model::Script;
use wenji::route::{is_reserved_id, listing_pages, relative, Page, Variant, LISTING_PAGE_SIZE};

fn article(c: &str, a: &str) -> Page {
    Page::Article {
        collection: c.into(),
        article: a.into(),
    }
}

fn listing(c: &str, page: u32) -> Page {
    Page::Collection {
        collection: c.into(),
        page,
    }
}

#[test]
fn every_page_is_a_folder_of_its_own() {
    assert_eq!(Page::Catalog.path(), "");
    assert_eq!(listing("zhan-yi", 1).path(), "zhan-yi/");
    assert_eq!(listing("zhan-yi", 2).path(), "zhan-yi/page/2/");
    assert_eq!(article("zhan-yi", "nuan").path(), "zhan-yi/nuan/");
    assert_eq!(
        article("zhan-yi", "nuan").file_in(Variant::Hant, Variant::Hant),
        "zhan-yi/nuan/index.html"
    );
    assert_eq!(
        Page::NotFound.file_in(Variant::Hant, Variant::Hant),
        "404.html"
    );
    assert_eq!(
        Page::NotFound.file_in(Variant::Tw, Variant::Hant),
        "tw/404.html"
    );
}

#[test]
fn a_page_in_its_own_script_is_at_the_top_and_the_others_in_their_folders() {
    let page = article("zhan-yi", "nuan");
    assert_eq!(page.path_in(Variant::Hant, Variant::Hant), "zhan-yi/nuan/");
    assert_eq!(
        page.path_in(Variant::Hans, Variant::Hant),
        "hans/zhan-yi/nuan/"
    );
    assert_eq!(page.path_in(Variant::Tw, Variant::Hant), "tw/zhan-yi/nuan/");
    assert_eq!(page.path_in(Variant::Hk, Variant::Hans), "hk/zhan-yi/nuan/");
    assert_eq!(page.path_in(Variant::Hans, Variant::Hans), "zhan-yi/nuan/");
    assert_eq!(Page::Catalog.path_in(Variant::Hans, Variant::Hant), "hans/");
}

#[test]
fn links_are_relative_so_any_sub_path_works() {
    assert_eq!(relative("", ""), "./");
    assert_eq!(relative("", "zhan-yi/"), "zhan-yi/");
    assert_eq!(relative("zhan-yi/nuan/", ""), "../../");
    assert_eq!(relative("zhan-yi/nuan/", "zhan-yi/other/"), "../other/");
    assert_eq!(relative("zhan-yi/nuan/", "zhan-yi/"), "../");
    assert_eq!(relative("zhan-yi/", "zhan-yi/nuan/"), "nuan/");
    assert_eq!(relative("zhan-yi/nuan/", "zhan-yi/nuan/"), "./");
    assert_eq!(
        relative("hans/zhan-yi/nuan/", "zhan-yi/nuan/"),
        "../../../zhan-yi/nuan/"
    );
    assert_eq!(relative("hans/zhan-yi/nuan/", "hans/"), "../../");
    assert_eq!(relative("zhan-yi/page/2/", "data/"), "../../../data/");
    assert_eq!(
        relative("zhan-yi/nuan/", "icons/icon-512.png"),
        "../../icons/icon-512.png"
    );
    assert_eq!(relative("", "icons/icon-512.png"), "icons/icon-512.png");
    // From one script's copy to another's: the same page, never another.
    let page = article("c", "a");
    let from = page.path_in(Variant::Hans, Variant::Hant);
    assert_eq!(
        relative(&from, &page.path_in(Variant::Hk, Variant::Hant)),
        "../../../hk/c/a/"
    );
}

#[test]
fn collections_are_listed_fifty_to_a_page() {
    assert_eq!(LISTING_PAGE_SIZE, 50);
    assert_eq!(listing_pages(0), 1);
    assert_eq!(listing_pages(1), 1);
    assert_eq!(listing_pages(50), 1);
    assert_eq!(listing_pages(51), 2);
    assert_eq!(listing_pages(3000), 60);
}

#[test]
fn the_sites_own_folders_are_reserved_ids() {
    for id in [
        "page", "data", "search", "icons", "hans", "hant", "tw", "hk", "index",
    ] {
        assert!(is_reserved_id(id), "{id}");
    }
    assert!(!is_reserved_id("zhan-yi-feng-cai-lu"));
    assert!(article("a", "b").ids_are_well_formed());
    assert!(!article("a b", "c").ids_are_well_formed());
}

#[test]
fn variants_have_their_parameter_and_language() {
    for v in Variant::ALL {
        assert_eq!(Variant::from_param(v.param()), Some(v));
    }
    assert_eq!(Variant::from_param("klingon"), None);
    assert_eq!(Variant::Hk.lang(), "zh-Hant-HK");
    assert_eq!(Variant::from(Script::Hans), Variant::Hans);
    assert_eq!(Variant::from(Script::Hant), Variant::Hant);
}

#[test]
fn variant_comes_from_url_then_saved_then_browser_then_collection() {
    use wenji::model::Script;
    let langs = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        Variant::resolve(
            Some(Variant::Hk),
            Some(Variant::Hans),
            &langs(&["zh-TW"]),
            Script::Hans
        ),
        Variant::Hk
    );
    assert_eq!(
        Variant::resolve(None, Some(Variant::Hans), &langs(&["zh-TW"]), Script::Hant),
        Variant::Hans
    );
    assert_eq!(
        Variant::resolve(None, None, &langs(&["en-US", "zh-TW"]), Script::Hans),
        Variant::Tw
    );
    assert_eq!(
        Variant::resolve(None, None, &langs(&["en-US"]), Script::Hant),
        Variant::Hant
    );
    assert_eq!(
        Variant::resolve(None, None, &[], Script::Hans),
        Variant::Hans
    );
}

#[test]
fn browser_languages_map_to_variants() {
    for (tag, variant) in [
        ("zh-CN", Some(Variant::Hans)),
        ("zh", Some(Variant::Hans)),
        ("zh-Hans-SG", Some(Variant::Hans)),
        ("zh-TW", Some(Variant::Tw)),
        ("zh-Hant-TW", Some(Variant::Tw)),
        ("zh-HK", Some(Variant::Hk)),
        ("zh-MO", Some(Variant::Hk)),
        ("zh-Hant", Some(Variant::Hant)),
        ("en-US", None),
        ("ja", None),
    ] {
        assert_eq!(Variant::from_language(tag), variant, "{tag}");
    }
    let labels: Vec<&str> = Variant::ALL.iter().map(|v| v.label()).collect();
    assert_eq!(labels, ["简体", "繁體", "臺灣", "香港"]);
}
