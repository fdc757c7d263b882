//! Reading the live state from AWS into plain data types. No rendering, no verdicts.

pub mod functions;
pub mod logs;
pub mod mapping_state;
pub mod mappings;
pub mod messages;
pub mod move_tasks;
pub mod pipeline;
pub mod queues;
