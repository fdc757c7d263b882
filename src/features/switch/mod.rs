//! Switching which function consumes a queue, safely: a pure plan, a break-before-make
//! executor over a mapping API that reports events as it goes, a pure conclusion of
//! how the run ended, and an audit record of what was done.

pub mod audit;
pub mod conclude;
pub mod drain;
pub mod drain_logs;
pub mod drain_probe;
pub mod events;
pub mod executor;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod lease;
pub mod mapping_api;
pub mod plan;
pub mod report;
pub mod resume;
pub mod signals;
pub mod target_check;
pub mod target_state;
