//! The drain's evidence on AWS: the function's timeout and logging configuration; its
//! logs (an invocation started without its end) in its own streams of the group it is
//! configured to log to, read incrementally with the late-event sweeps `ccx tail -f`
//! uses (`logs::poll`), so that each look asks only for what is new and every few
//! seconds reaches back over the late-event horizon; and its `ConcurrentExecutions` and
//! `Invocations` metrics since the disable, wherever the logs cannot tell (yet): a
//! system log level that hides the platform lines, a failed search, or silence that the
//! horizon does not cover yet.

use std::collections::BTreeMap;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::logs::{Horizon, Tracker, Whose};
use super::{DrainProbe, Look, MARGIN};
use crate::aws::Aws;
use crate::logs::merge::Event;
use crate::logs::pattern;
use crate::logs::poll::{CloudWatch, Poller, Sink};
use crate::state::functions;
use crate::state::log_budget::SearchBudget;
use crate::state::log_config::LogConfig;
use crate::state::metrics::{self, Metric, MetricQuery};

/// How often the metrics are read again while the logs cannot tell: CloudWatch
/// publishes Lambda's metrics once a minute.
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
        self.0.add(event.timestamp_ms, &event.stream, &event.message);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What CloudWatch's metrics said since the disable.
#[derive(Debug, Clone)]
enum MetricsSay {
    /// Concurrent executions or invocations after the disable.
    Running(String),
    /// Concurrent executions reported, all zero.
    Idle,
    NoData,
    Unreadable(String),
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
        let from_logs = if logging.hides_invocations() {
            Look::Unknown {
                why: format!(
                    "its system log level ({}) hides the lines that start and end invocations",
                    logging.system_level.as_deref().unwrap_or("?")
                ),
            }
        } else {
            self.look_in_logs(function_name, &logging, disabled_ms, timeout, now_ms)
                .await
        };
        match from_logs {
            Look::Unknown { why } => {
                self.judge_by_metrics(function_name, disabled_ms, now_ms, why)
                    .await
            }
            known => known,
        }
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
                report.failures.into_iter().next().map(|(_, e)| e.to_string()),
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

    /// `ConcurrentExecutions` and `Invocations` in the periods since the disable: any
    /// execution or invocation is running, concurrency all zero is idle, nothing else
    /// tells. Read at most every [`METRICS_EVERY`].
    async fn judge_by_metrics(
        &self,
        function_name: &str,
        disabled_ms: i64,
        now_ms: i64,
        logs_why: String,
    ) -> Look {
        let said = match self.recent_metrics(function_name, disabled_ms) {
            Some(said) => said,
            None => {
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
        };
        match said {
            MetricsSay::Running(what) => Look::Running {
                why: format!("CloudWatch counts {what} since the disable ({logs_why})"),
            },
            MetricsSay::Idle => Look::Idle {
                why: format!(
                    "CloudWatch counts no concurrent executions since the disable ({logs_why})"
                ),
            },
            MetricsSay::NoData => Look::Unknown {
                why: format!(
                    "{logs_why}; CloudWatch has no ConcurrentExecutions since the disable"
                ),
            },
            MetricsSay::Unreadable(err) => Look::Unknown {
                why: format!("{logs_why}; metrics unreadable: {err}"),
            },
        }
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
        let end_ms = now_ms.max(disabled_ms + 60_000);
        let reading = match metrics::read(self.aws, &queries, disabled_ms, end_ms).await {
            Ok(reading) => reading,
            Err(err) => return MetricsSay::Unreadable(err.to_string()),
        };
        let concurrency = reading
            .get(function_name, Metric::ConcurrentExecutions)
            .and_then(|s| s.max());
        let invocations = reading
            .get(function_name, Metric::Invocations)
            .map(|s| s.sum())
            .unwrap_or(0.0);
        match concurrency {
            Some(n) if n > 0.0 => MetricsSay::Running(format!("{n:.0} concurrent execution(s)")),
            _ if invocations > 0.0 => MetricsSay::Running(format!("{invocations:.0} invocation(s)")),
            Some(_) => MetricsSay::Idle,
            None => MetricsSay::NoData,
        }
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
