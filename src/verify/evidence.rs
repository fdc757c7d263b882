//! Every AWS read `ccx verify` needs, issued as concurrently as their dependencies
//! allow. The longest chain is list queues → queue attributes → DLQ attributes.
//! Each piece keeps its own result, so one denied call makes one check an error
//! instead of aborting the run.

use std::collections::BTreeMap;
use std::time::Duration;

use futures::future::join_all;

use crate::aws::{Aws, AwsError};
use crate::logs::budget::SearchBudget;
use crate::resolve::{self, ResolveError};
use crate::state::functions::{self, FunctionInfo};
use crate::state::logs::{self, LogSearch};
use crate::state::mappings::{self, MappingInfo};
use crate::state::queues::{self, DeadLetterQueue, QueueAttributes};
use crate::topology::{Role, Topology};

pub struct Evidence {
    pub stack: String,
    pub since_ms: i64,
    pub functions: Result<FunctionsEvidence, AwsError>,
    pub mappings: Result<Vec<MappingInfo>, AwsError>,
    pub queues: Result<QueuesEvidence, AwsError>,
}

pub struct FunctionsEvidence {
    pub all_names: Vec<String>,
    pub by_key: BTreeMap<String, FunctionEvidence>,
}

pub struct FunctionEvidence {
    /// The real name; `Ok(None)` when the stack has none, an error when ambiguous.
    pub name: Result<Option<String>, ResolveError>,
    /// `Ok(None)`: not found (or not resolved).
    pub info: Result<Option<FunctionInfo>, AwsError>,
    /// For watched functions: one search per marker, in topology order.
    pub marker_searches: Vec<Result<LogSearch, AwsError>>,
    /// For watched functions: one search per error phrase.
    pub error_searches: Vec<Result<LogSearch, AwsError>>,
    /// For retired functions: Lambda `START` lines (invocations) in the window.
    pub invocations: Option<Result<LogSearch, AwsError>>,
}

impl FunctionEvidence {
    pub fn real_name(&self) -> Option<&str> {
        self.name.as_ref().ok().and_then(|n| n.as_deref())
    }

    pub fn log_group(&self) -> Option<String> {
        self.real_name().map(functions::log_group)
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

pub async fn gather(
    aws: &Aws,
    topology: &Topology,
    stack: &str,
    since: Duration,
    sample: Option<Duration>,
    budget: &SearchBudget,
) -> Evidence {
    let now_ms = jiff::Timestamp::now().as_millisecond();
    let since_ms = now_ms - since.as_millis() as i64;
    let (functions, mappings, queues) = tokio::join!(
        gather_functions(aws, topology, stack, (since_ms, now_ms), budget),
        mappings::list_mappings(aws),
        gather_queues(aws, topology, stack, sample),
    );
    Evidence {
        stack: stack.to_string(),
        since_ms,
        functions,
        mappings,
        queues,
    }
}

async fn gather_functions(
    aws: &Aws,
    topology: &Topology,
    stack: &str,
    (since_ms, now_ms): (i64, i64),
    budget: &SearchBudget,
) -> Result<FunctionsEvidence, AwsError> {
    let all_names = functions::list_function_names(aws).await?;
    let per_function = topology.functions.iter().map(|(key, spec)| {
        let resolved = resolve::resolve_unique("function", key, &spec.pattern, stack, &all_names);
        let watched = topology.logs.watch.contains(key);
        async move {
            let name = resolved.clone().ok().flatten();
            let group = name.as_deref().map(functions::log_group);
            let search = |phrase: String| {
                let group = group.clone();
                async move {
                    match group {
                        Some(group) => {
                            logs::search(
                                aws,
                                budget,
                                &group,
                                &logs::phrase_pattern(&phrase),
                                since_ms,
                                now_ms,
                            )
                            .await
                        }
                        None => Ok(LogSearch::default()),
                    }
                }
            };
            let marker_phrases: Vec<String> = if watched {
                topology
                    .logs
                    .markers
                    .iter()
                    .map(|m| m.text.clone())
                    .collect()
            } else {
                Vec::new()
            };
            let error_phrases: Vec<String> = if watched {
                topology.logs.errors.clone()
            } else {
                Vec::new()
            };
            let info = async {
                match &name {
                    Some(name) => functions::get_function(aws, name).await,
                    None => Ok(None),
                }
            };
            let invocations = async {
                if spec.role == Role::Retired && name.is_some() {
                    Some(search("START RequestId".to_string()).await)
                } else {
                    None
                }
            };
            let (info, marker_searches, error_searches, invocations) = tokio::join!(
                info,
                join_all(marker_phrases.into_iter().map(&search)),
                join_all(error_phrases.into_iter().map(&search)),
                invocations,
            );
            (
                key.clone(),
                FunctionEvidence {
                    name: resolved,
                    info,
                    marker_searches,
                    error_searches,
                    invocations,
                },
            )
        }
    });
    let by_key = join_all(per_function).await.into_iter().collect();
    Ok(FunctionsEvidence { all_names, by_key })
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
