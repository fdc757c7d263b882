//! `ccx dlq`: a queue's dead-letter queue, looked into without taking its messages
//! (`show`), and sent back to the queue by an SQS message move task (`redrive`), only
//! into a queue with exactly one healthy consumer.
//!
//! `target` finds the queue and its DLQ; `show` and `plan` are pure builders of what is
//! shown and what would be done; `follow` follows a move task until it ends; `outcome`
//! decides how a redrive ended; `audit` is its line in the audit log.

pub mod audit;
pub mod follow;
pub mod outcome;
pub mod plan;
pub mod show;
pub mod target;
