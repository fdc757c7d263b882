//! Reading CloudWatch Logs for `ccx tail`: which log groups the NAMEs mean, the time
//! range, polling with exactly-once delivery, merging groups in time order, and what each
//! line means (markers, errors, Lambda's own lines); and the account's FilterLogEvents
//! budget, which every log read of the process shares.

pub mod budget;
pub mod classify;
pub mod dedup;
pub mod lambda_line;
pub mod merge;
pub mod pattern;
pub mod poll;
pub mod since;
pub mod sources;
