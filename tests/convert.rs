#![cfg(not(target_arch = "wasm32"))]
//! The converter against OpenCC 1.4.2: its own test cases, and a table of one-to-many
//! characters in natural sentences whose expected outputs came from the `opencc` package on PyPI
//! (scripts/opencc-oracle.py).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

mod support;

use wenji::convert::{load_dicts, Config, Converter, Dicts, DICT_NAMES};

static DICTS: LazyLock<Dicts> = LazyLock::new(|| {
    load_dicts(Path::new("vendor/opencc"), &DICT_NAMES).expect("vendored dictionaries load")
});

fn converter(config: Config) -> Converter {
    Converter::new(config, &DICTS).unwrap()
}

/// testcases.json has a trailing comma, which strict JSON refuses.
fn lenient_json(text: &str) -> serde_json::Value {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            escaped = !escaped && c == '\\';
            in_string = escaped || c != '"';
            out.push(c);
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        if c == ','
            && chars[i + 1..]
                .iter()
                .find(|c| !c.is_whitespace())
                .is_some_and(|&n| n == ']' || n == '}')
        {
            continue;
        }
        out.push(c);
    }
    serde_json::from_str(&out).unwrap()
}

fn check_cases(cases: &[(String, String, String)]) {
    let mut failures = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (config, input, expected) in cases {
        let Some(c) = Config::from_name(config) else {
            continue;
        };
        *counts.entry(c.name()).or_default() += 1;
        let got = converter(c).convert(input);
        if &got != expected {
            failures.push(format!(
                "{config}: {input}\n  expected {expected}\n  got      {got}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for c in Config::ALL {
        assert!(
            counts.get(c.name()).copied().unwrap_or(0) > 0,
            "no cases for {}",
            c.name()
        );
    }
}

#[test]
fn opencc_test_cases_pass_exactly_for_every_config() {
    let json = lenient_json(&std::fs::read_to_string("vendor/opencc/testcases.json").unwrap());
    let cases = support::conversion_cases(&json);
    assert!(cases.len() > 400);
    check_cases(&cases);
}

#[test]
fn the_seed_naive_forms_are_repaired_by_t2s_then_s2tw() {
    let naive = "省委黨史研究室17名黨員干部組成網上突擊隊。在十余天的時間里,后期工作隊員固定9人,電話聯系社區居民,居民房屋建于20世紀70年代,在群內發布并得到解答。";
    let simplified = converter(Config::T2s).convert(naive);
    let repaired = converter(Config::S2tw).convert(&simplified);
    for right in [
        "幹部",
        "十餘天",
        "時間裡",
        "後期",
        "聯繫",
        "建於",
        "發佈",
        "並得到",
    ] {
        assert!(repaired.contains(right), "{right} missing from {repaired}");
    }
    for wrong in [
        "干部",
        "十余天",
        "時間里",
        "后期",
        "聯系",
        "建于",
        "發布",
        "并得到",
    ] {
        assert!(!repaired.contains(wrong), "{wrong} still in {repaired}");
    }
}

#[test]
fn one_to_many_table_matches_the_opencc_oracle() {
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/one-to-many.oracle.json").unwrap(),
    )
    .unwrap();
    assert_eq!(json["opencc"], "1.4.2");
    let cases = support::conversion_cases(&json);
    assert_eq!(cases.len(), 30 * 8);
    check_cases(&cases);
}

#[test]
fn ideographic_description_sequences_pass_through_whole() {
    // OpenCC keeps a complete sequence together and unconverted; a lone component converts.
    assert_eq!(converter(Config::S2t).convert("⿰讠兑"), "⿰讠兑");
    assert_eq!(converter(Config::S2t).convert("讠"), "訁");
    assert_eq!(converter(Config::S2t).convert("⿰讠"), "⿰訁");
}

#[test]
fn compatibility_ideographs_are_normalised_first() {
    assert_eq!(converter(Config::S2t).convert("\u{F900}"), "豈");
    assert_eq!(converter(Config::T2s).convert("\u{F900}"), "岂");
}

#[test]
fn the_demo_collection_is_stored_repaired() {
    let output = support::demo_build();
    let (_, bytes) = output
        .files
        .iter()
        .find(|(p, _)| p.ends_with("zhan-yi-feng-cai-lu/nuan-ru-chun-feng.json"))
        .unwrap();
    let bundle = wenji::model::parse_bundle(std::str::from_utf8(bytes).unwrap()).unwrap();
    // Stored repaired in Traditional, so its own readers need no dictionaries.
    assert_eq!(bundle.script, wenji::model::Script::Hant);
    let text = serde_json::to_string(&bundle.articles[0]).unwrap();
    // And the 简体 view made from it is the exact t2s: no Traditional-only characters left.
    let t2s = converter(Config::T2s);
    let hans =
        serde_json::to_string(&bundle.articles[0].map_text(&mut |t| t2s.convert(t))).unwrap();
    assert!(hans.contains("干部") && !hans.contains("幹部") && !hans.contains("們"));
    for right in ["幹部", "後期", "聯繫", "十餘天", "建於", "發佈", "並得到"] {
        assert!(text.contains(right), "繁體 view lacks {right}");
    }
    for wrong in ["干部", "后期", "聯系", "十余天", "建于", "發布", "并得到"] {
        assert!(!text.contains(wrong), "繁體 view still has {wrong}");
    }
}

#[test]
fn overrides_win_over_the_dictionaries() {
    use wenji::convert::convert_with_overrides;
    let s2tw = converter(Config::S2tw);
    // OpenCC's own output for the toast is 幹杯; the collection says 乾杯.
    assert_eq!(s2tw.convert("我们一起干杯"), "我們一起幹杯");
    let overrides = [("干杯", "乾杯"), ("一起干杯吧", "一起乾杯吧")];
    let convert = |t: &str| convert_with_overrides(t, &overrides, |part| s2tw.convert(part));
    assert_eq!(convert("我们一起干杯"), "我們一起乾杯");
    assert_eq!(
        convert("我们一起干杯吧，干部们"),
        "我們一起乾杯吧，幹部們",
        "the longest phrase wins"
    );
    assert_eq!(convert("没有覆盖的句子"), s2tw.convert("没有覆盖的句子"));
}

/// OpenCC's group rules, evaluated member by member, as the merged dictionaries must answer.
fn union_naive<'a>(members: &[&'a wenji::convert::Dict], s: &str) -> Option<(usize, &'a str)> {
    members
        .iter()
        .filter_map(|d| d.longest_prefix(s))
        .fold(None, |best, m| match best {
            Some(b) if b.0 >= m.0 => Some(b),
            _ => Some(m),
        })
}

fn short_circuit_naive<'a>(
    members: &[&'a wenji::convert::Dict],
    s: &str,
) -> Option<(usize, &'a str)> {
    members.iter().find_map(|d| d.longest_prefix(s))
}

/// Every key of every member, alone and followed by the start of each other key, so that both
/// the longest and the shorter matches at a position are exercised.
fn probes(members: &[&wenji::convert::Dict]) -> Vec<String> {
    let keys: Vec<&str> = members
        .iter()
        .flat_map(|d| d.iter().map(|(k, _)| k))
        .collect();
    let mut out = Vec::with_capacity(keys.len() * 3);
    for (i, key) in keys.iter().enumerate() {
        out.push((*key).to_owned());
        for step in [1, 7919] {
            let other = keys[(i + step) % keys.len()];
            out.push(format!("{key}{other}"));
            let cut: String = key.chars().take(1).chain(other.chars()).collect();
            out.push(cut);
        }
    }
    out
}

#[test]
fn merged_groups_answer_as_their_members_do() {
    use wenji::convert::Dict;
    let d = |name: &str| DICTS[name].as_ref();
    type Naive = for<'a> fn(&[&'a Dict], &str) -> Option<(usize, &'a str)>;
    let check = |merged: &Dict, members: &[&Dict], naive: Naive| {
        for s in probes(members) {
            assert_eq!(merged.longest_prefix(&s), naive(members, &s), "{s}");
        }
    };
    let sc = |members: &[&Dict]| match members {
        [a, b, c] => Dict::short_circuit(a, &Dict::short_circuit(b, c)),
        [a, b] => Dict::short_circuit(a, b),
        _ => unreachable!(),
    };
    // A union (s2t's phrases), a short circuit over it and characters, t2s's chain, and s2twp's
    // second stage (phrases against phrases, where the two rules differ).
    let union_members = [d("STPhrases"), d("STPhrases_GeneratedFromRegionalPhrases")];
    let union = Dict::union(&union_members);
    check(&union, &union_members, union_naive);
    let short_members = [&union, d("STCharacters")];
    check(&sc(&short_members), &short_members, short_circuit_naive);
    let t2s_members = [d("TSPhrases"), d("TSCharactersExt"), d("TSCharacters")];
    check(&sc(&t2s_members), &t2s_members, short_circuit_naive);
    let tw_members = [d("TWPhrases"), d("TWVariantsPhrases"), d("TWVariants")];
    check(&sc(&tw_members), &tw_members, short_circuit_naive);
    // Where a later member has the longer key, the rules part ways.
    let first = Dict::parse("甲\t一\n".into()).unwrap();
    let then = Dict::parse("甲乙\t二\n乙\t三\n".into()).unwrap();
    assert_eq!(
        Dict::short_circuit(&first, &then).longest_prefix("甲乙"),
        Some(("甲".len(), "一"))
    );
    assert_eq!(
        Dict::union(&[&first, &then]).longest_prefix("甲乙"),
        Some(("甲乙".len(), "二"))
    );
    assert_eq!(
        Dict::short_circuit(&first, &then).longest_prefix("乙"),
        Some(("乙".len(), "三"))
    );
}
