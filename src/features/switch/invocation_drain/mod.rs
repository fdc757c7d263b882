//! Drain before make: a mapping that reads `Disabled` has only stopped polling. The
//! invocations it already started go on until they end or reach the function's
//! timeout, so before the target is enabled the old consumer is watched until it is
//! seen idle, or until its timeout plus a margin has passed since it was seen
//! `Disabled` (Lambda has ended every invocation by then: the bound is proof too).
//! The evidence comes through [`DrainProbe`]: logs and metrics in the binary
//! (`probe`, with the pure reading of the lines in `logs`), a script in the executor's
//! tests. (Not the SQS drain rate of `queues --watch`: that is
//! `judgements::queue_drain_rate`.)

pub mod logs;
pub mod metrics;
pub mod probe;

use std::time::Duration;

use serde::Serialize;

/// Added to the function's timeout: Lambda stops an invocation at its timeout, and
/// this covers the clocks and the last log lines.
pub const MARGIN: Duration = Duration::from_secs(10);
/// The longest timeout Lambda allows; the bound when a function's is unknown.
pub const MAX_FUNCTION_TIMEOUT: Duration = Duration::from_secs(900);

/// What the evidence says about a function's invocations right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Look {
    /// No invocation is running; `why` says what shows it.
    Idle { why: String },
    /// An invocation is still running; `why` names it.
    Running { why: String },
    /// The evidence cannot tell (logs hidden by the log level, a failed read…).
    Unknown { why: String },
}

impl Look {
    pub fn why(&self) -> &str {
        match self {
            Look::Idle { why } | Look::Running { why } | Look::Unknown { why } => why,
        }
    }
}

/// Which evidence a look rested on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceSource {
    /// The function's log lines (`START` without its end, or silence past the
    /// late-event horizon).
    Logs,
    /// CloudWatch's `ConcurrentExecutions`/`Invocations` metrics.
    Metrics,
}

impl EvidenceSource {
    pub fn name(self) -> &'static str {
        match self {
            EvidenceSource::Logs => "logs",
            EvidenceSource::Metrics => "metrics",
        }
    }
}

/// Where the executor learns whether an old consumer still runs.
pub(crate) trait DrainProbe {
    /// The function's timeout; None when it cannot be read.
    async fn timeout(&self, function_name: &str) -> Option<Duration>;
    /// Whether an invocation of `function_name` that may have started before it was
    /// seen disabled (at `disabled_ms`, epoch ms) is still running; `timeout` bounds how
    /// far back such an invocation can have started.
    async fn look(&self, function_name: &str, disabled_ms: i64, timeout: Duration) -> Look;
    /// Which evidence the last look at `function_name` rested on (None: nothing told).
    fn source_of_last_look(&self, _function_name: &str) -> Option<EvidenceSource> {
        None
    }
    /// How late a log line may reach the logs: silence counts as idle only once the
    /// lines stamped before the disable have had this long (None: the probe waits for
    /// no horizon).
    fn late_event_horizon(&self) -> Option<Duration> {
        None
    }
}

/// How a drain ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DrainEnd {
    /// The evidence showed no invocation running.
    SeenIdle,
    /// The function's timeout plus the margin passed: every invocation has ended.
    TimeoutReached,
    /// `--no-drain`: not waited for.
    Skipped,
}

/// One old consumer's drain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionDrain {
    pub function_name: String,
    pub ended: DrainEnd,
    /// The function's timeout (None: unknown, Lambda's maximum was assumed).
    pub timeout_seconds: Option<u64>,
    /// The wait's bound: the timeout plus the margin.
    pub bound_seconds: u64,
    /// The last thing the evidence said.
    pub evidence: Option<String>,
    /// Which evidence that was: `logs` or `metrics` (None: nothing told, or skipped).
    pub evidence_source: Option<EvidenceSource>,
    /// How late a log line was allowed to arrive: the logs' silence counted only once
    /// every line stamped before the disable had this long to reach CloudWatch.
    pub late_event_horizon_seconds: Option<u64>,
    pub duration_ms: u64,
}

/// The drain of one queue: every consumer disabled on it, and how the wait ended
/// (the latest of them: any bound reached makes the queue's `timeout_reached`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrainRecord {
    pub ended: DrainEnd,
    pub duration_ms: u64,
    pub functions: Vec<FunctionDrain>,
}

impl DrainRecord {
    /// The queue's drain from its functions'; its duration is the time spent waiting.
    pub fn of(functions: Vec<FunctionDrain>) -> DrainRecord {
        let duration_ms = functions.iter().map(|f| f.duration_ms).sum();
        let ended = if functions.iter().any(|f| f.ended == DrainEnd::Skipped) {
            DrainEnd::Skipped
        } else if functions
            .iter()
            .any(|f| f.ended == DrainEnd::TimeoutReached)
        {
            DrainEnd::TimeoutReached
        } else {
            DrainEnd::SeenIdle
        };
        DrainRecord {
            ended,
            duration_ms,
            functions,
        }
    }

    /// The longest timeout among the functions that were not waited for: how long both
    /// consumers may have run together.
    pub fn overlap_seconds(&self) -> Option<u64> {
        self.functions
            .iter()
            .filter(|f| f.ended == DrainEnd::Skipped)
            .map(|f| f.timeout_seconds.unwrap_or(MAX_FUNCTION_TIMEOUT.as_secs()))
            .max()
    }
}

/// The bound of a function's drain: its timeout (Lambda's maximum when unknown) plus
/// `margin` ([`MARGIN`] in the binary).
pub fn bound(timeout: Option<Duration>, margin: Duration) -> Duration {
    timeout.unwrap_or(MAX_FUNCTION_TIMEOUT) + margin
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(function_name: &str, ended: DrainEnd, timeout: Option<u64>) -> FunctionDrain {
        FunctionDrain {
            function_name: function_name.into(),
            ended,
            timeout_seconds: timeout,
            bound_seconds: bound(timeout.map(Duration::from_secs), MARGIN).as_secs(),
            evidence: None,
            evidence_source: None,
            late_event_horizon_seconds: None,
            duration_ms: 0,
        }
    }

    #[test]
    fn a_queue_drain_ends_as_its_slowest_function() {
        let idle = drain("a", DrainEnd::SeenIdle, Some(60));
        let bound_reached = drain("b", DrainEnd::TimeoutReached, Some(60));
        assert_eq!(
            DrainRecord::of(vec![idle.clone()]).ended,
            DrainEnd::SeenIdle
        );
        assert_eq!(
            DrainRecord::of(vec![idle, bound_reached]).ended,
            DrainEnd::TimeoutReached
        );
    }

    #[test]
    fn the_bound_is_the_timeout_plus_the_margin_or_lambdas_maximum() {
        assert_eq!(
            bound(Some(Duration::from_secs(60)), MARGIN),
            Duration::from_secs(70)
        );
        assert_eq!(bound(None, MARGIN), Duration::from_secs(910));
    }

    #[test]
    fn skipped_drains_tell_how_long_both_may_have_run() {
        let record = DrainRecord::of(vec![
            drain("a", DrainEnd::Skipped, Some(60)),
            drain("b", DrainEnd::Skipped, None),
        ]);
        assert_eq!(record.ended, DrainEnd::Skipped);
        assert_eq!(record.overlap_seconds(), Some(900));
        let waited = DrainRecord::of(vec![drain("a", DrainEnd::SeenIdle, Some(60))]);
        assert_eq!(waited.overlap_seconds(), None);
    }
}
