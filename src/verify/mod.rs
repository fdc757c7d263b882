//! `ccx verify`: gather evidence concurrently, then judge it with pure checks.

pub mod checks;
pub mod evidence;
mod log_checks;
mod reason_checks;
pub mod report;

#[cfg(test)]
mod tests;
