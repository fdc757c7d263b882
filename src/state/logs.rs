//! Bounded searches of a CloudWatch Logs group (FilterLogEvents with a server-side
//! filter pattern), for checks that count lines rather than follow them. Each request
//! first takes its slot in the process's FilterLogEvents budget.

use aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata;

use crate::aws::{Aws, AwsError};
use crate::logs::budget::SearchBudget;

/// Stop after this many matching events; counts beyond it are reported as "at least".
pub const MAX_EVENTS: usize = 50_000;

#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    pub timestamp_ms: i64,
    pub event_id: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogSearch {
    /// False when the log group does not exist (the function never ran, or no logs yet).
    pub group_exists: bool,
    pub lines: Vec<LogLine>,
    /// True when more than `MAX_EVENTS` matched.
    pub truncated: bool,
}

/// Lines of `group` between `start_ms` and `end_ms` matching `pattern` (a CloudWatch
/// filter pattern, e.g. a quoted phrase), across every stream.
pub async fn search(
    aws: &Aws,
    budget: &SearchBudget,
    group: &str,
    pattern: &str,
    start_ms: i64,
    end_ms: i64,
) -> Result<LogSearch, AwsError> {
    let mut found = LogSearch {
        group_exists: true,
        ..LogSearch::default()
    };
    let mut token: Option<String> = None;
    loop {
        budget.acquire().await;
        let result = aws
            .logs
            .filter_log_events()
            .log_group_name(group)
            .filter_pattern(pattern)
            .start_time(start_ms)
            .end_time(end_ms)
            .set_next_token(token.clone())
            .send()
            .await;
        let page = match result {
            Ok(page) => page,
            Err(err) if err.code() == Some("ResourceNotFoundException") => {
                return Ok(LogSearch {
                    group_exists: false,
                    ..LogSearch::default()
                });
            }
            Err(err) => {
                return Err(AwsError::from_sdk(
                    format!("searching log group {group} for {pattern}"),
                    &err,
                ));
            }
        };
        for event in page.events() {
            found.lines.push(LogLine {
                timestamp_ms: event.timestamp().unwrap_or_default(),
                event_id: event.event_id().unwrap_or_default().to_string(),
                message: event.message().unwrap_or_default().to_string(),
            });
        }
        if found.lines.len() >= MAX_EVENTS {
            found.truncated = true;
            return Ok(found);
        }
        // A repeated token means the service has nothing more for now.
        match page.next_token() {
            Some(next) if Some(next) != token.as_deref() => token = Some(next.to_string()),
            _ => return Ok(found),
        }
    }
}

/// A CloudWatch filter pattern matching the exact phrase `text`.
pub fn phrase_pattern(text: &str) -> String {
    format!("\"{}\"", text.trim().replace('"', "\\\""))
}
