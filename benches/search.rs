//! Search at scale, natively, on the site the build bench generated (10,000 articles): the
//! index's size against the compressed text it indexes, its file count, the time of a query,
//! what a query costs on the wire, and quality on a query set drawn from the site — phrases of
//! 2–8 characters found in exactly one article, typed in all four scripts: that article in the
//! top 3, and the same top 10 whatever the script.
//!
//!   WENJI_BENCH_SITE=<built site> cargo bench --bench search
//!
//! The last line, `bench-json {…}`, carries the figures for scripts/bench.mjs. The query set
//! itself goes to `target/bench/search-queries.json` (each phrase's article page in the stored
//! script and the phrase as typed in each script), so that scripts/bench.mjs asks Pagefind the
//! same questions.

use std::collections::HashSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use wenji::convert::Scripts;
use wenji::model::Script;
use wenji::route::Variant;
use wenji::search::{self, DocText, Fold, IndexInfo, Manifest, Searcher};

/// How many phrases the query set has.
const QUERIES: usize = 200;

fn gzip(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

fn main() {
    let Some(site) = std::env::var_os("WENJI_BENCH_SITE").map(PathBuf::from) else {
        eprintln!("WENJI_BENCH_SITE=<a site built by the build bench> is needed");
        std::process::exit(2);
    };
    let dir = site.join("search");
    let read = |name: &str| fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let info_bytes = read("index.json");
    let info: IndexInfo = serde_json::from_slice(&info_bytes).unwrap();
    let fold_bytes = read(&info.fold);
    let manifest_bytes = read(&info.manifest);
    let fold = Fold::from_bytes(&fold_bytes).unwrap();
    let manifest = Manifest::from_bytes(&manifest_bytes).unwrap();
    let shard_names: Vec<String> = (0..manifest.shard_count())
        .map(|s| manifest.shard_file(s).unwrap())
        .collect();
    let shard_bytes: Vec<Vec<u8>> = shard_names.iter().map(|n| read(n)).collect();
    let shard_gz: Vec<usize> = shard_bytes.iter().map(|b| gzip(b)).collect();
    let mut searcher = Searcher::new(manifest);
    for (s, bytes) in shard_bytes.iter().enumerate() {
        searcher.add_shard(s as u32, bytes.clone()).unwrap();
    }

    // The texts, in the site's own script (Traditional), and the compressed size of what is
    // indexed: every title and text.
    let native = Variant::Hant;
    let texts: Vec<DocText> = (0..info.count)
        .map(|doc| {
            let bytes = read(&info.doc_file(native, doc));
            DocText::parse(&String::from_utf8(bytes).unwrap()).unwrap()
        })
        .collect();
    let text_gz: usize = texts.iter().map(|t| gzip(t.searchable().as_bytes())).sum();
    let index_bytes =
        fold_bytes.len() + manifest_bytes.len() + shard_bytes.iter().map(Vec::len).sum::<usize>();
    let index_gz = gzip(&fold_bytes) + gzip(&manifest_bytes) + shard_gz.iter().sum::<usize>();
    let text_files = walk_count(&dir.join(&info.docs));
    println!(
        "index: {} articles, {} shards; {:.1} MB ({:.1} MB gzip) against {:.1} MB gzip of text indexed; texts for snippets: {text_files} files",
        info.count,
        shard_names.len(),
        index_bytes as f64 / 1e6,
        index_gz as f64 / 1e6,
        text_gz as f64 / 1e6
    );

    // The query set: a phrase at a fixed pseudo-random place of a fixed pseudo-random article,
    // kept if exactly that article holds it (every article holding it has all its bigrams, so
    // the index's candidates are a superset to check).
    let folded: Vec<String> = texts.iter().map(|t| fold.fold(&t.searchable())).collect();
    let mut seed = 0x2545_f491_u32;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed as usize
    };
    let mut phrases: Vec<(u32, String)> = Vec::new();
    let mut tried = 0;
    while phrases.len() < QUERIES && tried < QUERIES * 50 {
        tried += 1;
        let doc = next() % texts.len();
        let chars: Vec<char> = texts[doc].body.chars().collect();
        let len = 2 + next() % 7;
        if chars.len() <= len {
            continue;
        }
        let at = next() % (chars.len() - len);
        let phrase: String = chars[at..at + len].iter().collect();
        if !phrase
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        {
            continue;
        }
        let Some(query) = search::parse_query(&fold, &phrase) else {
            continue;
        };
        let Ok(hits) = searcher.search(&query, search::MAX_RESULTS) else {
            continue;
        };
        if hits.len() >= search::MAX_RESULTS {
            continue;
        }
        let key = fold.fold(&phrase);
        let holders: Vec<u32> = hits
            .iter()
            .map(|h| h.doc)
            .filter(|&d| folded[d as usize].contains(&key))
            .collect();
        if holders == [doc as u32] {
            phrases.push((doc as u32, phrase));
        }
    }
    let lengths: Vec<usize> = phrases.iter().map(|(_, p)| p.chars().count()).collect();
    println!(
        "query set: {} phrases found in exactly one article ({} tried; lengths {}–{} characters)",
        phrases.len(),
        tried,
        lengths.iter().min().unwrap_or(&0),
        lengths.iter().max().unwrap_or(&0)
    );

    let scripts = Scripts::load(Path::new("vendor/opencc")).unwrap();
    let mut in_top3 = 0usize;
    // Per script too, in Variant::ALL's order, for the side by side with Pagefind.
    let mut in_top3_by = [0usize; 4];
    let mut asked = 0usize;
    let mut same_top10 = 0usize;
    let mut times_us: Vec<f64> = Vec::new();
    let mut first_kb: Vec<f64> = Vec::new();
    let mut later_kb: Vec<f64> = Vec::new();
    let mut seen_shards: HashSet<u32> = HashSet::new();
    let core_gz = gzip(&info_bytes) + gzip(&fold_bytes) + gzip(&manifest_bytes);
    let mut query_set: Vec<serde_json::Value> = Vec::new();
    for (doc, phrase) in &phrases {
        let mut tops: Vec<Vec<u32>> = Vec::new();
        let mut typed_in = serde_json::Map::new();
        for (v, variant) in Variant::ALL.into_iter().enumerate() {
            let typed = scripts.convert(Script::Hant, variant, &[], phrase);
            typed_in.insert(variant.param().to_owned(), typed.clone().into());
            let started = Instant::now();
            let query = search::parse_query(&fold, &typed).unwrap();
            let hits = searcher.search(&query, search::MAX_RESULTS).unwrap();
            times_us.push(started.elapsed().as_secs_f64() * 1e6);
            let page = search::page_of(&hits, 1);
            let page_texts: Vec<DocText> =
                page.iter().map(|h| texts[h.doc as usize].clone()).collect();
            let found = search::page_results(&fold, &query, page, &page_texts);
            let top: Vec<u32> = found.iter().map(|f| f.doc).collect();
            asked += 1;
            if top.iter().take(3).any(|d| d == doc) {
                in_top3 += 1;
                in_top3_by[v] += 1;
            } else {
                let rank = hits.iter().position(|h| h.doc == *doc);
                println!(
                    "  missed: {typed} ({}): the article ranked {} of {} by the index",
                    variant.param(),
                    rank.map_or("nowhere".to_owned(), |r| (r + 1).to_string()),
                    hits.len()
                );
            }
            // On the wire: the shards this query needs (all of them new for a first query),
            // and the page's texts in the reader's script.
            let shards: HashSet<u32> = query
                .terms()
                .iter()
                .map(|t| t.shard(shard_names.len() as u32))
                .collect();
            let texts_gz: usize = page
                .iter()
                .map(|h| gzip(&read(&info.doc_file(variant, h.doc))))
                .sum();
            let all_shards: usize = shards.iter().map(|&s| shard_gz[s as usize]).sum();
            let new_shards: usize = shards
                .iter()
                .filter(|s| !seen_shards.contains(s))
                .map(|&s| shard_gz[s as usize])
                .sum();
            first_kb.push((core_gz + all_shards + texts_gz) as f64 / 1024.0);
            later_kb.push((new_shards + texts_gz) as f64 / 1024.0);
            seen_shards.extend(shards);
            tops.push(top);
        }
        if tops.windows(2).all(|w| w[0] == w[1]) {
            same_top10 += 1;
        }
        query_set.push(serde_json::json!({
            "doc": doc,
            "path": texts[*doc as usize].path,
            "typed": typed_in,
        }));
    }
    let queries_file = Path::new("target/bench/search-queries.json");
    fs::create_dir_all(queries_file.parent().unwrap()).unwrap();
    fs::write(
        queries_file,
        serde_json::to_string_pretty(&query_set).unwrap() + "\n",
    )
    .unwrap();
    let median = |xs: &mut Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        xs.get(xs.len() / 2).copied().unwrap_or(0.0)
    };
    let p95 = |xs: &mut Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        xs.get((xs.len() * 95).div_ceil(100).saturating_sub(1))
            .copied()
            .unwrap_or(0.0)
    };
    let recall = 100.0 * in_top3 as f64 / asked.max(1) as f64;
    let recall_by: serde_json::Map<String, serde_json::Value> = Variant::ALL
        .into_iter()
        .zip(in_top3_by)
        .map(|(variant, n)| {
            let pct = 100.0 * n as f64 / phrases.len().max(1) as f64;
            (variant.param().to_owned(), pct.into())
        })
        .collect();
    let agreement = 100.0 * same_top10 as f64 / phrases.len().max(1) as f64;
    let (t50, t95) = (median(&mut times_us) / 1000.0, p95(&mut times_us) / 1000.0);
    let (first, later) = (median(&mut first_kb), median(&mut later_kb));
    println!("quality: the article in the top 3 for {recall:.1}% of {asked} queries (budget 100%); same top 10 in all four scripts for {agreement:.1}% of phrases (budget 100%)");
    println!("native query (parse and rank, shards loaded): median {t50:.3} ms, p95 {t95:.3} ms (budget ≤ 2 ms)");
    println!("on the wire, gzip: a first query {first:.1} KB median (budget ≤ 100 KB), a later one {later:.1} KB median (budget ≤ 25 KB)");
    println!(
        "bench-json {{\"articles\": {}, \"shards\": {}, \"text_files\": {text_files}, \"index_mb\": {:.2}, \"index_gz_mb\": {:.2}, \"text_gz_mb\": {:.2}, \"queries\": {asked}, \"phrases\": {}, \"top3_pct\": {recall:.2}, \"same_top10_pct\": {agreement:.2}, \"query_ms_median\": {t50:.4}, \"query_ms_p95\": {t95:.4}, \"first_query_kb\": {first:.1}, \"later_query_kb\": {later:.1}, \"top3_pct_by_script\": {}, \"queries_file\": {}}}",
        info.count,
        shard_names.len(),
        index_bytes as f64 / 1e6,
        index_gz as f64 / 1e6,
        text_gz as f64 / 1e6,
        phrases.len(),
        serde_json::Value::from(recall_by),
        serde_json::Value::from(queries_file.display().to_string())
    );
}

fn walk_count(dir: &Path) -> usize {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    let path = e.path();
                    if path.is_dir() {
                        walk_count(&path)
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}
