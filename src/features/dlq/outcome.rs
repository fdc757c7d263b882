//! How a redrive ended, decided from the plan and what became of the task: the status
//! in the JSON result and the audit line, and the exit code.

use serde::Serialize;

use super::plan::{Action, RedrivePlan};
use crate::aws::destination::Destination;
use crate::state::move_tasks::{MoveTask, TaskStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RedriveStatus {
    /// `--dry-run`: the plan only.
    DryRun,
    /// The DLQ was empty.
    NothingToDo,
    /// The queue cannot safely take the messages back; nothing started.
    Refused,
    /// The operator answered no.
    Declined,
    /// Every message moved.
    Completed,
    /// SQS says the task failed (its reason is in the task).
    Failed,
    /// The task was cancelled (by us after Ctrl-C, or by someone else).
    Cancelled,
    /// Interrupted and left running, as asked.
    LeftRunning,
}

impl RedriveStatus {
    /// Whether this ends with exit code 0.
    pub fn ok(self) -> bool {
        matches!(
            self,
            RedriveStatus::DryRun | RedriveStatus::NothingToDo | RedriveStatus::Completed
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RedriveStatus::DryRun => "dry_run",
            RedriveStatus::NothingToDo => "nothing_to_do",
            RedriveStatus::Refused => "refused",
            RedriveStatus::Declined => "declined",
            RedriveStatus::Completed => "completed",
            RedriveStatus::Failed => "failed",
            RedriveStatus::Cancelled => "cancelled",
            RedriveStatus::LeftRunning => "left_running",
        }
    }
}

/// Where a run stops before any task is started or followed, if it does.
pub fn before_start(plan: &RedrivePlan, dry_run: bool) -> Option<RedriveStatus> {
    match plan.action {
        Action::Refuse => Some(RedriveStatus::Refused),
        Action::Nothing => Some(RedriveStatus::NothingToDo),
        _ if dry_run => Some(RedriveStatus::DryRun),
        _ => None,
    }
}

/// The status of a task's end.
pub fn of_task(task: &MoveTask) -> RedriveStatus {
    match task.status {
        TaskStatus::Completed => RedriveStatus::Completed,
        TaskStatus::Cancelled | TaskStatus::Cancelling => RedriveStatus::Cancelled,
        TaskStatus::Running => RedriveStatus::LeftRunning,
        TaskStatus::Failed | TaskStatus::Other(_) => RedriveStatus::Failed,
    }
}

/// What the JSON output says about a redrive.
#[derive(Debug, Serialize)]
pub struct RedriveReport {
    pub stack: String,
    pub region: String,
    /// Where the writes go and as whom: account, region, profile, endpoint.
    pub destination: Destination,
    pub status: RedriveStatus,
    pub ok: bool,
    pub plan: RedrivePlan,
    /// The task as last seen (null when none was started or followed).
    pub task: Option<MoveTask>,
    /// Messages moved by that task.
    pub moved: Option<u64>,
    pub audit_log: Option<std::path::PathBuf>,
    /// Why the audit record could not be written (the run then exits 1).
    pub audit_error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(status: TaskStatus) -> MoveTask {
        MoveTask {
            handle: None,
            status,
            source_arn: String::new(),
            destination_arn: None,
            moved: 2,
            to_move: Some(3),
            max_per_second: None,
            started_at: None,
            started_ms: 0,
            failure_reason: None,
        }
    }

    #[test]
    fn a_task_end_decides_the_status_and_only_success_is_ok() {
        let ended = |s| of_task(&task(s));
        assert_eq!(ended(TaskStatus::Completed), RedriveStatus::Completed);
        assert_eq!(ended(TaskStatus::Failed), RedriveStatus::Failed);
        assert_eq!(ended(TaskStatus::Cancelled), RedriveStatus::Cancelled);
        assert_eq!(ended(TaskStatus::Running), RedriveStatus::LeftRunning);
        assert!(RedriveStatus::Completed.ok() && RedriveStatus::DryRun.ok());
        for bad in [
            RedriveStatus::Refused,
            RedriveStatus::Declined,
            RedriveStatus::Failed,
            RedriveStatus::Cancelled,
            RedriveStatus::LeftRunning,
        ] {
            assert!(!bad.ok(), "{bad:?}");
        }
    }
}
