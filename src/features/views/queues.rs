//! `ccx queues`: each topology queue's depth, consumers and dead-letter queue, and under
//! `--watch` the trend over a window long enough for SQS's approximate counts.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use crate::base::topology::Topology;
use crate::judgements::consumers::Source;
use crate::judgements::queue_drain_rate::DrainWindow;
use crate::judgements::source_judgement;
use crate::state::queues::{FoundQueue, TopologyQueues};

#[derive(Debug, Serialize)]
pub struct QueuesReport {
    pub stack: String,
    pub queues: Vec<QueueRow>,
    pub problems: Vec<String>,
    /// Under --watch: the window the rates are measured over.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<TrendWindow>,
}

/// How a `--watch` trend is measured. SQS's counts are approximate and settle about a
/// minute after producers stop: rates compare readings at least `min_window_seconds`
/// apart, and there is no rate before that.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendWindow {
    /// Seconds between the readings the rates compare; null until the window is long
    /// enough.
    pub window_seconds: Option<u64>,
    pub min_window_seconds: u64,
    /// Seconds of readings so far.
    pub watched_seconds: u64,
}

impl QueuesReport {
    /// Every topology queue exists and has exactly one enabled consumer (the judgement
    /// of `source_judgement`, as in `mappings` and `map`).
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

#[derive(Debug, Serialize)]
pub struct QueueRow {
    /// Topology key (`lines`).
    pub key: String,
    /// Real queue name; null when the queue does not exist in the stack.
    pub name: Option<String>,
    pub url: Option<String>,
    pub exists: bool,
    pub visible: u64,
    pub in_flight: u64,
    pub delayed: u64,
    pub visibility_timeout_seconds: Option<u64>,
    /// CloudWatch's latest `ApproximateAgeOfOldestMessage`; null when it has no data.
    pub oldest_message_age_seconds: Option<u64>,
    /// Functions with an enabled mapping on this queue.
    pub consumers: Vec<String>,
    pub dlq: Option<DlqRow>,
    /// Under --watch, once the window is long enough: visible messages drained per
    /// second over the window (negative when the queue grows). Approximate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drain_rate_per_second: Option<f64>,
    /// Under --watch: seconds until empty at the current rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drain_eta_seconds: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct DlqRow {
    pub name: String,
    pub url: String,
    pub visible: u64,
    pub max_receive_count: Option<u64>,
}

/// The report on the topology's queues as read, with each queue's enabled consumers
/// taken from `sources`.
pub fn build(
    topology: &Topology,
    stack: &str,
    read: &TopologyQueues,
    sources: &[Source],
) -> QueuesReport {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (key, found) in &read.queues {
        let source = sources
            .iter()
            .find(|s| s.key.as_deref() == Some(key.as_str()));
        let consumers: Vec<String> = source
            .map(|s| {
                s.active()
                    .map(|m| m.mapping.function_name.clone())
                    .collect()
            })
            .unwrap_or_default();
        if found.is_none() {
            problems.push(format!(
                "{key}: no queue in stack {stack} contains `{}`",
                topology.queues[key].pattern
            ));
        } else if let Some(judged) = source.map(source_judgement::judge)
            && judged.problem
        {
            // The judgement `mappings` and `map` make: zero or several consumers.
            problems.push(format!("{key}: {}", judged.summary));
        }
        rows.push(build_row(key, found.as_ref(), consumers));
    }
    QueuesReport {
        stack: stack.to_string(),
        queues: rows,
        problems,
        trend: None,
    }
}

fn build_row(key: &str, found: Option<&FoundQueue>, consumers: Vec<String>) -> QueueRow {
    let attrs = found.map(|q| q.attributes.clone()).unwrap_or_default();
    QueueRow {
        key: key.to_string(),
        exists: found.is_some(),
        name: found.map(|q| q.name.clone()),
        url: found.map(|q| q.url.clone()),
        visible: attrs.visible,
        in_flight: attrs.in_flight,
        delayed: attrs.delayed,
        visibility_timeout_seconds: attrs.visibility_timeout_seconds,
        oldest_message_age_seconds: None,
        consumers,
        dlq: found.and_then(|q| q.dlq.as_ref()).map(|d| DlqRow {
            name: d.name.clone(),
            url: d.url.clone(),
            visible: d.attributes.visible,
            max_receive_count: attrs.max_receive_count,
        }),
        drain_rate_per_second: None,
        drain_eta_seconds: None,
    }
}

/// Each queue's age of oldest message from CloudWatch (`ages` by queue name).
pub fn add_ages(report: &mut QueuesReport, ages: &BTreeMap<String, u64>) {
    for row in &mut report.queues {
        row.oldest_message_age_seconds = row.name.as_ref().and_then(|n| ages.get(n)).copied();
    }
}

/// Adds this reading, taken `at` (since the watch started), to `window`, and the trend
/// it gives to the report: rate and ETA per queue once the window is long enough.
pub fn add_trend(report: &mut QueuesReport, window: &mut DrainWindow, at: Duration) {
    let visible: BTreeMap<String, u64> = report
        .queues
        .iter()
        .filter(|q| q.exists)
        .map(|q| (q.key.clone(), q.visible))
        .collect();
    let view = window.push(at, visible);
    for row in &mut report.queues {
        let Some(drain) = view.drains.get(&row.key) else {
            continue;
        };
        row.drain_rate_per_second = drain.rate().map(|rate| (rate * 10.0).round() / 10.0);
        row.drain_eta_seconds = drain.eta_seconds();
    }
    report.trend = Some(TrendWindow {
        window_seconds: (view.span >= window.min()).then_some(view.span.as_secs()),
        min_window_seconds: window.min().as_secs(),
        watched_seconds: at.as_secs(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, ENHANCED};

    fn report(visible: u64, missing_words: bool) -> QueuesReport {
        let topology = Topology::builtin();
        let mut read = fixtures::topology_queues(visible, 2);
        if missing_words {
            read.queues.retain(|(key, _)| key != "words");
            read.queues.push(("words".into(), None));
        }
        let sources = fixtures::sources(Vec::new(), false);
        build(&topology, "dev", &read, &sources)
    }

    fn row<'a>(report: &'a QueuesReport, key: &str) -> &'a QueueRow {
        report.queues.iter().find(|q| q.key == key).unwrap()
    }

    #[test]
    fn rows_carry_depth_consumers_and_dlq() {
        let r = report(7, false);
        assert!(r.ok());
        let lines = row(&r, "lines");
        assert_eq!((lines.visible, lines.in_flight, lines.delayed), (7, 1, 0));
        assert_eq!(lines.consumers, [ENHANCED]);
        let dlq = lines.dlq.as_ref().unwrap();
        assert_eq!(dlq.name, format!("{}-dlq", fixtures::LINES));
        assert_eq!((dlq.visible, dlq.max_receive_count), (2, Some(3)));
    }

    #[test]
    fn ages_come_by_queue_name_and_missing_ones_stay_no_data() {
        let mut r = report(7, false);
        let lines_name = row(&r, "lines").name.clone().unwrap();
        add_ages(&mut r, &BTreeMap::from([(lines_name, 42)]));
        assert_eq!(row(&r, "lines").oldest_message_age_seconds, Some(42));
        assert_eq!(row(&r, "words").oldest_message_age_seconds, None);
    }

    #[test]
    fn a_queue_missing_from_the_stack_is_a_problem() {
        let r = report(0, true);
        let words = row(&r, "words");
        assert!(!words.exists && words.name.is_none() && words.dlq.is_none());
        assert_eq!(
            r.problems,
            ["words: no queue in stack dev contains `words-queue`"]
        );
        assert!(!r.ok());
    }

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn the_trend_waits_for_a_minute_of_readings_then_gives_a_rate_and_an_eta() {
        let mut window = DrainWindow::new(crate::judgements::queue_drain_rate::SETTLE_WINDOW);
        let mut first = report(100, false);
        add_trend(&mut first, &mut window, secs(0));
        let mut soon = report(80, false);
        add_trend(&mut soon, &mut window, secs(10));
        // Seconds apart: the counts are too approximate for a rate.
        assert_eq!(row(&soon, "lines").drain_rate_per_second, None);
        assert_eq!(row(&soon, "lines").drain_eta_seconds, None);
        assert_eq!(
            soon.trend,
            Some(TrendWindow {
                window_seconds: None,
                min_window_seconds: 60,
                watched_seconds: 10
            })
        );
        let mut now = report(40, true);
        add_trend(&mut now, &mut window, secs(60));
        let lines = row(&now, "lines");
        assert_eq!(lines.drain_rate_per_second, Some(1.0));
        assert_eq!(lines.drain_eta_seconds, Some(40));
        assert_eq!(now.trend.as_ref().unwrap().window_seconds, Some(60));
        // A queue that no longer exists has no trend.
        assert_eq!(row(&now, "words").drain_rate_per_second, None);
        let mut growing = report(100, false);
        add_trend(&mut growing, &mut window, secs(120));
        assert_eq!(row(&growing, "lines").drain_rate_per_second, Some(-1.0));
        assert_eq!(row(&growing, "lines").drain_eta_seconds, None);
    }
}
