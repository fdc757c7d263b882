//! The break-before-make executor. Queue by queue: (create the target's mapping
//! disabled,) disable every other consumer and wait for `Disabled`, wait until those
//! consumers have drained (`drain.rs`), re-read the target function
//! (`target_check.rs`), then enable the target and wait for `Enabled`. Every write is
//! preceded by a re-read compared with the plan; every wait is bounded; a failed enable,
//! or a target function that can no longer run, puts the original consumer back.

mod checked_write;
mod drain;
mod revert;
#[cfg(test)]
mod sim;
mod target_check;
#[cfg(test)]
mod tests;

pub(crate) use target_check::Recheck;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::aws::error::AwsErrorKind;
use crate::features::switch::events::{Event, Observer, StepLabel};
use crate::features::switch::invocation_drain::{DrainProbe, DrainRecord};
use crate::features::switch::mapping_api::MappingApi;
use crate::features::switch::plan::{Action, MappingRef, QueuePlan, SwitchPlan};
use crate::features::switch::report::{
    ApplyReport, QueueOutcome, QueueResult, StepKind, StepOutcome, StepRecord,
};
use crate::features::switch::target::check::TargetCheck;
use crate::features::switch::target::state::FunctionReader;
use crate::features::switch::timing::Timing;
use crate::state::mapping_state::{Heading, MappingState};
use crate::state::mappings::{MappingInfo, MappingSettings};

/// Why a step did not reach its state.
#[derive(Debug)]
enum StepError {
    /// Changed since the plan; nothing written.
    Changed(String),
    /// Another consumer is on the queue right before an enable; nothing written.
    NotAlone(String),
    /// Written (or tried) and failed or timed out.
    Failed(String),
}

impl StepError {
    fn message(&self) -> &str {
        match self {
            StepError::Changed(m) | StepError::NotAlone(m) | StepError::Failed(m) => m,
        }
    }
}

/// How the executor drains an old consumer before enabling the target.
pub(crate) struct Drain<'a, P: DrainProbe> {
    pub probe: &'a P,
    /// `--no-drain`: record the drain as skipped and enable at once.
    pub skip: bool,
    /// Pause between looks at the evidence.
    pub poll: Duration,
    /// Added to the function's timeout for the bound ([`crate::features::switch::invocation_drain::MARGIN`]).
    pub margin: Duration,
}

pub(crate) struct Executor<'a, A: MappingApi, P: DrainProbe, F: FunctionReader> {
    pub api: &'a A,
    pub timing: Timing,
    pub drain: Drain<'a, P>,
    /// The target function, re-read right before its enable.
    pub recheck: Recheck<'a, F>,
    /// Told what happens (the progress display).
    pub observer: Arc<dyn Observer>,
    /// Set on Ctrl-C, SIGTERM or SIGHUP: finish the queue in progress, start no other.
    pub interrupted: Arc<AtomicBool>,
}

/// Why `now` no longer matches what the plan (or our own last step) saw, if it doesn't.
fn changed_since(expected: &MappingRef, now: &MappingInfo) -> Option<String> {
    if now.function_arn != expected.function_arn {
        return Some(format!(
            "mapping {} now points at {} (the plan saw {})",
            expected.uuid, now.function_arn, expected.function_arn
        ));
    }
    if now.event_source_arn != expected.event_source_arn {
        return Some(format!(
            "mapping {} now reads from {}",
            expected.uuid, now.event_source_arn
        ));
    }
    // A plan's state and a re-read disagree only when both headings are known and
    // differ (Disabling → Disabled is the mapping settling, not a change).
    match (expected.state.heading(), now.state.heading()) {
        (Some(a), Some(b)) if a != b => Some(format!(
            "mapping {} ({}) was {} in the plan and is {} now",
            expected.uuid, expected.function_name, expected.state, now.state
        )),
        _ => None,
    }
}

impl<A: MappingApi, P: DrainProbe, F: FunctionReader> Executor<'_, A, P, F> {
    /// Tells that a step starts; its label for later events, its record (failed until
    /// it ends otherwise), and when it started.
    fn start_step(
        &self,
        q: &QueuePlan,
        kind: StepKind,
        uuid: Option<&str>,
        function_name: &str,
    ) -> (StepLabel, StepRecord, Instant) {
        let label = StepLabel {
            queue: q.queue.clone(),
            kind,
            uuid: uuid.map(str::to_string),
            function_name: function_name.to_string(),
        };
        self.observer.event(Event::StepStarted(label.clone()));
        let record = StepRecord {
            kind,
            uuid: uuid.unwrap_or_default().to_string(),
            function_name: function_name.to_string(),
            from_state: None,
            to_state: None,
            wrote: false,
            outcome: StepOutcome::Failed,
            error: None,
            started_at: crate::base::time::now_rfc3339_ms(),
            duration_ms: 0,
        };
        (label, record, Instant::now())
    }

    fn state_seen(&self, step: &StepLabel, state: &MappingState) {
        self.observer.event(Event::StateSeen {
            step: step.clone(),
            state: state.clone(),
        });
    }

    fn step_finished(&self, step: StepLabel, record: &StepRecord, ok: bool) {
        self.observer.event(Event::StepFinished {
            step,
            ok,
            state: record.to_state.clone(),
            duration: Duration::from_millis(record.duration_ms),
        });
    }

    /// Runs every queue of `plan` that has something to change, in order; stops at the
    /// first queue that does not end switched, and before a new queue after Ctrl-C.
    pub async fn run(&self, plan: &SwitchPlan) -> ApplyReport {
        let started = Instant::now();
        let mut results = Vec::new();
        let mut stop = false;
        for q in &plan.queues {
            let base = |outcome, detail: Option<String>| QueueResult {
                queue: q.queue.clone(),
                name: q.name.clone(),
                outcome,
                detail,
                steps: Vec::new(),
                drain: None,
                target_check: None,
            };
            let result = match &q.action {
                Action::NothingToDo => base(QueueOutcome::NothingToDo, None),
                Action::Refuse { reason, .. } => base(QueueOutcome::Refused, Some(reason.clone())),
                _ if stop => base(
                    QueueOutcome::NotStarted,
                    Some("an earlier queue did not switch".into()),
                ),
                _ if self.interrupted.load(Ordering::SeqCst) => base(
                    QueueOutcome::NotStarted,
                    Some("interrupted before this queue".into()),
                ),
                _ => {
                    let result = self.switch_queue(q).await;
                    stop = !result.outcome.is_ok();
                    result
                }
            };
            results.push(result);
        }
        self.observer.event(Event::Finished);
        ApplyReport {
            queues: results,
            interrupted: self.interrupted.load(Ordering::SeqCst),
            duration_ms: millis(started.elapsed()),
        }
    }

    async fn switch_queue(&self, q: &QueuePlan) -> QueueResult {
        let mut steps = Vec::new();
        let mut drain = None;
        let mut target_check = None;
        let (outcome, detail) = self
            .switch_queue_steps(q, &mut steps, &mut drain, &mut target_check)
            .await;
        self.observer.event(Event::QueueFinished {
            queue: q.queue.clone(),
            target: q.target_label().to_string(),
            outcome,
            detail: detail.clone(),
        });
        QueueResult {
            queue: q.queue.clone(),
            name: q.name.clone(),
            outcome,
            detail,
            steps,
            drain,
            target_check,
        }
    }

    async fn switch_queue_steps(
        &self,
        q: &QueuePlan,
        steps: &mut Vec<StepRecord>,
        drain: &mut Option<DrainRecord>,
        target_check: &mut Option<TargetCheck>,
    ) -> (QueueOutcome, Option<String>) {
        let Some(source_arn) = q.event_source_arn.as_deref() else {
            return (
                QueueOutcome::Failed,
                Some("the queue's ARN is unknown".into()),
            );
        };
        let target_name = q.target_label().to_string();

        // 1. The target's mapping: planned, or created now (disabled, so nothing else
        //    has to change if creating fails).
        let target = match &q.action {
            Action::Switch { enable, .. } => enable.clone(),
            Action::Create { settings, .. } => match self
                .create(q, source_arn, &target_name, settings, steps)
                .await
            {
                Ok(created) => created,
                Err(StepError::Changed(m) | StepError::NotAlone(m)) => {
                    return (QueueOutcome::Stopped, Some(m));
                }
                Err(StepError::Failed(m)) => return (QueueOutcome::Failed, Some(m)),
            },
            _ => return (QueueOutcome::NothingToDo, None),
        };

        // 2. Break: every other consumer off, each seen Disabled.
        // Only a mapping whose disable is in effect (read back as Disabling/Disabled,
        // or unknown after a lost answer) counts: a refused write changed nothing.
        let mut disabled_by_us: Vec<MappingRef> = Vec::new();
        for m in q.action.disable() {
            let result = self
                .set_state(q, StepKind::Disable, m, false, None, steps)
                .await;
            if let Some(step) = steps.last().filter(|s| s.wrote) {
                disabled_by_us.push(MappingRef {
                    state: step.to_state.clone().unwrap_or(MappingState::Disabling),
                    ..m.clone()
                });
            }
            match result {
                Ok(_) => {}
                Err(StepError::Changed(m) | StepError::NotAlone(m)) => {
                    return self.stopped(q, m, &disabled_by_us);
                }
                Err(StepError::Failed(why)) => {
                    return self
                        .revert(q, source_arn, None, disabled_by_us.first(), why, steps)
                        .await;
                }
            }
        }

        // 3. Drain: what the disabled consumers started runs to its end first.
        *drain = self.drain_consumers(q, &target).await;

        // 4. The target function re-read, unless its mapping is on already (nothing
        //    to enable): a deploy since the plan may have left it unable to run.
        if target.state.heading() != Some(Heading::On) {
            let name = q.target.name.as_deref().unwrap_or(&target.function_name);
            let check = self.check_target(q, name).await;
            let refusal = check.refusal.clone();
            *target_check = Some(check);
            if let Some(why) = refusal {
                return self
                    .revert(q, source_arn, None, disabled_by_us.first(), why, steps)
                    .await;
            }
        }

        // 5. Make: the target on, once no other consumer is on (or settling); that is
        //    checked right before the write, after any wait.
        match self
            .set_state(q, StepKind::Enable, &target, true, Some(source_arn), steps)
            .await
        {
            Ok(_) => (QueueOutcome::Switched, None),
            Err(StepError::Changed(m) | StepError::NotAlone(m)) => {
                self.stopped(q, m, &disabled_by_us)
            }
            Err(StepError::Failed(m)) => {
                let touched = Some(MappingRef {
                    state: MappingState::Enabling,
                    ..target.clone()
                });
                self.revert(
                    q,
                    source_arn,
                    touched.as_ref(),
                    disabled_by_us.first(),
                    m,
                    steps,
                )
                .await
            }
        }
    }

    /// Re-check, then create the target's mapping disabled and wait for `Disabled`.
    async fn create(
        &self,
        q: &QueuePlan,
        source_arn: &str,
        target_name: &str,
        settings: &MappingSettings,
        steps: &mut Vec<StepRecord>,
    ) -> Result<MappingRef, StepError> {
        let (label, mut record, started) = self.start_step(q, StepKind::Create, None, target_name);
        let result = async {
            let now = self
                .api
                .list_for_source(source_arn)
                .await
                .map_err(|e| StepError::Failed(e.to_string()))?;
            if let Some(existing) = now.iter().find(|m| m.function_name == target_name) {
                return Err(StepError::Changed(format!(
                    "{target_name} has a mapping on {} since the plan ({})",
                    q.queue, existing.uuid
                )));
            }
            record.wrote = true;
            let created = self
                .api
                .create(target_name, source_arn, settings, false)
                .await
                .map_err(|e| StepError::Failed(e.to_string()))?;
            record.uuid = created.uuid.clone();
            record.to_state = Some(created.state.clone());
            let settled = self
                .wait_for(&label, &created.uuid, Some(Heading::Off), &mut record)
                .await?;
            Ok(MappingRef::of(&settled))
        }
        .await;
        finish_record(&mut record, &result, started, true);
        self.step_finished(label, &record, result.is_ok());
        steps.push(record);
        result
    }

    /// Brings one mapping to enabled/disabled: re-read, wait out a transition, compare
    /// with `expected`, (with `alone_on`, check no other mapping consumes that queue,)
    /// write, wait for the settled state. `Ok(true)` when it wrote.
    async fn set_state(
        &self,
        q: &QueuePlan,
        kind: StepKind,
        expected: &MappingRef,
        enable: bool,
        alone_on: Option<&str>,
        steps: &mut Vec<StepRecord>,
    ) -> Result<bool, StepError> {
        // An enable waits out a transition first; a revert's disable writes at once.
        let settle_first = enable || kind == StepKind::Disable;
        let heading = Heading::of(enable);
        let (label, mut record, started) =
            self.start_step(q, kind, Some(&expected.uuid), &expected.function_name);
        let result = async {
            let mut now = match self.api.get(&expected.uuid).await {
                Ok(m) => m,
                Err(e) if e.kind == AwsErrorKind::NotFound => {
                    return Err(StepError::Changed(format!(
                        "mapping {} ({}) was deleted since the plan",
                        expected.uuid, expected.function_name
                    )));
                }
                Err(e) => return Err(StepError::Failed(e.to_string())),
            };
            record.from_state = Some(now.state.clone());
            record.to_state = Some(now.state.clone());
            self.state_seen(&label, &now.state);
            if let Some(why) = changed_since(expected, &now) {
                return Err(StepError::Changed(why));
            }
            if settle_first && now.state.is_transitional() {
                now = self
                    .wait_for(&label, &expected.uuid, None, &mut record)
                    .await?;
                if let Some(why) = changed_since(expected, &now) {
                    return Err(StepError::Changed(why));
                }
            }
            if now.state == heading.settled() {
                return Ok(false);
            }
            if settle_first && now.state != heading.opposite().settled() {
                return Err(StepError::Failed(format!(
                    "mapping {} is {} (neither Enabled nor Disabled)",
                    expected.uuid, now.state
                )));
            }
            self.checked_write(&label, &expected.uuid, enable, alone_on, &mut record)
                .await?;
            Ok(true)
        }
        .await;
        finish_record(&mut record, &result, started, false);
        if let Ok(wrote) = &result {
            record.outcome = if *wrote {
                StepOutcome::Done
            } else {
                StepOutcome::AlreadyDone
            };
        }
        self.step_finished(label, &record, result.is_ok());
        steps.push(record);
        result
    }

    /// Polls `uuid` until it is settled `want`-wards (or, with None, in any settled
    /// state), backing off, bounded by the timeout. Read errors are retried until the bound.
    async fn wait_for(
        &self,
        step: &StepLabel,
        uuid: &str,
        want: Option<Heading>,
        record: &mut StepRecord,
    ) -> Result<MappingInfo, StepError> {
        let deadline = Instant::now() + self.timing.timeout;
        let mut pause = self.timing.first_poll;
        let mut last_error: Option<String> = None;
        // Seen on the way (from the write's answer on): settling back to the opposite
        // state after that means AWS gave up.
        let mut moving = record
            .to_state
            .as_ref()
            .is_some_and(MappingState::is_transitional);
        loop {
            match self.api.get(uuid).await {
                Ok(m) => {
                    self.state_seen(step, &m.state);
                    record.to_state = Some(m.state.clone());
                    let done = match want {
                        Some(want) => m.state == want.settled(),
                        None => m.state.is_settled(),
                    };
                    if done {
                        return Ok(m);
                    }
                    if let Some(want) = want
                        && moving
                        && m.state.is_settled()
                        && m.state.heading() == Some(want.opposite())
                    {
                        let reason = m
                            .state_transition_reason
                            .as_deref()
                            .map(|r| format!(" ({r})"))
                            .unwrap_or_default();
                        return Err(StepError::Failed(format!(
                            "mapping {uuid} went back to {} instead of {}{reason}",
                            m.state,
                            want.settled()
                        )));
                    }
                    moving |= m.state.is_transitional();
                }
                Err(e) if e.kind == AwsErrorKind::NotFound => {
                    return Err(StepError::Failed(format!(
                        "mapping {uuid} disappeared while waiting"
                    )));
                }
                Err(e) => last_error = Some(e.to_string()),
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                record.outcome = StepOutcome::TimedOut;
                let settled = want.map(Heading::settled);
                let wanted = settled
                    .as_ref()
                    .map_or("a settled state", MappingState::as_str);
                let seen = record
                    .to_state
                    .as_ref()
                    .map_or("unknown", MappingState::as_str);
                let mut message = format!(
                    "mapping {uuid} did not reach {wanted} within {} (last state: {seen})",
                    humantime::format_duration(self.timing.timeout)
                );
                if let Some(e) = last_error {
                    message.push_str(&format!("; last error: {e}"));
                }
                return Err(StepError::Failed(message));
            }
            tokio::time::sleep(pause.min(left)).await;
            pause = (pause * 2).min(self.timing.max_poll);
        }
    }

    /// Before enabling the target: every other mapping on the queue is Disabled.
    async fn check_alone(&self, source_arn: &str, target_uuid: &str) -> Result<(), StepError> {
        let now = self
            .api
            .list_for_source(source_arn)
            .await
            .map_err(|e| StepError::Failed(e.to_string()))?;
        let others: Vec<String> = now
            .iter()
            .filter(|m| m.uuid != target_uuid && m.state != MappingState::Disabled)
            .map(|m| format!("{} ({}) is {}", m.function_name, m.uuid, m.state))
            .collect();
        if others.is_empty() {
            Ok(())
        } else {
            Err(StepError::NotAlone(format!(
                "another consumer is on since the plan: {}",
                others.join(", ")
            )))
        }
    }

    /// A concurrent change: stop without writing, and say so loudly when the queue
    /// may be left without a consumer.
    fn stopped(
        &self,
        q: &QueuePlan,
        why: String,
        disabled_by_us: &[MappingRef],
    ) -> (QueueOutcome, Option<String>) {
        let mut detail = format!("changed since the plan, stopped without writing: {why}");
        if !disabled_by_us.is_empty() {
            let names: Vec<&str> = disabled_by_us
                .iter()
                .map(|m| m.function_name.as_str())
                .collect();
            detail.push_str(&format!(
                "; ccx had already disabled {} on {}: check the queue's state below",
                names.join(", "),
                q.queue
            ));
        }
        (QueueOutcome::Stopped, Some(detail))
    }
}

fn finish_record<T>(
    record: &mut StepRecord,
    result: &Result<T, StepError>,
    started: Instant,
    created: bool,
) {
    record.duration_ms = millis(started.elapsed());
    match result {
        Ok(_) => {
            if created {
                record.outcome = StepOutcome::Done;
            }
        }
        Err(StepError::Changed(m) | StepError::NotAlone(m)) => {
            record.outcome = StepOutcome::Changed;
            record.error = Some(m.clone());
        }
        Err(StepError::Failed(m)) => {
            if record.outcome != StepOutcome::TimedOut {
                record.outcome = StepOutcome::Failed;
            }
            record.error = Some(m.clone());
        }
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
