//! The break-before-make executor. Queue by queue: (create the target's mapping
//! disabled,) disable every other consumer and wait for `Disabled`, then enable the
//! target and wait for `Enabled`. Every write is preceded by a re-read compared with
//! the plan; every wait is bounded; a failed enable puts the original consumer back.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::plan::{Action, MappingRef, QueuePlan, SwitchPlan};
use super::progress::Progress;
use crate::aws::error::AwsErrorKind;
use crate::aws::{Aws, AwsError};
use crate::state::mapping_state::{Heading, MappingState};
use crate::state::mappings::{self, MappingInfo, MappingSettings};

/// The mapping calls the executor makes; AWS in the binary, a simulation in unit tests.
pub(crate) trait MappingApi {
    async fn get(&self, uuid: &str) -> Result<MappingInfo, AwsError>;
    async fn list_for_source(&self, event_source_arn: &str) -> Result<Vec<MappingInfo>, AwsError>;
    async fn set_enabled(&self, uuid: &str, enabled: bool) -> Result<MappingInfo, AwsError>;
    async fn create(
        &self,
        function_name: &str,
        event_source_arn: &str,
        settings: &MappingSettings,
        enabled: bool,
    ) -> Result<MappingInfo, AwsError>;
}

impl MappingApi for Aws {
    async fn get(&self, uuid: &str) -> Result<MappingInfo, AwsError> {
        mappings::get_mapping(self, uuid).await
    }

    async fn list_for_source(&self, event_source_arn: &str) -> Result<Vec<MappingInfo>, AwsError> {
        mappings::list_mappings_for_source(self, event_source_arn).await
    }

    async fn set_enabled(&self, uuid: &str, enabled: bool) -> Result<MappingInfo, AwsError> {
        mappings::update_mapping_enabled(self, uuid, enabled).await
    }

    async fn create(
        &self,
        function_name: &str,
        event_source_arn: &str,
        settings: &MappingSettings,
        enabled: bool,
    ) -> Result<MappingInfo, AwsError> {
        mappings::create_mapping(self, function_name, event_source_arn, settings, enabled).await
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Create the target's mapping, disabled.
    Create,
    /// Disable a consumer other than the target.
    Disable,
    /// Enable the target.
    Enable,
    /// Undo: disable the target again.
    RevertDisable,
    /// Undo: enable the original consumer again.
    RevertEnable,
}

impl StepKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Create => "create",
            StepKind::Disable => "disable",
            StepKind::Enable => "enable",
            StepKind::RevertDisable => "revert: disable",
            StepKind::RevertEnable => "revert: enable",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepOutcome {
    /// Written and settled in the wanted state.
    Done,
    /// Already in the wanted state; nothing written.
    AlreadyDone,
    /// The write failed.
    Failed,
    /// The wait ran out; `to_state` is the last state seen.
    TimedOut,
    /// The mapping changed since the plan; nothing written.
    Changed,
}

/// What happened in one step, for the report and the audit log.
#[derive(Debug, Clone, Serialize)]
pub struct StepRecord {
    pub kind: StepKind,
    pub uuid: String,
    pub function_name: String,
    /// State read right before the step.
    pub from_state: Option<MappingState>,
    /// Last state seen.
    pub to_state: Option<MappingState>,
    /// A write call was made.
    pub wrote: bool,
    pub outcome: StepOutcome,
    pub error: Option<String>,
    /// RFC 3339.
    pub started_at: String,
    pub duration_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueOutcome {
    /// The target is now the only enabled consumer.
    Switched,
    /// Nothing needed changing.
    NothingToDo,
    /// The plan refused this queue; nothing changed.
    Refused,
    /// Someone else changed a mapping since the plan; stopped without writing.
    Stopped,
    /// A step failed; the original consumer is enabled again.
    Reverted,
    /// A step failed and the queue could not be put back: see its state.
    RevertFailed,
    /// A step failed before anything consuming was changed (or nothing was left to undo).
    Failed,
    /// Not attempted: an earlier queue stopped the run, or it was interrupted.
    NotStarted,
}

impl QueueOutcome {
    pub fn is_ok(self) -> bool {
        matches!(self, QueueOutcome::Switched | QueueOutcome::NothingToDo)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            QueueOutcome::Switched => "switched",
            QueueOutcome::NothingToDo => "nothing to do",
            QueueOutcome::Refused => "refused",
            QueueOutcome::Stopped => "stopped",
            QueueOutcome::Reverted => "reverted",
            QueueOutcome::RevertFailed => "revert failed",
            QueueOutcome::Failed => "failed",
            QueueOutcome::NotStarted => "not started",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct QueueResult {
    pub queue: String,
    pub name: Option<String>,
    pub outcome: QueueOutcome,
    /// Why, for anything but `switched` / `nothing_to_do`.
    pub detail: Option<String>,
    pub steps: Vec<StepRecord>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApplyReport {
    pub queues: Vec<QueueResult>,
    /// Ctrl-C, SIGTERM or SIGHUP arrived; the queue in progress was finished or reverted, the rest not started.
    pub interrupted: bool,
    pub duration_ms: u64,
}

impl ApplyReport {
    /// Every queue ended switched or had nothing to do (an interrupt that came during
    /// the last queue changes nothing).
    pub fn ok(&self) -> bool {
        self.queues.iter().all(|q| q.outcome.is_ok())
    }

    /// Write calls made (creates and updates), for the summary.
    pub fn writes(&self) -> usize {
        self.queues
            .iter()
            .flat_map(|q| &q.steps)
            .filter(|s| s.wrote)
            .count()
    }

    /// One word for the whole run: the worst queue outcome.
    pub fn summary(&self) -> &'static str {
        let has = |o: QueueOutcome| self.queues.iter().any(|q| q.outcome == o);
        if has(QueueOutcome::RevertFailed) {
            "revert_failed"
        } else if has(QueueOutcome::Reverted) {
            "reverted"
        } else if has(QueueOutcome::Stopped) {
            "stopped"
        } else if has(QueueOutcome::Failed) {
            "failed"
        } else if self.interrupted && has(QueueOutcome::NotStarted) {
            "interrupted"
        } else if has(QueueOutcome::Refused) {
            "partly_refused"
        } else {
            "switched"
        }
    }
}

/// Why a step did not reach its state.
#[derive(Debug)]
pub(super) enum StepError {
    /// Changed since the plan; nothing written.
    Changed(String),
    /// Another consumer is on the queue right before an enable; nothing written.
    NotAlone(String),
    /// Written (or tried) and failed or timed out.
    Failed(String),
}

impl StepError {
    pub(super) fn message(&self) -> &str {
        match self {
            StepError::Changed(m) | StepError::NotAlone(m) | StepError::Failed(m) => m,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Bound of each wait.
    pub timeout: Duration,
    /// First pause between polls; doubles up to `max_poll`.
    pub first_poll: Duration,
    pub max_poll: Duration,
}

impl Timing {
    pub fn new(timeout: Duration) -> Timing {
        Timing {
            timeout,
            first_poll: Duration::from_millis(250),
            max_poll: Duration::from_secs(5),
        }
    }
}

pub(crate) struct Executor<'a, A: MappingApi> {
    pub api: &'a A,
    pub timing: Timing,
    pub progress: Progress,
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

fn short(uuid: &str) -> &str {
    uuid.get(..8).unwrap_or(uuid)
}

impl<A: MappingApi> Executor<'_, A> {
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
        self.progress.finish();
        ApplyReport {
            queues: results,
            interrupted: self.interrupted.load(Ordering::SeqCst),
            duration_ms: millis(started.elapsed()),
        }
    }

    async fn switch_queue(&self, q: &QueuePlan) -> QueueResult {
        let mut steps = Vec::new();
        let (outcome, detail) = self.switch_queue_steps(q, &mut steps).await;
        let line = match outcome {
            QueueOutcome::Switched => crate::render::style::ok(&format!(
                "✔ {}: {} is the only enabled consumer",
                q.queue,
                q.target_label()
            )),
            other => crate::render::style::bad(&format!(
                "✘ {}: {}{}",
                q.queue,
                other.as_str(),
                detail
                    .as_deref()
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default()
            )),
        };
        self.progress.line(&line);
        QueueResult {
            queue: q.queue.clone(),
            name: q.name.clone(),
            outcome,
            detail,
            steps,
        }
    }

    async fn switch_queue_steps(
        &self,
        q: &QueuePlan,
        steps: &mut Vec<StepRecord>,
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

        // 2. Break: every other consumer off, each confirmed Disabled.
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

        // 3. Make: the target on, once no other consumer is on (or settling); that is
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
        let what = format!("{}: creating a mapping for {target_name}", q.queue);
        self.progress.begin(&what);
        let started = (Instant::now(), jiff::Timestamp::now());
        let mut record = StepRecord {
            kind: StepKind::Create,
            uuid: String::new(),
            function_name: target_name.to_string(),
            from_state: None,
            to_state: None,
            wrote: false,
            outcome: StepOutcome::Failed,
            error: None,
            started_at: started.1.to_string(),
            duration_ms: 0,
        };
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
                .wait_for(&what, &created.uuid, Some(Heading::Off), &mut record)
                .await?;
            Ok(MappingRef::of(&settled))
        }
        .await;
        finish_record(&mut record, &result, started.0, true);
        steps.push(record);
        result
    }

    /// Brings one mapping to enabled/disabled: re-read, wait out a transition, compare
    /// with `expected`, (with `alone_on`, check no other mapping consumes that queue,)
    /// write, wait for the settled state. `Ok(true)` when it wrote.
    pub(super) async fn set_state(
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
        let verb = if enable { "enabling" } else { "disabling" };
        let what = format!(
            "{}: {verb} {} ({})",
            q.queue,
            short(&expected.uuid),
            expected.function_name
        );
        self.progress.begin(&what);
        let started = (Instant::now(), jiff::Timestamp::now());
        let mut record = StepRecord {
            kind,
            uuid: expected.uuid.clone(),
            function_name: expected.function_name.clone(),
            from_state: None,
            to_state: None,
            wrote: false,
            outcome: StepOutcome::Failed,
            error: None,
            started_at: started.1.to_string(),
            duration_ms: 0,
        };
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
            self.progress.state(&what, now.state.as_str());
            if let Some(why) = changed_since(expected, &now) {
                return Err(StepError::Changed(why));
            }
            if settle_first && now.state.is_transitional() {
                now = self
                    .wait_for(&what, &expected.uuid, None, &mut record)
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
            self.write_confirmed(&what, &expected.uuid, enable, alone_on, &mut record)
                .await?;
            Ok(true)
        }
        .await;
        finish_record(&mut record, &result, started.0, false);
        if let Ok(wrote) = &result {
            record.outcome = if *wrote {
                StepOutcome::Done
            } else {
                StepOutcome::AlreadyDone
            };
        }
        let mark = match &result {
            Ok(_) => crate::render::style::ok("✔"),
            Err(_) => crate::render::style::bad("✘"),
        };
        self.progress.line(&format!(
            "{mark} {what}: {} ({})",
            record.to_state.as_ref().map_or("?", MappingState::as_str),
            humantime::format_duration(Duration::from_millis(record.duration_ms))
        ));
        steps.push(record);
        result
    }

    /// Polls `uuid` until it is settled `want`-wards (or, with None, in any settled
    /// state), backing off, bounded by the timeout. Read errors are retried until the bound.
    pub(super) async fn wait_for(
        &self,
        what: &str,
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
                    self.progress.state(what, m.state.as_str());
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
    pub(super) async fn check_alone(
        &self,
        source_arn: &str,
        target_uuid: &str,
    ) -> Result<(), StepError> {
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

/// Listens for Ctrl-C, SIGTERM and SIGHUP (a closed SSH session) while a switch is
/// applied: the first sets `flag` and says what happens next; the process is not
/// killed, so the queue in progress ends cleanly (finished or put back).
pub fn watch_interrupts(flag: Arc<AtomicBool>, progress: Progress) -> tokio::task::JoinHandle<()> {
    use tokio::signal::unix::{SignalKind, signal};
    tokio::spawn(async move {
        let mut term = signal(SignalKind::terminate()).ok();
        let mut hangup = signal(SignalKind::hangup()).ok();
        loop {
            let name = tokio::select! {
                r = tokio::signal::ctrl_c() => match r {
                    Ok(()) => "interrupted",
                    Err(_) => break,
                },
                Some(()) = next_signal(&mut term) => "terminated (SIGTERM)",
                Some(()) = next_signal(&mut hangup) => "hung up (SIGHUP)",
            };
            flag.store(true, Ordering::SeqCst);
            progress.always(&crate::render::style::warn(&format!(
                "{name}: finishing (or reverting) the queue in progress, then stopping"
            )));
        }
    })
}

/// The next delivery of `signal`; never, when it could not be installed.
async fn next_signal(signal: &mut Option<tokio::signal::unix::Signal>) -> Option<()> {
    match signal {
        Some(s) => s.recv().await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    use super::*;
    use crate::consumers::group_by_source;
    use crate::state::mapping_state::MappingState as S;
    use crate::switch::plan::{self, Mode};
    use crate::switch::progress::ProgressMode;
    use crate::topology::Topology;

    const SQS: &str = "arn:aws:sqs:us-east-1:123456789012";
    const FN: &str = "arn:aws:lambda:us-east-1:123456789012:function";
    const ENHANCED: &str = "chromadb-dev-lambdas-enhanced-compaction";
    const LEGACY: &str = "chroma-worker-lambda-dev-ed34dbe";
    const LINES: &str = "chromadb-dev-lines-queue-a1";
    const WORDS: &str = "chromadb-dev-words-queue-b2";

    /// A simulated Lambda: writes go through `…ing` states that settle after `settle`
    /// reads, like AWS; every write is checked against the one-consumer rule.
    struct Sim {
        mappings: RefCell<BTreeMap<String, (MappingInfo, u32)>>,
        settle: u32,
        calls: RefCell<Vec<String>>,
        fail_enable: RefCell<Vec<String>>,
        /// Stuck in `Enabling` until a write to it is refused (AWS finishing late).
        never_settle: RefCell<Vec<String>>,
        /// An enable of these settles back to Disabled (AWS gave up).
        bounce: RefCell<Vec<String>>,
        /// Writes to these are refused (AccessDenied), nothing changes.
        refuse: RefCell<Vec<String>>,
        /// Writes to these land, but the answer is an error (a lost response).
        lose_answer: RefCell<Vec<String>>,
        /// (uuid, state): someone else sets this state right before the next listing.
        meddle: RefCell<Option<(String, MappingState)>>,
        /// Listings to let pass before `meddle` applies.
        meddle_after: RefCell<u32>,
        /// `meddle` applies when this mapping is read, instead of at a listing.
        meddle_on_get: RefCell<Option<String>>,
        /// A `fail_enable` mapping is deleted right after its enable fails (the IaC).
        vanish_on_fail: RefCell<bool>,
        violations: RefCell<Vec<String>>,
    }

    fn mapping(uuid: &str, function: &str, queue: &str, state: S) -> MappingInfo {
        MappingInfo {
            uuid: uuid.into(),
            function_arn: format!("{FN}:{function}"),
            function_name: function.into(),
            event_source_arn: format!("{SQS}:{queue}"),
            state,
            state_transition_reason: None,
            batch_size: Some(10),
            maximum_batching_window_seconds: None,
            maximum_concurrency: None,
            function_response_types: vec![],
            last_modified: None,
            last_processing_result: None,
        }
    }

    fn not_found(uuid: &str) -> AwsError {
        AwsError {
            action: format!("reading {uuid}"),
            kind: AwsErrorKind::NotFound,
            code: Some("ResourceNotFoundException".into()),
            detail: "gone".into(),
        }
    }

    impl Sim {
        fn new(maps: Vec<MappingInfo>, settle: u32) -> Sim {
            Sim {
                mappings: RefCell::new(
                    maps.into_iter().map(|m| (m.uuid.clone(), (m, 0))).collect(),
                ),
                settle,
                calls: RefCell::new(Vec::new()),
                fail_enable: RefCell::new(Vec::new()),
                never_settle: RefCell::new(Vec::new()),
                bounce: RefCell::new(Vec::new()),
                refuse: RefCell::new(Vec::new()),
                lose_answer: RefCell::new(Vec::new()),
                meddle: RefCell::new(None),
                meddle_after: RefCell::new(0),
                meddle_on_get: RefCell::new(None),
                vanish_on_fail: RefCell::new(false),
                violations: RefCell::new(Vec::new()),
            }
        }

        fn all(&self) -> Vec<MappingInfo> {
            self.mappings
                .borrow()
                .values()
                .map(|(m, _)| m.clone())
                .collect()
        }

        fn state(&self, uuid: &str) -> MappingState {
            self.mappings.borrow()[uuid].0.state.clone()
        }

        fn writes(&self) -> Vec<String> {
            self.calls
                .borrow()
                .iter()
                .filter(|c| !c.starts_with("get") && !c.starts_with("list"))
                .cloned()
                .collect()
        }

        /// At most one mapping per source may consume (settling states count).
        fn check_invariant(&self) {
            let maps = self.mappings.borrow();
            let mut per_source: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for (m, _) in maps.values() {
                if consuming(&m.state) {
                    per_source
                        .entry(&m.event_source_arn)
                        .or_default()
                        .push(&m.uuid);
                }
            }
            for (source, on) in per_source {
                if on.len() > 1 {
                    self.violations
                        .borrow_mut()
                        .push(format!("{source}: {on:?}"));
                }
            }
        }

        fn tick(&self, uuid: &str) {
            let mut maps = self.mappings.borrow_mut();
            if let Some((m, reads)) = maps.get_mut(uuid) {
                *reads += 1;
                let stuck = m.state == S::Enabling && self.never_settle.borrow().contains(&m.uuid);
                if *reads >= self.settle && !stuck {
                    if m.state == S::Enabling && self.bounce.borrow().contains(&m.uuid) {
                        m.state = S::Disabled;
                        m.state_transition_reason = Some("the function's role lacks access".into());
                        return;
                    }
                    m.state = match &m.state {
                        S::Enabling | S::Updating => S::Enabled,
                        S::Disabling => S::Disabled,
                        s => s.clone(),
                    };
                }
            }
        }
    }

    impl MappingApi for Sim {
        async fn get(&self, uuid: &str) -> Result<MappingInfo, AwsError> {
            self.calls.borrow_mut().push(format!("get {uuid}"));
            if self.meddle_on_get.borrow().as_deref() == Some(uuid) {
                self.meddle_on_get.take();
                if let Some((other, state)) = self.meddle.take()
                    && let Some((m, _)) = self.mappings.borrow_mut().get_mut(&other)
                {
                    m.state = state;
                }
            }
            self.tick(uuid);
            self.mappings
                .borrow()
                .get(uuid)
                .map(|(m, _)| m.clone())
                .ok_or_else(|| not_found(uuid))
        }

        async fn list_for_source(&self, arn: &str) -> Result<Vec<MappingInfo>, AwsError> {
            self.calls.borrow_mut().push(format!("list {arn}"));
            // A meddle waiting for a read, or for later listings, does not apply yet.
            let wait = *self.meddle_after.borrow();
            let on_get = self.meddle_on_get.borrow().is_some();
            if wait > 0 && !on_get {
                *self.meddle_after.borrow_mut() = wait - 1;
            } else if !on_get
                && let Some((uuid, state)) = self.meddle.take()
                && let Some((m, _)) = self.mappings.borrow_mut().get_mut(&uuid)
            {
                m.state = state;
            }
            Ok(self
                .all()
                .into_iter()
                .filter(|m| m.event_source_arn == arn)
                .collect())
        }

        async fn set_enabled(&self, uuid: &str, enabled: bool) -> Result<MappingInfo, AwsError> {
            self.calls.borrow_mut().push(format!(
                "{} {uuid}",
                if enabled { "enable" } else { "disable" }
            ));
            let error = |kind, code: &str| AwsError {
                action: format!("updating {uuid}"),
                kind,
                code: Some(code.into()),
                detail: "injected".into(),
            };
            if enabled && self.fail_enable.borrow().iter().any(|u| u == uuid) {
                if *self.vanish_on_fail.borrow() {
                    self.mappings.borrow_mut().remove(uuid);
                }
                return Err(error(AwsErrorKind::Service, "ServiceException"));
            }
            if self.refuse.borrow().iter().any(|u| u == uuid) {
                return Err(error(AwsErrorKind::AccessDenied, "AccessDeniedException"));
            }
            let result = {
                let mut maps = self.mappings.borrow_mut();
                let (m, reads) = maps.get_mut(uuid).ok_or_else(|| not_found(uuid))?;
                // Like Lambda: no update while one is in progress.
                if m.state.is_transitional() {
                    self.never_settle.borrow_mut().retain(|u| u != uuid);
                    return Err(error(AwsErrorKind::Conflict, "ResourceInUseException"));
                }
                m.state = if enabled { S::Enabling } else { S::Disabling };
                *reads = 0;
                m.clone()
            };
            self.check_invariant();
            if self.lose_answer.borrow().iter().any(|u| u == uuid) {
                return Err(error(AwsErrorKind::Service, "ServiceException"));
            }
            Ok(result)
        }

        async fn create(
            &self,
            function_name: &str,
            arn: &str,
            settings: &MappingSettings,
            enabled: bool,
        ) -> Result<MappingInfo, AwsError> {
            self.calls
                .borrow_mut()
                .push(format!("create {function_name}"));
            assert!(!enabled, "the executor creates mappings disabled");
            let uuid = format!("new-{function_name}");
            let mut m = mapping(
                &uuid,
                function_name,
                arn.rsplit(':').next().unwrap_or(arn),
                S::Creating,
            );
            m.batch_size = settings.batch_size;
            let response = m.clone();
            m.state = S::Disabled;
            self.mappings.borrow_mut().insert(uuid, (m, 0));
            Ok(response)
        }
    }

    /// At most one mapping per source may consume; `Disabling` still counts.
    fn consuming(state: &MappingState) -> bool {
        state.may_consume() || *state == S::Disabling
    }

    fn rollback_plan(maps: &[MappingInfo], create_missing: bool) -> SwitchPlan {
        let t = Topology::builtin();
        let fns = vec![ENHANCED.to_string(), LEGACY.to_string()];
        let targets: Vec<(String, plan::Target)> = plan::scope(&t, "dev", &Mode::Rollback, &[])
            .unwrap()
            .into_iter()
            .map(|w| {
                (
                    w.queue,
                    plan::resolve_target(&t, "dev", &fns, &w.target).unwrap(),
                )
            })
            .collect();
        let queues = vec![LINES.to_string(), WORDS.to_string()];
        let sources = group_by_source(&t, "dev", &queues, maps, false).unwrap();
        plan::build(
            &t,
            "dev",
            Mode::Rollback,
            &sources,
            &targets,
            create_missing,
        )
    }

    fn executor(sim: &Sim, timeout_ms: u64) -> Executor<'_, Sim> {
        Executor {
            api: sim,
            timing: Timing {
                timeout: Duration::from_millis(timeout_ms),
                first_poll: Duration::from_millis(1),
                max_poll: Duration::from_millis(4),
            },
            progress: Progress::new(ProgressMode::Hidden),
            interrupted: Arc::new(AtomicBool::new(false)),
        }
    }

    fn cut_over() -> Vec<MappingInfo> {
        vec![
            mapping("e-lines", ENHANCED, LINES, S::Enabled),
            mapping("l-lines", LEGACY, LINES, S::Disabled),
            mapping("e-words", ENHANCED, WORDS, S::Enabled),
            mapping("l-words", LEGACY, WORDS, S::Disabled),
        ]
    }

    fn outcome(report: &ApplyReport, queue: &str) -> QueueOutcome {
        report
            .queues
            .iter()
            .find(|q| q.queue == queue)
            .unwrap()
            .outcome
    }

    #[tokio::test]
    async fn rollback_breaks_before_it_makes_through_transitional_states() {
        let sim = Sim::new(cut_over(), 3);
        let plan = rollback_plan(&sim.all(), false);
        let report = executor(&sim, 2_000).run(&plan).await;
        assert!(report.ok(), "{report:?}");
        assert_eq!(
            sim.writes(),
            [
                "disable e-lines",
                "enable l-lines",
                "disable e-words",
                "enable l-words"
            ]
        );
        assert!(
            sim.violations.borrow().is_empty(),
            "{:?}",
            sim.violations.borrow()
        );
        for (uuid, state) in [
            ("e-lines", S::Disabled),
            ("l-lines", S::Enabled),
            ("e-words", S::Disabled),
            ("l-words", S::Enabled),
        ] {
            assert_eq!(sim.state(uuid), state, "{uuid}");
        }
        // The enable was only sent after the disable was seen settled.
        let calls = sim.calls.borrow();
        let enable = calls.iter().position(|c| c == "enable l-lines").unwrap();
        assert!(
            calls[..enable]
                .iter()
                .filter(|c| *c == "get e-lines")
                .count()
                >= 3
        );
        assert_eq!(report.writes(), 4);
        assert_eq!(report.summary(), "switched");
    }

    #[tokio::test]
    async fn a_failed_enable_puts_the_original_consumer_back_and_stops() {
        let sim = Sim::new(cut_over(), 2);
        sim.fail_enable.borrow_mut().push("l-lines".into());
        let plan = rollback_plan(&sim.all(), false);
        let report = executor(&sim, 2_000).run(&plan).await;
        assert!(!report.ok());
        assert_eq!(outcome(&report, "lines"), QueueOutcome::Reverted);
        assert_eq!(outcome(&report, "words"), QueueOutcome::NotStarted);
        assert_eq!(sim.state("e-lines"), S::Enabled);
        assert_eq!(sim.state("l-lines"), S::Disabled);
        assert_eq!(sim.state("e-words"), S::Enabled);
        assert_eq!(
            sim.writes(),
            ["disable e-lines", "enable l-lines", "enable e-lines"]
        );
        assert!(sim.violations.borrow().is_empty());
        assert_eq!(report.summary(), "reverted");
    }

    #[tokio::test]
    async fn an_enable_that_never_settles_is_turned_off_before_the_original_comes_back() {
        let sim = Sim::new(cut_over(), 1);
        sim.never_settle.borrow_mut().push("l-lines".into());
        let plan = rollback_plan(&sim.all(), false);
        let report = executor(&sim, 50).run(&plan).await;
        assert_eq!(
            outcome(&report, "lines"),
            QueueOutcome::Reverted,
            "{report:?}"
        );
        let lines = &report.queues[0];
        assert!(
            lines
                .steps
                .iter()
                .any(|s| s.kind == StepKind::Enable && s.outcome == StepOutcome::TimedOut)
        );
        // Stuck in Enabling: it is turned off (and seen Disabled) before the original
        // consumer is enabled again; the first disable is refused while it is busy,
        // and sent again once it has settled.
        assert_eq!(
            sim.writes(),
            [
                "disable e-lines",
                "enable l-lines",
                "disable l-lines",
                "disable l-lines",
                "enable e-lines"
            ]
        );
        assert_eq!(sim.state("e-lines"), S::Enabled);
        assert_eq!(sim.state("l-lines"), S::Disabled);
        assert!(
            sim.violations.borrow().is_empty(),
            "{:?}",
            sim.violations.borrow()
        );
    }

    #[tokio::test]
    async fn a_mapping_changed_by_someone_else_stops_the_run_without_writing() {
        let sim = Sim::new(cut_over(), 1);
        // Someone disables the enhanced mapping on lines after the plan was made.
        let plan = rollback_plan(&sim.all(), false);
        sim.mappings
            .borrow_mut()
            .get_mut("e-lines")
            .unwrap()
            .0
            .state = S::Disabled;
        let report = executor(&sim, 500).run(&plan).await;
        assert_eq!(outcome(&report, "lines"), QueueOutcome::Stopped);
        assert_eq!(outcome(&report, "words"), QueueOutcome::NotStarted);
        assert!(sim.writes().is_empty(), "{:?}", sim.writes());
        let detail = report.queues[0].detail.clone().unwrap();
        assert!(
            detail.contains("was Enabled in the plan and is Disabled now"),
            "{detail}"
        );
    }

    #[tokio::test]
    async fn another_consumer_switched_on_mid_switch_stops_before_the_enable() {
        let sim = Sim::new(
            vec![
                mapping("e-lines", ENHANCED, LINES, S::Enabled),
                mapping("l-lines", LEGACY, LINES, S::Disabled),
                mapping("x-lines", "another-dev-consumer", LINES, S::Disabled),
                mapping("e-words", ENHANCED, WORDS, S::Disabled),
                mapping("l-words", LEGACY, WORDS, S::Enabled),
            ],
            1,
        );
        let plan = rollback_plan(&sim.all(), false);
        sim.meddle.replace(Some(("x-lines".into(), S::Enabled)));
        let report = executor(&sim, 500).run(&plan).await;
        assert_eq!(
            outcome(&report, "lines"),
            QueueOutcome::Stopped,
            "{report:?}"
        );
        assert_eq!(sim.writes(), ["disable e-lines"]);
        assert_eq!(sim.state("l-lines"), S::Disabled);
    }

    #[tokio::test]
    async fn a_half_done_switch_is_finished_and_a_done_one_is_left_alone() {
        let sim = Sim::new(
            vec![
                mapping("e-lines", ENHANCED, LINES, S::Disabled),
                mapping("l-lines", LEGACY, LINES, S::Disabled),
                mapping("e-words", ENHANCED, WORDS, S::Disabled),
                mapping("l-words", LEGACY, WORDS, S::Enabled),
            ],
            2,
        );
        let plan = rollback_plan(&sim.all(), false);
        let report = executor(&sim, 1_000).run(&plan).await;
        assert!(report.ok(), "{report:?}");
        assert_eq!(outcome(&report, "words"), QueueOutcome::NothingToDo);
        assert_eq!(sim.writes(), ["enable l-lines"]);
    }

    #[tokio::test]
    async fn a_missing_mapping_is_created_disabled_before_anything_is_turned_off() {
        let sim = Sim::new(
            vec![
                mapping("e-lines", ENHANCED, LINES, S::Enabled),
                mapping("e-words", ENHANCED, WORDS, S::Disabled),
                mapping("l-words", LEGACY, WORDS, S::Enabled),
            ],
            2,
        );
        let plan = rollback_plan(&sim.all(), true);
        let report = executor(&sim, 1_000).run(&plan).await;
        assert!(report.ok(), "{report:?}");
        let target = format!("new-{LEGACY}");
        assert_eq!(
            sim.writes(),
            [
                format!("create {LEGACY}"),
                "disable e-lines".into(),
                format!("enable {target}")
            ]
        );
        assert_eq!(sim.state(&target), S::Enabled);
        assert!(sim.violations.borrow().is_empty());
    }

    #[tokio::test]
    async fn an_interrupt_finishes_the_queue_in_progress_and_starts_no_other() {
        // Settling takes a few polls, so the run yields while lines is under way.
        let sim = Sim::new(cut_over(), 3);
        let plan = rollback_plan(&sim.all(), false);
        let exec = executor(&sim, 1_000);
        let flag = exec.interrupted.clone();
        let set = async {
            flag.store(true, Ordering::SeqCst);
        };
        // `join!` polls the run first: lines has started before the flag is set.
        let (report, ()) = tokio::join!(exec.run(&plan), set);
        assert!(report.interrupted);
        assert_eq!(
            outcome(&report, "lines"),
            QueueOutcome::Switched,
            "{report:?}"
        );
        assert_eq!(outcome(&report, "words"), QueueOutcome::NotStarted);
        assert_eq!(sim.state("l-lines"), S::Enabled);
        assert_eq!(sim.state("e-words"), S::Enabled);
        assert!(!report.ok());
        assert_eq!(report.summary(), "interrupted");
    }

    #[tokio::test]
    async fn a_refused_disable_changes_nothing_and_is_no_failed_revert() {
        let sim = Sim::new(cut_over(), 1);
        sim.refuse.borrow_mut().push("e-lines".into());
        let plan = rollback_plan(&sim.all(), false);
        let report = executor(&sim, 500).run(&plan).await;
        assert_eq!(
            outcome(&report, "lines"),
            QueueOutcome::Failed,
            "{report:?}"
        );
        assert_eq!(outcome(&report, "words"), QueueOutcome::NotStarted);
        assert_eq!(report.summary(), "failed");
        let detail = report.queues[0].detail.clone().unwrap();
        assert!(detail.contains("nothing was changed"), "{detail}");
        assert_eq!(sim.writes(), ["disable e-lines"]);
        assert_eq!(sim.state("e-lines"), S::Enabled);
        assert!(!report.queues[0].steps[0].wrote);
        assert_eq!(report.writes(), 0);
    }

    #[tokio::test]
    async fn an_enable_that_landed_despite_an_error_answer_is_done() {
        let sim = Sim::new(cut_over(), 2);
        sim.lose_answer.borrow_mut().push("l-lines".into());
        let plan = rollback_plan(&sim.all(), false);
        let report = executor(&sim, 1_000).run(&plan).await;
        assert!(report.ok(), "{report:?}");
        assert_eq!(sim.state("e-lines"), S::Disabled);
        assert_eq!(sim.state("l-lines"), S::Enabled);
        assert_eq!(sim.writes()[..2], ["disable e-lines", "enable l-lines"]);
        assert!(sim.violations.borrow().is_empty());
    }

    #[tokio::test]
    async fn a_busy_mapping_is_written_again_once_it_settles() {
        let sim = Sim::new(cut_over(), 1);
        // Right before the enable, the target is busy (another update in progress).
        sim.meddle.replace(Some(("l-lines".into(), S::Disabling)));
        let plan = rollback_plan(&sim.all(), false);
        let report = executor(&sim, 1_000).run(&plan).await;
        assert!(report.ok(), "{report:?}");
        assert_eq!(
            sim.writes()[..3],
            ["disable e-lines", "enable l-lines", "enable l-lines"]
        );
        assert_eq!(sim.state("l-lines"), S::Enabled);
        assert!(sim.violations.borrow().is_empty());
    }

    #[tokio::test]
    async fn the_alone_check_is_made_right_before_the_enable() {
        let sim = Sim::new(
            vec![
                mapping("e-lines", ENHANCED, LINES, S::Enabled),
                mapping("l-lines", LEGACY, LINES, S::Disabled),
                mapping("x-lines", "another-dev-consumer", LINES, S::Disabled),
                mapping("e-words", ENHANCED, WORDS, S::Disabled),
                mapping("l-words", LEGACY, WORDS, S::Enabled),
            ],
            1,
        );
        let plan = rollback_plan(&sim.all(), false);
        // Someone turns x-lines on while the target is re-read for the enable.
        sim.meddle.replace(Some(("x-lines".into(), S::Enabled)));
        sim.meddle_on_get.replace(Some("l-lines".into()));
        let report = executor(&sim, 500).run(&plan).await;
        assert_eq!(
            outcome(&report, "lines"),
            QueueOutcome::Stopped,
            "{report:?}"
        );
        assert_eq!(sim.writes(), ["disable e-lines"]);
        assert_eq!(sim.state("l-lines"), S::Disabled);
    }

    #[tokio::test]
    async fn a_target_deleted_mid_switch_does_not_block_the_revert() {
        let sim = Sim::new(cut_over(), 1);
        sim.fail_enable.borrow_mut().push("l-lines".into());
        sim.vanish_on_fail.replace(true);
        let plan = rollback_plan(&sim.all(), false);
        let report = executor(&sim, 500).run(&plan).await;
        assert_eq!(
            outcome(&report, "lines"),
            QueueOutcome::Reverted,
            "{report:?}"
        );
        assert_eq!(sim.state("e-lines"), S::Enabled);
        assert_eq!(
            sim.writes(),
            ["disable e-lines", "enable l-lines", "enable e-lines"]
        );
    }

    #[tokio::test]
    async fn a_late_enable_of_the_target_is_undone_after_the_revert() {
        let sim = Sim::new(cut_over(), 1);
        sim.fail_enable.borrow_mut().push("l-lines".into());
        // The listings: before the enable, before the revert's enable, after it: there
        // the failed enable shows up late.
        sim.meddle.replace(Some(("l-lines".into(), S::Enabling)));
        sim.meddle_after.replace(2);
        let plan = rollback_plan(&sim.all(), false);
        let report = executor(&sim, 500).run(&plan).await;
        assert_eq!(
            outcome(&report, "lines"),
            QueueOutcome::Reverted,
            "{report:?}"
        );
        assert_eq!(sim.state("e-lines"), S::Enabled);
        assert_eq!(sim.state("l-lines"), S::Disabled);
        let kinds: Vec<StepKind> = report.queues[0].steps.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                StepKind::Disable,
                StepKind::Enable,
                StepKind::RevertEnable,
                StepKind::RevertDisable
            ]
        );
    }

    #[tokio::test]
    async fn an_enable_that_settles_back_to_disabled_fails_at_once_with_the_reason() {
        let sim = Sim::new(cut_over(), 2);
        sim.bounce.borrow_mut().push("l-lines".into());
        let plan = rollback_plan(&sim.all(), false);
        let report = executor(&sim, 60_000).run(&plan).await;
        assert_eq!(
            outcome(&report, "lines"),
            QueueOutcome::Reverted,
            "{report:?}"
        );
        assert!(report.duration_ms < 10_000, "{report:?}");
        let enable = &report.queues[0].steps[1];
        assert_eq!(enable.kind, StepKind::Enable);
        assert_eq!(enable.outcome, StepOutcome::Failed);
        let error = enable.error.clone().unwrap();
        assert!(error.contains("role lacks access"), "{error}");
        assert_eq!(sim.state("e-lines"), S::Enabled);
    }

    #[test]
    fn settling_is_not_a_change_but_a_flip_is() {
        let planned = MappingRef::of(&mapping("a", ENHANCED, LINES, S::Disabling));
        assert_eq!(
            changed_since(&planned, &mapping("a", ENHANCED, LINES, S::Disabled)),
            None
        );
        assert!(changed_since(&planned, &mapping("a", ENHANCED, LINES, S::Enabled)).is_some());
        assert!(changed_since(&planned, &mapping("a", LEGACY, LINES, S::Disabled)).is_some());
        let updating = MappingRef::of(&mapping("a", ENHANCED, LINES, S::Updating));
        assert_eq!(
            changed_since(&updating, &mapping("a", ENHANCED, LINES, S::Enabled)),
            None
        );
    }
}
