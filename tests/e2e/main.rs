//! The end-to-end tests: the real `ccx` binary against the moto emulator through the
//! test bed's proxy (`tests/support/`), one module per area. One binary, so the suite
//! links once; `tests/common/` is the harness every module shares.
//!
//! Run one area with `cargo test --test e2e AREA::` (e.g. `cargo test --test e2e tail::`).

#[path = "../common/mod.rs"]
mod common;

mod as_aws;
mod bad_input;
mod cli;
mod completions;
mod dlq;
mod drain;
mod filter_patterns;
mod function_states;
mod guard;
mod iac;
mod invocation_health;
mod json_fields;
mod lambda_reasons;
mod live;
mod logs_as_aws;
mod map;
mod mapping_evidence;
mod metrics;
mod policy;
mod queue_counts;
mod retries;
mod round_trips;
mod sandbox;
mod secrets;
mod shared_log_groups;
mod state;
mod stream_source;
mod switch;
mod switch_safety;
mod switch_settings;
mod switch_stacks;
mod switch_target_recheck;
mod tail;
mod tail_invocations;
mod tail_streams;
mod targets;
mod transitions;
mod verify;
mod widths;
