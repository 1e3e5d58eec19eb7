//! Splitting paragraphs into pieces: nothing lost or reordered, no piece too long, ranges right,
//! closing quotes with their sentence; over random text and over the demo collection.

use proptest::prelude::*;
use wenji_speech::{split, Paragraph, Piece, MAX_PIECE_CHARS};

/// Closing marks, written out here independently of the crate's own list.
const CLOSERS: &str = "」』”’）》〉】";
const TERMINATORS: &str = "。！？…";

/// Checks every property a split must have, with a message naming the one broken.
fn check(text: &str, pieces: &[Piece]) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let mut joined = String::new();
    let (mut c, mut b, mut u) = (0, 0, 0);
    for piece in pieces {
        let piece_text = piece.text(text);
        if piece.chars.start != c || piece.bytes.start != b || piece.utf16.start != u {
            return Err(format!(
                "piece {piece:?} does not start where the last ended"
            ));
        }
        let n = piece_text.chars().count();
        if n == 0 || n > MAX_PIECE_CHARS {
            return Err(format!("piece of {n} characters: {piece_text:?}"));
        }
        if piece.char_len() != n
            || chars[piece.chars.clone()].iter().collect::<String>() != piece_text
            || piece_text.encode_utf16().count() != piece.utf16.len()
        {
            return Err(format!("ranges of {piece:?} disagree with {piece_text:?}"));
        }
        joined.push_str(piece_text);
        (c, b, u) = (piece.chars.end, piece.bytes.end, piece.utf16.end);
    }
    if joined != text {
        return Err(format!("pieces give {joined:?}, not {text:?}"));
    }
    for piece in pieces.iter().skip(1) {
        let k = piece.chars.start;
        let (before, after) = (chars[k - 1], chars[k]);
        if (TERMINATORS.contains(before) || CLOSERS.contains(before)) && CLOSERS.contains(after) {
            return Err(format!(
                "a closing mark starts piece {:?}",
                piece.text(text)
            ));
        }
    }
    Ok(())
}

fn texts(text: &str) -> Vec<&str> {
    split(text).iter().map(|p| p.text(text)).collect()
}

#[test]
fn sentences_end_after_terminators_and_keep_their_closing_quotes() {
    assert_eq!(
        texts("他说：“好。”然后走了！「真的？」『對……』"),
        ["他说：“好。”", "然后走了！", "「真的？」", "『對……』"]
    );
}

#[test]
fn combined_terminators_stay_whole() {
    assert_eq!(texts("真的？！是的……好。"), ["真的？！", "是的……", "好。"]);
}

#[test]
fn white_space_after_a_sentence_stays_with_it() {
    assert_eq!(texts("第一句。 第二句。"), ["第一句。 ", "第二句。"]);
}

#[test]
fn half_width_terminators_end_sentences_but_not_numbers() {
    assert_eq!(
        texts("增长12.5%, 很好! 再见."),
        ["增长12.5%, 很好! ", "再见."]
    );
}

#[test]
fn leading_ellipsis_does_not_make_a_piece_of_its_own() {
    assert_eq!(texts("……他来了。"), ["……他来了。"]);
}

#[test]
fn empty_text_has_no_pieces() {
    assert!(split("").is_empty());
}

#[test]
fn a_long_sentence_is_cut_at_the_clause_mark_nearest_its_middle() {
    let first = "甲".repeat(35);
    let second = "乙".repeat(35);
    let text = format!("{first}，{second}。");
    assert_eq!(texts(&text), [format!("{first}，"), format!("{second}。")]);
}

#[test]
fn a_long_run_without_punctuation_is_cut_at_sixty() {
    let text = "漢".repeat(130);
    let lens: Vec<usize> = split(&text).iter().map(Piece::char_len).collect();
    assert_eq!(lens, [60, 60, 10]);
}

#[test]
fn a_hard_cut_avoids_latin_words_and_closing_marks() {
    // 58 Han characters then a Latin word across the limit: the cut moves before the word.
    let text = format!("{}abcdefgh{}", "漢".repeat(58), "字".repeat(10));
    assert_eq!(split(&text)[0].char_len(), 58);
    // A sentence of exactly 60 characters before its 。”: the mark stays with the sentence.
    let text = format!("{}。”", "漢".repeat(61));
    let pieces = texts(&text);
    assert!(pieces[1].chars().count() > 2, "{pieces:?}");
    check(&text, &split(&text)).unwrap();
}

#[test]
fn ranges_count_utf16_for_characters_beyond_the_bmp() {
    let text = "𠀀好。你好。";
    let pieces = split(text);
    assert_eq!(pieces[1].chars, 3..6);
    assert_eq!(pieces[1].utf16, 4..7);
    assert_eq!(pieces[1].bytes, 10..19);
}

fn alphabet() -> Vec<char> {
    "漢字中文的了是在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作里用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實日軍者意無力它與長把機十民第公此已工使情明性知全三又關點正業外將兩高間由問很最重並物手應戰向頭文體政美相見被利什二等產或新己制身果加西斯月話合回特代內信表化老給世位次度門任常先海通教兒原東聲提立及比員解水名真論處走義各入幾口認條平系氣題活爾更別打女變四神總何電數安少報才結反受目太量再感建務做接必場件計管期市直德資命山金指克許統區保至隊形社便空決治展馬科司五基眼書非則聽白卻界達光放強即像難且權思王象完設式色路記南品住告類求據程北邊死張該交規萬取拉格望覺術領共確傳師觀清今切院讓識候帶導爭運笑飛風步改收根干造言聯持組每濟車親極林服快辦議往元英士證近失轉夫令準布始怎呢存未遠叫台單影具羅字愛擊流備兵連調深商算質團集百需價花黨華城石級整府離況亞請技際約示復病息究線似官火斷精滿支視消越器容照須九增研寫稱企八功嗎包片史委乎查輕易早曾除農找裝廣顯吧阿李標談吃圖念六引歷首醫局突專費號盡另周較注語仅考落青隨選列武紅響雖推勢參希古眾構房半節土投某案黑維革劃敵致陳律足態護七興派孩驗責營星夠章音跟志底站嚴巴例防族供效續施留講型料終答緊黃絕奇察母京段依批群項故按河米圍江織害斗雙境客紀採舉殺攻父蘇密低朝友訴止細願千值仍男錢破網熱助倒育屬坐帝限船臉職速刻樂否剛威毛狀率甚獨球般普怕彈校苦創假久錯承印晚蘭試股拿腦預誰益陽若哪微尼繼送急血驚傷素藥適波夜省初喜衛源食險待述陸習置居勞財環排福納歡雷警獲模充負雲停木游龍樹疑層冷洲沖射略範竟句室異激漢村哈策演簡卡罪判擔州靜退既衣您宗積余痛檢差富靈協角佔配征修皮揮勝降階審沉堅善媽劉讀啊超免壓銀買皇養伊懷執副亂抗犯追幫宣佛歲航優怪香著田鐵控稅左右份穿藝背陣草腳概惡塊頓敢守酒島托央戶烈洋哥索胡款靠評版寶座釋景顧弟登貨互付伯慢歐換聞危忙核暗姐介壞討麗良序升監臨亮露永呼味野架域沙掉括艦魚雜誤湯"
        .chars()
        .take(60)
        .chain("。！？…，；、：,.;:!?“”‘’「」『』（）《》〈〉()0123456789abcXYZ %％ \n𠀀".chars())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_text_splits_into_short_pieces_that_give_it_back(
        chars in prop::collection::vec(prop::sample::select(alphabet()), 0..400)
    ) {
        let text: String = chars.into_iter().collect();
        let pieces = split(&text);
        prop_assert!(check(&text, &pieces).is_ok(), "{}", check(&text, &pieces).unwrap_err());
    }

    #[test]
    fn long_unpunctuated_runs_split_into_short_pieces(
        chars in prop::collection::vec(prop::sample::select(vec!['漢', '字', 'a', 'Z', '7', ' ', '𠀀']), 0..500)
    ) {
        let text: String = chars.into_iter().collect();
        let pieces = split(&text);
        prop_assert!(check(&text, &pieces).is_ok(), "{}", check(&text, &pieces).unwrap_err());
    }
}

/// The body lines of the demo collection's articles: no front matter, fences, images or blank
/// lines; heading and quotation markers removed.
fn demo_paragraphs() -> Vec<String> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../content/zhan-yi-feng-cai-lu"
    );
    let mut paragraphs = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the demo collection")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a readable article");
        let body = match text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
        {
            Some((_, body)) => body.to_owned(),
            None => text,
        };
        for line in body.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with(":::") || line.starts_with("![") {
                continue;
            }
            let line = line.trim_start_matches('#').trim_start_matches('>').trim();
            paragraphs.push(line.to_owned());
        }
    }
    paragraphs
}

#[test]
fn the_demo_collection_splits_into_short_pieces_that_give_it_back() {
    let paragraphs = demo_paragraphs();
    assert!(
        paragraphs.len() > 30,
        "only {} paragraphs read",
        paragraphs.len()
    );
    let mut longest = 0;
    for text in &paragraphs {
        let pieces = split(text);
        if let Err(problem) = check(text, &pieces) {
            panic!("{problem}\nin {text}");
        }
        longest = longest.max(text.chars().count());
    }
    // The test means something only if some paragraphs needed cutting within sentences.
    assert!(longest > 2 * MAX_PIECE_CHARS);
}

#[test]
fn the_demo_collections_quoted_speech_stays_with_its_sentence() {
    let paragraph = demo_paragraphs()
        .into_iter()
        .find(|p| p.contains("我就會在您身邊"))
        .expect("the paragraph with 小潘's words");
    let paragraph = Paragraph::new(paragraph);
    let texts: Vec<&str> = (0..paragraph.pieces().len())
        .filter_map(|i| paragraph.piece_text(i))
        .collect();
    assert!(
        texts.iter().any(|t| t.ends_with("我就會在您身邊”。")),
        "{texts:#?}"
    );
}
