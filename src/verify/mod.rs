//! `ccx verify`: gather evidence concurrently, then judge it with pure checks.

pub mod checks;
pub mod evidence;
pub mod report;

#[cfg(test)]
mod tests;
