//! `ccx verify`: gather evidence concurrently, then judge it with pure checks.

pub mod checks;
pub mod evidence;
mod function_evidence;
mod log_checks;
mod metric_checks;
pub mod metric_evidence;
mod own_logs;
mod queue_evidence;
mod reason_checks;
pub mod remembered_groups;
pub mod report;
mod takeover;

#[cfg(test)]
mod tests;
