//! Switching which function consumes a queue, safely: a pure plan, a break-before-make
//! executor, progress on stderr, and an audit record of what was done.

pub mod apply;
pub mod audit;
mod confirm;
pub mod plan;
pub mod progress;
mod revert;
