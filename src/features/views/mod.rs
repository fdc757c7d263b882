//! What each read-only view shows: per command a plain `Serialize` report and the pure
//! function that builds it from what `state/` read. `render/` draws these as tables;
//! `--output json` prints them as they are.

pub mod changes;
pub mod functions;
pub mod map;
pub mod mappings;
pub mod queues;
pub mod targets;
