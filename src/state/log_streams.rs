//! The most recent log streams of a log group (DescribeLogStreams, one page), for
//! `ccx tail --list`.
//!
//! CloudWatch orders streams by their last event only without a name prefix (with one it
//! answers InvalidParameterException), so a prefix lists by name, newest name first:
//! Lambda's stream names start with the day (`2026/11/29/[$LATEST]…`), so that is newest
//! day first. A stream's `lastEventTimestamp` is updated eventually (typically within an
//! hour of ingestion), so the order and the times can trail the newest events.

use aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata;
use aws_sdk_cloudwatchlogs::types::OrderBy;

use crate::aws::{Aws, AwsError};

/// At most this many streams a page, and so per listing (DescribeLogStreams `limit`).
pub const MAX_STREAMS: i32 = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSummary {
    pub name: String,
    pub created_ms: Option<i64>,
    pub first_event_ms: Option<i64>,
    /// Eventually consistent: may trail the stream's newest event by up to an hour.
    pub last_event_ms: Option<i64>,
    pub last_ingestion_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupStreams {
    /// False when the log group does not exist.
    pub exists: bool,
    pub streams: Vec<StreamSummary>,
    /// True when the group has more streams than were listed.
    pub more: bool,
}

/// Up to `limit` (1 to 50) streams of `group`, those with the latest events first, or
/// with `prefix` only those whose names start with it, newest name first.
pub async fn recent_streams(
    aws: &Aws,
    group: &str,
    prefix: Option<&str>,
    limit: i32,
) -> Result<GroupStreams, AwsError> {
    let order = if prefix.is_some() {
        OrderBy::LogStreamName
    } else {
        OrderBy::LastEventTime
    };
    let result = aws
        .logs
        .describe_log_streams()
        .log_group_name(group)
        .set_log_stream_name_prefix(prefix.map(str::to_string))
        .order_by(order)
        .descending(true)
        .limit(limit.clamp(1, MAX_STREAMS))
        .send()
        .await;
    match result {
        Ok(page) => Ok(GroupStreams {
            exists: true,
            more: page.next_token().is_some() && page.log_streams().len() >= limit as usize,
            streams: page
                .log_streams()
                .iter()
                .map(|s| StreamSummary {
                    name: s.log_stream_name().unwrap_or_default().to_string(),
                    created_ms: s.creation_time(),
                    first_event_ms: s.first_event_timestamp(),
                    last_event_ms: s.last_event_timestamp(),
                    last_ingestion_ms: s.last_ingestion_time(),
                })
                .collect(),
        }),
        Err(err) if err.code() == Some("ResourceNotFoundException") => Ok(GroupStreams::default()),
        Err(err) => Err(AwsError::from_sdk(
            format!("listing the log streams of {group}"),
            &err,
        )),
    }
}
