//! The target function's own state, read before anything is written. Lambda enables a
//! mapping on a `Failed` function without complaint; the messages then fail batch after
//! batch, so ccx looks first. `ListFunctions` does not report states on AWS: each target
//! is read with GetFunctionConfiguration. A target that is settling (`Pending`, an
//! update in progress) is re-read until it settles, within the run's timeout.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::aws::{Aws, AwsError};
use crate::features::switch::timing::Timing;
use crate::judgements::health::{self, Readiness};
use crate::state::functions::{self, FunctionInfo};

/// What Lambda reported for a target function before any write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetStatus {
    pub state: Option<String>,
    pub last_update_status: Option<String>,
    /// `ready`, `idle`, `settling`, `broken` or `unknown`, with Lambda's reason.
    #[serde(flatten)]
    pub readiness: Readiness,
    /// How long ccx waited for it to settle; absent when it did not wait.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waited_seconds: Option<u64>,
    /// The function's timeout: how long one batch may run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<u64>,
}

impl TargetStatus {
    pub fn of(info: &FunctionInfo) -> TargetStatus {
        TargetStatus {
            state: info.state.clone(),
            last_update_status: info.last_update_status.clone(),
            readiness: health::readiness(info),
            waited_seconds: None,
            timeout_seconds: info.timeout_seconds.and_then(|t| u64::try_from(t).ok()),
        }
    }
}

/// Reads one function's configuration: AWS in the binary, a script in unit tests.
pub(crate) trait FunctionReader {
    /// `Ok(None)`: no such function.
    async fn read(&self, name: &str) -> Result<Option<FunctionInfo>, AwsError>;
}

impl FunctionReader for Aws {
    async fn read(&self, name: &str) -> Result<Option<FunctionInfo>, AwsError> {
        functions::get_function(self, name).await
    }
}

/// The status of each of `names` (absent: the function does not exist). With `wait`,
/// functions that are settling are re-read, backing off, until they settle or
/// `timing.timeout` has passed; `waiting` is told once about each one waited for.
pub(crate) async fn read_targets<R: FunctionReader>(
    reader: &R,
    names: &[String],
    timing: Option<Timing>,
    waiting: impl Fn(&str, &TargetStatus),
) -> Result<BTreeMap<String, TargetStatus>, AwsError> {
    let started = Instant::now();
    let mut statuses: BTreeMap<String, TargetStatus> = BTreeMap::new();
    let mut to_read: Vec<String> = names.to_vec();
    to_read.sort();
    to_read.dedup();
    let mut pause = timing.map_or(Duration::ZERO, |t| t.first_poll);
    loop {
        // The targets are independent: read at once.
        let read = futures::future::try_join_all(to_read.iter().map(|name| reader.read(name)));
        for (name, found) in to_read.iter().zip(read.await?) {
            let waited = statuses.get(name).and_then(|s| s.waited_seconds);
            match found {
                Some(info) => {
                    let status = TargetStatus {
                        waited_seconds: waited,
                        ..TargetStatus::of(&info)
                    };
                    statuses.insert(name.clone(), status);
                }
                None => {
                    statuses.remove(name);
                }
            }
        }
        to_read.retain(|name| {
            statuses
                .get(name)
                .is_some_and(|s| matches!(s.readiness, Readiness::Settling(_)))
        });
        let Some(timing) = timing else {
            return Ok(statuses);
        };
        let left = timing.timeout.saturating_sub(started.elapsed());
        if to_read.is_empty() || left.is_zero() {
            return Ok(statuses);
        }
        for name in &to_read {
            let status = statuses
                .get_mut(name)
                .expect("only read statuses are waited for");
            if status.waited_seconds.is_none() {
                waiting(name, status);
            }
        }
        tokio::time::sleep(pause.min(left)).await;
        pause = (pause * 2).min(timing.max_poll);
        let waited = started.elapsed().as_secs();
        for name in &to_read {
            if let Some(status) = statuses.get_mut(name) {
                status.waited_seconds = Some(waited);
            }
        }
    }
}

#[cfg(test)]
mod tests;
