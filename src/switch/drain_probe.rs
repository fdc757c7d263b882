//! The drain's evidence on AWS: the function's timeout from its configuration, its
//! logs (an invocation started without its end), and, where the logs cannot tell, its
//! `ConcurrentExecutions` metric since it was seen disabled.

use std::time::Duration;

use crate::aws::Aws;
use crate::state::metrics::{self, Metric, MetricQuery};
use crate::state::{functions, logs};
use crate::switch::drain::{DrainProbe, Look, MARGIN};
use crate::switch::drain_logs;

/// Every platform line that starts or ends an invocation, in text or JSON format. An
/// emulator that ignores OR patterns returns everything, which the judgement sorts out.
const PLATFORM_PATTERN: &str = r#"?"START RequestId" ?"END RequestId" ?"REPORT RequestId" ?"platform.start" ?"platform.runtimeDone" ?"platform.report""#;

pub(crate) struct AwsDrainProbe<'a> {
    pub aws: &'a Aws,
}

impl DrainProbe for AwsDrainProbe<'_> {
    async fn timeout(&self, function_name: &str) -> Option<Duration> {
        let info = functions::get_function(self.aws, function_name)
            .await
            .ok()??;
        let seconds = u64::try_from(info.timeout_seconds?).ok()?;
        Some(Duration::from_secs(seconds))
    }

    async fn look(&self, function_name: &str, disabled_ms: i64, timeout: Duration) -> Look {
        let now_ms = jiff::Timestamp::now().as_millisecond();
        // An invocation still running at the disable started at most a timeout before it.
        let since_ms = disabled_ms - (timeout + MARGIN).as_millis() as i64;
        let group = functions::log_group(function_name);
        let from_logs =
            match logs::search(self.aws, &group, PLATFORM_PATTERN, since_ms, now_ms).await {
                Ok(found) if !found.group_exists => Look::Idle {
                    why: format!("log group {group} does not exist: it never ran"),
                },
                Ok(found) => drain_logs::judge(&found.lines, since_ms),
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
