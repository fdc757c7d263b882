//! `ccx tail --list`: the log groups the NAMEs stand for and their most recent streams,
//! as data (JSON as it is, a table for people).

use serde::Serialize;

use crate::state::log_streams::{GroupStreams, StreamSummary};

#[derive(Debug, Clone, Serialize)]
pub struct StreamListing {
    pub stack: String,
    /// The stream name prefix asked for (`--stream`), if any.
    pub stream_prefix: Option<String>,
    pub groups: Vec<GroupListing>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupListing {
    /// The NAME (topology key, function name or log group) as labelled by `ccx tail`.
    pub source: String,
    /// The function whose logs these are, when the NAME is one.
    pub function: Option<String>,
    /// Null when the NAME resolved to no function (see `note`).
    pub log_group: Option<String>,
    pub exists: bool,
    /// Why there is nothing to list (no such function in the stack, no such group).
    pub note: Option<String>,
    pub streams: Vec<StreamRow>,
    /// True when the group has more streams than were listed.
    pub more_streams: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct StreamRow {
    pub name: String,
    /// RFC 3339, UTC, milliseconds; null when CloudWatch does not say.
    pub created: Option<String>,
    pub first_event: Option<String>,
    /// CloudWatch updates it eventually (typically within the hour).
    pub last_event: Option<String>,
    pub last_ingestion: Option<String>,
}

impl GroupListing {
    /// The listing of one resolved group.
    pub fn found(
        source: String,
        function: Option<String>,
        group: String,
        read: GroupStreams,
    ) -> GroupListing {
        GroupListing {
            note: (!read.exists).then(|| format!("log group {group} does not exist (yet)")),
            source,
            function,
            log_group: Some(group),
            exists: read.exists,
            streams: read.streams.iter().map(StreamRow::from).collect(),
            more_streams: read.more,
        }
    }

    /// A NAME that stands for no log group.
    pub fn unresolved(source: String, why: String) -> GroupListing {
        GroupListing {
            source,
            function: None,
            log_group: None,
            exists: false,
            note: Some(why),
            streams: Vec::new(),
            more_streams: false,
        }
    }
}

fn time(ms: Option<i64>) -> Option<String> {
    let t = jiff::Timestamp::from_millisecond(ms?).ok()?;
    Some(crate::base::time::rfc3339_ms(t))
}

impl From<&StreamSummary> for StreamRow {
    fn from(s: &StreamSummary) -> StreamRow {
        StreamRow {
            name: s.name.clone(),
            created: time(s.created_ms),
            first_event: time(s.first_event_ms),
            last_event: time(s.last_event_ms),
            last_ingestion: time(s.last_ingestion_ms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_group_says_so_and_times_are_rfc3339() {
        let read = GroupStreams {
            exists: true,
            more: true,
            streams: vec![StreamSummary {
                name: "2026/11/29/[$LATEST]abc".into(),
                created_ms: Some(1_795_914_000_042),
                first_event_ms: None,
                last_event_ms: Some(1_795_914_000_000),
                last_ingestion_ms: Some(1_795_914_001_000),
            }],
        };
        let g = GroupListing::found("x".into(), None, "/g".into(), read);
        assert!(g.exists && g.more_streams && g.note.is_none());
        assert_eq!(
            g.streams[0].created.as_deref(),
            Some("2026-11-29T01:00:00.042Z")
        );
        assert_eq!(g.streams[0].first_event, None);
        assert_eq!(
            g.streams[0].last_ingestion.as_deref(),
            Some("2026-11-29T01:00:01.000Z")
        );
        let missing = GroupListing::found("x".into(), None, "/g".into(), GroupStreams::default());
        assert_eq!(
            missing.note.as_deref(),
            Some("log group /g does not exist (yet)")
        );
    }
}
