//! The drain's reading of CloudWatch's Lambda metrics: `ConcurrentExecutions`
//! (Maximum) and `Invocations` (Sum) in one-minute periods from the minute of the
//! disable on. Lambda publishes them once a minute and they become readable about a
//! minute later, so they tell about the minutes that have been published, never about
//! now; and a period that holds the disable may count what ran before it. Pure: a
//! reading in, what it says out.

use crate::features::switch::invocation_drain::logs::clock;
use crate::state::metrics::{Metric, MetricsReading};

/// How late Lambda's metrics are readable after their minute (about a minute).
pub const METRICS_LAG_SECONDS: u64 = 60;

/// What the metrics say of a function since it was seen disabled.
#[derive(Debug, Clone, PartialEq)]
pub enum MetricsSay {
    /// Executions or invocations in a period that started after the disable.
    Running(String),
    /// The newest period read counts no concurrent execution: nothing ran then.
    Idle(String),
    /// Nothing that tells (no datapoint, or only the disable's own minute busy).
    Silent(String),
    /// The read failed.
    Unreadable(String),
}

/// Where a metrics read for a drain starts: the minute that holds the disable.
pub fn read_from(disabled_ms: i64) -> i64 {
    disabled_ms - disabled_ms.rem_euclid(60_000)
}

/// Judges `reading` for `function_name`, disabled at `disabled_ms`.
pub fn judge(reading: &MetricsReading, function_name: &str, disabled_ms: i64) -> MetricsSay {
    let period_ms = i64::from(reading.period_seconds.max(1)) * 1000;
    let after_disable = |start: i64| start > disabled_ms;
    let newest = reading
        .get(function_name, Metric::ConcurrentExecutions)
        .and_then(|s| s.last());
    let invocations = reading.get(function_name, Metric::Invocations);
    // Invocations in the periods after the disable, from `from_ms` on.
    let invoked_from = |from_ms: i64| {
        invocations.map_or(0.0, |s| {
            s.points
                .iter()
                .filter(|(start, _)| after_disable(*start) && *start >= from_ms)
                .map(|(_, v)| v)
                .sum::<f64>()
        })
    };
    let lag = format!("CloudWatch publishes them about {METRICS_LAG_SECONDS}s after each minute");
    match newest {
        Some((start, n)) if n > 0.0 && after_disable(start) => MetricsSay::Running(format!(
            "CloudWatch counts {n:.0} concurrent execution(s) in the minute from {} ({lag})",
            clock(start)
        )),
        Some((start, n)) if n <= 0.0 && invoked_from(start) <= 0.0 => MetricsSay::Idle(format!(
            "CloudWatch counts no concurrent execution in the minute from {} to {} ({lag})",
            clock(start),
            clock(start + period_ms)
        )),
        _ if invoked_from(i64::MIN) > 0.0 => MetricsSay::Running(format!(
            "CloudWatch counts {:.0} invocation(s) after the disable ({lag})",
            invoked_from(i64::MIN)
        )),
        Some((start, n)) => MetricsSay::Silent(format!(
            "CloudWatch counts {n:.0} concurrent execution(s) in the minute from {}, which \
             holds the disable and may be from before it; none published since ({lag})",
            clock(start)
        )),
        None => MetricsSay::Silent(format!(
            "CloudWatch has no ConcurrentExecutions since the disable yet ({lag})"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::metrics::Series;

    const DISABLED: i64 = 1_800_000_030_000;

    fn reading(concurrency: &[(i64, f64)], invocations: &[(i64, f64)]) -> MetricsReading {
        let mut r = MetricsReading {
            start_ms: read_from(DISABLED),
            end_ms: DISABLED + 300_000,
            period_seconds: 60,
            ..MetricsReading::default()
        };
        for (metric, points) in [
            (Metric::ConcurrentExecutions, concurrency),
            (Metric::Invocations, invocations),
        ] {
            r.series.insert(
                ("f".to_string(), metric),
                Series {
                    points: points.to_vec(),
                },
            );
        }
        r
    }

    #[test]
    fn reads_start_at_the_minute_of_the_disable() {
        assert_eq!(read_from(DISABLED), DISABLED - 30_000);
    }

    #[test]
    fn executions_after_the_disable_are_running_and_a_quiet_minute_is_idle() {
        let minute = read_from(DISABLED);
        let busy = reading(&[(minute, 2.0), (minute + 60_000, 1.0)], &[]);
        assert!(
            matches!(judge(&busy, "f", DISABLED), MetricsSay::Running(w) if w.contains("1 concurrent"))
        );
        let quiet = reading(&[(minute, 2.0), (minute + 60_000, 0.0)], &[]);
        assert!(
            matches!(judge(&quiet, "f", DISABLED), MetricsSay::Idle(w) if w.contains("about 60s"))
        );
    }

    #[test]
    fn the_disables_own_minute_does_not_tell_and_nothing_is_not_zero() {
        let minute = read_from(DISABLED);
        let only_then = reading(&[(minute, 1.0)], &[(minute, 4.0)]);
        assert!(
            matches!(judge(&only_then, "f", DISABLED), MetricsSay::Silent(w) if w.contains("holds the disable"))
        );
        let nothing = reading(&[], &[]);
        assert!(matches!(
            judge(&nothing, "f", DISABLED),
            MetricsSay::Silent(_)
        ));
    }

    #[test]
    fn invocations_after_the_disable_are_running_even_without_concurrency() {
        let minute = read_from(DISABLED);
        let invoked = reading(&[], &[(minute + 60_000, 3.0)]);
        assert!(
            matches!(judge(&invoked, "f", DISABLED), MetricsSay::Running(w) if w.contains("3 invocation"))
        );
    }
}
