//! The invocation-health check of each expected consumer (`logs.KEY.invocations`): its
//! own log lines since the last consumer change read as invocations
//! (`logs::invocations`), judged for failures (errors, timeouts, out of memory, runtime
//! exits, init errors), a duration near its timeout and memory near its size, and set
//! beside the metrics where both have data. Pure, like the other checks.

use crate::base::topology::Topology;
use crate::judgements::consumers::Source;
use crate::logs::classify::{LineKind, Tally};
use crate::logs::invocations::Tracker;
use crate::logs::invocations::summary::{Counter, FunctionSummary};
use crate::logs::merge::Event;
use crate::state::logs::MAX_EVENTS;
use crate::state::metrics::{Metric, MetricsReading};

use super::checks::error_check;
use super::evidence::Evidence;
use super::own_logs::AllOwnLogs;
use super::report::{Check, CheckStatus};
use super::takeover;

/// A p95 duration at or above this share of the timeout warns: a busier hour times out.
pub const DURATION_SHARE: f64 = 0.8;
/// A maximum memory used at or above this share of the size warns.
pub const MEMORY_SHARE: f64 = 0.9;

pub(super) fn invocation_checks(
    topology: &Topology,
    ev: &Evidence,
    sources: Option<&Result<Vec<Source>, String>>,
    own: &AllOwnLogs<'_>,
    since_label: &str,
) -> Vec<Check> {
    let mut keys: Vec<&String> = topology.logs.watch.iter().collect();
    keys.extend(
        topology
            .restored
            .iter()
            .filter(|k| !topology.logs.watch.contains(k)),
    );
    keys.into_iter()
        .map(|key| health(topology, ev, sources, own, since_label, key))
        .collect()
}

fn health(
    topology: &Topology,
    ev: &Evidence,
    sources: Option<&Result<Vec<Source>, String>>,
    own: &AllOwnLogs<'_>,
    since_label: &str,
    key: &str,
) -> Check {
    let id = format!("logs.{key}.invocations");
    let title = format!("invocation health of {key}");
    let fns = match &ev.functions {
        Ok(f) => f,
        Err(e) => return error_check(id, title, e),
    };
    let f = &fns.by_key[key];
    let Some(name) = f.real_name() else {
        return Check::new(id, title, CheckStatus::Skip, "function not found");
    };
    if f.logging.hides_invocations() {
        return Check::new(
            id,
            title,
            CheckStatus::Skip,
            format!(
                "cannot see invocations: system log level {} hides Lambda's START/REPORT lines",
                f.logging.system_level.as_deref().unwrap_or("?")
            ),
        );
    }
    let own = match own.get(key) {
        Some(Ok(own)) => own,
        Some(Err(err)) => return error_check(id, title, err),
        None => return Check::new(id, title, CheckStatus::Skip, "logs not searched"),
    };
    let (from_ms, window) =
        takeover::activity_from(topology, key, sources, ev.since_ms, since_label);
    // Everything read is in range: nothing needs flushing by time.
    let mut tracker = Tracker::new(vec![i64::MAX / 4], false);
    let mut counter = Counter::new(key, &own.group);
    let mut done = Vec::new();
    let classifier = Tally::new(&topology.logs);
    for (line, parsed) in own.lines.iter().filter(|(l, _)| l.timestamp_ms >= from_ms) {
        let event = Event {
            source: 0,
            timestamp_ms: line.timestamp_ms,
            ingestion_ms: 0,
            stream: line.stream.clone(),
            event_id: String::new(),
            message: String::new(),
        };
        let error = matches!(classifier.kind_of(parsed), LineKind::Error(_));
        tracker.add(0, &event, parsed, error, &mut done);
    }
    tracker.finish(&mut done);
    for invocation in &done {
        counter.add(invocation);
    }
    let summary = counter.summary(&Tally::new(&topology.logs));
    let timeout_s = f
        .info
        .as_ref()
        .ok()
        .and_then(Option::as_ref)
        .and_then(|i| i.timeout_seconds);
    let metrics = match &ev.metrics {
        Some(Ok(reading)) => metric_counts(reading, name, from_ms),
        _ => None,
    };
    let mut check = judge(id, title, &summary, timeout_s, &window, metrics);
    if own.search.truncated {
        check.push_details([format!(
            "more than {MAX_EVENTS} lines matched: counts are lower bounds"
        )]);
    }
    check
}

/// Invocations and errors CloudWatch counted from `from_ms`; None without data.
fn metric_counts(reading: &MetricsReading, name: &str, from_ms: i64) -> Option<(f64, f64)> {
    let invocations = reading.get(name, Metric::Invocations)?;
    let errors = reading.get(name, Metric::Errors)?;
    if invocations.no_data() && errors.no_data() {
        return None;
    }
    Some((invocations.sum_since(from_ms), errors.sum_since(from_ms)))
}

/// The verdict on one function's invocations over `window` (`in the last 15m`, `since
/// the last consumer change at …`); `metrics`: what CloudWatch counted over the same
/// time (invocations, errors).
pub(super) fn judge(
    id: String,
    title: String,
    s: &FunctionSummary,
    timeout_s: Option<i32>,
    window: &str,
    metrics: Option<(f64, f64)>,
) -> Check {
    let finished = s.invocations - s.unfinished;
    let mut details = vec![format!(
        "{} invocation(s): {} ok, {} failed ({} error, {} timeout, {} out of memory, {} runtime \
         exit, {} init error), {} unfinished, {} cold start(s)",
        s.invocations,
        s.ok,
        s.failed,
        s.errors,
        s.timeouts,
        s.out_of_memory,
        s.runtime_exits,
        s.init_errors,
        s.unfinished,
        s.cold_starts
    )];
    if let Some(d) = s.duration_ms {
        details.push(format!(
            "duration p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms{}",
            d.p50,
            d.p95,
            d.max,
            timeout_s.map_or(String::new(), |t| format!(" (timeout {t} s)"))
        ));
    }
    if let (Some(used), Some(size)) = (s.max_memory_used_mb, s.memory_size_mb) {
        details.push(format!("memory up to {used} of {size} MB"));
    }
    if s.invocations == 0 {
        return Check::new(
            id,
            title,
            CheckStatus::Skip,
            format!("no invocations {window} to judge"),
        )
        .with_details(details);
    }
    let mut warnings = Vec::new();
    if s.failed > 0 {
        warnings.push(format!(
            "{} of {} invocation(s) failed{}",
            s.failed,
            finished,
            failure_kinds(s)
        ));
    }
    if let (Some(d), Some(t)) = (s.duration_ms, timeout_s)
        && t > 0
        && d.p95 >= DURATION_SHARE * f64::from(t) * 1000.0
    {
        warnings.push(format!(
            "p95 duration {:.1} s is {:.0}% of its {t} s timeout",
            d.p95 / 1000.0,
            100.0 * d.p95 / (f64::from(t) * 1000.0)
        ));
    }
    if let (Some(used), Some(size)) = (s.max_memory_used_mb, s.memory_size_mb)
        && size > 0
        && used as f64 >= MEMORY_SHARE * size as f64
    {
        warnings.push(format!(
            "memory used up to {used} of {size} MB ({:.0}%)",
            100.0 * used as f64 / size as f64
        ));
    }
    if let Some((calls, errors)) = metrics {
        let logged_failures = (s.errors + s.timeouts + s.out_of_memory + s.runtime_exits) as f64;
        let agree = (errors > 0.0) == (logged_failures > 0.0);
        details.push(format!(
            "CloudWatch metrics {window}: {calls:.0} invocation(s), {errors:.0} error(s); {}",
            if agree {
                "they agree with the logs"
            } else {
                "they disagree with the logs (metrics lag a minute or two; the logs count only \
                 this function's own streams)"
            }
        ));
    }
    let all_failed = finished > 0 && s.failed == finished;
    let (status, summary) = if all_failed {
        (
            CheckStatus::Fail,
            format!("every invocation {window} failed: {}", warnings.join("; ")),
        )
    } else if !warnings.is_empty() {
        (
            CheckStatus::Warn,
            format!("{} {window}", warnings.join("; ")),
        )
    } else {
        (
            CheckStatus::Pass,
            format!(
                "{} invocation(s) {window}, none failed{}",
                s.invocations,
                s.duration_ms.map_or(String::new(), |d| format!(
                    "; p95 {:.0} ms{}",
                    d.p95,
                    timeout_s.map_or(String::new(), |t| format!(" of a {t} s timeout"))
                ))
            ),
        )
    };
    Check::new(id, title, status, summary).with_details(details)
}

/// ` (2 timeouts, 1 error)`.
fn failure_kinds(s: &FunctionSummary) -> String {
    let kinds: Vec<String> = [
        (s.timeouts, "timeout", "timeouts"),
        (s.errors, "error", "errors"),
        (s.out_of_memory, "out of memory", "out of memory"),
        (s.runtime_exits, "runtime exit", "runtime exits"),
        (s.init_errors, "init error", "init errors"),
    ]
    .iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
    .collect();
    if kinds.is_empty() {
        String::new()
    } else {
        format!(" ({})", kinds.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::invocations::summary::Percentiles;

    fn summary() -> FunctionSummary {
        FunctionSummary {
            source: "enhanced-compaction".into(),
            log_group: "/aws/lambda/x".into(),
            invocations: 10,
            ok: 10,
            failed: 0,
            errors: 0,
            timeouts: 0,
            out_of_memory: 0,
            runtime_exits: 0,
            init_errors: 0,
            unfinished: 0,
            cold_starts: 1,
            duration_ms: Some(Percentiles {
                p50: 800.0,
                p95: 900.0,
                max: 1000.0,
            }),
            max_memory_used_mb: Some(187),
            memory_size_mb: Some(1024),
            max_init_duration_ms: Some(245.0),
            markers: Vec::new(),
            error_lines: 0,
        }
    }

    fn run(s: &FunctionSummary, timeout: Option<i32>, metrics: Option<(f64, f64)>) -> Check {
        judge(
            "id".into(),
            "t".into(),
            s,
            timeout,
            "in the last 15m",
            metrics,
        )
    }

    #[test]
    fn healthy_invocations_pass_with_their_figures() {
        let c = run(&summary(), Some(60), Some((10.0, 0.0)));
        assert_eq!(c.status, CheckStatus::Pass);
        assert_eq!(
            c.summary(),
            "10 invocation(s) in the last 15m, none failed; p95 900 ms of a 60 s timeout"
        );
        assert!(
            c.details()
                .iter()
                .any(|d| d.ends_with("they agree with the logs"))
        );
    }

    #[test]
    fn failures_warn_with_their_kinds_and_all_failed_fails() {
        let s = FunctionSummary {
            ok: 7,
            failed: 3,
            timeouts: 2,
            errors: 1,
            ..summary()
        };
        let c = run(&s, Some(60), Some((10.0, 0.0)));
        assert_eq!(c.status, CheckStatus::Warn);
        assert_eq!(
            c.summary(),
            "3 of 10 invocation(s) failed (2 timeouts, 1 error) in the last 15m"
        );
        assert!(
            c.details()
                .iter()
                .any(|d| d.contains("they disagree with the logs"))
        );
        let all = FunctionSummary {
            ok: 0,
            failed: 10,
            timeouts: 10,
            ..summary()
        };
        let c = run(&all, Some(60), None);
        assert_eq!(c.status, CheckStatus::Fail);
        assert!(
            c.summary()
                .starts_with("every invocation in the last 15m failed: 10 of 10")
        );
    }

    #[test]
    fn duration_near_the_timeout_and_memory_near_the_size_warn() {
        let s = FunctionSummary {
            duration_ms: Some(Percentiles {
                p50: 30_000.0,
                p95: 50_000.0,
                max: 55_000.0,
            }),
            max_memory_used_mb: Some(950),
            ..summary()
        };
        let c = run(&s, Some(60), None);
        assert_eq!(c.status, CheckStatus::Warn);
        assert_eq!(
            c.summary(),
            "p95 duration 50.0 s is 83% of its 60 s timeout; memory used up to 950 of 1024 MB \
             (93%) in the last 15m"
        );
        // Just below both lines: a pass.
        let s = FunctionSummary {
            duration_ms: Some(Percentiles {
                p50: 1.0,
                p95: 47_999.0,
                max: 47_999.0,
            }),
            max_memory_used_mb: Some(921),
            ..summary()
        };
        assert_eq!(run(&s, Some(60), None).status, CheckStatus::Pass);
    }

    #[test]
    fn no_invocations_is_nothing_to_judge() {
        let s = FunctionSummary {
            invocations: 0,
            ok: 0,
            duration_ms: None,
            ..summary()
        };
        let c = run(&s, Some(60), None);
        assert_eq!(c.status, CheckStatus::Skip);
        assert_eq!(c.summary(), "no invocations in the last 15m to judge");
    }
}
