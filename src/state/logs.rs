//! Bounded searches of a CloudWatch Logs group (FilterLogEvents, every page), for checks
//! that count lines rather than follow them. Each request first takes its slot in the
//! process's FilterLogEvents budget.

use aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata;

use crate::aws::{Aws, AwsError};
use crate::state::log_budget::SearchBudget;

/// Keep at most this many lines; counts beyond it are reported as "at least".
pub const MAX_EVENTS: usize = 50_000;

#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    pub timestamp_ms: i64,
    pub event_id: String,
    /// The log stream it is in: whose the line is, in a group several functions share
    /// (`logs::streams`).
    pub stream: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogSearch {
    /// False when the log group does not exist (the function never ran, or no logs yet).
    pub group_exists: bool,
    /// The lines kept, in time order.
    pub lines: Vec<LogLine>,
    /// True when more than `MAX_EVENTS` lines were to be kept.
    pub truncated: bool,
}

/// What one search asks for.
#[derive(Debug, Clone, Copy)]
pub struct SearchRequest<'a> {
    pub group: &'a str,
    /// A CloudWatch filter pattern; `None` returns every event.
    pub pattern: Option<&'a str>,
    pub start_ms: i64,
    pub end_ms: i64,
}

/// The lines of `request.group` in the time range that the server-side pattern lets
/// through and `keep` accepts, across every stream. `keep` is the real judge: the
/// pattern only saves traffic.
pub async fn search(
    aws: &Aws,
    budget: &SearchBudget,
    request: SearchRequest<'_>,
    keep: impl Fn(&str) -> bool,
) -> Result<LogSearch, AwsError> {
    let group = request.group;
    let mut found = LogSearch {
        group_exists: true,
        ..LogSearch::default()
    };
    let mut token: Option<String> = None;
    loop {
        budget.acquire().await;
        // `interleaved` is ignored (always on) by CloudWatch; emulators still need it.
        #[allow(deprecated)]
        let result = aws
            .logs
            .filter_log_events()
            .log_group_name(group)
            .set_filter_pattern(request.pattern.map(str::to_string))
            .start_time(request.start_ms)
            .end_time(request.end_ms)
            .set_next_token(token.clone())
            .interleaved(true)
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
                    format!("searching log group {group}"),
                    &err,
                ));
            }
        };
        for event in page.events() {
            let message = event.message().unwrap_or_default();
            if !keep(message) {
                continue;
            }
            if found.lines.len() >= MAX_EVENTS {
                found.truncated = true;
                return Ok(found);
            }
            found.lines.push(LogLine {
                timestamp_ms: event.timestamp().unwrap_or_default(),
                event_id: event.event_id().unwrap_or_default().to_string(),
                stream: event.log_stream_name().unwrap_or_default().to_string(),
                message: message.to_string(),
            });
        }
        // A repeated token means the service has nothing more for now.
        match page.next_token() {
            Some(next) if Some(next) != token.as_deref() => token = Some(next.to_string()),
            _ => return Ok(found),
        }
    }
}
