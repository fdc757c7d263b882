//! The drain's evidence on AWS: the function's timeout and logging configuration, its
//! logs (an invocation started without its end) in its own streams of the group it is
//! configured to log to, and, where the logs cannot tell (a system log level that hides the platform
//! lines, a failed search), its `ConcurrentExecutions` metric since it was seen
//! disabled.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use super::logs::{self as drain_logs, Whose};
use super::{DrainProbe, Look, MARGIN};
use crate::aws::Aws;
use crate::logs::pattern;
use crate::state::log_budget::SearchBudget;
use crate::state::log_config::LogConfig;
use crate::state::logs::SearchRequest;
use crate::state::metrics::{self, Metric, MetricQuery};
use crate::state::{functions, logs};

pub(crate) struct AwsDrainProbe<'a> {
    aws: &'a Aws,
    /// The process's FilterLogEvents budget, shared with every other log search.
    budget: &'a SearchBudget,
    /// Each function's logging configuration, read with its timeout.
    logging: Mutex<BTreeMap<String, LogConfig>>,
}

impl<'a> AwsDrainProbe<'a> {
    pub fn new(aws: &'a Aws, budget: &'a SearchBudget) -> AwsDrainProbe<'a> {
        AwsDrainProbe {
            aws,
            budget,
            logging: Mutex::new(BTreeMap::new()),
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
        // An invocation still running at the disable started at most a timeout before it.
        let since_ms = disabled_ms - (timeout + MARGIN).as_millis() as i64;
        let logging = self.logging_of(function_name);
        if logging.hides_invocations() {
            let why = format!(
                "its system log level ({}) hides the lines that start and end invocations",
                logging.system_level.as_deref().unwrap_or("?")
            );
            return self
                .judge_by_metrics(function_name, disabled_ms, now_ms, why)
                .await;
        }
        let group = functions::log_group(function_name, &logging);
        // An emulator that ignores OR patterns returns everything: the judgement sorts
        // the lines out itself.
        let pattern = pattern::invocation_marks();
        let request = SearchRequest {
            group: &group,
            pattern: Some(&pattern),
            start_ms: since_ms,
            end_ms: now_ms,
        };
        let from_logs = match logs::search(self.aws, self.budget, request, |_| true).await {
            Ok(found) if !found.group_exists => Look::Idle {
                why: format!("log group {group} does not exist: it never ran"),
            },
            Ok(found) => drain_logs::judge(
                &found.lines,
                since_ms,
                Whose {
                    function: function_name,
                    group: &group,
                },
            ),
            Err(err) => Look::Unknown {
                why: format!("its logs could not be searched: {err}"),
            },
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
    /// `ConcurrentExecutions` in the periods since the disable: above zero is running,
    /// all zero is idle, none is still unknown.
    async fn judge_by_metrics(
        &self,
        function_name: &str,
        disabled_ms: i64,
        now_ms: i64,
        logs_why: String,
    ) -> Look {
        let query = [MetricQuery::new(
            function_name,
            Metric::ConcurrentExecutions,
        )];
        let reading = match metrics::read(
            self.aws,
            &query,
            disabled_ms,
            now_ms.max(disabled_ms + 60_000),
        )
        .await
        {
            Ok(reading) => reading,
            Err(err) => {
                return Look::Unknown {
                    why: format!("{logs_why}; metrics unreadable: {err}"),
                };
            }
        };
        let series = reading.get(function_name, Metric::ConcurrentExecutions);
        match series.and_then(|s| s.max()) {
            Some(n) if n > 0.0 => Look::Running {
                why: format!(
                    "CloudWatch counts {n:.0} concurrent execution(s) since the disable ({logs_why})"
                ),
            },
            Some(_) => Look::Idle {
                why: format!(
                    "CloudWatch counts no concurrent executions since the disable ({logs_why})"
                ),
            },
            None => Look::Unknown {
                why: format!(
                    "{logs_why}; CloudWatch has no ConcurrentExecutions since the disable"
                ),
            },
        }
    }
}
