//! Switching which function consumes a queue, safely: a pure plan, a break-before-make
//! executor over a mapping API, progress on stderr, and an audit record of what was done.

pub mod audit;
pub mod conclude;
pub mod events;
pub mod executor;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod mapping_api;
pub mod plan;
pub mod report;
pub mod signals;
