//! The metrics `ccx verify` judges, read once per run for the functions and queues the
//! other evidence found: each topology function's Lambda metrics, each queue's age and
//! throughput, each DLQ's arrivals.
//!
//! The names come from the listings, so the metrics are read alongside the reads that
//! follow them (one `GetMetricData` call), not after: the topology functions as soon as
//! each has a match, the topology queues, and the stack's other queues as likely DLQs
//! (which queue is whose DLQ is known only from the queues' attributes). Only a DLQ
//! outside the stack costs a second call, made with the read of its attributes.

use std::sync::Arc;

use tokio::sync::oneshot;

use super::evidence::Evidence;
use super::queue_evidence::ListedNames;
use crate::aws::arn::{self, EventSource};
use crate::aws::endpoint_setting::EndpointSetting;
use crate::aws::error::AwsErrorKind;
use crate::aws::{Aws, AwsError};
use crate::state::mappings::MappingInfo;
use crate::state::metrics::{self, Metric, MetricQuery, MetricsReading};

/// The reading, or why it failed (shared, so `--wait` can reuse it). A further call
/// that fails (a DLQ outside the stack) leaves the reading and marks what it asked
/// about as unread (`MetricsReading::unread`).
pub type MetricsEvidence = Result<MetricsReading, Arc<MetricsFailure>>;

/// Why no metrics could be read: the first call's error, with what names its cause.
#[derive(Debug)]
pub struct MetricsFailure {
    pub error: AwsError,
    /// Who was denied (STS is asked only after a denial); `None` when STS could not say.
    pub caller: Option<String>,
    /// Where CloudWatch's calls went, and which setting sent them there; `None`: AWS.
    pub endpoint: Option<EndpointSetting>,
}

impl MetricsFailure {
    async fn of(aws: &Aws, error: AwsError) -> MetricsFailure {
        let caller = match error.kind {
            AwsErrorKind::AccessDenied => aws.caller().await.ok().and_then(|c| c.arn),
            _ => None,
        };
        MetricsFailure {
            error,
            caller,
            endpoint: aws.cloudwatch_endpoint.clone(),
        }
    }
}

/// A mapping that publishes its event counts, with the queue it reads.
#[derive(Debug, Clone, PartialEq)]
pub struct MeteredMapping {
    pub uuid: String,
    pub queue: String,
}

/// The mappings of `all` on a queue that publish their event counts.
pub fn metered(all: &[MappingInfo]) -> Vec<MeteredMapping> {
    all.iter()
        .filter(|m| m.event_count_metrics())
        .filter_map(|m| match arn::event_source(&m.event_source_arn) {
            EventSource::Queue { name } => Some(MeteredMapping {
                uuid: m.uuid.clone(),
                queue: name,
            }),
            _ => None,
        })
        .collect()
}

/// The event-count queries of the metered mappings on one of `queues`.
fn mapping_queries(metered: &[MeteredMapping], queues: &[&str]) -> Vec<MetricQuery> {
    metered
        .iter()
        .filter(|m| queues.contains(&m.queue.as_str()))
        .flat_map(|m| MetricQuery::all(&m.uuid, &Metric::MAPPING))
        .collect()
}

/// What to ask CloudWatch about, from the resolved names in `ev`.
pub fn queries(ev: &Evidence) -> Vec<MetricQuery> {
    let mut queries = Vec::new();
    if let Ok(functions) = &ev.functions {
        for f in functions.by_key.values() {
            if let Some(name) = f.real_name() {
                queries.extend(MetricQuery::all(name, &Metric::FUNCTION));
            }
        }
    }
    if let Ok(queues) = &ev.queues {
        for q in queues.by_key.values() {
            if let Ok(Some(name)) = &q.name {
                queries.extend(MetricQuery::all(name, &Metric::QUEUE));
            }
            if let Ok(Some(dlq)) = &q.dlq {
                queries.extend(MetricQuery::all(&dlq.name, &Metric::DLQ));
            }
        }
        if let Ok(mappings) = &ev.mappings {
            let names: Vec<&str> = queues
                .by_key
                .values()
                .filter_map(|q| q.name.as_ref().ok().and_then(|n| n.as_deref()))
                .collect();
            queries.extend(mapping_queries(&metered(mappings), &names));
        }
    }
    queries.sort();
    queries.dedup();
    queries
}

/// What the early read asked for, and what it found.
pub struct EarlyReading {
    asked: Vec<MetricQuery>,
    reading: Result<MetricsReading, AwsError>,
}

/// Where the names to read metrics of come from, as each side learns them.
pub struct NameReceivers {
    pub functions: oneshot::Receiver<Vec<String>>,
    pub queues: oneshot::Receiver<ListedNames>,
    pub unread_dlqs: oneshot::Receiver<Vec<String>>,
    /// The mappings that publish their event counts, from the mapping listing.
    pub mappings: oneshot::Receiver<Vec<MeteredMapping>>,
}

/// Reads the metrics of what the listings name, as soon as they name it: the topology
/// functions' matches, the topology queues and the stack's other queues, the metered
/// mappings on those queues; then, with their own read, the DLQs outside the stack. A
/// side whose listing failed names nothing.
pub async fn read_early(aws: &Aws, since_ms: i64, names: NameReceivers) -> EarlyReading {
    let (functions, queues, metered) = tokio::join!(names.functions, names.queues, names.mappings);
    let (functions, queues) = (functions.unwrap_or_default(), queues.unwrap_or_default());
    let topology_queues: Vec<&str> = queues.queues.iter().map(String::as_str).collect();
    let mut asked = mapping_queries(&metered.unwrap_or_default(), &topology_queues);
    for name in &functions {
        asked.extend(MetricQuery::all(name, &Metric::FUNCTION));
    }
    for name in &queues.queues {
        asked.extend(MetricQuery::all(name, &Metric::QUEUE));
    }
    for name in &queues.others {
        asked.extend(MetricQuery::all(name, &Metric::DLQ));
    }
    asked.sort();
    asked.dedup();
    let read = |queries: Vec<MetricQuery>| async move {
        let now_ms = jiff::Timestamp::now().as_millisecond();
        metrics::read(aws, &queries, since_ms, now_ms).await
    };
    let late = async {
        let dlqs = names.unread_dlqs.await.unwrap_or_default();
        let queries: Vec<MetricQuery> = dlqs
            .iter()
            .flat_map(|name| MetricQuery::all(name, &Metric::DLQ))
            .filter(|q| asked.binary_search(q).is_err())
            .collect();
        let reading = read(queries.clone()).await;
        (queries, reading)
    };
    let (reading, (late_asked, late_reading)) = tokio::join!(read(asked.clone()), late);
    // The DLQs' own call failing costs only their series, not the reading.
    let reading = reading.map(|mut reading| {
        if !late_asked.is_empty() {
            reading.merge(late_reading, &late_asked);
        }
        reading
    });
    asked.extend(late_asked);
    asked.sort();
    EarlyReading { asked, reading }
}

/// The metrics of everything `ev` found: the early reading, and in one more call
/// anything it could not know (none, unless a name was resolved that no page matched
/// early).
pub async fn complete(aws: &Aws, early: EarlyReading, ev: &Evidence) -> MetricsEvidence {
    let mut reading = match early.reading {
        Ok(reading) => reading,
        Err(error) => return Err(Arc::new(MetricsFailure::of(aws, error).await)),
    };
    let missing: Vec<MetricQuery> = queries(ev)
        .into_iter()
        .filter(|q| early.asked.binary_search(q).is_err())
        .collect();
    if !missing.is_empty() {
        let now_ms = jiff::Timestamp::now().as_millisecond();
        let late = metrics::read(aws, &missing, ev.since_ms, now_ms).await;
        reading.merge(late, &missing);
    }
    Ok(reading)
}
