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
use super::mapping_metric_checks;
use super::metric_source;
use super::own_logs::{AllOwnLogs, OwnLogs};
use super::report::{Check, CheckStatus};
use super::takeover;

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
                    None if spec.role == Role::Retired => Check::new(
                        id,
                        title,
                        CheckStatus::Pass,
                        "function absent: no invocations possible",
                    ),
                    None => Check::new(id, title, CheckStatus::Skip, "function not found"),
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
            NoReading::NotRead => Check::new(id, title, CheckStatus::Skip, "metrics not read"),
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

/// `Errors: 3 (sum)`, or `Errors: no data`.
fn line(metric: Metric, series: &Series, value: Option<f64>, unit: &str) -> String {
    match value {
        Some(v) if !series.no_data() => format!("{}: {}{unit}", metric.name(), number(v)),
        _ => format!("{}: no data", metric.name()),
    }
}

pub(super) fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
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
    let concurrency = series(reading, name, Metric::ConcurrentExecutions);
    let duration = series(reading, name, Metric::Duration);
    let details = vec![
        line(
            Metric::Invocations,
            invocations,
            Some(invocations.sum()),
            "",
        ),
        line(Metric::Errors, errors, Some(errors.sum()), ""),
        line(Metric::Throttles, throttles, Some(throttles.sum()), ""),
        line(
            Metric::ConcurrentExecutions,
            concurrency,
            concurrency.max(),
            " (maximum)",
        ),
        line(Metric::Duration, duration, duration.mean(), " ms (average)"),
    ];
    if invocations.no_data() && throttles.no_data() && errors.no_data() {
        return Check::new(
            id,
            title,
            CheckStatus::Skip,
            format!("no data: CloudWatch has no Invocations, Errors or Throttles of {name} in {since_label}"),
        )
        .with_details(details);
    }
    let (calls, failed, throttled) = (invocations.sum(), errors.sum(), throttles.sum());
    let mut warnings = Vec::new();
    if calls > 0.0 && failed / calls > limits.max_error_rate {
        warnings.push(format!(
            "error rate {} ({} errors in {} invocations) above {}",
            percent(failed / calls),
            number(failed),
            number(calls),
            percent(limits.max_error_rate)
        ));
    }
    let attempts = calls + throttled;
    if attempts > 0.0 && throttled / attempts > limits.max_throttle_rate {
        warnings.push(format!(
            "throttle rate {} ({} throttles in {} attempts) above {}",
            percent(throttled / attempts),
            number(throttled),
            number(attempts),
            percent(limits.max_throttle_rate)
        ));
    }
    if !warnings.is_empty() {
        return Check::new(
            id,
            title,
            CheckStatus::Warn,
            format!("{name}: {}", warnings.join("; ")),
        )
        .with_details(details);
    }
    let counted = |s: &Series, v: f64| {
        if s.no_data() {
            "no data".to_string()
        } else {
            number(v)
        }
    };
    Check::new(
        id,
        title,
        CheckStatus::Pass,
        format!(
            "{name}: {} invocations, {} errors, {} throttles in {since_label}",
            counted(invocations, calls),
            counted(errors, failed),
            counted(throttles, throttled)
        ),
    )
    .with_details(details)
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
    let since_text = takeover::since_text(takeover_ms);
    let from_ms = takeover_ms.unwrap_or(window_start_ms).max(window_start_ms);
    let logged = logged_invocations(logs, from_ms);
    let logs_line = match logged {
        Some(n) => format!("its logs show {n} invocation(s) {since_text}"),
        None => "its logs could not be searched".to_string(),
    };
    if invocations.no_data() {
        return Check::new(
            id,
            title,
            CheckStatus::Skip,
            format!("no data: CloudWatch has no Invocations of {name} in the window; its log check decides"),
        )
        .with_details(vec![logs_line]);
    }
    // Only the periods that start after the takeover: the one it falls in may hold the
    // last invocations before it.
    let counted = invocations.sum_since(from_ms);
    let details = vec![
        format!(
            "Invocations: {} in the window, {} in the periods after the takeover",
            number(invocations.sum()),
            number(counted)
        ),
        logs_line,
    ];
    match (counted > 0.0, logged) {
        (true, Some(n)) if n > 0 => Check::new(
            id,
            title,
            CheckStatus::Warn,
            format!(
                "{name} invoked {} time(s) {since_text}; its logs agree ({n})",
                number(counted)
            ),
        ),
        (true, _) => Check::new(
            id,
            title,
            CheckStatus::Warn,
            format!(
                "{name} invoked {} time(s) {since_text} by CloudWatch, though its logs show none (late log events, or a log level that hides them)",
                number(counted)
            ),
        ),
        (false, Some(n)) if n > 0 => Check::new(
            id,
            title,
            CheckStatus::Warn,
            format!(
                "CloudWatch counts no invocations of {name} {since_text} yet, but its logs show {n} (metrics lag a few minutes)"
            ),
        ),
        (false, _) => Check::new(
            id,
            title,
            CheckStatus::Pass,
            format!("no invocations of {name} {since_text}"),
        ),
    }
    .with_details(details)
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

fn seconds(v: f64) -> String {
    humantime::format_duration(std::time::Duration::from_secs(v.max(0.0) as u64)).to_string()
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
        return Check::new(id, title, CheckStatus::Skip, "queue not found");
    };
    let age = series(reading, name, Metric::AgeOfOldestMessage);
    let received = series(reading, name, Metric::MessagesReceived);
    let deleted = series(reading, name, Metric::MessagesDeleted);
    let mut details = vec![
        line(
            Metric::AgeOfOldestMessage,
            age,
            age.last().map(|p| p.1),
            " s (latest)",
        ),
        line(Metric::MessagesReceived, received, Some(received.sum()), ""),
        line(Metric::MessagesDeleted, deleted, Some(deleted.sum()), ""),
    ];
    let mut warnings = Vec::new();
    if let Some((first, last, elapsed)) = growing_older(age) {
        warnings.push(format!(
            "{name}: oldest message {} old and growing ({} → {} in {}): not being consumed",
            seconds(last),
            seconds(first),
            seconds(last),
            seconds(elapsed)
        ));
    }
    let mut dlq_text = "no DLQ".to_string();
    let mut unread = None;
    if let Ok(Some(dlq)) = &q.dlq
        && let Some(why) = reading.unread(&dlq.name)
    {
        // Only this DLQ's call failed: the queue's own metrics still count.
        details.push(format!(
            "DLQ {}: metrics could not be read: {why}",
            dlq.name
        ));
        unread = Some(format!(
            "could not read the metrics of DLQ {}: {why}",
            dlq.name
        ));
    } else if let Ok(Some(dlq)) = &q.dlq {
        let sent = series(reading, &dlq.name, Metric::MessagesSent);
        let visible = series(reading, &dlq.name, Metric::MessagesVisible);
        details.push(format!(
            "DLQ {}: {}",
            dlq.name,
            line(Metric::MessagesSent, sent, Some(sent.sum()), "")
        ));
        details.push(format!(
            "DLQ {}: {}",
            dlq.name,
            line(
                Metric::MessagesVisible,
                visible,
                visible.last().map(|p| p.1),
                " (latest)"
            )
        ));
        let rose = match (visible.first(), visible.last()) {
            (Some((_, a)), Some((_, b))) if b > a => Some((a, b)),
            _ => None,
        };
        if sent.sum() > 0.0 {
            let noun = if sent.sum() == 1.0 {
                "message"
            } else {
                "messages"
            };
            warnings.push(format!(
                "DLQ {}: {} {noun} sent to it in {since_label}",
                dlq.name,
                number(sent.sum())
            ));
        } else if let Some((a, b)) = rose {
            warnings.push(format!(
                "DLQ {}: visible messages rose from {} to {} in {since_label}",
                dlq.name,
                number(a),
                number(b)
            ));
        }
        dlq_text = if sent.no_data() && visible.no_data() {
            format!("DLQ {}: no data", dlq.name)
        } else {
            format!("DLQ {}: nothing arrived", dlq.name)
        };
    }
    if let Some(unread) = unread {
        let summary = match warnings.is_empty() {
            true => unread,
            false => format!("{}; {unread}", warnings.join("; ")),
        };
        return Check::new(id, title, CheckStatus::Error, summary).with_details(details);
    }
    if !warnings.is_empty() {
        return Check::new(id, title, CheckStatus::Warn, warnings.join("; ")).with_details(details);
    }
    let Some((_, latest)) = age.last() else {
        return Check::new(
            id,
            title,
            CheckStatus::Skip,
            format!("no data: CloudWatch has no ApproximateAgeOfOldestMessage of {name} in {since_label}; {dlq_text}"),
        )
        .with_details(details);
    };
    let counted = |s: &Series| {
        if s.no_data() {
            "no data".to_string()
        } else {
            number(s.sum())
        }
    };
    Check::new(
        id,
        title,
        CheckStatus::Pass,
        format!(
            "{name}: oldest message {}; {} received, {} deleted in {since_label}; {dlq_text}",
            seconds(latest),
            counted(received),
            counted(deleted)
        ),
    )
    .with_details(details)
}
