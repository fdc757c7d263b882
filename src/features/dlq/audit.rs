//! The audit line of a redrive that started (or followed) a move task: who, when, where,
//! the plan and how it ended. Written by the switch's audit writer, to the same file.

use serde::Serialize;

use super::outcome::RedriveStatus;
use super::plan::RedrivePlan;
use crate::features::switch::record::audit::Caller;
use crate::state::move_tasks::MoveTask;

#[derive(Debug, Serialize)]
pub struct RedriveRecord<'a> {
    /// RFC 3339, when the redrive started.
    pub time: String,
    pub ccx_version: &'static str,
    /// `dlq redrive`.
    pub command: &'static str,
    pub caller: Option<&'a Caller>,
    pub caller_error: Option<String>,
    pub region: &'a str,
    pub stack: &'a str,
    pub plan: &'a RedrivePlan,
    /// The task as last seen.
    pub task: Option<&'a MoveTask>,
    pub outcome: RedriveStatus,
    pub exit_code: u8,
}
