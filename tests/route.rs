#![cfg(not(target_arch = "wasm32"))]
//! Reading and writing the app's URLs.

use std::collections::HashMap;

use wenji::route::{Route, Variant, View};

fn parse(query: &[(&str, &str)]) -> Route {
    let map: HashMap<&str, &str> = query.iter().copied().collect();
    Route::from_query(|k| map.get(k).copied())
}

#[test]
fn query_parameters_select_the_view() {
    assert_eq!(parse(&[]).view, View::Catalog);
    assert_eq!(
        parse(&[("c", "x")]).view,
        View::Collection {
            collection: "x".into()
        }
    );
    assert_eq!(
        parse(&[("c", "x"), ("a", "y")]).view,
        View::Article {
            collection: "x".into(),
            article: "y".into()
        }
    );
    // An article without its collection cannot be found: show the catalog.
    assert_eq!(parse(&[("a", "y")]).view, View::Catalog);
    assert_eq!(parse(&[("c", ""), ("a", "")]).view, View::Catalog);
}

#[test]
fn variant_parameter_is_read_and_unknown_values_ignored() {
    assert_eq!(parse(&[("v", "hant")]).variant, Some(Variant::Hant));
    assert_eq!(parse(&[("v", "tw")]).variant, Some(Variant::Tw));
    assert_eq!(parse(&[("v", "klingon")]).variant, None);
    for v in Variant::ALL {
        assert_eq!(Variant::from_param(v.param()), Some(v));
    }
    assert_eq!(Variant::Hk.lang(), "zh-Hant-HK");
}

#[test]
fn links_carry_the_view_and_the_variant() {
    let article = parse(&[("c", "zhan-yi"), ("a", "nuan"), ("v", "hans")]);
    assert_eq!(article.href(), "?c=zhan-yi&a=nuan&v=hans");
    assert_eq!(article.to(View::Catalog).href(), "?v=hans");
    assert_eq!(parse(&[]).href(), "./");
    assert_eq!(parse(&[("c", "x")]).href(), "?c=x");
}

#[test]
fn links_round_trip_and_encode_what_is_not_url_safe() {
    let odd = parse(&[("c", "a b&c=d"), ("a", "文")]);
    let href = odd.href();
    assert_eq!(href, "?c=a%20b%26c%3Dd&a=%E6%96%87");
    assert!(!odd.ids_are_well_formed());
    let good = parse(&[("c", "zhan-yi"), ("a", "nuan-ru-chun-feng"), ("v", "hk")]);
    assert!(good.ids_are_well_formed());
    let decoded: HashMap<String, String> = good
        .href()
        .trim_start_matches('?')
        .split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect();
    assert_eq!(
        parse(
            &decoded
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>()
        ),
        good
    );
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

#[test]
fn location_query_strings_are_read_as_browsers_read_them() {
    let article = Route::from_search("?c=zhan-yi&a=nuan-ru-chun-feng&v=hk");
    assert_eq!(
        article.view,
        View::Article {
            collection: "zhan-yi".into(),
            article: "nuan-ru-chun-feng".into()
        }
    );
    assert_eq!(article.variant, Some(Variant::Hk));
    assert_eq!(Route::from_search("").view, View::Catalog);
    assert_eq!(Route::from_search("?").view, View::Catalog);
    assert_eq!(Route::from_search("?a=x").view, View::Catalog);
    // The first of repeated parameters counts; empty pairs and keys without values are skipped.
    assert_eq!(
        Route::from_search("?&c=first&c=second&v").view,
        View::Collection {
            collection: "first".into()
        }
    );
    // Every link the app writes reads back as the same route.
    for route in [
        parse(&[("c", "a b&c=d"), ("a", "文"), ("v", "tw")]),
        parse(&[("c", "100%"), ("a", "+plus+")]),
        parse(&[("c", "zhan-yi")]),
    ] {
        assert_eq!(Route::from_search(&route.href()), route, "{}", route.href());
    }
    // `+` is a space; malformed escapes stay as written.
    assert_eq!(
        Route::from_search("?c=a+b%2").view,
        View::Collection {
            collection: "a b%2".into()
        }
    );
    assert_eq!(
        Route::from_search("?c=%zz%4").view,
        View::Collection {
            collection: "%zz%4".into()
        }
    );
}
