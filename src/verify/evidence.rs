//! Every AWS read `ccx verify` needs, issued as concurrently as their dependencies
//! allow. The longest chain is list queues → queue attributes → DLQ attributes.
//! Each piece keeps its own result, so one denied call makes one check an error
//! instead of aborting the run. Logs cost one FilterLogEvents search per log group (one
//! OR pattern for every phrase, every event classified here), within the process's
//! FilterLogEvents budget.

use std::collections::BTreeMap;
use std::time::Duration;

use futures::future::join_all;

use crate::aws::{Aws, AwsError};
use crate::logs::budget::SearchBudget;
use crate::logs::classify::{LineKind, Tally};
use crate::logs::lambda_line::LambdaLine;
use crate::logs::pattern;
use crate::resolve::{self, ResolveError};
use crate::state::functions::{self, FunctionInfo, LogConfig};
use crate::state::logs::{self, LogSearch, SearchRequest};
use crate::state::mappings::{self, MappingInfo};
use crate::state::queues::{self, DeadLetterQueue, QueueAttributes};
use crate::topology::{Role, Topology};

pub struct Evidence {
    pub stack: String,
    pub since_ms: i64,
    pub functions: Result<FunctionsEvidence, AwsError>,
    pub mappings: Result<Vec<MappingInfo>, AwsError>,
    pub queues: Result<QueuesEvidence, AwsError>,
    /// CloudWatch metrics of what the rest found; None until read
    /// (`metric_evidence::read`, once per run).
    pub metrics: Option<super::metric_evidence::MetricsEvidence>,
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
    /// The search of `key`'s log group; `None` when the function was not found or its
    /// logs were not needed.
    pub fn logs_of(&self, key: &str) -> Option<&Result<LogSearch, AwsError>> {
        let group = self.by_key.get(key)?.log_group()?;
        self.logs.get(&group)
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
}

pub async fn gather(
    aws: &Aws,
    topology: &Topology,
    stack: &str,
    options: GatherOptions<'_>,
) -> Evidence {
    let now_ms = jiff::Timestamp::now().as_millisecond();
    let since_ms = now_ms - options.since.as_millis() as i64;
    let window = (since_ms, now_ms);
    let (functions, mappings, queues) = tokio::join!(
        gather_functions(
            aws,
            topology,
            stack,
            window,
            options.budget,
            options.reuse_logs
        ),
        mappings::list_mappings(aws),
        gather_queues(aws, topology, stack, options.sample),
    );
    Evidence {
        stack: stack.to_string(),
        since_ms,
        functions,
        mappings,
        queues,
        metrics: None,
    }
}

/// Functions whose logs a verification reads: the watched ones (markers, errors) and
/// the retired ones (invocations; pointless when the function's system log level hides
/// Lambda's invocation lines).
fn needs_logs(topology: &Topology, key: &str, logging: &LogConfig) -> bool {
    topology.logs.watch.iter().any(|w| w == key)
        || topology
            .functions
            .get(key)
            .is_some_and(|spec| spec.role == Role::Retired && !logging.hides_invocations())
}

async fn gather_functions(
    aws: &Aws,
    topology: &Topology,
    stack: &str,
    (since_ms, now_ms): (i64, i64),
    budget: &SearchBudget,
    reuse_logs: Option<LogSearches>,
) -> Result<FunctionsEvidence, AwsError> {
    let listing = functions::list_functions(aws).await?;
    let all_names: Vec<String> = listing.iter().map(|f| f.name.clone()).collect();
    let mut by_key = BTreeMap::new();
    for (key, spec) in &topology.functions {
        let name = resolve::resolve_unique("function", key, &spec.pattern, stack, &all_names);
        let logging = match &name {
            Ok(Some(name)) => listing
                .iter()
                .find(|f| &f.name == name)
                .map(|f| f.logging.clone())
                .unwrap_or_default(),
            _ => LogConfig::default(),
        };
        by_key.insert(
            key.clone(),
            FunctionEvidence {
                name,
                info: Ok(None),
                logging,
            },
        );
    }
    // One search per log group, however many functions write to it.
    let mut groups: Vec<String> = by_key
        .iter()
        .filter(|(key, f)| needs_logs(topology, key, &f.logging))
        .filter_map(|(_, f)| f.log_group())
        .collect();
    groups.sort();
    groups.dedup();
    let mut logs = LogSearches::new();
    if let Some(mut previous) = reuse_logs {
        groups.retain(|group| match previous.remove(group) {
            Some(search) => {
                logs.insert(group.clone(), search);
                false
            }
            None => true,
        });
    }
    let phrases = pattern::verify_phrases(&topology.logs);
    let filter = pattern::any_of(&phrases);
    let classifier = Tally::new(&topology.logs);
    let searches = groups.into_iter().map(|group| {
        let (filter, classifier) = (filter.as_deref(), &classifier);
        async move {
            let request = SearchRequest {
                group: &group,
                pattern: filter,
                start_ms: since_ms,
                end_ms: now_ms,
            };
            let keep =
                |message: &str| classifier.kind_of(&LambdaLine::parse(message)) != LineKind::Plain;
            let found = logs::search(aws, budget, request, keep).await;
            (group, found)
        }
    });
    let infos = by_key.iter().map(|(key, f)| {
        let name = f.real_name().map(str::to_string);
        async move {
            let info = match name {
                Some(name) => functions::get_function(aws, &name).await,
                None => Ok(None),
            };
            (key.clone(), info)
        }
    });
    let (searched, infos) = tokio::join!(join_all(searches), join_all(infos));
    logs.extend(searched);
    for (key, info) in infos {
        if let Some(f) = by_key.get_mut(&key) {
            f.info = info;
        }
    }
    Ok(FunctionsEvidence {
        all_names,
        by_key,
        logs,
    })
}

async fn gather_queues(
    aws: &Aws,
    topology: &Topology,
    stack: &str,
    sample: Option<Duration>,
) -> Result<QueuesEvidence, AwsError> {
    let listing = queues::list_queues(aws).await?;
    let per_queue = topology.queues.iter().map(|(key, spec)| {
        let resolved = resolve::resolve_unique("queue", key, &spec.pattern, stack, &listing.names);
        let url = resolved
            .as_ref()
            .ok()
            .and_then(|n| n.as_deref())
            .and_then(|n| listing.url_of(n))
            .map(str::to_string);
        let listing = &listing;
        async move {
            let Some(url) = url else {
                return (
                    key.clone(),
                    QueueEvidence {
                        name: resolved,
                        attributes: Ok(None),
                        dlq: Ok(None),
                        second_reading: None,
                    },
                );
            };
            let first_read_at = std::time::Instant::now();
            let attributes = queues::queue_attributes(aws, &url).await;
            let dlq = async {
                match &attributes {
                    Ok(attrs) => queues::dead_letter_queue(aws, attrs, &listing.urls).await,
                    Err(_) => Ok(None),
                }
            };
            let second = async {
                let wait = sample?;
                tokio::time::sleep(wait.saturating_sub(first_read_at.elapsed())).await;
                let again = queues::queue_attributes(aws, &url).await;
                Some(again.map(|a| (a.visible, first_read_at.elapsed().as_secs_f64())))
            };
            let (dlq, second_reading) = tokio::join!(dlq, second);
            (
                key.clone(),
                QueueEvidence {
                    name: resolved,
                    attributes: attributes.map(Some),
                    dlq,
                    second_reading,
                },
            )
        }
    });
    let by_key = join_all(per_queue).await.into_iter().collect();
    Ok(QueuesEvidence {
        all_names: listing.names.clone(),
        by_key,
    })
}
