//! Every AWS read `ccx verify` needs, in two dependent round trips: the listings
//! (functions, mappings, queues), then at once everything they name — each function's
//! configuration and log group search (`function_evidence.rs`), every queue of the stack
//! with the DLQs among them (`queue_evidence.rs`), the metrics of all of those
//! (`metric_evidence.rs`; with them the event counts of the mappings that publish
//! them). A third round trip is made only for a DLQ outside the stack and for the next
//! page of a log search — unless the search started with the
//! listings, as the log groups an earlier run searched do (`remembered_groups.rs`). The
//! listing of functions is paged (50 a page); nothing waits for its last page but the
//! final resolution of names.
//! Each piece keeps its own result, so one denied call makes one check an error
//! instead of aborting the run. Logs cost one FilterLogEvents search per log group (one
//! OR pattern for every phrase, every event classified), within the process's
//! FilterLogEvents budget.

use std::collections::BTreeMap;
use std::time::Duration;

use tokio::sync::oneshot;

use super::function_evidence::{self, FunctionsRead};
use super::metric_evidence::{self, MetricsEvidence, NameReceivers};
use super::queue_evidence::{self, NameSenders};
use crate::aws::{Aws, AwsError};
use crate::base::resolve::ResolveError;
use crate::base::topology::{IacSource, Topology};
use crate::state::functions::{self, FunctionInfo, LogConfig};
use crate::state::iac::DesiredState;
use crate::state::log_budget::SearchBudget;
use crate::state::logs::LogSearch;
use crate::state::mappings::{self, MappingInfo};
use crate::state::queues::{DeadLetterQueue, QueueAttributes};

pub struct Evidence {
    pub stack: String,
    pub since_ms: i64,
    pub functions: Result<FunctionsEvidence, AwsError>,
    pub mappings: Result<Vec<MappingInfo>, AwsError>,
    pub queues: Result<QueuesEvidence, AwsError>,
    /// CloudWatch metrics of what the rest found (read once per run; `None` in unit
    /// tests that leave them out).
    pub metrics: Option<MetricsEvidence>,
    /// What the IaC declares, when an IaC source is configured (read by the command
    /// with the listings, in the first round trip).
    pub iac: Option<IacEvidence>,
}

pub struct IacEvidence {
    /// Where the declaration is read.
    pub source: IacSource,
    /// What it declares; the cause, in one line, when it could not be read (that makes
    /// the `drift` check an error, and the other checks still run).
    pub desired: Result<DesiredState, String>,
    /// `--rolled-back`: the IaC may still declare the replaced consumer (a warning).
    pub rolled_back: bool,
}

/// Each log group's one search, by group name.
pub type LogSearches = BTreeMap<String, Result<LogSearch, AwsError>>;

pub struct FunctionsEvidence {
    pub all_names: Vec<String>,
    pub by_key: BTreeMap<String, FunctionEvidence>,
    /// One search per log group of a watched or retired function: its markers, error
    /// lines and invocations in the window.
    pub logs: LogSearches,
}

impl FunctionsEvidence {
    /// Each topology function's log group that was searched, by key: what the next run
    /// may search before the listing (`remembered_groups.rs`).
    pub fn searched_groups(&self) -> BTreeMap<String, String> {
        self.by_key
            .iter()
            .filter_map(|(key, f)| {
                let group = f.log_group()?;
                self.logs.contains_key(&group).then(|| (key.clone(), group))
            })
            .collect()
    }
}

pub struct FunctionEvidence {
    /// The real name; `Ok(None)` when the stack has none, an error when ambiguous.
    pub name: Result<Option<String>, ResolveError>,
    /// `Ok(None)`: not found (or not resolved).
    pub info: Result<Option<FunctionInfo>, AwsError>,
    /// Where and how it logs, as the listing reports it.
    pub logging: LogConfig,
}

impl FunctionEvidence {
    pub fn real_name(&self) -> Option<&str> {
        self.name.as_ref().ok().and_then(|n| n.as_deref())
    }

    pub fn log_group(&self) -> Option<String> {
        self.real_name()
            .map(|name| functions::log_group(name, &self.logging))
    }
}

pub struct QueuesEvidence {
    pub all_names: Vec<String>,
    pub by_key: BTreeMap<String, QueueEvidence>,
}

pub struct QueueEvidence {
    /// The real name; `Ok(None)` when the stack has none, an error when ambiguous.
    pub name: Result<Option<String>, ResolveError>,
    pub attributes: Result<Option<QueueAttributes>, AwsError>,
    pub dlq: Result<Option<DeadLetterQueue>, AwsError>,
    /// Visible count read again after `--sample`, with the seconds between the reads.
    pub second_reading: Option<Result<(u64, f64), AwsError>>,
}

/// What `gather` reads and how.
pub struct GatherOptions<'a> {
    pub since: Duration,
    pub sample: Option<Duration>,
    /// Every FilterLogEvents request waits for its slot here.
    pub budget: &'a SearchBudget,
    /// Log searches of an earlier attempt to use again instead of searching: each group
    /// found here is not searched.
    pub reuse_logs: Option<LogSearches>,
    /// Log groups an earlier run searched, by topology function key: their searches
    /// start with the listings.
    pub remembered_groups: BTreeMap<String, String>,
    /// False under `--skip logs`: no log group is searched.
    pub search_logs: bool,
    pub metrics: MetricsPlan,
}

/// Whether `gather` reads the metrics.
pub enum MetricsPlan {
    Read,
    /// Those of an earlier attempt: read once per run, they move by the minute.
    Reuse(MetricsEvidence),
    /// Left out (`Evidence::metrics` stays `None`).
    Skip,
}

pub async fn gather(
    aws: &Aws,
    topology: &Topology,
    stack: &str,
    options: GatherOptions<'_>,
) -> Evidence {
    let now_ms = jiff::Timestamp::now().as_millisecond();
    let since_ms = now_ms - options.since.as_millis() as i64;
    let (function_names, functions) = oneshot::channel();
    let (listed, queues) = oneshot::channel();
    let (unread_dlqs, unread_dlqs_receiver) = oneshot::channel();
    let (metered_mappings, metered_receiver) = oneshot::channel();
    let functions_read = FunctionsRead {
        topology,
        stack,
        window: (since_ms, now_ms),
        budget: options.budget,
        reuse_logs: options.reuse_logs,
        remembered: options.remembered_groups,
        search_logs: options.search_logs,
        names: function_names,
    };
    let queue_names = NameSenders {
        listed,
        unread_dlqs,
    };
    let metric_names = NameReceivers {
        functions,
        queues,
        unread_dlqs: unread_dlqs_receiver,
        mappings: metered_receiver,
    };
    let mappings_listing = async {
        let listed = mappings::list_mappings(aws).await;
        let metered = listed.as_deref().map(metric_evidence::metered);
        // Nobody listening (metrics skipped or reused) is fine.
        let _ = metered_mappings.send(metered.unwrap_or_default());
        listed
    };
    let metrics = async {
        match options.metrics {
            MetricsPlan::Read => Ok(metric_evidence::read_early(aws, since_ms, metric_names).await),
            MetricsPlan::Reuse(reading) => Err(Some(reading)),
            MetricsPlan::Skip => Err(None),
        }
    };
    let (functions, mappings, queues, metrics) = tokio::join!(
        function_evidence::gather(aws, functions_read),
        mappings_listing,
        queue_evidence::gather(aws, topology, stack, options.sample, queue_names),
        metrics,
    );
    let mut evidence = Evidence {
        stack: stack.to_string(),
        since_ms,
        functions,
        mappings,
        queues,
        metrics: None,
        iac: None,
    };
    evidence.metrics = match metrics {
        Ok(early) => Some(metric_evidence::complete(aws, early, &evidence).await),
        Err(reused_or_skipped) => reused_or_skipped,
    };
    evidence
}
