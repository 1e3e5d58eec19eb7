//! The browser's speech engine (`speechSynthesis`): its voices, and one utterance per piece.
//!
//! Events come back to the player through [`super::send`] with the id of the utterance they
//! belong to. The three handlers are made once and shared by every utterance; the utterance an
//! event is for is found among the few kept alive (Chrome loses the events of an utterance the
//! page no longer holds).

use std::cell::RefCell;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    SpeechSynthesis, SpeechSynthesisErrorEvent, SpeechSynthesisEvent, SpeechSynthesisUtterance,
    SpeechSynthesisVoice,
};
use wenji_speech::{choose_voice, Chosen, Event, Language, NoVoice, SpeechError, Voice};

/// Utterances kept alive: the one speaking and the last few cancelled, whose late events are
/// ignored by the player.
const KEEP: usize = 4;

pub struct Engine {
    synth: SpeechSynthesis,
    voices: RefCell<Vec<SpeechSynthesisVoice>>,
    /// The voice chosen for the language in use, and the tag for `utterance.lang`.
    voice: RefCell<Option<(SpeechSynthesisVoice, String)>>,
    live: RefCell<Vec<(u64, SpeechSynthesisUtterance)>>,
    on_start: Closure<dyn Fn(SpeechSynthesisEvent)>,
    on_end: Closure<dyn Fn(SpeechSynthesisEvent)>,
    on_error: Closure<dyn Fn(SpeechSynthesisErrorEvent)>,
}

impl Engine {
    /// The engine, where the browser has one (not in Android's WebView, WeChat's among them).
    pub fn find() -> Option<Engine> {
        let synth: SpeechSynthesis = super::launch::synth()?;
        let engine = Engine {
            synth,
            voices: RefCell::new(Vec::new()),
            voice: RefCell::new(None),
            live: RefCell::new(Vec::new()),
            on_start: Closure::new(|e: SpeechSynthesisEvent| {
                super::for_utterance(&e.utterance(), |utterance| Event::PieceStarted {
                    utterance,
                })
            }),
            on_end: Closure::new(|e: SpeechSynthesisEvent| {
                super::for_utterance(&e.utterance(), |utterance| Event::PieceEnded { utterance })
            }),
            on_error: Closure::new(|e: SpeechSynthesisErrorEvent| {
                // Read as a string: web-sys's enum has no `not-allowed` (the spec's later addition).
                let code = Reflect::get(&e, &JsValue::from_str("error"))
                    .ok()
                    .and_then(|c| c.as_string())
                    .unwrap_or_default();
                let error = SpeechError::from_code(&code);
                super::for_utterance(&e.utterance(), |utterance| Event::PieceError {
                    utterance,
                    error,
                })
            }),
        };
        // Voices arrive late: asking once makes Chrome load them, then `voiceschanged` says so.
        engine.refresh_voices();
        let changed = Closure::<dyn Fn()>::new(super::voices_changed);
        engine
            .synth
            .set_onvoiceschanged(Some(changed.as_ref().unchecked_ref()));
        changed.forget();
        Some(engine)
    }

    /// Whether the browser has listed any voice yet.
    pub fn has_voices(&self) -> bool {
        !self.voices.borrow().is_empty()
    }

    pub fn refresh_voices(&self) {
        let voices = self
            .synth
            .get_voices()
            .iter()
            // Not `dyn_into`: some engines' voices are plain objects (and so are test fakes').
            .map(|v| v.unchecked_into::<SpeechSynthesisVoice>())
            .collect();
        *self.voices.borrow_mut() = voices;
    }

    /// Chooses the local voice for `language` (`remembered`: a [`Voice::key`] chosen before) and
    /// uses it from now on. Returns every acceptable voice's name and key, the chosen first.
    pub fn choose(
        &self,
        language: Language,
        remembered: Option<&str>,
    ) -> Result<Vec<(String, String)>, NoVoice> {
        let voices = self.voices.borrow();
        let list: Vec<Voice> = voices
            .iter()
            .map(|v| Voice {
                name: v.name(),
                lang: v.lang(),
                local_service: v.local_service(),
                default: v.default(),
                voice_uri: v.voice_uri(),
            })
            .collect();
        let chosen = choose_voice(&list, language, remembered);
        let Ok(Chosen {
            index,
            lang,
            choices,
            ..
        }) = chosen
        else {
            *self.voice.borrow_mut() = None;
            return Err(NoVoice { language });
        };
        *self.voice.borrow_mut() = Some((voices[index].clone(), lang));
        let mut names = vec![(list[index].name.clone(), list[index].key().to_owned())];
        names.extend(
            choices
                .into_iter()
                .filter(|&i| i != index)
                .map(|i| (list[i].name.clone(), list[i].key().to_owned())),
        );
        Ok(names)
    }

    /// Speaks `text` as utterance `id`, with the chosen voice and its language (both: Android
    /// may honour only `lang`, old iOS only `voice`). Without a chosen voice nothing is said:
    /// never another language's voice.
    pub fn speak(&self, id: u64, text: &str, rate: f32) {
        let Some((voice, lang)) = self.voice.borrow().clone() else {
            return;
        };
        let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(text) else {
            return;
        };
        utterance.set_lang(&lang);
        utterance.set_voice(Some(&voice));
        utterance.set_rate(rate);
        utterance.set_onstart(Some(self.on_start.as_ref().unchecked_ref()));
        utterance.set_onend(Some(self.on_end.as_ref().unchecked_ref()));
        utterance.set_onerror(Some(self.on_error.as_ref().unchecked_ref()));
        {
            let mut live = self.live.borrow_mut();
            if live.len() >= KEEP {
                live.remove(0);
            }
            live.push((id, utterance.clone()));
        }
        self.synth.speak(&utterance);
    }

    pub fn cancel(&self) {
        self.synth.cancel();
    }

    /// The id of a kept utterance.
    pub fn id_of(&self, utterance: &SpeechSynthesisUtterance) -> Option<u64> {
        let target: &JsValue = utterance.as_ref();
        self.live
            .borrow()
            .iter()
            .find(|(_, u)| {
                let u: &JsValue = u.as_ref();
                u == target
            })
            .map(|(id, _)| *id)
    }
}
