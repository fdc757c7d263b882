//! The stretch of time a check's evidence covers, as data (the words are
//! `render::verify::window_words`): the run's window, or from the last consumer change
//! (a consumer's activity), or from the takeover (a retired consumer's invocations).

/// Where the evidence of a consumer's activity starts.
#[derive(Debug, Clone, PartialEq)]
pub enum ActivityWindow {
    /// The run's window, by its label (`the last 15m`).
    Recent(String),
    /// From the last change of a mapping on the function's sources (later than the
    /// window's start), in epoch ms.
    SinceChange(i64),
}

/// From the takeover from a retired consumer, in epoch ms; `None` when no mapping tells
/// (the whole window counts).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SinceTakeover(pub Option<i64>);
