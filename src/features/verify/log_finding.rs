//! What the log checks found, as data (the words are `render::verify::log_words` and
//! `invocation_words`): a watched consumer's activity (`logs.KEY`), a retired
//! consumer's invocations since the takeover, a restored fallback's since the rollback,
//! and a consumer's invocation health (`logs.KEY.invocations`).

use crate::logs::classify::Tally;
use crate::logs::invocations::summary::FunctionSummary;
use crate::logs::streams::LeftOut;
use crate::state::log_config::LogConfig;

use super::window::{ActivityWindow, SinceTakeover};

#[derive(Debug, Clone)]
pub enum LogFinding {
    /// The watched consumer's log group does not exist: it has never run.
    NeverRan(LogGroup),
    /// The watched consumer's activity: marker and error lines.
    Activity(Box<Activity>),
    /// The retired consumer's system log level hides Lambda's invocation lines: nothing
    /// to count, which is not the same as no invocations.
    RetiredHidden {
        key: String,
        level: String,
        group: LogGroup,
    },
    /// The retired consumer's invocations since the takeover.
    Retired(Box<RetiredInvocations>),
    /// The fallback a rollback restored: invoked since it was, by its logs or CloudWatch.
    Restored(Box<FallbackInvocations>),
}

/// A function's log group, and whether its logging configuration names it.
#[derive(Debug, Clone)]
pub struct LogGroup {
    pub name: String,
    pub from_config: bool,
}

/// The lines of a function's group that are not its own (a shared group): the other
/// functions', and lines nobody can attribute, which warn.
#[derive(Debug, Clone)]
pub struct StreamNotes {
    pub function: String,
    pub group: String,
    pub left_out: LeftOut,
}

impl StreamNotes {
    /// Lines that may be another function's: never a clean pass.
    pub fn unattributed(&self) -> bool {
        self.left_out.unknown > 0
    }
}

#[derive(Debug, Clone)]
pub struct Activity {
    pub window: ActivityWindow,
    /// The counts of the function's own lines in the window.
    pub tally: Tally,
    /// The system log level, when it hides Lambda's invocation lines.
    pub hidden_by: Option<String>,
    /// The group and its log format, said when either is not the default.
    pub format: Option<(LogGroup, String)>,
    pub notes: StreamNotes,
    /// The search hit its cap: the counts are lower bounds.
    pub truncated: bool,
}

impl Activity {
    /// Error lines, no marker line at all, or lines nobody can attribute.
    pub fn warns(&self) -> bool {
        self.tally.errors > 0 || self.idle() || self.notes.unattributed()
    }

    /// No marker line in the window.
    pub fn idle(&self) -> bool {
        self.tally.markers.iter().all(|m| m.lines == 0)
    }
}

#[derive(Debug, Clone)]
pub struct RetiredInvocations {
    pub since: SinceTakeover,
    /// Invocations started since the takeover.
    pub started: usize,
    /// The first few of those lines, as logged.
    pub quoted: Vec<String>,
    pub notes: StreamNotes,
}

impl RetiredInvocations {
    pub fn warns(&self) -> bool {
        self.started > 0 || self.notes.unattributed()
    }
}

#[derive(Debug, Clone)]
pub struct FallbackInvocations {
    /// The function's real name.
    pub function: String,
    pub window: ActivityWindow,
    pub logged: LoggedInvocations,
    /// What CloudWatch's `Invocations` counted over the window; `None`: no data.
    pub counted: Option<f64>,
    pub notes: StreamNotes,
}

impl FallbackInvocations {
    /// Invoked, by either count.
    pub fn seen(&self) -> bool {
        matches!(self.logged, LoggedInvocations::Counted(n) if n > 0)
            || self.counted.is_some_and(|n| n > 0.0)
    }
}

/// What a function's logs say of its invocations.
#[derive(Debug, Clone)]
pub enum LoggedInvocations {
    Counted(usize),
    /// Its system log level (this one) hides Lambda's invocation lines.
    Hidden(String),
    /// Its log group does not exist yet.
    NoGroup(LogGroup),
}

#[derive(Debug, Clone)]
pub enum InvocationFinding {
    /// Its system log level (this one) hides Lambda's START/REPORT lines.
    Hidden(String),
    /// Its invocations judged.
    Judged(Box<InvocationHealth>),
}

/// A consumer's invocations over a window, read from its own lines, beside what
/// CloudWatch counted.
#[derive(Debug, Clone)]
pub struct InvocationHealth {
    pub window: ActivityWindow,
    pub counts: FunctionSummary,
    pub timeout_s: Option<i32>,
    /// What CloudWatch counted over the same time: (invocations, errors).
    pub metrics: Option<(f64, f64)>,
    /// What warns, in order.
    pub warnings: Vec<InvocationWarning>,
    /// The search hit its cap: the counts are lower bounds.
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InvocationWarning {
    /// Some invocations failed (the kinds are in the counts).
    Failed,
    /// The p95 duration is near the timeout: a busier hour times out.
    NearTimeout { p95_ms: f64, timeout_s: i32 },
    /// The memory used came near the size.
    NearMemorySize { used_mb: u64, size_mb: u64 },
}

impl InvocationHealth {
    /// Invocations that ended (the failed ones included).
    pub fn finished(&self) -> u64 {
        self.counts.invocations - self.counts.unfinished
    }

    /// Every invocation that ended failed.
    pub fn all_failed(&self) -> bool {
        self.finished() > 0 && self.counts.failed == self.finished()
    }

    /// CloudWatch's errors and the logged failures agree on whether there were any.
    pub fn metrics_agree(&self, errors: f64) -> bool {
        let c = &self.counts;
        let logged = c.errors + c.timeouts + c.out_of_memory + c.runtime_exits;
        (errors > 0.0) == (logged > 0)
    }
}

/// The system log level when it hides Lambda's invocation lines.
pub(super) fn hiding_level(logging: &LogConfig) -> Option<String> {
    logging
        .hides_invocations()
        .then(|| logging.system_level.clone().unwrap_or_default())
}
