//! Reading CloudWatch Logs: which log groups `ccx tail`'s NAMEs mean, the time range,
//! polling with exactly-once delivery, merging groups in time order, what each line
//! means in either of Lambda's log formats (markers, errors, Lambda's own lines), the
//! one filter pattern of a search. (The account's FilterLogEvents budget is
//! `state::log_budget`: it paces reads, so it sits with them.)

pub mod classify;
pub mod closest;
pub mod dedup;
pub mod lambda_line;
pub mod listing;
pub mod merge;
pub mod pattern;
pub mod poll;
pub mod routes;
pub mod since;
pub mod sources;
pub mod streams;
