//! What the executor reports while it works. It says what happened; a progress
//! display (in `render::switch::progress`) decides the words and colours.

use std::time::Duration;

use crate::features::switch::invocation_drain::{DrainEnd, EvidenceSource, Look};
use crate::features::switch::report::{QueueOutcome, StepKind};
use crate::features::switch::target::check::TargetCheck;
use crate::state::mapping_state::MappingState;

/// The step an event belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepLabel {
    /// Topology queue key.
    pub queue: String,
    pub kind: StepKind,
    /// None while the mapping is still to be created.
    pub uuid: Option<String>,
    pub function_name: String,
}

/// The signal that asked a switch to stop.
pub use crate::ui::signals::Caught as Signal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    StepStarted(StepLabel),
    /// A state read (or answered by a write) during a step.
    StateSeen {
        step: StepLabel,
        state: MappingState,
    },
    /// A step ended; `state` is the last one seen.
    StepFinished {
        step: StepLabel,
        ok: bool,
        state: Option<MappingState>,
        duration: Duration,
    },
    /// The wait for a disabled consumer to drain starts; it lasts at most `bound`.
    DrainStarted {
        queue: String,
        function_name: String,
        bound: Duration,
        /// How late a log line may arrive (the logs' late-event horizon), if any.
        horizon: Option<Duration>,
    },
    /// What the evidence says while draining (told when it changes).
    DrainSeen {
        queue: String,
        function_name: String,
        look: Look,
        bound: Duration,
    },
    /// The drain of one consumer ended (`Skipped` under `--no-drain`).
    DrainFinished {
        queue: String,
        function_name: String,
        ended: DrainEnd,
        /// Which evidence showed it idle (`SeenIdle` only).
        source: Option<EvidenceSource>,
        duration: Duration,
    },
    /// The target function, re-read right before its enable, is settling: it is
    /// re-read until it settles, for at most `bound`.
    TargetWaiting {
        queue: String,
        function_name: String,
        /// What Lambda says it is doing (`state is Pending`, `update in progress`…).
        reason: String,
        bound: Duration,
    },
    /// The re-check of the target function ended (its outcome, and whether it waited).
    TargetChecked {
        queue: String,
        check: TargetCheck,
    },
    /// A queue the executor worked on ended; `target` is the function switched to.
    QueueFinished {
        queue: String,
        target: String,
        outcome: QueueOutcome,
        detail: Option<String>,
    },
    /// Something the operator should know about a step (the switch lease: waiting for
    /// another run, a stale lease removed, going on without one).
    Note {
        step: StepLabel,
        text: String,
    },
    /// A signal arrived: the queue in progress is finished (or reverted), no other starts.
    Interrupted(Signal),
    /// The run is over.
    Finished,
}

/// Receives the executor's events; shared with the signal watcher, hence `Send + Sync`.
pub trait Observer: Send + Sync {
    fn event(&self, event: Event);
}
