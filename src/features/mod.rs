//! What ccx does, one folder per job: prove a cutover (`verify`), switch consumers
//! (`switch`), watch a command (`guard`), work a dead-letter queue (`dlq`), print the IAM
//! policy (`policy`), and the read-only views (`views`: functions, mappings, queues, map).
//! Each builds a plain report type; `render` turns it into words. A feature may use one
//! listed below it in `src/layers.rs`, never one above.

pub mod dlq;
pub mod drift;
pub mod guard;
pub mod policy;
pub mod switch;
pub mod verify;
pub mod views;
