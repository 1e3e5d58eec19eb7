//! The browser-independent core of Wenji's read-aloud (朗讀): everything but the engine.
//!
//! The web-sys glue (`speechSynthesis`, the control bar) sits on top of four parts, each pure
//! and tested natively:
//!
//! * [`piece`]: a paragraph cut into [pieces](Piece) an engine finishes (sentences, at most
//!   [`MAX_PIECE_CHARS`] characters), with ranges for marking the one being read.
//! * [`spoken()`]: a piece's text made for the ear, given to the engine only (quotes dropped,
//!   pauses full-width, percentages, and a collection's [`Pronunciation`] list). The screen
//!   keeps the original.
//! * [`voice`]: the spoken [`Language`] for the reader's [`Script`] and the local [`Voice`] for
//!   it, or [`NoVoice`] (never English instead, never a network voice).
//! * [`player`]: the [`Player`], a state machine fed [`Event`]s with timestamps that answers
//!   with [`Command`]s (speak, cancel, mark, save the position).
//!
//! ```
//! use wenji_speech::{choose_voice, Command, Event, Language, Paragraph, Player, Pronunciation, Voice};
//!
//! let voices = [Voice {
//!     name: "Tingting".into(),
//!     lang: "zh-CN".into(),
//!     local_service: true,
//!     default: true,
//!     voice_uri: "com.apple.voice.compact.zh-CN.Tingting".into(),
//! }];
//! let voice = choose_voice(&voices, Language::Mandarin, None).expect("a zh-CN voice");
//! assert_eq!(voice.lang, "zh-CN");
//!
//! let pronunciation = Pronunciation::parse("重庆\t虫庆\n").expect("a valid list");
//! let paragraphs = vec![Paragraph::new("他说：“去重庆。”好！")];
//! let mut player = Player::new(paragraphs, pronunciation);
//! let commands = player.handle(0, Event::Start { paragraph: 0 });
//! let Some(Command::Speak { utterance, text, .. }) =
//!     commands.iter().find(|c| matches!(c, Command::Speak { .. }))
//! else {
//!     unreachable!()
//! };
//! assert_eq!(text, "他说：去虫庆。");
//! // The glue speaks `text` with `voice`, then reports the utterance's end:
//! let commands = player.handle(3_000, Event::PieceEnded { utterance: *utterance });
//! assert!(commands.iter().any(|c| matches!(c, Command::Speak { piece: 1, .. })));
//! ```

pub mod piece;
pub mod player;
pub mod pronunciation;
pub mod spoken;
pub mod voice;

pub use piece::{split, Paragraph, Piece, MAX_PIECE_CHARS};
pub use player::{
    Command, Event, Player, Position, Rate, SleepTimer, SpeechError, State, StopReason,
};
pub use pronunciation::{Pronunciation, PronunciationError, PronunciationErrorKind};
pub use spoken::spoken;
pub use voice::{choose_voice, Chosen, HkSpeech, Language, NoVoice, Script, Voice};
