//! The player: which piece is spoken, paused or next, as a state machine with no timers and no
//! browser of its own.
//!
//! The glue owns the engine. It feeds [`Event`]s, each with the time in milliseconds (any
//! monotonic clock: `performance.now()`), to [`Player::handle`], and carries out the
//! [`Command`]s it returns, in order. Engines differ so much (research note §1.2) that the
//! machine relies only on what all of them do: start an utterance, maybe report its `start`,
//! `end` or `error`, and cancel.
//!
//! * **Pause is cancel-and-remember** everywhere: Chrome on Android cannot pause at all, and
//!   desktop engines lose paused speech. Resume speaks the current piece again from its start.
//! * **Every utterance has an id** ([`Command::Speak::utterance`]). Events carry it back and
//!   events for any other id are ignored: after a `cancel()` engines still report `end` or
//!   `error: interrupted` for the old utterance, sometimes late.
//! * **A watchdog** covers utterances that never end (Chrome's 14 s cut-off, lost `end` events):
//!   see [`Player::watchdog_deadline`].

use crate::{spoken, Paragraph, Pronunciation};

/// Time a piece is given before the watchdog skips it: this many ms, plus
/// [`WATCHDOG_PER_CHAR_MS`] per spoken character divided by the rate.
pub const WATCHDOG_BASE_MS: u64 = 2_000;
/// About twice what a Mandarin voice takes per character at rate 1 (4–5 characters a second).
pub const WATCHDOG_PER_CHAR_MS: u64 = 400;
/// Pieces failing in a row (error or watchdog) before the player gives up.
pub const MAX_FAILURES: u32 = 3;
/// Previous within this long of a paragraph's start goes to the paragraph before; later, it
/// starts the current paragraph again (as Firefox's Narrate does).
pub const PREVIOUS_THRESHOLD_MS: u64 = 2_000;

/// A place in the article: a paragraph and a piece of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Position {
    pub paragraph: usize,
    pub piece: usize,
}

/// The speaking rate, one of five steps.
///
/// The steps are ×0.75, ×0.9, ×1.0, ×1.25, ×1.5: two slower steps close together because older
/// listeners ask for a little slower more often than for much slower, and two faster ones for
/// listeners who know the voice. A speed button can [`cycle`](Rate::cycle) through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rate(u8);

impl Rate {
    pub const STEPS: [f32; 5] = [0.75, 0.9, 1.0, 1.25, 1.5];
    pub const NORMAL: Rate = Rate(2);

    /// The value for `utterance.rate`.
    pub fn value(self) -> f32 {
        Rate::STEPS[usize::from(self.0)]
    }

    /// 0 (slowest) to 4.
    pub fn step(self) -> usize {
        usize::from(self.0)
    }

    pub fn from_step(step: usize) -> Option<Rate> {
        (step < Rate::STEPS.len()).then_some(Rate(step as u8))
    }

    /// The step nearest `value` (a stored preference, say).
    pub fn nearest(value: f32) -> Rate {
        let distance = |i: usize| (Rate::STEPS[i] - value).abs();
        let step = (0..Rate::STEPS.len())
            .min_by(|&a, &b| distance(a).total_cmp(&distance(b)))
            .unwrap_or(2);
        Rate(step as u8)
    }

    pub fn faster(self) -> Rate {
        Rate::from_step(self.step() + 1).unwrap_or(self)
    }

    pub fn slower(self) -> Rate {
        Rate(self.0.saturating_sub(1))
    }

    /// The next step, back to the slowest after the fastest.
    pub fn cycle(self) -> Rate {
        Rate::from_step(self.step() + 1).unwrap_or(Rate(0))
    }
}

impl Default for Rate {
    fn default() -> Rate {
        Rate::NORMAL
    }
}

/// The sleep timer (定时). It counts only while speaking, and when it runs out the player stops at
/// the end of the piece being spoken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SleepTimer {
    #[default]
    Off,
    Minutes15,
    Minutes30,
    Minutes60,
}

impl SleepTimer {
    pub fn minutes(self) -> Option<u64> {
        match self {
            SleepTimer::Off => None,
            SleepTimer::Minutes15 => Some(15),
            SleepTimer::Minutes30 => Some(30),
            SleepTimer::Minutes60 => Some(60),
        }
    }
}

/// An utterance's error, from `SpeechSynthesisErrorEvent.error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpeechError {
    /// `not-allowed`: speaking needs a tap first (Chrome, iOS). The player stops; the UI says
    /// 点此开始朗读 and a tap sends [`Event::Resume`] from inside the click handler.
    NotAllowed,
    /// Anything else, `interrupted` and `canceled` included (for the live utterance they mean
    /// something else cancelled it): a failure, and the player moves on.
    Failed,
}

impl SpeechError {
    pub fn from_code(code: &str) -> SpeechError {
        if code == "not-allowed" {
            SpeechError::NotAllowed
        } else {
            SpeechError::Failed
        }
    }
}

/// What happened, with the time given alongside to [`Player::handle`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Read from the start of this paragraph (the play button: the first paragraph on screen;
    /// a tap on a paragraph: 从这里读). From any state; send it from inside the click handler.
    Start {
        paragraph: usize,
    },
    /// The utterance's `start` event.
    PieceStarted {
        utterance: u64,
    },
    /// The utterance's `end` event.
    PieceEnded {
        utterance: u64,
    },
    /// The utterance's `error` event.
    PieceError {
        utterance: u64,
        error: SpeechError,
    },
    Pause,
    /// Speak again from the current piece (paused or stopped); from [`State::Idle`], start at
    /// the first paragraph.
    Resume,
    /// The next paragraph.
    Next,
    /// The paragraph's start, or the paragraph before (see [`PREVIOUS_THRESHOLD_MS`]).
    Previous,
    SetRate(Rate),
    SetSleepTimer(SleepTimer),
    /// Time passes: send about once a second while [`State::Speaking`] (or at
    /// [`Player::watchdog_deadline`]).
    Tick,
    /// The page is hidden or left (`visibilitychange` to hidden, `pagehide`): stop and remember.
    Leave,
}

/// What the glue does, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Speak `text` (the spoken copy) at `rate` as a new utterance whose events carry
    /// `utterance`. Keep a reference to the utterance until its `end` or `error` (Chrome loses
    /// events of collected utterances).
    Speak {
        utterance: u64,
        paragraph: usize,
        piece: usize,
        text: String,
        rate: f32,
    },
    /// `speechSynthesis.cancel()`.
    Cancel,
    /// Highlight this piece (and tint its paragraph, scrolling it into view).
    Mark { paragraph: usize, piece: usize },
    /// Remove the highlight.
    Unmark,
    /// Playback stopped on its own; tell the reader why.
    Stopped { reason: StopReason },
    /// Store this position for the article (继续上次). It comes with every utterance and every
    /// stop; after [`StopReason::Finished`] the stored position is obsolete and can be forgotten.
    SavePosition { paragraph: usize, piece: usize },
}

/// Why playback stopped other than by [`Event::Pause`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StopReason {
    /// The last piece was spoken.
    Finished,
    /// The sleep timer ran out.
    SleepTimer,
    /// The page was hidden or left.
    Left,
    /// [`MAX_FAILURES`] pieces failed in a row: the voice is not working (on Android, often a
    /// voice whose data is not downloaded). Resume tries the last failed piece again.
    Failures,
    /// The engine wants a tap first ([`SpeechError::NotAllowed`]).
    NotAllowed,
}

/// Where the player is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Nothing spoken yet.
    Idle,
    /// An utterance of this piece has been asked for.
    Speaking(Position),
    /// Paused (or restored from a saved position); resume speaks this piece.
    Paused(Position),
    /// Stopped for `reason`; resume speaks this piece.
    Stopped { at: Position, reason: StopReason },
    /// The last piece was spoken.
    Finished,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sleep {
    Off,
    /// Counting down while speaking.
    Running {
        ends: u64,
    },
    /// Not counting (paused, stopped, not started).
    Held {
        remaining: u64,
    },
    /// Ran out: stop when the current piece ends.
    Due,
}

/// The read-aloud player over one article's paragraphs.
#[derive(Debug, Clone)]
pub struct Player {
    paragraphs: Vec<Paragraph>,
    pronunciation: Pronunciation,
    state: State,
    rate: Rate,
    /// The id of the latest `Speak`; 0 before the first.
    utterance: u64,
    /// When the live utterance is skipped as stuck.
    deadline: Option<u64>,
    /// How long the live utterance gets once started.
    budget: u64,
    failures: u32,
    /// When the current paragraph's first piece was asked for.
    paragraph_started: u64,
    sleep: Sleep,
}

impl Player {
    /// A player at the start, [`State::Idle`], at [`Rate::NORMAL`].
    pub fn new(paragraphs: Vec<Paragraph>, pronunciation: Pronunciation) -> Player {
        Player {
            paragraphs,
            pronunciation,
            state: State::Idle,
            rate: Rate::NORMAL,
            utterance: 0,
            deadline: None,
            budget: 0,
            failures: 0,
            paragraph_started: 0,
            sleep: Sleep::Off,
        }
    }

    /// A player paused at a saved position (继续上次), so that [`Event::Resume`] continues there.
    /// A piece past the paragraph's end (the article changed) becomes its first piece; a
    /// paragraph past the article's end gives an idle player. No command is issued: the glue
    /// marks [`Player::position`] itself if it wants to show the place.
    pub fn resume_at(
        paragraphs: Vec<Paragraph>,
        pronunciation: Pronunciation,
        saved: Position,
    ) -> Player {
        let mut player = Player::new(paragraphs, pronunciation);
        if let Some(paragraph) = player.paragraphs.get(saved.paragraph) {
            let piece = if saved.piece < paragraph.pieces().len() {
                saved.piece
            } else {
                0
            };
            player.state = State::Paused(Position {
                paragraph: saved.paragraph,
                piece,
            });
        }
        player
    }

    /// The same player at another rate (a stored preference).
    pub fn with_rate(mut self, rate: Rate) -> Player {
        self.rate = rate;
        self
    }

    pub fn state(&self) -> State {
        self.state
    }

    /// The piece being spoken, paused at or stopped at.
    pub fn position(&self) -> Option<Position> {
        match self.state {
            State::Speaking(at) | State::Paused(at) | State::Stopped { at, .. } => Some(at),
            State::Idle | State::Finished => None,
        }
    }

    pub fn rate(&self) -> Rate {
        self.rate
    }

    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// When the live utterance will be skipped unless it ends first: from the `Speak` (and again
    /// from its `start`), [`WATCHDOG_BASE_MS`] + spoken characters × [`WATCHDOG_PER_CHAR_MS`] ÷
    /// rate. A [`Event::Tick`] at or after it skips the piece as failed.
    pub fn watchdog_deadline(&self) -> Option<u64> {
        self.deadline
    }

    /// The sleep timer's time left in ms (0 once it ran out and the player waits for the piece
    /// to end), or `None` when it is off. Show it in whole minutes.
    pub fn sleep_remaining_ms(&self, now: u64) -> Option<u64> {
        match self.sleep {
            Sleep::Off => None,
            Sleep::Running { ends } => Some(ends.saturating_sub(now)),
            Sleep::Held { remaining } => Some(remaining),
            Sleep::Due => Some(0),
        }
    }

    /// Takes one event at time `now` (ms) and returns what the glue must do.
    pub fn handle(&mut self, now: u64, event: Event) -> Vec<Command> {
        let mut out = Vec::new();
        match event {
            Event::Start { paragraph } => {
                if paragraph < self.paragraphs.len() {
                    self.cancel_if_speaking(&mut out);
                    self.failures = 0;
                    self.speak_from(
                        now,
                        Position {
                            paragraph,
                            piece: 0,
                        },
                        &mut out,
                    );
                }
            }
            Event::PieceStarted { utterance } => {
                if self.is_live(utterance) {
                    self.deadline = Some(now + self.budget);
                }
            }
            Event::PieceEnded { utterance } => {
                if let (true, State::Speaking(at)) = (self.is_live(utterance), self.state) {
                    self.failures = 0;
                    self.deadline = None;
                    self.next_piece(now, at, &mut out);
                }
            }
            Event::PieceError { utterance, error } => {
                if let (true, State::Speaking(at)) = (self.is_live(utterance), self.state) {
                    out.push(Command::Cancel);
                    match error {
                        SpeechError::NotAllowed => {
                            self.stop(now, at, StopReason::NotAllowed, &mut out)
                        }
                        SpeechError::Failed => self.fail(now, at, &mut out),
                    }
                }
            }
            Event::Pause => {
                if let State::Speaking(at) = self.state {
                    out.push(Command::Cancel);
                    self.hold(now);
                    self.state = State::Paused(at);
                    out.push(save(at));
                }
            }
            Event::Resume => match self.state {
                State::Paused(at) | State::Stopped { at, .. } => {
                    self.failures = 0;
                    self.speak_from(now, at, &mut out);
                }
                State::Idle => return self.handle(now, Event::Start { paragraph: 0 }),
                State::Speaking(_) | State::Finished => {}
            },
            Event::Next => {
                if let Some(at) = self.position() {
                    let next = at.paragraph + 1;
                    match self.state {
                        State::Speaking(_) => {
                            out.push(Command::Cancel);
                            self.failures = 0;
                            self.speak_from(
                                now,
                                Position {
                                    paragraph: next,
                                    piece: 0,
                                },
                                &mut out,
                            );
                        }
                        _ if next < self.paragraphs.len() => self.move_paused(next, &mut out),
                        _ => {}
                    }
                }
            }
            Event::Previous => {
                if let Some(at) = self.position() {
                    let back = match self.state {
                        State::Speaking(_) => {
                            at.piece == 0 && now < self.paragraph_started + PREVIOUS_THRESHOLD_MS
                        }
                        _ => at.piece == 0,
                    };
                    let target = if back {
                        at.paragraph.saturating_sub(1)
                    } else {
                        at.paragraph
                    };
                    if let State::Speaking(_) = self.state {
                        out.push(Command::Cancel);
                        self.failures = 0;
                        self.speak_from(
                            now,
                            Position {
                                paragraph: target,
                                piece: 0,
                            },
                            &mut out,
                        );
                    } else {
                        self.move_paused(target, &mut out);
                    }
                }
            }
            Event::SetRate(rate) => {
                self.rate = rate;
                if let State::Speaking(at) = self.state {
                    out.push(Command::Cancel);
                    self.speak_from(now, at, &mut out);
                }
            }
            Event::SetSleepTimer(timer) => {
                self.sleep = match timer.minutes() {
                    None => Sleep::Off,
                    Some(minutes) if matches!(self.state, State::Speaking(_)) => Sleep::Running {
                        ends: now + minutes * 60_000,
                    },
                    Some(minutes) => Sleep::Held {
                        remaining: minutes * 60_000,
                    },
                };
            }
            Event::Tick => {
                self.check_sleep(now);
                if let (State::Speaking(at), Some(deadline)) = (self.state, self.deadline) {
                    if now >= deadline {
                        out.push(Command::Cancel);
                        self.fail(now, at, &mut out);
                    }
                }
            }
            Event::Leave => match self.state {
                State::Speaking(at) => {
                    out.push(Command::Cancel);
                    self.stop(now, at, StopReason::Left, &mut out);
                }
                State::Paused(at) => out.push(save(at)),
                _ => {}
            },
        }
        out
    }

    fn is_live(&self, utterance: u64) -> bool {
        utterance == self.utterance && matches!(self.state, State::Speaking(_))
    }

    fn cancel_if_speaking(&self, out: &mut Vec<Command>) {
        if let State::Speaking(_) = self.state {
            out.push(Command::Cancel);
        }
    }

    /// Moves a paused or stopped player to the start of `paragraph`, staying paused.
    fn move_paused(&mut self, paragraph: usize, out: &mut Vec<Command>) {
        let at = Position {
            paragraph,
            piece: 0,
        };
        self.state = State::Paused(at);
        out.push(Command::Mark {
            paragraph,
            piece: 0,
        });
        out.push(save(at));
    }

    /// After the piece `at` ended or was skipped: the next one, unless the sleep timer ran out.
    fn next_piece(&mut self, now: u64, at: Position, out: &mut Vec<Command>) {
        let next = Position {
            paragraph: at.paragraph,
            piece: at.piece + 1,
        };
        self.check_sleep(now);
        if self.sleep == Sleep::Due {
            self.sleep = Sleep::Off;
            match self.first_speakable(next) {
                Some((at, _)) => self.stop(now, at, StopReason::SleepTimer, out),
                None => self.finish(out),
            }
        } else {
            self.speak_from(now, next, out);
        }
    }

    /// Counts a failure of the piece `at` (already cancelled); moves on, or gives up.
    fn fail(&mut self, now: u64, at: Position, out: &mut Vec<Command>) {
        self.failures += 1;
        self.deadline = None;
        if self.failures >= MAX_FAILURES {
            self.stop(now, at, StopReason::Failures, out);
        } else {
            self.next_piece(now, at, out);
        }
    }

    fn stop(&mut self, now: u64, at: Position, reason: StopReason, out: &mut Vec<Command>) {
        self.hold(now);
        self.deadline = None;
        self.state = State::Stopped { at, reason };
        out.push(Command::Stopped { reason });
        out.push(save(at));
    }

    fn finish(&mut self, out: &mut Vec<Command>) {
        self.state = State::Finished;
        self.deadline = None;
        if let Sleep::Running { .. } | Sleep::Due = self.sleep {
            self.sleep = Sleep::Off;
        }
        out.push(Command::Unmark);
        out.push(Command::Stopped {
            reason: StopReason::Finished,
        });
    }

    /// The first piece at or after `from` with something to say, and its spoken copy.
    fn first_speakable(&self, from: Position) -> Option<(Position, String)> {
        let mut at = from;
        while let Some(paragraph) = self.paragraphs.get(at.paragraph) {
            if let Some(text) = paragraph.piece_text(at.piece) {
                let text = spoken(text, &self.pronunciation);
                if !text.trim().is_empty() {
                    return Some((at, text));
                }
                at.piece += 1;
            } else {
                at = Position {
                    paragraph: at.paragraph + 1,
                    piece: 0,
                };
            }
        }
        None
    }

    /// Speaks the first piece at or after `from` with something to say, or finishes.
    fn speak_from(&mut self, now: u64, from: Position, out: &mut Vec<Command>) {
        let Some((at, text)) = self.first_speakable(from) else {
            self.finish(out);
            return;
        };
        if at.piece == 0 || self.position().is_none_or(|p| p.paragraph != at.paragraph) {
            self.paragraph_started = now;
        }
        if let Sleep::Held { remaining } = self.sleep {
            self.sleep = Sleep::Running {
                ends: now + remaining,
            };
        }
        let rate = self.rate.value();
        let chars = text.chars().count() as u64;
        self.budget = WATCHDOG_BASE_MS + (chars * WATCHDOG_PER_CHAR_MS) * 100 / rate_percent(rate);
        self.deadline = Some(now + self.budget);
        self.utterance += 1;
        self.state = State::Speaking(at);
        out.push(Command::Mark {
            paragraph: at.paragraph,
            piece: at.piece,
        });
        out.push(Command::Speak {
            utterance: self.utterance,
            paragraph: at.paragraph,
            piece: at.piece,
            text,
            rate,
        });
        out.push(save(at));
    }

    fn check_sleep(&mut self, now: u64) {
        if let Sleep::Running { ends } = self.sleep {
            if now >= ends {
                self.sleep = Sleep::Due;
            }
        }
    }

    /// Stops the sleep timer counting. One that ran out has done its work: playback stops.
    fn hold(&mut self, now: u64) {
        match self.sleep {
            Sleep::Running { ends } if now < ends => {
                self.sleep = Sleep::Held {
                    remaining: ends - now,
                }
            }
            Sleep::Running { .. } | Sleep::Due => self.sleep = Sleep::Off,
            Sleep::Off | Sleep::Held { .. } => {}
        }
    }
}

/// The rate in hundredths (75 to 150), so the watchdog's arithmetic stays in integers.
fn rate_percent(rate: f32) -> u64 {
    ((rate * 100.0).round() as u64).max(1)
}

fn save(at: Position) -> Command {
    Command::SavePosition {
        paragraph: at.paragraph,
        piece: at.piece,
    }
}
