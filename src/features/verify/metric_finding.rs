//! What the metric checks found, as data (the words are `render::verify::metric_words`
//! and `mapping_metric_words`): a live consumer's error and throttle rates, a retired
//! consumer's invocations since the takeover, a queue's oldest message and DLQ
//! (`metrics.KEY`), a queue's mappings' event counts (`metrics.KEY.mappings`). A figure
//! is `None` when CloudWatch has no datapoint of it: no data, never zero.

use crate::state::mapping_state::MappingState;
use crate::state::metrics::Metric;

use super::window::SinceTakeover;

#[derive(Debug, Clone)]
pub enum MetricFinding {
    Consumer(Box<ConsumerMetrics>),
    Retired(Box<RetiredMetrics>),
    Queue(Box<QueueMetrics>),
}

/// A live consumer's metrics over the window (`since_label`).
#[derive(Debug, Clone)]
pub struct ConsumerMetrics {
    pub name: String,
    pub since_label: String,
    /// Sums over the window.
    pub invocations: Option<f64>,
    pub errors: Option<f64>,
    pub throttles: Option<f64>,
    /// The maximum of `ConcurrentExecutions`.
    pub concurrency: Option<f64>,
    /// The average `Duration`, in ms.
    pub duration_ms: Option<f64>,
    /// The rates above the topology's limits.
    pub warnings: Vec<RateWarning>,
}

impl ConsumerMetrics {
    /// No invocations, errors or throttles counted at all: nothing to judge.
    pub fn no_data(&self) -> bool {
        self.invocations.is_none() && self.errors.is_none() && self.throttles.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum RateWarning {
    /// `errors` of `invocations` failed, above the `limit` share.
    ErrorRate {
        errors: f64,
        invocations: f64,
        limit: f64,
    },
    /// `throttles` of `attempts` (invocations and throttles) throttled, above `limit`.
    ThrottleRate {
        throttles: f64,
        attempts: f64,
        limit: f64,
    },
}

/// A retired consumer's `Invocations` since the takeover, beside its logs'.
#[derive(Debug, Clone)]
pub struct RetiredMetrics {
    pub name: String,
    pub since: SinceTakeover,
    /// (in the whole window, in the periods after the takeover); `None`: no data.
    pub invocations: Option<(f64, f64)>,
    /// Invocation starts its logs show since the takeover; `None`: not searched.
    pub logged: Option<usize>,
}

impl RetiredMetrics {
    /// Invoked since the takeover, by either count.
    pub fn invoked(&self) -> bool {
        self.invocations.is_some_and(|(_, since)| since > 0.0) || self.logged.is_some_and(|n| n > 0)
    }
}

/// A queue's metrics over the window (`since_label`).
#[derive(Debug, Clone)]
pub struct QueueMetrics {
    pub name: String,
    pub since_label: String,
    /// The latest `ApproximateAgeOfOldestMessage`, in seconds.
    pub age_s: Option<f64>,
    /// The age grows with the wall clock (first, last, seconds between): not consumed.
    pub growing: Option<(f64, f64, f64)>,
    pub received: Option<f64>,
    pub deleted: Option<f64>,
    pub dlq: DlqMetrics,
}

#[derive(Debug, Clone)]
pub enum DlqMetrics {
    /// No DLQ (or its name could not be read).
    None,
    /// Only the DLQ's call failed: why.
    Unread { name: String, why: String },
    Read {
        name: String,
        /// `NumberOfMessagesSent`, summed.
        sent: Option<f64>,
        /// The latest `ApproximateNumberOfMessagesVisible`.
        visible: Option<f64>,
        /// The visible count rose over the window: (first, last).
        rose: Option<(f64, f64)>,
    },
}

impl QueueMetrics {
    /// The DLQ's metrics could not be read: the check is an error.
    pub fn dlq_unread(&self) -> bool {
        matches!(self.dlq, DlqMetrics::Unread { .. })
    }

    /// Messages reach the DLQ (sent to it, or its visible count rose).
    pub fn dlq_receives(&self) -> bool {
        match &self.dlq {
            DlqMetrics::Read { sent, rose, .. } => sent.unwrap_or(0.0) > 0.0 || rose.is_some(),
            _ => false,
        }
    }

    pub fn warns(&self) -> bool {
        self.growing.is_some() || self.dlq_receives()
    }
}

/// The event counts of a topology queue's mappings that publish them.
#[derive(Debug, Clone)]
pub struct MappingEvents {
    pub since_label: String,
    pub mappings: Vec<MappingEventCounts>,
}

#[derive(Debug, Clone)]
pub struct MappingEventCounts {
    pub uuid: String,
    pub function_name: String,
    pub state: MappingState,
    /// The counts, or why they could not be read.
    pub counts: Result<EventCounts, String>,
}

#[derive(Debug, Clone)]
pub struct EventCounts {
    /// Each of `Metric::MAPPING`, in its order, summed; `None`: no data.
    pub sums: Vec<(Metric, Option<f64>)>,
    /// Enabled, polled nothing, while the queue holds this many visible messages.
    pub idle_while_visible: Option<u64>,
}

impl EventCounts {
    /// The metric's sum (no data counts as none).
    pub fn sum(&self, metric: Metric) -> f64 {
        self.sums
            .iter()
            .find(|(m, _)| *m == metric)
            .and_then(|(_, sum)| *sum)
            .unwrap_or(0.0)
    }

    pub fn has_data(&self, metric: Metric) -> bool {
        self.sums
            .iter()
            .any(|(m, sum)| *m == metric && sum.is_some())
    }

    /// Events that failed to invoke, or were dropped.
    pub fn lost_events(&self) -> bool {
        self.sum(Metric::FailedInvokeEventCount) > 0.0 || self.sum(Metric::DroppedEventCount) > 0.0
    }
}

impl MappingEventCounts {
    /// Unread counts, lost events, or an idle mapping while messages wait.
    pub fn warns(&self) -> bool {
        match &self.counts {
            Err(_) => true,
            Ok(counts) => counts.lost_events() || counts.idle_while_visible.is_some(),
        }
    }
}
