//! The spoken language for a reader's script, and the voice to speak it with.
//!
//! Script and spoken language are separate settings (as MediaWiki keeps `zh-hk`, a written
//! variant, apart from `yue`, Cantonese): the language follows from the script, except that a
//! 香港 reader may choose Mandarin over Cantonese (research note §3).

/// The reader's script, as in Wenji's URLs and bundles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// 简体 (`hans`)
    Hans,
    /// 繁體 (`hant`)
    Hant,
    /// 臺灣 (`tw`)
    Tw,
    /// 香港 (`hk`)
    Hk,
}

impl Script {
    pub const ALL: [Script; 4] = [Script::Hans, Script::Hant, Script::Tw, Script::Hk];

    /// `hans`, `hant`, `tw` or `hk`.
    pub fn from_code(code: &str) -> Option<Script> {
        Script::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            Script::Hans => "hans",
            Script::Hant => "hant",
            Script::Tw => "tw",
            Script::Hk => "hk",
        }
    }
}

/// What a 香港 reader hears (朗讀語言：粵語 / 普通話); the other scripts are always Mandarin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HkSpeech {
    /// Hong Kong reads Standard Written Chinese aloud in Cantonese.
    #[default]
    Cantonese,
    Mandarin,
}

/// The spoken language to find a voice for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Mandarin, mainland voices first (简体).
    Mandarin,
    /// Mandarin, Taiwan voices first (繁體, 臺灣, and 香港 readers who chose Mandarin).
    MandarinTaiwan,
    /// Cantonese (香港); no other language stands in for it.
    Cantonese,
}

impl Language {
    /// 简体 → Mandarin; 繁體 and 臺灣 → Mandarin, Taiwan first; 香港 → Cantonese, or Mandarin
    /// (Taiwan first, being traditional script) if the reader chose it.
    pub fn for_script(script: Script, hk: HkSpeech) -> Language {
        match (script, hk) {
            (Script::Hans, _) => Language::Mandarin,
            (Script::Hant | Script::Tw, _) | (Script::Hk, HkSpeech::Mandarin) => {
                Language::MandarinTaiwan
            }
            (Script::Hk, HkSpeech::Cantonese) => Language::Cantonese,
        }
    }

    /// The BCP 47 tag for this language: `zh-CN`, `zh-TW` or `zh-HK`. Use it for `<html lang>`
    /// style purposes; the utterance takes [`Chosen::lang`], the chosen voice's own tag.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Mandarin => "zh-CN",
            Language::MandarinTaiwan => "zh-TW",
            Language::Cantonese => "zh-HK",
        }
    }
}

/// A voice as `speechSynthesis.getVoices()` describes it (`SpeechSynthesisVoice`'s fields).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Voice {
    pub name: String,
    pub lang: String,
    /// `localService`: the voice runs on the device. Network voices are never chosen: reading
    /// aloud must work offline and send nothing anywhere.
    pub local_service: bool,
    pub default: bool,
    pub voice_uri: String,
}

impl Voice {
    /// What to remember of a chosen voice: its `voiceURI`, or its name when that is empty.
    pub fn key(&self) -> &str {
        if self.voice_uri.is_empty() {
            &self.name
        } else {
            &self.voice_uri
        }
    }
}

/// The voice to use, by index into the list given to [`choose_voice`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    /// The voice to set as `utterance.voice`.
    pub index: usize,
    /// The tag to set as `utterance.lang`: the chosen voice's `lang` with `_` as `-`. Set it
    /// as well as the voice: Chrome on Android may honour only `lang`, old iOS only `voice`.
    pub lang: String,
    /// Every acceptable voice, best first (the chosen one among them); a list to offer the
    /// reader when it holds more than one.
    pub choices: Vec<usize>,
    /// `false` when the voice is a stand-in: a mainland voice for Taiwan Mandarin or the other
    /// way round. The UI may say so (本機沒有臺灣國語語音，以普通话朗讀).
    pub exact: bool,
}

/// No local voice speaks the language. The UI says how to add one (iOS: 設定 → 輔助使用 →
/// 語音內容 → 聲音; Android: 設定 → 無障礙 → 文字轉語音, Google 文字轉語音引擎, 語音數據), rather
/// than letting the engine fall back to English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoVoice {
    pub language: Language,
}

/// Chooses the voice for `language` among `voices`.
///
/// * Only local voices (`local_service`) qualify; desktop Chrome's "Google 普通话（中国大陆）"
///   and Android's `…-network` voices are never chosen, even when nothing else is there.
/// * Tags are compared after normalising (`_` → `-`, any case, `cmn` = Mandarin, `yue` and
///   `zh-yue` = Cantonese; a `zh` tag is Cantonese for Hong Kong and Macau (`zh-HK`, `zh-MO`,
///   `zh-Hant-HK`), Taiwan Mandarin for `zh-TW` or bare `zh-Hant`, mainland Mandarin otherwise).
/// * [`Language::Mandarin`]: mainland voices, then any other Mandarin voice. Mandarin voices
///   read both scripts, so the fallbacks are acceptable; [`Chosen::exact`] tells them apart.
///   [`Language::MandarinTaiwan`]: Taiwan voices, then any other Mandarin voice.
///   [`Language::Cantonese`]: Cantonese voices only; Mandarin only if the reader chooses it
///   ([`HkSpeech::Mandarin`]), never silently.
/// * Within a rank: the well-known good voice first (Tingting, Meijia, Sinji on Apple systems;
///   Google's `cmn-CN-x-ccc`, `cmn-TW-x-ctc`, `yue-HK-x-jar` on Android; Huihui, Hanhan, Tracy on
///   Windows), then a voice marked `default` (Android marks none and iOS marks all, so this
///   only helps on desktops), then the list's order.
/// * `remembered` (a [`Voice::key`] the reader chose before, best stored per [`Language`]) is
///   kept when it is still in the list and acceptable.
///
/// Android's Chrome lists languages rather than installed voices: a `-local` entry may have no
/// voice data yet, and speaking it falls back to English or fails. Nothing in the list tells;
/// the player's failure count and the UI's help text cover it.
pub fn choose_voice(
    voices: &[Voice],
    language: Language,
    remembered: Option<&str>,
) -> Result<Chosen, NoVoice> {
    let mut ranked: Vec<(u8, u8, bool, usize)> = voices
        .iter()
        .enumerate()
        .filter(|(_, v)| v.local_service)
        .filter_map(|(i, v)| {
            let rank = rank(language, Kind::of(&v.lang))?;
            Some((rank, well_known(language, &v.name), !v.default, i))
        })
        .collect();
    ranked.sort_unstable();
    let choices: Vec<usize> = ranked.iter().map(|&(.., i)| i).collect();
    let remembered = remembered.and_then(|key| choices.iter().find(|&&i| voices[i].key() == key));
    let index = *remembered.or(choices.first()).ok_or(NoVoice { language })?;
    let exact = ranked.iter().any(|&(rank, .., i)| i == index && rank == 0);
    Ok(Chosen {
        index,
        lang: voices[index].lang.replace('_', "-"),
        choices,
        exact,
    })
}

/// The spoken language a voice's `lang` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    MandarinMainland,
    MandarinTaiwan,
    MandarinOther,
    Cantonese,
    Other,
}

impl Kind {
    fn of(tag: &str) -> Kind {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut subtags = tag.split('-');
        let language = subtags.next().unwrap_or("");
        // Only the subtags before a private-use `x` (Android's `cmn-TW-x-ctc-local`).
        let rest: Vec<&str> = subtags.take_while(|s| *s != "x").collect();
        let has = |s: &str| rest.contains(&s);
        match language {
            "yue" => Kind::Cantonese,
            "zh" if has("yue") => Kind::Cantonese,
            "zh" if has("hk") || has("mo") => Kind::Cantonese,
            "zh" | "cmn" if has("tw") => Kind::MandarinTaiwan,
            "zh" | "cmn" if has("cn") || has("sg") || has("hans") => Kind::MandarinMainland,
            "zh" | "cmn" if has("hant") => Kind::MandarinTaiwan,
            "zh" | "cmn" if rest.is_empty() => Kind::MandarinMainland,
            "zh" | "cmn" => Kind::MandarinOther,
            _ => Kind::Other,
        }
    }
}

/// 0 for the language's own voices, 1 for acceptable stand-ins, `None` for the rest.
fn rank(language: Language, kind: Kind) -> Option<u8> {
    use Kind::*;
    match (language, kind) {
        (Language::Mandarin, MandarinMainland)
        | (Language::MandarinTaiwan, MandarinTaiwan)
        | (Language::Cantonese, Cantonese) => Some(0),
        (Language::Mandarin | Language::MandarinTaiwan, MandarinMainland | MandarinTaiwan)
        | (Language::Mandarin | Language::MandarinTaiwan, MandarinOther) => Some(1),
        _ => None,
    }
}

/// 0 when `name` is a voice known to be good for `language`, 1 otherwise.
fn well_known(language: Language, name: &str) -> u8 {
    let names: &[&str] = match language {
        Language::Mandarin => &["tingting", "cmn-cn-x-ccc", "huihui"],
        Language::MandarinTaiwan => &["meijia", "cmn-tw-x-ctc", "hanhan"],
        Language::Cantonese => &["sinji", "yue-hk-x-jar", "tracy"],
    };
    let name = name.to_ascii_lowercase();
    u8::from(!names.iter().any(|n| name.contains(n)))
}
