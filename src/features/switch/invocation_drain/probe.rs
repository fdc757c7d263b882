//! The drain's evidence on AWS: the function's timeout and logging configuration; its
//! `ConcurrentExecutions` and `Invocations` metrics since the disable (`metrics`),
//! which tell first wherever CloudWatch has published them; and its logs (an
//! invocation started without its end) in its own streams of the group it is
//! configured to log to, read incrementally with the late-event sweeps `ccx tail -f`
//! uses (`logs::poll`): each look asks only for what is new and every few seconds
//! reaches back over the late-event horizon, and silence counts only once that horizon
//! has passed the disable. Both are read at each look, concurrently.

use std::collections::BTreeMap;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::logs::{Horizon, Tracker, Whose};
use super::metrics::{self as drain_metrics, MetricsSay};
use super::{DrainProbe, EvidenceSource, Look, MARGIN};
use crate::aws::Aws;
use crate::logs::merge::Event;
use crate::logs::pattern;
use crate::logs::poll::{CloudWatch, Poller, Sink};
use crate::state::functions;
use crate::state::log_budget::SearchBudget;
use crate::state::log_config::LogConfig;
use crate::state::metrics::{self, Metric, MetricQuery};

/// How often the metrics are read again: CloudWatch publishes Lambda's metrics once a
/// minute, so reading them at every look would only spend requests.
const METRICS_EVERY: Duration = Duration::from_secs(10);

pub(crate) struct AwsDrainProbe<'a> {
    aws: &'a Aws,
    /// The process's FilterLogEvents budget, shared with every other log search.
    budget: Arc<SearchBudget>,
    /// How late a log line may reach CloudWatch after its timestamp.
    lookback: Duration,
    /// Each function's logging configuration, read with its timeout.
    logging: Mutex<BTreeMap<String, LogConfig>>,
    /// Each function's logs read so far, for the drain in progress.
    watches: tokio::sync::Mutex<BTreeMap<String, LogWatch>>,
    /// Each function's last metrics reading, for the drain in progress.
    metrics: Mutex<BTreeMap<String, MetricsSeen>>,
    /// Which evidence each function's last look rested on.
    sources: Mutex<BTreeMap<String, Option<EvidenceSource>>>,
}

/// One drain's log reading: the poller (where the next query starts, what was seen)
/// and what its lines said so far.
struct LogWatch {
    disabled_ms: i64,
    group: String,
    poller: Poller<CloudWatch>,
    tracker: Tracker,
}

/// Feeds the poller's events to a tracker.
struct Feed<'t>(&'t mut Tracker);

impl Sink for Feed<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        self.0
            .add(event.timestamp_ms, &event.stream, &event.message);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

struct MetricsSeen {
    disabled_ms: i64,
    at: Instant,
    said: MetricsSay,
}

impl<'a> AwsDrainProbe<'a> {
    /// `lookback`: how late a log line may reach CloudWatch (the late-event horizon).
    pub fn new(aws: &'a Aws, budget: Arc<SearchBudget>, lookback: Duration) -> Self {
        AwsDrainProbe {
            aws,
            budget,
            lookback,
            logging: Mutex::new(BTreeMap::new()),
            watches: tokio::sync::Mutex::new(BTreeMap::new()),
            metrics: Mutex::new(BTreeMap::new()),
            sources: Mutex::new(BTreeMap::new()),
        }
    }

    fn logging_of(&self, function_name: &str) -> LogConfig {
        self.logging
            .lock()
            .ok()
            .and_then(|l| l.get(function_name).cloned())
            .unwrap_or_default()
    }
}

impl DrainProbe for AwsDrainProbe<'_> {
    /// Reads the function's configuration once: its timeout, and where it logs.
    async fn timeout(&self, function_name: &str) -> Option<Duration> {
        let out = self
            .aws
            .lambda
            .get_function_configuration()
            .function_name(function_name)
            .send()
            .await
            .ok()?;
        if let Ok(mut known) = self.logging.lock() {
            known.insert(
                function_name.to_string(),
                LogConfig::from_sdk(out.logging_config()),
            );
        }
        let seconds = u64::try_from(out.timeout()?).ok()?;
        Some(Duration::from_secs(seconds))
    }

    async fn look(&self, function_name: &str, disabled_ms: i64, timeout: Duration) -> Look {
        let now_ms = jiff::Timestamp::now().as_millisecond();
        let logging = self.logging_of(function_name);
        let from_logs = async {
            if logging.hides_invocations() {
                Look::Unknown {
                    why: format!(
                        "its system log level ({}) hides the lines that start and end \
                         invocations",
                        logging.system_level.as_deref().unwrap_or("?")
                    ),
                }
            } else {
                self.look_in_logs(function_name, &logging, disabled_ms, timeout, now_ms)
                    .await
            }
        };
        let from_metrics = self.metrics_say(function_name, disabled_ms, now_ms);
        let (from_logs, from_metrics) = tokio::join!(from_logs, from_metrics);
        let (look, source) = weigh(from_logs, from_metrics);
        if let Ok(mut sources) = self.sources.lock() {
            sources.insert(function_name.to_string(), source);
        }
        look
    }

    fn source_of_last_look(&self, function_name: &str) -> Option<EvidenceSource> {
        self.sources
            .lock()
            .ok()?
            .get(function_name)
            .copied()
            .flatten()
    }

    fn late_event_horizon(&self) -> Option<Duration> {
        Some(self.lookback)
    }
}

/// One look's verdict from both kinds of evidence. An invocation the logs show open is
/// running whatever the metrics say. Metrics that count a quiet minute after the
/// disable are the first proof of idle (they may come before the logs' horizon
/// passes); then the logs, once their horizon covers the disable. Executions the
/// metrics count after the disable keep it running only while the logs cannot tell:
/// Lambda publishes no datapoint for a quiet minute, so a busy minute may stay the
/// newest long after the invocation ended, which complete logs do show.
fn weigh(logs: Look, metrics: MetricsSay) -> (Look, Option<EvidenceSource>) {
    match (logs, metrics) {
        (running @ Look::Running { .. }, _) => (running, Some(EvidenceSource::Logs)),
        (_, MetricsSay::Idle(why)) => (Look::Idle { why }, Some(EvidenceSource::Metrics)),
        (idle @ Look::Idle { .. }, _) => (idle, Some(EvidenceSource::Logs)),
        (Look::Unknown { why: logs }, MetricsSay::Running(why)) => (
            Look::Running {
                why: format!("{why} ({logs})"),
            },
            Some(EvidenceSource::Metrics),
        ),
        (Look::Unknown { why }, MetricsSay::Silent(metrics)) => (
            Look::Unknown {
                why: format!("{why}; {metrics}"),
            },
            None,
        ),
        (Look::Unknown { why }, MetricsSay::Unreadable(err)) => (
            Look::Unknown {
                why: format!("{why}; metrics unreadable: {err}"),
            },
            None,
        ),
    }
}

impl AwsDrainProbe<'_> {
    /// The logs' word: what is new since the last look (and, every few seconds, the
    /// late-event horizon again) added to what the earlier looks read.
    async fn look_in_logs(
        &self,
        function_name: &str,
        logging: &LogConfig,
        disabled_ms: i64,
        timeout: Duration,
        now_ms: i64,
    ) -> Look {
        let mut watches = self.watches.lock().await;
        let fresh = watches
            .get(function_name)
            .is_none_or(|w| w.disabled_ms != disabled_ms);
        if fresh {
            watches.insert(
                function_name.to_string(),
                self.watch(function_name, logging, disabled_ms, timeout),
            );
        }
        let Some(watch) = watches.get_mut(function_name) else {
            return Look::Unknown {
                why: "its logs were not read".into(),
            };
        };
        let LogWatch {
            group,
            poller,
            tracker,
            ..
        } = watch;
        let (failure, missing) = match poller.round(now_ms, &mut Feed(tracker)).await {
            Ok(report) => (
                report
                    .failures
                    .into_iter()
                    .next()
                    .map(|(_, e)| e.to_string()),
                !report.missing.is_empty(),
            ),
            Err(err) => (Some(err.to_string()), false),
        };
        let horizon = Horizon {
            disabled_ms,
            seen_through_ms: poller.seen_through(),
            lookback_ms: millis(self.lookback),
        };
        match (tracker.look(horizon), failure) {
            // An open invocation already read stays open whatever this round met.
            (running @ Look::Running { .. }, _) => running,
            (_, Some(err)) => Look::Unknown {
                why: format!("its logs could not be searched: {err}"),
            },
            (Look::Idle { .. }, None) if missing => Look::Idle {
                why: format!("log group {group} does not exist: it never ran"),
            },
            (look, None) => look,
        }
    }

    /// A new reading of `function_name`'s own streams from the earliest start that can
    /// still be running: a timeout before the disable.
    fn watch(
        &self,
        function_name: &str,
        logging: &LogConfig,
        disabled_ms: i64,
        timeout: Duration,
    ) -> LogWatch {
        let since_ms = disabled_ms - millis(timeout + MARGIN);
        let group = functions::log_group(function_name, logging);
        let poller = Poller::new(
            CloudWatch {
                client: self.aws.logs.clone(),
                budget: self.budget.clone(),
            },
            vec![group.clone()],
            (since_ms, None),
            // An emulator that ignores OR patterns returns everything: the tracker sorts
            // the lines out itself.
            Some(pattern::invocation_marks()),
            self.lookback,
        );
        let tracker = Tracker::new(
            Whose {
                function: function_name,
                group: &group,
            },
            since_ms,
        );
        LogWatch {
            disabled_ms,
            group,
            poller,
            tracker,
        }
    }

    /// What the metrics say since the disable, read at most every [`METRICS_EVERY`].
    async fn metrics_say(&self, function_name: &str, disabled_ms: i64, now_ms: i64) -> MetricsSay {
        if let Some(said) = self.recent_metrics(function_name, disabled_ms) {
            return said;
        }
        let said = self.read_metrics(function_name, disabled_ms, now_ms).await;
        if let Ok(mut seen) = self.metrics.lock() {
            seen.insert(
                function_name.to_string(),
                MetricsSeen {
                    disabled_ms,
                    at: Instant::now(),
                    said: said.clone(),
                },
            );
        }
        said
    }

    fn recent_metrics(&self, function_name: &str, disabled_ms: i64) -> Option<MetricsSay> {
        let seen = self.metrics.lock().ok()?;
        let last = seen.get(function_name)?;
        (last.disabled_ms == disabled_ms && last.at.elapsed() < METRICS_EVERY)
            .then(|| last.said.clone())
    }

    async fn read_metrics(&self, function_name: &str, disabled_ms: i64, now_ms: i64) -> MetricsSay {
        let queries = [
            MetricQuery::new(function_name, Metric::ConcurrentExecutions),
            MetricQuery::new(function_name, Metric::Invocations),
        ];
        let start_ms = drain_metrics::read_from(disabled_ms);
        let end_ms = now_ms.max(start_ms + 60_000);
        match metrics::read(self.aws, &queries, start_ms, end_ms).await {
            Ok(reading) => drain_metrics::judge(&reading, function_name, disabled_ms),
            Err(err) => MetricsSay::Unreadable(err.to_string()),
        }
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown() -> Look {
        Look::Unknown {
            why: "a START may still be on its way".into(),
        }
    }

    #[test]
    fn an_open_invocation_in_the_logs_outweighs_quiet_metrics() {
        let running = Look::Running {
            why: "invocation r1 has not ended".into(),
        };
        let (look, source) = weigh(running, MetricsSay::Idle("quiet minute".into()));
        assert!(matches!(look, Look::Running { .. }));
        assert_eq!(source, Some(EvidenceSource::Logs));
    }

    #[test]
    fn quiet_metrics_tell_before_the_logs_horizon_and_busy_ones_only_while_the_logs_cannot() {
        let (look, source) = weigh(unknown(), MetricsSay::Idle("quiet minute".into()));
        assert_eq!(
            look,
            Look::Idle {
                why: "quiet minute".into()
            }
        );
        assert_eq!(source, Some(EvidenceSource::Metrics));

        let (look, source) = weigh(unknown(), MetricsSay::Running("1 execution".into()));
        assert!(matches!(&look, Look::Running { why } if why.contains("on its way")));
        assert_eq!(source, Some(EvidenceSource::Metrics));

        let idle = Look::Idle {
            why: "all ended".into(),
        };
        let (look, source) = weigh(idle, MetricsSay::Running("1 execution".into()));
        assert!(matches!(look, Look::Idle { .. }));
        assert_eq!(source, Some(EvidenceSource::Logs));

        let (look, source) = weigh(unknown(), MetricsSay::Silent("no data yet".into()));
        assert!(matches!(&look, Look::Unknown { why } if why.contains("no data yet")));
        assert_eq!(source, None);
    }
}
