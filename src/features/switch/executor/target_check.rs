//! Right before a target's enable: its function re-read (GetFunctionConfiguration) and
//! judged as the plan judged it (`switch::target_check`). A settling function is
//! re-read until it settles, within `--timeout`; a re-check of the same function that
//! went ahead a few seconds ago is reused for the next queue.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::{DrainProbe, Executor, MappingApi, millis};
use crate::features::switch::events::Event;
use crate::features::switch::plan::QueuePlan;
use crate::features::switch::target::check::{
    self as target_check, CheckOutcome, REUSE_WITHIN, TargetCheck,
};
use crate::features::switch::target::state::{self as target_state, FunctionReader, TargetStatus};
use crate::judgements::health::Readiness;

/// How the executor re-reads target functions, and what it re-read last.
pub(crate) struct Recheck<'a, F: FunctionReader> {
    pub reader: &'a F,
    /// A re-check that went ahead this recently is reused instead of read again.
    pub reuse_within: Duration,
    /// Per function: the last re-check that went ahead, and when it ended.
    recent: Mutex<BTreeMap<String, (Instant, TargetCheck)>>,
}

impl<'a, F: FunctionReader> Recheck<'a, F> {
    pub fn new(reader: &'a F) -> Recheck<'a, F> {
        Recheck {
            reader,
            reuse_within: REUSE_WITHIN,
            recent: Mutex::new(BTreeMap::new()),
        }
    }

    fn reusable(&self, name: &str) -> Option<TargetCheck> {
        let recent = self.recent.lock().ok()?;
        let (at, check) = recent.get(name)?;
        (at.elapsed() < self.reuse_within).then(|| TargetCheck {
            reused: true,
            duration_ms: 0,
            ..check.clone()
        })
    }

    fn remember(&self, check: &TargetCheck) {
        if let Ok(mut recent) = self.recent.lock() {
            recent.insert(check.function_name.clone(), (Instant::now(), check.clone()));
        }
    }
}

impl<A: MappingApi, P: DrainProbe, F: FunctionReader> Executor<'_, A, P, F> {
    /// Re-reads `name` (or reuses a fresh re-check) and judges it; tells the progress
    /// when it starts waiting and when it is done.
    pub(super) async fn check_target(&self, q: &QueuePlan, name: &str) -> TargetCheck {
        let check = match self.recheck.reusable(name) {
            Some(check) => check,
            None => self.read_target(q, name).await,
        };
        if check.outcome == CheckOutcome::Go && !check.reused {
            self.recheck.remember(&check);
        }
        self.observer.event(Event::TargetChecked {
            queue: q.queue.clone(),
            check: check.clone(),
        });
        check
    }

    async fn read_target(&self, q: &QueuePlan, name: &str) -> TargetCheck {
        let started = Instant::now();
        let bound = self.timing.timeout;
        let waiting = |function: &str, status: &TargetStatus| {
            let reason = match &status.readiness {
                Readiness::Settling(reason) => reason.clone(),
                _ => "not settled".to_string(),
            };
            self.observer.event(Event::TargetWaiting {
                queue: q.queue.clone(),
                function_name: function.to_string(),
                reason,
                bound,
            });
        };
        let names = [name.to_string()];
        let read =
            target_state::read_targets(self.recheck.reader, &names, Some(self.timing), waiting)
                .await;
        let (status, read_error, verdict) = match read {
            Ok(mut statuses) => {
                let status = statuses.remove(name);
                let verdict = target_check::judge(name, status.as_ref(), bound);
                (status, None, verdict)
            }
            Err(e) => (
                None,
                Some(e.to_string()),
                Err(format!(
                    "{name} could not be re-read before its enable ({e}), so it was not enabled"
                )),
            ),
        };
        TargetCheck {
            function_name: name.to_string(),
            outcome: match verdict {
                Ok(()) => CheckOutcome::Go,
                Err(_) => CheckOutcome::Refused,
            },
            status,
            read_error,
            refusal: verdict.err(),
            reused: false,
            checked_at: crate::base::time::now_rfc3339_ms(),
            duration_ms: millis(started.elapsed()),
        }
    }
}
