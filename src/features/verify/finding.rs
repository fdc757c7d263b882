//! What a check found, as data: one variant per kind of finding, with the numbers and
//! names it judged. The words (the JSON's `summary` and `details`, the checklist's
//! lines) are the renderer's, `render::verify::words`: a new finding is one variant
//! here and one arm there.

use crate::base::topology::IacSource;
use crate::judgements::drift::Difference;
use crate::judgements::queue_drain_rate::Drain;

use std::sync::Arc;

use super::consumer_finding::ConsumersFinding;
use super::function_finding::FunctionFinding;
use super::log_finding::{InvocationFinding, LogFinding};
use super::metric_evidence::MetricsFailure;
use super::metric_finding::{MappingEvents, MetricFinding};
use super::report::CheckKind;

#[derive(Debug, Clone)]
pub enum Finding {
    /// Tests only: a check given as words (the layout tests of the checklist). Every
    /// check verify makes carries a typed finding.
    #[cfg(test)]
    Worded {
        summary: String,
        details: Vec<String>,
    },
    /// The check's data could not be read: the cause, as its error says it.
    CouldNotCheck { cause: String },
    /// The operator left its source out (`--skip KIND`).
    Skipped { kind: CheckKind },
    /// What the IaC declares against a queue's consumers.
    Drift(DriftFinding),
    /// CloudWatch metrics could not be read at all (the source's own check, `metrics`):
    /// the error, the caller denied, the endpoint setting that sent the calls.
    MetricsUnreadable(Arc<MetricsFailure>),
    /// A metric check that needed the reading that failed.
    MetricsSourceFailed,
    /// The stack has no such queue: its queue checks have nothing to judge.
    QueueNotFound,
    /// A queue's depth (`queues.KEY`).
    QueueDepth(QueueDepth),
    /// A queue's consumer configuration (`config.KEY`).
    ConsumerConfig(ConsumerConfig),
    /// The stack has no such function: its checks have nothing to judge.
    FunctionNotFound,
    /// A retired function the stack no longer has: it cannot be invoked (a pass).
    FunctionAbsent,
    /// The function's log group was not searched.
    LogsNotSearched,
    /// CloudWatch metrics were not read.
    MetricsNotRead,
    /// A topology function (`functions.KEY`).
    Function(FunctionFinding),
    /// A function's logs (`logs.KEY`).
    Logs(LogFinding),
    /// A consumer's invocations, from its logs (`logs.KEY.invocations`).
    Invocations(InvocationFinding),
    /// A function's or queue's CloudWatch metrics (`metrics.KEY`).
    Metrics(MetricFinding),
    /// The event counts of a queue's mappings (`metrics.KEY.mappings`).
    MappingEvents(MappingEvents),
    /// A source's consumers against the one-consumer rule (`consumers.KEY`).
    Consumers(Box<ConsumersFinding>),
}

/// What `config.KEY` judged: the consumer's timeout against the queue's visibility
/// timeout, the redrive policy, the mapping's settings.
#[derive(Debug, Clone)]
pub struct ConsumerConfig {
    /// The topology key of the consumer judged (the enabled one, else the expected one).
    pub consumer: String,
    /// (visibility timeout, function timeout) in seconds, when both are known.
    pub timeouts: Option<(u64, i32)>,
    /// The visibility timeout AWS recommends, when the queue's is below it.
    pub visibility_needed: Option<u64>,
    /// The DLQ's name and maxReceiveCount; `None`: no redrive policy.
    pub dlq: Option<(String, Option<u64>)>,
    /// The consumer's mapping on the queue, when there is one.
    pub mapping: Option<MappingSettings>,
}

#[derive(Debug, Clone)]
pub struct MappingSettings {
    pub batch_size: Option<i32>,
    pub maximum_concurrency: Option<i32>,
    pub report_batch_item_failures: bool,
}

impl ConsumerConfig {
    /// Something in it warns: a visibility timeout too short, or no DLQ.
    pub fn warns(&self) -> bool {
        self.visibility_needed.is_some() || self.dlq.is_none()
    }
}

/// A queue's counts, its DLQ's, and a second reading under `--sample`.
#[derive(Debug, Clone)]
pub struct QueueDepth {
    pub name: String,
    pub visible: u64,
    pub in_flight: u64,
    pub delayed: u64,
    pub dlq: DlqDepth,
    /// The visible count read again (`--sample`); the cause when it could not be.
    pub sample: Option<Result<Drain, String>>,
    /// Sampled, not draining, while it has an enabled consumer.
    pub stalled: bool,
}

#[derive(Debug, Clone)]
pub enum DlqDepth {
    Read {
        name: String,
        visible: u64,
    },
    /// No redrive policy.
    NoDlq,
    /// The DLQ could not be read: the cause.
    Failed(String),
}

impl QueueDepth {
    /// Messages wait in the DLQ: a warning.
    pub fn dlq_holds_messages(&self) -> bool {
        matches!(self.dlq, DlqDepth::Read { visible, .. } if visible > 0)
    }

    /// A read failed: the check is an error.
    pub fn read_failed(&self) -> bool {
        matches!(self.dlq, DlqDepth::Failed(_)) || matches!(self.sample, Some(Err(_)))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum DriftFinding {
    /// The queue's live consumers are what the IaC declares.
    InSync { iac: IacSource },
    /// Each difference: the next deploy changes the queue's consumers.
    Differs {
        iac: IacSource,
        differences: Vec<Difference>,
    },
    /// The IaC could not be read (the source's own check, `DriftFinding::SOURCE_ID`).
    Unreadable { iac: IacSource, cause: String },
    /// A queue's check when the IaC could not be read.
    SourceFailed,
}

impl DriftFinding {
    /// The id of the IaC source's own check, there when it could not be read.
    pub const SOURCE_ID: &str = "drift";
}

impl Finding {
    /// The id of the metrics source's own check, there when CloudWatch could not be read.
    pub const METRICS_SOURCE_ID: &str = "metrics";

    /// Tests only: a finding in words.
    #[cfg(test)]
    pub fn worded(summary: impl Into<String>) -> Finding {
        Finding::Worded {
            summary: summary.into(),
            details: Vec::new(),
        }
    }
}
