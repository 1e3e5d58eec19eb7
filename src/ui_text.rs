//! Interface text, written in Traditional script like the demo content.
//!
//! Kept in one place, and shown through [`ui`] in the script of the page: the table of every
//! string in every variant (`ui_variants.rs`) is generated with the OpenCC engine by
//! `WENJI_BLESS=1 cargo test --test ui_text`, and that test fails when it falls out of date. A
//! table of about 100 strings costs the reader's download less than a single dictionary.

use std::cell::Cell;

use crate::route::Variant;

thread_local! {
    static VARIANT: Cell<Variant> = const { Cell::new(Variant::Hant) };
}

/// Sets the script interface text is shown in: the page's (the build, once per page it writes;
/// the app, once from `<html data-variant>`).
pub fn set_variant(variant: Variant) {
    VARIANT.with(|v| v.set(variant));
}

/// The script interface text is shown in.
pub fn variant() -> Variant {
    VARIANT.with(Cell::get)
}

/// `text` (one of this module's strings) in the current variant's script.
pub fn ui(text: &'static str) -> &'static str {
    let column = match variant() {
        Variant::Hans => 1,
        Variant::Hant => 2,
        Variant::Tw => 3,
        Variant::Hk => 4,
    };
    crate::ui_variants::TABLE
        .iter()
        .find(|row| row[0] == text)
        .map_or(text, |row| row[column])
}

/// "Search" in the page's script: 搜索 in 简体, as mainland readers say it (OpenCC keeps the
/// Traditional word's 搜寻), 搜尋 elsewhere.
pub fn search_word() -> &'static str {
    if variant() == Variant::Hans {
        "搜索"
    } else {
        "搜尋"
    }
}

/// The script these strings are written in.
pub const SCRIPT: crate::model::Script = crate::model::Script::Hant;

pub const APP_NAME: &str = "文集";
pub const LOADING: &str = "正在載入…";
pub const RETRY: &str = "重試";
pub const BREADCRUMB: &str = "位置";
pub const COLLECTIONS: &str = "文集目錄";
pub const ARTICLES_IN: &str = "篇文章";
pub const PUBLISHED: &str = "發佈日期";
pub const SOURCE: &str = "來源";
pub const AUTHOR: &str = "作者";
pub const MINUTES: &str = "分鐘讀完";
pub const UPDATED: &str = "更新於";
pub const PREVIOUS: &str = "上一篇";
pub const NEXT: &str = "下一篇";
pub const ARTICLE_NAV: &str = "上下篇";
pub const BACK_TO_CATALOG: &str = "返回文集目錄";
pub const BACK_TO_COLLECTION: &str = "返回文章列表";
pub const NO_PHOTO: &str = "圖片暫缺";
pub const SKIP_TO_CONTENT: &str = "跳到正文";
pub const SKIPPED_BLOCKS: &str = "本文有部分內容需要更新版本的文集才能顯示。";
pub const EMPTY_CATALOG: &str = "目前還沒有文集。";
pub const EMPTY_COLLECTION: &str = "這個文集還沒有文章。";

pub const NOT_FOUND_TITLE: &str = "找不到這個頁面";
pub const NOT_FOUND_COLLECTION: &str = "找不到這個文集。它可能已被移除，或鏈接有誤。";
pub const NOT_FOUND_ARTICLE: &str = "找不到這篇文章。它可能已被移除，或鏈接有誤。";

pub const ERR_DETAILS: &str = "技術細節";
pub const ERR_OFFLINE_TITLE: &str = "目前沒有網絡連線";
pub const ERR_OFFLINE: &str = "請檢查網絡，連線後按「重試」。";
pub const ERR_NETWORK_TITLE: &str = "無法連線";
pub const ERR_NETWORK: &str = "暫時無法連上網站，請稍後按「重試」。";
pub const ERR_TIMEOUT_TITLE: &str = "載入超時";
pub const ERR_TIMEOUT: &str = "網絡太慢，內容未能及時載入。請按「重試」。";
pub const ERR_MISSING_TITLE: &str = "內容不在網站上";
pub const ERR_MISSING: &str = "網站上找不到這份內容（HTTP 404）。請稍後重試，或返回目錄。";
pub const ERR_SERVER_TITLE: &str = "網站暫時出錯";
pub const ERR_SERVER: &str = "網站暫時無法提供內容，請稍後按「重試」。";
pub const ERR_MALFORMED_TITLE: &str = "內容資料有誤";
pub const ERR_MALFORMED: &str = "收到的內容資料不完整或已損壞，無法顯示。請按「重試」。";
pub const ERR_VERSION_TITLE: &str = "需要更新文集";
pub const ERR_VERSION: &str = "這份內容需要更新版本的文集才能閱讀。請重新載入頁面。";

pub const OFFLINE_NOW: &str = "目前離線：已打開和已保存的文章仍可閱讀。";
pub const UPDATE_READY: &str = "新版本已就緒";
pub const UPDATE_RELOAD: &str = "重新載入";
pub const STORAGE_UNAVAILABLE: &str =
    "這個瀏覽器不允許保存設定：本次閱讀期間有效，關閉後不會保留。";
pub const STORAGE_FULL: &str = "手機儲存空間不足，部分內容未能保存供離線閱讀。";
pub const SAVE_OFFLINE: &str = "保存本文集，離線閱讀";
pub const SAVE_AGAIN: &str = "文集已更新，重新保存";
pub const SAVING: &str = "正在保存";
pub const SAVED: &str = "已保存，可離線閱讀";
pub const SAVE_FAILED: &str = "保存失敗";
pub const INSTALL_IOS: &str = "加到主畫面：在 Safari 點「分享」，再選「加入主畫面」。";
pub const INSTALL_WECHAT: &str = "想離線閱讀或加到主畫面？請點右上角「⋯」，選擇「在瀏覽器打開」。";
pub const DISMISS: &str = "知道了";
pub const VARIANT_SWITCH: &str = "字體：簡體或繁體";
pub const READER_SETTINGS: &str = "閱讀設定";
pub const TEXT_SMALLER: &str = "縮小字號";
pub const TEXT_LARGER: &str = "放大字號";
pub const TEXT_SIZE: &str = "字號";
pub const THEME: &str = "顏色";
pub const THEME_SYSTEM: &str = "跟隨系統";
pub const THEME_LIGHT: &str = "淺色";
pub const THEME_SEPIA: &str = "米黃";
pub const THEME_DARK: &str = "深色";
pub const THEME_CONTRAST: &str = "高對比";
pub const LINE_SPACING: &str = "行距";
pub const LEADING_TIGHT: &str = "緊湊";
pub const LEADING_NORMAL: &str = "標準";
pub const LEADING_LOOSE: &str = "寬鬆";
pub const MEASURE: &str = "版面寬度";
pub const MEASURE_NARROW: &str = "窄";
pub const MEASURE_NORMAL: &str = "標準";
pub const MEASURE_WIDE: &str = "寬";
pub const FONT: &str = "字型";
pub const FONT_SANS: &str = "黑體";
pub const FONT_SERIF: &str = "宋體";
pub const READING_PROGRESS: &str = "閱讀進度";
pub const CONTENTS: &str = "目錄";
pub const CONTINUE_READING: &str = "繼續閱讀";
pub const PAGES: &str = "頁碼";
pub const PAGE_PREVIOUS: &str = "上一頁";
pub const PAGE_NEXT: &str = "下一頁";
pub const PAGE_NUMBER_BEFORE: &str = "第";
pub const PAGE_OF: &str = "頁";
pub const FATAL: &str = "抱歉，文集的部分功能出了問題；文章仍可閱讀。";
pub const RELOAD_PAGE: &str = "重新載入頁面";
pub const NOT_FOUND_PAGE: &str = "找不到這個頁面。它可能已被移除，或鏈接有誤。";
pub const OFFLINE_NOT_SAVED: &str =
    "目前離線，這一頁還沒有保存在手機上。已打開和已保存的文章仍可閱讀。";
pub const READ_SO_FAR: &str = "已讀";

// Read-aloud (朗讀, src/read_aloud.rs).
pub const READ_ALOUD: &str = "朗讀";
pub const READ_ALOUD_CONTINUE: &str = "繼續朗讀";
pub const READ_ALOUD_FROM_START: &str = "從頭朗讀";
pub const READ_FROM_HERE: &str = "從這裡讀";
pub const READ_ALOUD_BAR: &str = "朗讀控制";
pub const READ_PAUSE: &str = "暫停";
pub const READ_CONTINUE: &str = "繼續";
pub const READ_PREVIOUS: &str = "上一段";
pub const READ_NEXT: &str = "下一段";
pub const READ_SPEED: &str = "語速";
pub const READ_SLEEP: &str = "定時停止";
pub const READ_SLEEP_OFF: &str = "不定時";
pub const READ_MINUTES: &str = "分鐘";
pub const READ_CLOSE: &str = "關閉朗讀";
pub const READ_VOICE: &str = "聲音";
pub const READ_CANTONESE: &str = "粵語";
pub const READ_MANDARIN: &str = "普通話";
pub const READ_LANGUAGE: &str = "朗讀語言";
pub const READ_NO_MANDARIN: &str = "這部手機沒有普通話語音，無法朗讀。";
pub const READ_NO_CANTONESE: &str = "這部手機沒有粵語語音，無法朗讀；可改用普通話。";
pub const READ_VOICE_HELP: &str =
    "添加語音：Android 手機在「設定 → 無障礙 → 文字轉語音」；iPhone 在「設定 → 輔助使用 → 朗讀內容 → 聲音」。";
pub const READ_FINISHED: &str = "全文讀完了。";
pub const READ_SLEPT: &str = "定時已到，朗讀已停止。";
pub const READ_FAILED: &str = "語音沒有反應，朗讀已停止。";
pub const READ_TAP: &str = "請按「繼續」開始朗讀。";
pub const READ_LOADING: &str = "正在準備朗讀……";
pub const READ_LOAD_FAILED: &str = "朗讀沒有載入，請再按一次。";
pub const READ_LOAD_OFFLINE: &str = "目前離線，朗讀無法載入；連上網路後再按一次。";
pub const READ_UNAVAILABLE: &str =
    "這裡不能朗讀。請在手機的瀏覽器中打開本頁（微信：點右上角「⋯」，選擇「在瀏覽器打開」）。";
pub const SEARCH_NEEDS_SCRIPT: &str =
    "這個瀏覽器沒有執行網頁程式（JavaScript），這裡無法查找文章。請換用手機自帶的瀏覽器，或從目錄逐篇瀏覽。";
pub const SEARCH_EMPTY: &str = "請輸入要查找的字詞，例如文章標題或文中的一句話。";
pub const SEARCH_NONE: &str = "沒有找到含有這些字詞的文章。可以試試較短的詞，或換一個說法。";
pub const SEARCHING: &str = "正在查找…";
pub const SEARCH_FOUND: &str = "找到";
pub const SEARCH_MORE_THAN: &str = "超過";
pub const SEARCH_OFFLINE: &str = "目前離線：只查找了保存在手機上的文章，結果可能不完整。";
pub const SEARCH_FAILED: &str = "暫時無法查找，請稍後再試。";
pub const SEARCH_RESULTS: &str = "查找結果";
pub const CLOSE: &str = "關閉";
