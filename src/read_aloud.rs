//! 朗讀: the article read aloud by the browser's own speech engine, piece by piece, from a control
//! above the article (its title first) and a bar at the bottom of the screen while reading.
//!
//! The logic is the `wenji-speech` crate's (pieces, the spoken copy, the voice for the reader's
//! script, the player's states, the watchdog, the sleep timer); this module is the glue: it feeds
//! the [`Player`] the page's events with `performance.now()` and carries out its commands
//! ([`engine`] speaks, [`marks`] marks the piece read). The prerendered page holds the island
//! (`#read-aloud`, with the collection's pronunciation list for this page in `data-say`) with
//! its buttons and its note hidden; the app shows the buttons where the browser has
//! `speechSynthesis`, and elsewhere (Android's WebView: WeChat) the note on where reading aloud
//! works ([`launch`]). The rest of this module is the wasm loaded on the first tap ([`start`]).

mod engine;
mod launch;
mod marks;

pub use launch::launch;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wenji_speech::{
    Command, Event, HkSpeech, Language, Paragraph, Player, Position, Pronunciation, Rate,
    SleepTimer, State, StopReason,
};

pub use wenji_speech::Script;

use crate::route::Variant;
use crate::storage::Storage;
use crate::ui_text::{self as t, ui};

/// Where an article's place in reading aloud is kept.
pub fn position_key(collection: &str, article: &str) -> String {
    format!("speech.{collection}.{article}")
}

/// A position as stored: `paragraph.piece`.
pub fn position_text(at: Position) -> String {
    format!("{}.{}", at.paragraph, at.piece)
}

pub fn parse_position(text: &str) -> Option<Position> {
    let (paragraph, piece) = text.split_once('.')?;
    Some(Position {
        paragraph: paragraph.parse().ok()?,
        piece: piece.parse().ok()?,
    })
}

/// The sleep timer's next setting: off, 15, 30, 60 minutes, off.
pub fn next_sleep(timer: SleepTimer) -> SleepTimer {
    match timer {
        SleepTimer::Off => SleepTimer::Minutes15,
        SleepTimer::Minutes15 => SleepTimer::Minutes30,
        SleepTimer::Minutes30 => SleepTimer::Minutes60,
        SleepTimer::Minutes60 => SleepTimer::Off,
    }
}

/// The speaking rate as shown: `0.75×`, `1×`, `1.5×` (written out: formatting a float would
/// add some 20 KB of float printing to the app).
pub fn rate_label(rate: Rate) -> &'static str {
    ["0.75×", "0.9×", "1×", "1.25×", "1.5×"][rate.step().min(4)]
}

/// The speech script of a page's variant.
pub fn script_of(variant: Variant) -> Script {
    Script::from_code(variant.param()).unwrap_or(Script::Hant)
}

/// Minutes left on the sleep timer, rounded up, as shown.
pub fn minutes_left(ms: u64) -> u64 {
    ms.div_ceil(60_000)
}

const RATE_KEY: &str = "speech-rate";
const HK_KEY: &str = "speech-hk";

/// The interface's state, for the views.
#[derive(Clone, Copy)]
struct Ui {
    open: RwSignal<bool>,
    playing: RwSignal<bool>,
    /// A place to continue from (paused or stopped).
    resumable: RwSignal<bool>,
    message: RwSignal<Option<&'static str>>,
    /// Whether to say how to add a voice.
    help: RwSignal<bool>,
    rate: RwSignal<Rate>,
    sleep: RwSignal<SleepTimer>,
    sleep_left: RwSignal<Option<u64>>,
    hk: RwSignal<HkSpeech>,
    /// Acceptable voices' names and keys, the one in use first.
    voices: RwSignal<Vec<(String, String)>>,
}

struct Glue {
    player: RefCell<Player>,
    engine: engine::Engine,
    marks: marks::Marks,
    storage: Storage,
    key: String,
    script: Script,
    ui: Ui,
    ticker: RefCell<Option<IntervalHandle>>,
}

thread_local! {
    static GLUE: RefCell<Option<Rc<Glue>>> = const { RefCell::new(None) };
}

fn with_glue<R>(f: impl FnOnce(&Glue) -> R) -> Option<R> {
    let glue = GLUE.with(|g| g.borrow().clone())?;
    Some(f(&glue))
}

fn send(event: Event) {
    with_glue(|g| g.send(event));
}

/// An engine event for a kept utterance, to the player.
fn for_utterance(utterance: &web_sys::SpeechSynthesisUtterance, event: impl FnOnce(u64) -> Event) {
    if let Some(id) = with_glue(|g| g.engine.id_of(utterance)).flatten() {
        send(event(id));
    }
}

fn voices_changed() {
    with_glue(|g| g.engine.refresh_voices());
    if with_glue(|g| g.engine.has_voices()) == Some(true) {
        begin_pending();
    }
    with_glue(|g| {
        // A voice that arrived late, or went away, changes the choice.
        if g.ui.message.get_untracked().is_some_and(is_no_voice) && g.choose().is_ok() {
            g.ui.message.set(None);
            g.ui.help.set(false);
        }
    });
}

fn speaking() -> bool {
    with_glue(|g| matches!(g.player.borrow().state(), State::Speaking(_))).unwrap_or(false)
}

fn is_no_voice(message: &'static str) -> bool {
    message == t::READ_NO_MANDARIN || message == t::READ_NO_CANTONESE
}

fn now() -> u64 {
    window().performance().map_or(0.0, |p| p.now()) as u64
}

impl Glue {
    fn send(&self, event: Event) {
        let now = now();
        let commands = self.player.borrow_mut().handle(now, event);
        for command in commands {
            self.run(command);
        }
        self.sync(now);
    }

    fn run(&self, command: Command) {
        match command {
            Command::Speak {
                utterance,
                text,
                rate,
                ..
            } => self.engine.speak(utterance, &text, rate),
            Command::Cancel => self.engine.cancel(),
            Command::Mark { paragraph, piece } => {
                let range = self
                    .player
                    .borrow()
                    .paragraphs()
                    .get(paragraph)
                    .and_then(|p| p.pieces().get(piece))
                    .map(|p| p.utf16.clone());
                if let Some(range) = range {
                    self.marks.mark(paragraph, range);
                }
            }
            Command::Unmark => self.marks.clear(),
            Command::Stopped { reason } => {
                let message = match reason {
                    StopReason::Finished => Some(t::READ_FINISHED),
                    StopReason::SleepTimer => Some(t::READ_SLEPT),
                    StopReason::Failures => Some(t::READ_FAILED),
                    StopReason::NotAllowed => Some(t::READ_TAP),
                    StopReason::Left => None,
                };
                self.ui.message.set(message);
                self.ui.help.set(reason == StopReason::Failures);
                if reason == StopReason::Finished {
                    self.storage.set(&self.key, "");
                }
            }
            Command::SavePosition { paragraph, piece } => {
                self.storage
                    .set(&self.key, &position_text(Position { paragraph, piece }));
            }
        }
    }

    /// The interface, the timer and the wake lock after the player moved.
    fn sync(&self, now: u64) {
        let player = self.player.borrow();
        let state = player.state();
        let playing = matches!(state, State::Speaking(_));
        self.ui.playing.set(playing);
        self.ui
            .resumable
            .set(matches!(state, State::Paused(_) | State::Stopped { .. }));
        let sleep_left = player.sleep_remaining_ms(now).map(minutes_left);
        self.ui.sleep_left.set(sleep_left);
        if sleep_left.is_none() {
            self.ui.sleep.set(SleepTimer::Off);
        }
        drop(player);
        let mut ticker = self.ticker.borrow_mut();
        match (playing, ticker.is_some()) {
            (true, false) => {
                *ticker =
                    set_interval_with_handle(|| send(Event::Tick), Duration::from_secs(1)).ok();
            }
            (false, true) => {
                if let Some(handle) = ticker.take() {
                    handle.clear();
                }
            }
            _ => {}
        }
        marks::keep_awake(playing);
    }

    fn language(&self) -> Language {
        Language::for_script(self.script, self.ui.hk.get_untracked())
    }

    fn voice_key(&self) -> String {
        format!("speech-voice.{}", self.language().tag())
    }

    /// Chooses the voice (the reader's earlier choice if it is still there), or says there is
    /// none and how to add one.
    fn choose(&self) -> Result<(), ()> {
        let remembered = self.storage.get(&self.voice_key());
        match self.engine.choose(self.language(), remembered.as_deref()) {
            Ok(voices) => {
                self.ui.voices.set(voices);
                Ok(())
            }
            Err(_) => {
                self.ui.voices.set(Vec::new());
                self.ui.message.set(Some(match self.language() {
                    Language::Cantonese => t::READ_NO_CANTONESE,
                    _ => t::READ_NO_MANDARIN,
                }));
                self.ui.help.set(true);
                Err(())
            }
        }
    }

    /// Starts reading (from inside the tap's handler: browsers speak only after a gesture).
    fn begin(&self, event: Event) {
        if self.choose().is_err() {
            return;
        }
        self.ui.message.set(None);
        self.ui.help.set(false);
        open_bar(self.ui, true);
        self.send(event);
    }

    /// Applies a new voice or language: the piece being read starts again with it.
    fn revoice(&self) {
        let was_playing = speaking();
        if was_playing {
            self.send(Event::Pause);
        }
        if self.choose().is_ok() && was_playing {
            self.send(Event::Resume);
        }
    }
}

fn open_bar(ui: Ui, open: bool) {
    ui.open.set(open);
    if let Some(root) = document().document_element() {
        let _ = if open {
            root.set_attribute("data-read-aloud", "")
        } else {
            root.remove_attribute("data-read-aloud")
        };
    }
}

/// Takes over the article page's `#read-aloud` island from [`launch`]'s button and starts
/// reading as the reader asked (`data-start`): the entry of the `wenji-speech` wasm, loaded on the
/// first tap (src/speech_main.rs).
pub fn start() {
    let page = crate::app::boot();
    let variant = page.variant.unwrap_or(Variant::Hant);
    let (Some(collection), Some(article)) = (page.collection, page.article) else {
        return;
    };
    let owner = Owner::new();
    owner.with(|| {
        let storage = crate::storage::provide_storage();
        mount(storage, &collection, &article, variant);
    });
    // Reading aloud lives as long as the page.
    std::mem::forget(owner);
}

fn mount(storage: Storage, collection: &str, article: &str, variant: Variant) {
    let Some(island) = document().get_element_by_id("read-aloud") else {
        return;
    };
    let Some(engine) = engine::Engine::find() else {
        return;
    };
    let asked = island.get_attribute("data-start");
    // The build checked the list; a page edited by hand gets none rather than a broken one.
    let pronunciation = island
        .get_attribute("data-say")
        .and_then(|tsv| Pronunciation::parse(&tsv).ok())
        .unwrap_or_default();
    let (marks, texts) = marks::Marks::find();
    let paragraphs: Vec<Paragraph> = texts.into_iter().map(Paragraph::new).collect();
    let key = position_key(collection, article);
    let saved = storage.get(&key).as_deref().and_then(parse_position);
    let rate = storage
        .get(RATE_KEY)
        .and_then(|s| s.parse().ok())
        .and_then(Rate::from_step)
        .unwrap_or_default();
    let player = match saved {
        Some(at) => Player::resume_at(paragraphs, pronunciation, at),
        None => Player::new(paragraphs, pronunciation),
    }
    .with_rate(rate);
    let ui = Ui {
        open: RwSignal::new(false),
        playing: RwSignal::new(false),
        resumable: RwSignal::new(matches!(player.state(), State::Paused(_))),
        message: RwSignal::new(None),
        help: RwSignal::new(false),
        rate: RwSignal::new(rate),
        sleep: RwSignal::new(SleepTimer::Off),
        sleep_left: RwSignal::new(None),
        hk: RwSignal::new(match storage.get(HK_KEY).as_deref() {
            Some("mandarin") => HkSpeech::Mandarin,
            _ => HkSpeech::Cantonese,
        }),
        voices: RwSignal::new(Vec::new()),
    };
    let script = script_of(variant);
    let glue = Glue {
        player: RefCell::new(player),
        engine,
        marks,
        storage,
        key,
        script,
        ui,
        ticker: RefCell::new(None),
    };
    GLUE.with(|g| *g.borrow_mut() = Some(Rc::new(glue)));
    // Leaving the page or hiding it stops reading and keeps the place.
    std::mem::forget(window_event_listener_untyped("pagehide", |_| {
        send(Event::Leave)
    }));
    std::mem::forget(window_event_listener_untyped("visibilitychange", |_| {
        if document().hidden() {
            send(Event::Leave);
        }
    }));
    // The tapped button goes with the island it was in: the same place in the new one takes the
    // keyboard's focus.
    let focused = document()
        .active_element()
        .is_some_and(|e| island.contains(Some(&e)));
    crate::app::island("read-aloud", move || view! { <ReadAloud st=ui script /> });
    if focused {
        if let Some(button) = document()
            .query_selector("#read-aloud .read-aloud-button")
            .ok()
            .flatten()
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = button.focus();
        }
    }
    let event = match asked.as_deref() {
        Some("resume") => resume_event(),
        _ => Some(Event::Start { paragraph: 0 }),
    };
    let Some(event) = event else {
        return;
    };
    // A browser that has not listed its voices yet (Chrome lists them after `voiceschanged`)
    // starts when it has; after a moment without any, it says so (and reading still starts if
    // they come: the reader asked for it).
    if with_glue(|g| g.engine.has_voices()) == Some(true) {
        with_glue(|g| g.begin(event));
    } else {
        PENDING.with(|p| p.set(Some(event)));
        ui.message.set(Some(t::READ_LOADING));
        set_timeout(voices_awaited, Duration::from_millis(VOICES_WAIT_MS));
    }
}

/// How long a first tap waits for the browser's voices before saying there is none.
const VOICES_WAIT_MS: u64 = 2_000;

thread_local! {
    /// The start asked for by the tap that loaded reading aloud, while the voices are awaited.
    static PENDING: std::cell::Cell<Option<Event>> = const { std::cell::Cell::new(None) };
}

/// The wait for the first voices is over: if none came, say so, and how to add one.
fn voices_awaited() {
    if PENDING.with(std::cell::Cell::get).is_some() {
        with_glue(|g| {
            let _ = g.choose();
        });
    }
}

fn begin_pending() {
    if let Some(event) = PENDING.with(std::cell::Cell::take) {
        with_glue(|g| g.begin(event));
    }
}

/// Continue from the place kept, or from the top once the article was read to the end.
fn resume_event() -> Option<Event> {
    with_glue(|g| match g.player.borrow().state() {
        State::Finished => Event::Start { paragraph: 0 },
        _ => Event::Resume,
    })
}

fn start_from(paragraph: usize) {
    ask(Event::Start { paragraph });
}

fn resume() {
    if let Some(event) = resume_event() {
        ask(event);
    }
}

/// Begins `event`, or, while the first voices are awaited, begins it when they come.
fn ask(event: Event) {
    let waiting = PENDING.with(|p| {
        let waiting = p.get().is_some();
        if waiting {
            p.set(Some(event));
        }
        waiting
    });
    if !waiting {
        with_glue(|g| g.begin(event));
    }
}

/// What happened, and how to add a voice when there is none.
fn status(st: Ui) -> impl IntoView {
    move || {
        st.message.get().map(|m| {
            let help = st
                .help
                .get()
                .then(|| format!(" {}", ui(t::READ_VOICE_HELP)));
            format!("{}{}", ui(m), help.unwrap_or_default())
        })
    }
}

/// The control above the article, and the bar while reading.
#[component]
fn ReadAloud(st: Ui, script: Script) -> impl IntoView {
    let start = move || {
        if st.resumable.get() {
            view! {
                <button type="button" class="read-aloud-button" on:click=|_| resume()>
                    <span aria-hidden="true">"▶ "</span>
                    {ui(t::READ_ALOUD_CONTINUE)}
                </button>
                <button type="button" class="read-aloud-button read-aloud-secondary" on:click=|_| start_from(0)>
                    {ui(t::READ_ALOUD_FROM_START)}
                </button>
            }
            .into_any()
        } else {
            view! {
                <button type="button" class="read-aloud-button" on:click=|_| start_from(0)>
                    <span aria-hidden="true">"▶ "</span>
                    {ui(t::READ_ALOUD)}
                </button>
            }
            .into_any()
        }
    };
    view! {
        <div class="read-aloud-start">{start}</div>
        <p class="read-aloud-message" role="status">
            {move || (!st.open.get()).then(|| status(st))}
        </p>
        <Show when=move || st.open.get()>
            <Bar st script />
        </Show>
    }
}

/// The bar at the bottom of the screen while reading: previous, pause or continue, next, from
/// the paragraph in view, close; speed, sleep timer, and (香港) Cantonese or Mandarin, and the
/// voice where there is a choice.
#[component]
fn Bar(st: Ui, script: Script) -> impl IntoView {
    let toggle = move |_| {
        if st.playing.get_untracked() {
            send(Event::Pause);
        } else {
            resume();
        }
    };
    let rate = move |_| {
        let next = st.rate.get_untracked().cycle();
        st.rate.set(next);
        with_glue(|g| g.storage.set(RATE_KEY, &next.step().to_string()));
        send(Event::SetRate(next));
    };
    let sleep = move |_| {
        let next = next_sleep(st.sleep.get_untracked());
        st.sleep.set(next);
        send(Event::SetSleepTimer(next));
    };
    let sleep_text = move || match st.sleep_left.get() {
        Some(minutes) => format!("{minutes} {}", ui(t::READ_MINUTES)),
        None => ui(t::READ_SLEEP_OFF).to_owned(),
    };
    let hk = move |choice: HkSpeech| {
        move |_| {
            st.hk.set(choice);
            let value = match choice {
                HkSpeech::Mandarin => "mandarin",
                HkSpeech::Cantonese => "cantonese",
            };
            with_glue(|g| {
                g.storage.set(HK_KEY, value);
                g.revoice();
            });
        }
    };
    let next_voice = move |_| {
        if let Some((_, key)) = st.voices.get_untracked().get(1) {
            with_glue(|g| {
                g.storage.set(&g.voice_key(), key);
                g.revoice();
            });
        }
    };
    let pressed = move |choice: HkSpeech| move || (st.hk.get() == choice).to_string();
    view! {
        <div class="read-aloud-bar" role="region" aria-label=ui(t::READ_ALOUD_BAR)>
            <p class="read-aloud-message" role="status">{status(st)}</p>
            <div class="read-aloud-row">
                {icon(t::READ_PREVIOUS, "⏮\u{fe0e}", || send(Event::Previous))}
                <button
                    type="button"
                    class="control read-aloud-icon read-aloud-play"
                    aria-label=move || ui(if st.playing.get() { t::READ_PAUSE } else { t::READ_CONTINUE })
                    on:click=toggle
                >
                    <span aria-hidden="true">{move || if st.playing.get() { "⏸\u{fe0e}" } else { "▶\u{fe0e}" }}</span>
                </button>
                {icon(t::READ_NEXT, "⏭\u{fe0e}", || send(Event::Next))}
                <button type="button" class="control" on:click=|_| from_here()>{ui(t::READ_FROM_HERE)}</button>
                {icon(t::READ_CLOSE, "✕\u{fe0e}", close)}
            </div>
            <div class="read-aloud-row">
                <button type="button" class="control" on:click=rate>
                    {ui(t::READ_SPEED)} " " {move || rate_label(st.rate.get())}
                </button>
                <button type="button" class="control" on:click=sleep>
                    {ui(t::READ_SLEEP)} "：" {sleep_text}
                </button>
                {(script == Script::Hk).then(|| view! {
                    <span class="read-aloud-choice" role="group" aria-label=ui(t::READ_LANGUAGE)>
                        <button type="button" class="control" aria-pressed=pressed(HkSpeech::Cantonese) on:click=hk(HkSpeech::Cantonese)>
                            {ui(t::READ_CANTONESE)}
                        </button>
                        <button type="button" class="control" aria-pressed=pressed(HkSpeech::Mandarin) on:click=hk(HkSpeech::Mandarin)>
                            {ui(t::READ_MANDARIN)}
                        </button>
                    </span>
                })}
                {move || (st.voices.with(Vec::len) > 1).then(|| view! {
                    <button type="button" class="control" on:click=next_voice>
                        {ui(t::READ_VOICE)} "：" {st.voices.with(|v| v.first().map(|(name, _)| name.clone()))}
                    </button>
                })}
            </div>
        </div>
    }
}

/// A button showing only a symbol, named for screen readers; `action` a plain function, so every
/// such button is one type.
fn icon(label: &'static str, glyph: &'static str, action: fn()) -> impl IntoView {
    view! {
        <button type="button" class="control read-aloud-icon" aria-label=ui(label) on:click=move |_| action()>
            <span aria-hidden="true">{glyph}</span>
        </button>
    }
}

fn from_here() {
    if let Some(paragraph) = with_glue(|g| g.marks.in_view()) {
        start_from(paragraph);
    }
}

fn close() {
    with_glue(|g| {
        if speaking() {
            g.send(Event::Pause);
        }
        g.marks.clear();
        open_bar(g.ui, false);
    });
}
