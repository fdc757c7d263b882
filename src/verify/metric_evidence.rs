//! The metrics `ccx verify` judges, read once per run (one `GetMetricData` call) for
//! the functions and queues the other evidence found: each topology function's
//! Lambda metrics, each queue's age and throughput, each DLQ's arrivals.

use std::sync::Arc;

use super::evidence::Evidence;
use crate::aws::{Aws, AwsError};
use crate::state::metrics::{self, Metric, MetricQuery, MetricsReading};

/// The reading, or why it failed (shared, so `--wait` can reuse it).
pub type MetricsEvidence = Result<MetricsReading, Arc<AwsError>>;

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
    }
    queries.sort();
    queries.dedup();
    queries
}

/// Reads the metrics of everything `ev` found over its window, up to now.
pub async fn read(aws: &Aws, ev: &Evidence) -> MetricsEvidence {
    let now_ms = jiff::Timestamp::now().as_millisecond();
    metrics::read(aws, &queries(ev), ev.since_ms, now_ms)
        .await
        .map_err(Arc::new)
}
