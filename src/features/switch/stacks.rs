//! `rollback` / `switch` across several stacks (`--stack a,b`, `--all-stacks`, or
//! `--region`/`--profile` repeated): every stack planned first, one confirmation, then
//! applied one stack after another until one does not succeed. What each stack ended
//! as, and the rules that decide it, as data.

use crate::features::views::targets::TargetId;
use serde::Serialize;
use serde_json::Value;

use crate::features::switch::report::Status;

/// How one stack of several ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StackState {
    /// Applied, and everything its plan covered holds.
    Applied,
    /// Applied, and something did not hold (a failed or reverted queue, a refusal, a
    /// re-read that disagrees, a missing audit record): the stacks after it were not
    /// started.
    Failed,
    /// Its target already was the only consumer everywhere.
    NothingToDo,
    /// Its plan was refused: no stack was changed.
    Refused,
    /// `--dry-run`: shown only.
    DryRun,
    /// The operator answered no (or a signal came) at the one question.
    Declined,
    /// Left as it was because another stack stopped the run.
    NotStarted,
    /// Its plan could not be made (credentials, region, a missing stack): no stack was
    /// changed.
    Error,
}

impl StackState {
    /// From where its own run ended.
    pub fn of(status: Status, ok: bool) -> StackState {
        match status {
            Status::Applied if ok => StackState::Applied,
            Status::Applied => StackState::Failed,
            Status::NothingToDo => StackState::NothingToDo,
            Status::Refused => StackState::Refused,
            Status::DryRun => StackState::DryRun,
            Status::Declined => StackState::Declined,
            Status::NotStarted => StackState::NotStarted,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StackState::Applied => "applied",
            StackState::Failed => "failed",
            StackState::NothingToDo => "nothing to do",
            StackState::Refused => "refused",
            StackState::DryRun => "dry run",
            StackState::Declined => "declined",
            StackState::NotStarted => "not started",
            StackState::Error => "error",
        }
    }
}

/// One stack × region × account of the run.
#[derive(Debug, Clone, Serialize)]
pub struct StackRun {
    #[serde(flatten)]
    pub id: TargetId,
    pub state: StackState,
    /// The queues its plan changes (switched or to switch).
    pub queues: Vec<String>,
    /// Its own exit code: 0 holds, 1 something is wrong, 2 could not run.
    pub exit_code: u8,
    /// Why its plan could not be made, when it could not.
    pub error: Option<String>,
    /// Exactly the JSON `ccx switch` / `ccx rollback` prints for this stack alone; null
    /// when its plan could not be made.
    pub document: Option<Value>,
}

/// The combined result, in the order the stacks were named.
#[derive(Debug, Clone, Serialize)]
pub struct StacksReport {
    /// `switch` or `rollback`.
    pub command: String,
    /// How the stacks were chosen, when `--all-stacks` found them.
    pub found: Vec<String>,
    /// Every stack holds (applied or nothing to do; a dry run without refusals).
    pub ok: bool,
    pub targets: Vec<StackRun>,
}

impl StacksReport {
    /// The worst exit code of all stacks.
    pub fn exit_code(&self) -> u8 {
        self.targets.iter().map(|t| t.exit_code).max().unwrap_or(0)
    }
}

/// What the plans of all stacks allow, before anything is asked or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Go {
    /// Ask once, then apply these stacks (indices, in order).
    Apply(Vec<usize>),
    /// Write nothing: every stack ends as its plan says (a dry run, or nothing to do
    /// anywhere).
    Stop,
    /// Write nothing: a stack's plan is refused or could not be made (its index); the
    /// stacks that would have changed are not started.
    Blocked(usize),
}

/// Where each stack's plan stops on its own (`None`: it would ask and apply;
/// `Some(status)` where it ends right after the plan; an `Err` where its plan could not
/// be made): the run as a whole. One refusal or error anywhere stops every stack
/// before any write, so a cutover never lands in some stacks because another could not
/// be planned.
pub fn decide(stops: &[Result<Option<Status>, ()>]) -> Go {
    let blocked = stops
        .iter()
        .position(|s| matches!(s, Err(()) | Ok(Some(Status::Refused))));
    if let Some(index) = blocked {
        return Go::Blocked(index);
    }
    let to_apply: Vec<usize> = stops
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s, Ok(None)))
        .map(|(i, _)| i)
        .collect();
    if to_apply.is_empty() {
        Go::Stop
    } else {
        Go::Apply(to_apply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stacks_that_change_are_applied_in_order_beside_those_with_nothing_to_do() {
        let stops = [Ok(None), Ok(Some(Status::NothingToDo)), Ok(None)];
        assert_eq!(decide(&stops), Go::Apply(vec![0, 2]));
    }

    #[test]
    fn one_refused_or_unplanned_stack_blocks_every_write() {
        assert_eq!(
            decide(&[Ok(None), Ok(Some(Status::Refused)), Ok(None)]),
            Go::Blocked(1)
        );
        assert_eq!(decide(&[Ok(None), Err(())]), Go::Blocked(1));
    }

    #[test]
    fn a_dry_run_or_nothing_anywhere_writes_nothing() {
        assert_eq!(
            decide(&[Ok(Some(Status::DryRun)), Ok(Some(Status::NothingToDo))]),
            Go::Stop
        );
    }

    #[test]
    fn the_state_follows_the_run_s_own_end() {
        assert_eq!(StackState::of(Status::Applied, true), StackState::Applied);
        assert_eq!(StackState::of(Status::Applied, false), StackState::Failed);
        assert_eq!(
            StackState::of(Status::NotStarted, false),
            StackState::NotStarted
        );
    }
}
