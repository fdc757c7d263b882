//! Switching which function consumes a queue, safely: a pure plan (`plan`) over the
//! target's judged state (`target`), a break-before-make executor (`executor`) over a
//! mapping API (`mapping_api`) that drains the old consumer's invocations
//! (`invocation_drain`) and reports events as it goes (`events`; `signals` turn Ctrl-C
//! into "stop after this queue"), a pure conclusion of how the run ended (`conclude`,
//! `report`) with what the next deploy makes of it (`next_deploy`), and what the run leaves behind (`record`: audit, lease, resume).

pub mod conclude;
pub mod events;
pub mod executor;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod invocation_drain;
pub mod mapping_api;
pub mod next_deploy;
pub mod plan;
pub mod record;
pub mod report;
pub mod signals;
pub mod stacks;
pub mod target;
pub mod timing;
