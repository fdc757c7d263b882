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
use crate::state::metrics::{Metric, MetricsReading};

use super::checks::error_check;
use super::evidence::Evidence;
use super::finding::Finding;
use super::log_finding::{InvocationFinding, InvocationHealth, InvocationWarning, hiding_level};
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
        return Check::found(id, title, CheckStatus::Skip, Finding::FunctionNotFound);
    };
    if let Some(level) = hiding_level(&f.logging) {
        let finding = Finding::Invocations(InvocationFinding::Hidden(level));
        return Check::found(id, title, CheckStatus::Skip, finding);
    }
    let own = match own.get(key) {
        Some(Ok(own)) => own,
        Some(Err(err)) => return error_check(id, title, err),
        None => {
            return Check::found(id, title, CheckStatus::Skip, Finding::LogsNotSearched);
        }
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
    let health = InvocationHealth {
        window,
        warnings: warnings(&summary, timeout_s),
        counts: summary,
        timeout_s,
        metrics,
        truncated: own.search.truncated,
    };
    judge(id, title, health)
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

/// What warns in one function's invocations: failures, a p95 duration near its
/// timeout, memory near its size.
fn warnings(s: &FunctionSummary, timeout_s: Option<i32>) -> Vec<InvocationWarning> {
    let mut warnings = Vec::new();
    if s.failed > 0 {
        warnings.push(InvocationWarning::Failed);
    }
    if let (Some(d), Some(t)) = (s.duration_ms, timeout_s)
        && t > 0
        && d.p95 >= DURATION_SHARE * f64::from(t) * 1000.0
    {
        warnings.push(InvocationWarning::NearTimeout {
            p95_ms: d.p95,
            timeout_s: t,
        });
    }
    if let (Some(used), Some(size)) = (s.max_memory_used_mb, s.memory_size_mb)
        && size > 0
        && used as f64 >= MEMORY_SHARE * size as f64
    {
        warnings.push(InvocationWarning::NearMemorySize {
            used_mb: used,
            size_mb: size,
        });
    }
    warnings
}

/// The verdict on one function's invocations: nothing to judge without any, a fail
/// when every one that ended failed, a warning for anything that warns.
fn judge(id: String, title: String, health: InvocationHealth) -> Check {
    let status = if health.counts.invocations == 0 {
        CheckStatus::Skip
    } else if health.all_failed() {
        CheckStatus::Fail
    } else if !health.warnings.is_empty() {
        CheckStatus::Warn
    } else {
        CheckStatus::Pass
    };
    let finding = Finding::Invocations(InvocationFinding::Judged(Box::new(health)));
    Check::found(id, title, status, finding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::verify::window::ActivityWindow;
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
        let health = InvocationHealth {
            window: ActivityWindow::Recent("the last 15m".into()),
            counts: s.clone(),
            timeout_s: timeout,
            metrics,
            warnings: warnings(s, timeout),
            truncated: false,
        };
        judge("id".into(), "t".into(), health)
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
        let Finding::Invocations(InvocationFinding::Judged(health)) = &c.finding else {
            panic!("a judged finding: {:?}", c.finding);
        };
        assert_eq!(
            health.warnings,
            [
                InvocationWarning::NearTimeout {
                    p95_ms: 50_000.0,
                    timeout_s: 60
                },
                InvocationWarning::NearMemorySize {
                    used_mb: 950,
                    size_mb: 1024
                }
            ]
        );
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
