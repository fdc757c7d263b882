//! The metric checks of the verification (`metrics.KEY`), pure functions of the
//! CloudWatch reading: a consumer's error and throttle rates, the retired consumer
//! invoked after the takeover (cross-checked with its logs), a queue whose oldest
//! message keeps growing older, a DLQ receiving messages. A metric without datapoints
//! is "no data": it never passes.

use crate::aws::AwsError;
use crate::base::topology::{MetricsSpec, Role, Topology};
use crate::judgements::consumers::Source;
use crate::state::metrics::{Metric, MetricsReading, Series};

use super::checks::error_check;
use super::evidence::{Evidence, QueueEvidence};
use super::finding::Finding;
use super::mapping_metric_checks;
use super::metric_finding::{
    ConsumerMetrics, DlqMetrics, MetricFinding, QueueMetrics, RateWarning, RetiredMetrics,
};
use super::metric_source;
use super::own_logs::{AllOwnLogs, OwnLogs};
use super::report::{Check, CheckStatus};
use super::takeover;
use super::window::SinceTakeover;

/// An oldest message younger than this is not "stuck", however it grows.
const STUCK_AGE_SECONDS: f64 = 120.0;
/// Growing older means the age rose by at least this share of the wall time between
/// the readings (a consumed queue's oldest message keeps being replaced).
const GROWTH_SHARE: f64 = 0.5;

pub(super) fn metric_checks(
    topology: &Topology,
    ev: &Evidence,
    sources: Option<&Result<Vec<Source>, String>>,
    own: &AllOwnLogs<'_>,
    since_label: &str,
) -> Vec<Check> {
    let mut checks = Vec::new();
    if let Some(Err(failure)) = &ev.metrics {
        checks.push(metric_source::source_check(failure));
    }
    for (key, spec) in &topology.functions {
        let id = format!("metrics.{key}");
        let title = format!("CloudWatch metrics of {key}");
        let check = match (reading(ev), &ev.functions) {
            (Err(check), _) => check.into_check(id, title),
            (Ok(_), Err(e)) => error_check(id, title, e),
            (Ok(reading), Ok(functions)) => {
                let f = &functions.by_key[key];
                match f.real_name() {
                    None if spec.role == Role::Retired => {
                        Check::found(id, title, CheckStatus::Pass, Finding::FunctionAbsent)
                    }
                    None => Check::found(id, title, CheckStatus::Skip, Finding::FunctionNotFound),
                    Some(name) if spec.role == Role::Retired => {
                        let since = takeover::takeover_ms(topology, key, sources);
                        retired(id, title, reading, name, own.get(key), since, ev.since_ms)
                    }
                    Some(name) => {
                        consumer(id, title, reading, name, &topology.metrics, since_label)
                    }
                }
            }
        };
        checks.push(check);
    }
    for key in topology.queues.keys() {
        let id = format!("metrics.{key}");
        let title = format!("CloudWatch metrics of queue {key}");
        let check = match (reading(ev), &ev.queues) {
            (Err(check), _) => check.into_check(id, title),
            (Ok(_), Err(e)) => error_check(id, title, e),
            (Ok(reading), Ok(queues)) => {
                queue(id, title, reading, &queues.by_key[key], since_label)
            }
        };
        checks.push(check);
    }
    checks.extend(mapping_metric_checks::mapping_checks(
        topology,
        ev,
        sources,
        since_label,
    ));
    checks
}

/// Why there is no reading to judge.
pub(super) enum NoReading {
    NotRead,
    /// The source's own check (`metrics`) says why.
    Failed,
}

impl NoReading {
    pub(super) fn into_check(self, id: String, title: String) -> Check {
        match self {
            NoReading::NotRead => {
                Check::found(id, title, CheckStatus::Skip, Finding::MetricsNotRead)
            }
            NoReading::Failed => metric_source::not_run(id, title),
        }
    }
}

pub(super) fn reading(ev: &Evidence) -> Result<&MetricsReading, NoReading> {
    match &ev.metrics {
        None => Err(NoReading::NotRead),
        Some(Ok(reading)) => Ok(reading),
        Some(Err(_)) => Err(NoReading::Failed),
    }
}

/// A metric's series, empty when it was not asked for.
pub(super) fn series<'a>(reading: &'a MetricsReading, name: &str, metric: Metric) -> &'a Series {
    static EMPTY: Series = Series { points: Vec::new() };
    reading.get(name, metric).unwrap_or(&EMPTY)
}

/// A series' sum; `None` without datapoints.
fn sum(series: &Series) -> Option<f64> {
    (!series.no_data()).then(|| series.sum())
}

/// A metric check and its finding.
fn found(id: String, title: String, status: CheckStatus, finding: MetricFinding) -> Check {
    Check::found(id, title, status, Finding::Metrics(finding))
}

/// A live consumer: error and throttle rates against the topology's thresholds.
fn consumer(
    id: String,
    title: String,
    reading: &MetricsReading,
    name: &str,
    limits: &MetricsSpec,
    since_label: &str,
) -> Check {
    let invocations = series(reading, name, Metric::Invocations);
    let errors = series(reading, name, Metric::Errors);
    let throttles = series(reading, name, Metric::Throttles);
    let (calls, failed, throttled) = (invocations.sum(), errors.sum(), throttles.sum());
    let mut warnings = Vec::new();
    if calls > 0.0 && failed / calls > limits.max_error_rate {
        warnings.push(RateWarning::ErrorRate {
            errors: failed,
            invocations: calls,
            limit: limits.max_error_rate,
        });
    }
    let attempts = calls + throttled;
    if attempts > 0.0 && throttled / attempts > limits.max_throttle_rate {
        warnings.push(RateWarning::ThrottleRate {
            throttles: throttled,
            attempts,
            limit: limits.max_throttle_rate,
        });
    }
    let metrics = ConsumerMetrics {
        name: name.to_string(),
        since_label: since_label.to_string(),
        invocations: sum(invocations),
        errors: sum(errors),
        throttles: sum(throttles),
        concurrency: series(reading, name, Metric::ConcurrentExecutions).max(),
        duration_ms: series(reading, name, Metric::Duration).mean(),
        warnings,
    };
    let status = if metrics.no_data() {
        CheckStatus::Skip
    } else if !metrics.warnings.is_empty() {
        CheckStatus::Warn
    } else {
        CheckStatus::Pass
    };
    found(
        id,
        title,
        status,
        MetricFinding::Consumer(Box::new(metrics)),
    )
}

/// The retired consumer: invoked since the takeover, by CloudWatch, cross-checked with
/// the START lines its logs show since then.
fn retired(
    id: String,
    title: String,
    reading: &MetricsReading,
    name: &str,
    logs: Option<&Result<OwnLogs<'_>, &AwsError>>,
    takeover_ms: Option<i64>,
    window_start_ms: i64,
) -> Check {
    let invocations = series(reading, name, Metric::Invocations);
    let from_ms = takeover_ms.unwrap_or(window_start_ms).max(window_start_ms);
    // Only the periods that start after the takeover: the one it falls in may hold the
    // last invocations before it.
    let metrics = RetiredMetrics {
        name: name.to_string(),
        since: SinceTakeover(takeover_ms),
        invocations: sum(invocations).map(|all| (all, invocations.sum_since(from_ms))),
        logged: logged_invocations(logs, from_ms),
    };
    let status = if metrics.invocations.is_none() {
        CheckStatus::Skip
    } else if metrics.invoked() {
        CheckStatus::Warn
    } else {
        CheckStatus::Pass
    };
    found(id, title, status, MetricFinding::Retired(Box::new(metrics)))
}

/// Invocation starts (text `START` or JSON `platform.start`) in the retired function's
/// own lines from `from_ms` on; None when the search failed or was not made.
fn logged_invocations(
    logs: Option<&Result<OwnLogs<'_>, &AwsError>>,
    from_ms: i64,
) -> Option<usize> {
    Some(logs?.as_ref().ok()?.invocations_since(from_ms))
}

/// Whether the age series ends in a run that grows with the wall clock: the oldest
/// message is not being consumed. Returns (first, last, seconds between) of that run.
pub(super) fn growing_older(age: &Series) -> Option<(f64, f64, f64)> {
    let points = &age.points;
    let mut start = points.len().checked_sub(1)?;
    while start > 0 && points[start - 1].1 <= points[start].1 {
        start -= 1;
    }
    let run = &points[start..];
    let ((t0, a0), (t1, a1)) = (*run.first()?, *run.last()?);
    let elapsed = (t1 - t0) as f64 / 1000.0;
    let grows = run.len() >= 3
        && a1 >= STUCK_AGE_SECONDS
        && elapsed > 0.0
        && a1 - a0 >= GROWTH_SHARE * elapsed;
    grows.then_some((a0, a1, elapsed))
}

/// A queue: its oldest message growing older, and its DLQ receiving messages.
fn queue(
    id: String,
    title: String,
    reading: &MetricsReading,
    q: &QueueEvidence,
    since_label: &str,
) -> Check {
    let Ok(Some(name)) = &q.name else {
        return Check::found(id, title, CheckStatus::Skip, Finding::QueueNotFound);
    };
    let age = series(reading, name, Metric::AgeOfOldestMessage);
    let dlq = match &q.dlq {
        Ok(Some(dlq)) => match reading.unread(&dlq.name) {
            // Only this DLQ's call failed: the queue's own metrics still count.
            Some(why) => DlqMetrics::Unread {
                name: dlq.name.clone(),
                why: why.to_string(),
            },
            None => {
                let sent = series(reading, &dlq.name, Metric::MessagesSent);
                let visible = series(reading, &dlq.name, Metric::MessagesVisible);
                let rose = match (visible.first(), visible.last()) {
                    (Some((_, a)), Some((_, b))) if b > a => Some((a, b)),
                    _ => None,
                };
                DlqMetrics::Read {
                    name: dlq.name.clone(),
                    sent: sum(sent),
                    visible: visible.last().map(|p| p.1),
                    rose,
                }
            }
        },
        _ => DlqMetrics::None,
    };
    let metrics = QueueMetrics {
        name: name.clone(),
        since_label: since_label.to_string(),
        age_s: age.last().map(|p| p.1),
        growing: growing_older(age),
        received: sum(series(reading, name, Metric::MessagesReceived)),
        deleted: sum(series(reading, name, Metric::MessagesDeleted)),
        dlq,
    };
    let status = if metrics.dlq_unread() {
        CheckStatus::Error
    } else if metrics.warns() {
        CheckStatus::Warn
    } else if metrics.age_s.is_none() {
        CheckStatus::Skip
    } else {
        CheckStatus::Pass
    };
    found(id, title, status, MetricFinding::Queue(Box::new(metrics)))
}
