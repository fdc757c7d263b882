//! `ccx verify`: gather evidence concurrently, then judge it with pure checks.

pub mod checks;
mod consumer_checks;
pub mod consumer_finding;
mod drift_checks;
pub mod evidence;
pub mod finding;
mod function_evidence;
pub mod function_finding;
mod invocation_checks;
mod log_checks;
pub mod log_finding;
mod mapping_metric_checks;
mod metric_checks;
pub mod metric_evidence;
pub mod metric_finding;
mod metric_source;
mod own_logs;
mod queue_evidence;
mod reason_checks;
pub mod remembered_groups;
pub mod report;
pub mod skips;
mod takeover;
pub mod window;

#[cfg(test)]
mod tests;
