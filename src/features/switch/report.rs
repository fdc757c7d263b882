//! What a switch reports: each step and queue outcome of the executor (`ApplyReport`,
//! also the audit record's `result`), each source's state afterwards, and the whole
//! run (`SwitchReport`, the JSON of `ccx switch` / `ccx rollback`).

use std::path::PathBuf;

use serde::Serialize;

use crate::aws::destination::Destination;
use crate::features::switch::invocation_drain::DrainRecord;
use crate::features::switch::next_deploy::NextDeploy;
use crate::features::switch::plan::{MappingRef, SwitchPlan};
use crate::features::switch::target::check::TargetCheck;
use crate::judgements::consumers::{Source, SourceKind, Verdict};
use crate::state::mapping_state::MappingState;

/// What one step of the executor does to one mapping.
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

/// How one step ended.
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

/// How one queue ended.
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

/// One queue: its outcome, why, and every step taken.
#[derive(Debug, Clone, Serialize)]
pub struct QueueResult {
    pub queue: String,
    pub name: Option<String>,
    pub outcome: QueueOutcome,
    /// Why, for anything but `switched` / `nothing_to_do`.
    pub detail: Option<String>,
    pub steps: Vec<StepRecord>,
    /// How the disabled consumers drained before the enable; null when none was
    /// disabled (or the queue stopped before).
    pub drain: Option<DrainRecord>,
    /// The target function as re-read right before its enable; null when the queue
    /// stopped before that.
    pub target_check: Option<TargetCheck>,
}

/// What the executor did: every queue of the plan, in order.
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

/// Where the run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// `--dry-run`: the plan only.
    DryRun,
    /// Every queue already had the target as its only enabled consumer.
    NothingToDo,
    /// Refused before changing anything (a target function is missing, or every
    /// queue that needed a change was refused).
    Refused,
    /// The operator answered no.
    Declined,
    /// The plan was applied; see `result` for each queue's outcome.
    Applied,
    /// One stack of several, not applied: another stack's plan was refused or could
    /// not be made, or an earlier stack did not succeed.
    NotStarted,
}

/// A topology source after the switch, judged by the one-consumer rule.
#[derive(Debug, Clone, Serialize)]
pub struct SourceState {
    /// Topology key.
    pub source: String,
    pub kind: SourceKind,
    pub name: Option<String>,
    /// Whether this run's plan covered it.
    pub in_scope: bool,
    /// Functions with an enabled (or about to be enabled) mapping.
    pub enabled_consumers: Vec<String>,
    pub mappings: Vec<MappingRef>,
    pub verdict: Verdict,
    pub summary: String,
    /// Zero or several enabled consumers (or the source is missing).
    pub problem: bool,
}

impl SourceState {
    /// A topology source as re-read after the switch; None outside the topology.
    pub fn of(source: &Source, in_scope: &[&str]) -> Option<SourceState> {
        let key = source.key.clone()?;
        let mut enabled: Vec<String> = source
            .active()
            .map(|m| m.mapping.function_name.clone())
            .collect();
        enabled.sort();
        Some(SourceState {
            in_scope: source.kind == SourceKind::Queue && in_scope.contains(&key.as_str()),
            source: key,
            kind: source.kind,
            name: source.name.clone(),
            enabled_consumers: enabled,
            mappings: source
                .mappings
                .iter()
                .map(|m| MappingRef::of(&m.mapping))
                .collect(),
            summary: source.summary(),
            problem: source.verdict.is_consumer_count_problem(),
            verdict: source.verdict.clone(),
        })
    }
}

/// The whole run, as `--output json` prints it.
#[derive(Debug, Serialize)]
pub struct SwitchReport {
    pub stack: String,
    pub region: String,
    /// Where the writes go and as whom: account, region, profile, endpoint.
    pub destination: Destination,
    pub status: Status,
    /// True when everything the plan covered holds: exit code 0.
    pub ok: bool,
    pub plan: SwitchPlan,
    /// Per queue outcome and steps; null unless applied.
    pub result: Option<ApplyReport>,
    /// Every topology source re-read after the switch; empty unless applied.
    pub after: Vec<SourceState>,
    /// The audit log written to, if any.
    pub audit_log: Option<PathBuf>,
    /// Why the audit record of an applied switch was not written (exit code 1).
    pub audit_error: Option<String>,
    /// The IaC changes that make this permanent (or replace it when refused).
    pub iac_steps: Option<String>,
    /// What the next deploy does to the queues the plan changes, computed from what
    /// the IaC declares; null without an IaC source (or when the run stopped before a
    /// plan was shown).
    pub next_deploy: Option<NextDeploy>,
}
