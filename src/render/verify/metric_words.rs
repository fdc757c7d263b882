//! The `metrics.KEY` checks in words: a consumer's rates, a retired consumer's
//! invocations since the takeover, a queue's oldest message and DLQ; below, each
//! metric's figure, or `no data` (never a zero it did not count).

use crate::features::verify::metric_finding::{
    ConsumerMetrics, DlqMetrics, MetricFinding, QueueMetrics, RateWarning, RetiredMetrics,
};
use crate::state::metrics::Metric;

pub fn summary(finding: &MetricFinding) -> String {
    match finding {
        MetricFinding::Consumer(c) => consumer_summary(c),
        MetricFinding::Retired(r) => retired_summary(r),
        MetricFinding::Queue(q) => queue_summary(q),
    }
}

pub fn details(finding: &MetricFinding) -> Vec<String> {
    match finding {
        MetricFinding::Consumer(c) => vec![
            line(Metric::Invocations, c.invocations, ""),
            line(Metric::Errors, c.errors, ""),
            line(Metric::Throttles, c.throttles, ""),
            line(Metric::ConcurrentExecutions, c.concurrency, " (maximum)"),
            line(Metric::Duration, c.duration_ms, " ms (average)"),
        ],
        MetricFinding::Retired(r) => {
            let logs_line = match r.logged {
                Some(n) => format!("its logs show {n} invocation(s) {}", r.since),
                None => "its logs could not be searched".to_string(),
            };
            match r.invocations {
                None => vec![logs_line],
                Some((all, since)) => vec![
                    format!(
                        "Invocations: {} in the window, {} in the periods after the takeover",
                        number(all),
                        number(since)
                    ),
                    logs_line,
                ],
            }
        }
        MetricFinding::Queue(q) => queue_details(q),
    }
}

/// `Errors: 3`, or `Errors: no data`.
fn line(metric: Metric, value: Option<f64>, unit: &str) -> String {
    match value {
        Some(v) => format!("{}: {}{unit}", metric.name(), number(v)),
        None => format!("{}: no data", metric.name()),
    }
}

/// A count as it reads: whole numbers without decimals.
pub(super) fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// A count, or `no data`.
fn counted(value: Option<f64>) -> String {
    value.map_or("no data".to_string(), number)
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

fn seconds(v: f64) -> String {
    humantime::format_duration(std::time::Duration::from_secs(v.max(0.0) as u64)).to_string()
}

fn consumer_summary(c: &ConsumerMetrics) -> String {
    let (name, since_label) = (&c.name, &c.since_label);
    if c.no_data() {
        return format!(
            "no data: CloudWatch has no Invocations, Errors or Throttles of {name} in {since_label}"
        );
    }
    if !c.warnings.is_empty() {
        let warnings: Vec<String> = c.warnings.iter().map(rate_warning).collect();
        return format!("{name}: {}", warnings.join("; "));
    }
    format!(
        "{name}: {} invocations, {} errors, {} throttles in {since_label}",
        counted(c.invocations),
        counted(c.errors),
        counted(c.throttles)
    )
}

fn rate_warning(w: &RateWarning) -> String {
    match *w {
        RateWarning::ErrorRate {
            errors,
            invocations,
            limit,
        } => format!(
            "error rate {} ({} errors in {} invocations) above {}",
            percent(errors / invocations),
            number(errors),
            number(invocations),
            percent(limit)
        ),
        RateWarning::ThrottleRate {
            throttles,
            attempts,
            limit,
        } => format!(
            "throttle rate {} ({} throttles in {} attempts) above {}",
            percent(throttles / attempts),
            number(throttles),
            number(attempts),
            percent(limit)
        ),
    }
}

fn retired_summary(r: &RetiredMetrics) -> String {
    let (name, since) = (&r.name, r.since);
    let Some((_, counted)) = r.invocations else {
        return format!(
            "no data: CloudWatch has no Invocations of {name} in the window; its log check decides"
        );
    };
    match (counted > 0.0, r.logged) {
        (true, Some(n)) if n > 0 => format!(
            "{name} invoked {} time(s) {since}; its logs agree ({n})",
            number(counted)
        ),
        (true, _) => format!(
            "{name} invoked {} time(s) {since} by CloudWatch, though its logs show none (late log events, or a log level that hides them)",
            number(counted)
        ),
        (false, Some(n)) if n > 0 => format!(
            "CloudWatch counts no invocations of {name} {since} yet, but its logs show {n} (metrics lag a few minutes)"
        ),
        (false, _) => format!("no invocations of {name} {since}"),
    }
}

fn queue_summary(q: &QueueMetrics) -> String {
    let (name, since_label) = (&q.name, &q.since_label);
    let mut warnings = Vec::new();
    if let Some((first, last, elapsed)) = q.growing {
        warnings.push(format!(
            "{name}: oldest message {} old and growing ({} → {} in {}): not being consumed",
            seconds(last),
            seconds(first),
            seconds(last),
            seconds(elapsed)
        ));
    }
    let dlq_text = match &q.dlq {
        DlqMetrics::None => "no DLQ".to_string(),
        DlqMetrics::Unread { name: dlq, why } => {
            let unread = format!("could not read the metrics of DLQ {dlq}: {why}");
            return match warnings.is_empty() {
                true => unread,
                false => format!("{}; {unread}", warnings.join("; ")),
            };
        }
        DlqMetrics::Read {
            name: dlq,
            sent,
            visible,
            rose,
        } => {
            let sent_sum = sent.unwrap_or(0.0);
            if sent_sum > 0.0 {
                let noun = if sent_sum == 1.0 {
                    "message"
                } else {
                    "messages"
                };
                warnings.push(format!(
                    "DLQ {dlq}: {} {noun} sent to it in {since_label}",
                    number(sent_sum)
                ));
            } else if let Some((a, b)) = rose {
                warnings.push(format!(
                    "DLQ {dlq}: visible messages rose from {} to {} in {since_label}",
                    number(*a),
                    number(*b)
                ));
            }
            if sent.is_none() && visible.is_none() {
                format!("DLQ {dlq}: no data")
            } else {
                format!("DLQ {dlq}: nothing arrived")
            }
        }
    };
    if !warnings.is_empty() {
        return warnings.join("; ");
    }
    let Some(latest) = q.age_s else {
        return format!(
            "no data: CloudWatch has no ApproximateAgeOfOldestMessage of {name} in {since_label}; {dlq_text}"
        );
    };
    format!(
        "{name}: oldest message {}; {} received, {} deleted in {since_label}; {dlq_text}",
        seconds(latest),
        counted(q.received),
        counted(q.deleted)
    )
}

fn queue_details(q: &QueueMetrics) -> Vec<String> {
    let mut details = vec![
        line(Metric::AgeOfOldestMessage, q.age_s, " s (latest)"),
        line(Metric::MessagesReceived, q.received, ""),
        line(Metric::MessagesDeleted, q.deleted, ""),
    ];
    match &q.dlq {
        DlqMetrics::None => {}
        DlqMetrics::Unread { name, why } => {
            details.push(format!("DLQ {name}: metrics could not be read: {why}"));
        }
        DlqMetrics::Read {
            name,
            sent,
            visible,
            ..
        } => {
            details.push(format!(
                "DLQ {name}: {}",
                line(Metric::MessagesSent, *sent, "")
            ));
            details.push(format!(
                "DLQ {name}: {}",
                line(Metric::MessagesVisible, *visible, " (latest)")
            ));
        }
    }
    details
}
