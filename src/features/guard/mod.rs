//! `ccx guard`: watches every topology source's consumers through a deploy. The
//! sources are resolved once (`sources`); a reading lists each one's mappings
//! (`reading`); the `timeline` turns readings into changes and windows of zero or two
//! or more consumers; `watch` runs the loop around the command (`child`; signals from `ui::signals`)
//! and tells an `events::Observer` what happens (the words are `render::guard_live`'s);
//! `report` adds the final verify, the drift from the IaC (`drift_check`, with an IaC
//! source) and the exit code.

pub mod child;
pub mod drift_check;
pub mod events;
pub mod reading;
pub mod report;
pub mod sources;
pub mod timeline;
pub mod watch;
