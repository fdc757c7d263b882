//! The `logs.KEY.invocations` checks in words: the failures and what comes near a
//! limit, else the count and p95; below, every count, the duration and memory figures,
//! and CloudWatch's counts beside the logs'.

use crate::features::verify::log_finding::{
    InvocationFinding, InvocationHealth, InvocationWarning,
};
use crate::logs::invocations::summary::FunctionSummary;
use crate::state::logs::MAX_EVENTS;

pub fn summary(finding: &InvocationFinding) -> String {
    let h = match finding {
        InvocationFinding::Hidden(level) => {
            return format!(
                "cannot see invocations: system log level {level} hides Lambda's START/REPORT lines"
            );
        }
        InvocationFinding::Judged(health) => health,
    };
    let (s, window) = (&h.counts, &h.window);
    if s.invocations == 0 {
        return format!("no invocations {window} to judge");
    }
    let warnings: Vec<String> = h.warnings.iter().map(|w| warning(h, w)).collect();
    if h.all_failed() {
        format!("every invocation {window} failed: {}", warnings.join("; "))
    } else if !warnings.is_empty() {
        format!("{} {window}", warnings.join("; "))
    } else {
        format!(
            "{} invocation(s) {window}, none failed{}",
            s.invocations,
            s.duration_ms.map_or(String::new(), |d| format!(
                "; p95 {:.0} ms{}",
                d.p95,
                h.timeout_s
                    .map_or(String::new(), |t| format!(" of a {t} s timeout"))
            ))
        )
    }
}

pub fn details(finding: &InvocationFinding) -> Vec<String> {
    let InvocationFinding::Judged(h) = finding else {
        return Vec::new();
    };
    let s = &h.counts;
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
            h.timeout_s
                .map_or(String::new(), |t| format!(" (timeout {t} s)"))
        ));
    }
    if let (Some(used), Some(size)) = (s.max_memory_used_mb, s.memory_size_mb) {
        details.push(format!("memory up to {used} of {size} MB"));
    }
    if let Some((calls, errors)) = h.metrics.filter(|_| s.invocations > 0) {
        details.push(format!(
            "CloudWatch metrics {}: {calls:.0} invocation(s), {errors:.0} error(s); {}",
            h.window,
            if h.metrics_agree(errors) {
                "they agree with the logs"
            } else {
                "they disagree with the logs (metrics lag a minute or two; the logs count only \
                 this function's own streams)"
            }
        ));
    }
    if h.truncated {
        details.push(format!(
            "more than {MAX_EVENTS} lines matched: counts are lower bounds"
        ));
    }
    details
}

fn warning(h: &InvocationHealth, w: &InvocationWarning) -> String {
    let s = &h.counts;
    match w {
        InvocationWarning::Failed => format!(
            "{} of {} invocation(s) failed{}",
            s.failed,
            h.finished(),
            failure_kinds(s)
        ),
        InvocationWarning::NearTimeout { p95_ms, timeout_s } => {
            let t = f64::from(*timeout_s) * 1000.0;
            format!(
                "p95 duration {:.1} s is {:.0}% of its {timeout_s} s timeout",
                p95_ms / 1000.0,
                100.0 * p95_ms / t
            )
        }
        InvocationWarning::NearMemorySize { used_mb, size_mb } => format!(
            "memory used up to {used_mb} of {size_mb} MB ({:.0}%)",
            100.0 * *used_mb as f64 / *size_mb as f64
        ),
    }
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
