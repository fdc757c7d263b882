//! `ccx dlq show`: what a queue's DLQ holds, from its attributes and a look at up to
//! `--max` of its messages (left in place).

use jiff::Timestamp;
use serde::Serialize;

use super::target::{DlqTarget, QueueRef};
use crate::state::messages::{Peek, PeekedMessage};

/// Said wherever the messages are shown: a look is not free.
pub const LOOKING_RAISES_RECEIVE_COUNT: &str = "Each look is a receive: this one raised the \
    receive count of every message shown. They stay in the DLQ, visible again at once.";

#[derive(Debug, Serialize)]
pub struct DlqShowReport {
    pub stack: String,
    pub queue: QueueRef,
    pub dlq: DlqState,
    /// Receives after which the queue sends a message to its DLQ.
    pub max_receive_count: Option<u64>,
    pub oldest: Option<Oldest>,
    /// `--max`.
    pub asked: usize,
    /// Oldest first.
    pub messages: Vec<PeekedMessage>,
    pub receive_calls: u32,
    pub note: &'static str,
}

#[derive(Debug, Serialize)]
pub struct DlqState {
    pub name: String,
    pub url: String,
    pub arn: Option<String>,
    pub visible: u64,
    pub in_flight: u64,
    pub delayed: u64,
}

/// The oldest message seen.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Oldest {
    /// When it was first sent (RFC 3339); a dead letter keeps its original send time.
    pub sent_at: String,
    pub age_seconds: u64,
    /// Every message in the DLQ was seen, so this is the oldest; otherwise the oldest of
    /// those seen, and an older one may be among the rest.
    pub exact: bool,
}

pub fn build(
    stack: &str,
    target: &DlqTarget,
    peek: Peek,
    asked: usize,
    now: Timestamp,
) -> DlqShowReport {
    let attrs = &target.dlq.attributes;
    let seen = u64::try_from(peek.messages.len()).unwrap_or(u64::MAX);
    let oldest = peek
        .messages
        .iter()
        .filter_map(|m| Some((m.sent_ms?, m.sent_at.clone()?)))
        .min_by_key(|(ms, _)| *ms)
        .map(|(ms, sent_at)| Oldest {
            sent_at,
            age_seconds: u64::try_from(now.as_millisecond().saturating_sub(ms) / 1000).unwrap_or(0),
            exact: seen >= attrs.visible + attrs.in_flight + attrs.delayed,
        });
    DlqShowReport {
        stack: stack.to_string(),
        queue: target.queue_ref(),
        dlq: DlqState {
            name: target.dlq.name.clone(),
            url: target.dlq.url.clone(),
            arn: attrs.arn.clone(),
            visible: attrs.visible,
            in_flight: attrs.in_flight,
            delayed: attrs.delayed,
        },
        max_receive_count: target.attributes.max_receive_count,
        oldest,
        asked,
        messages: peek.messages,
        receive_calls: peek.calls,
        note: LOOKING_RAISES_RECEIVE_COUNT,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::fixtures;
    use crate::state::messages::rfc3339;

    pub fn message(id: &str, sent_ms: i64) -> PeekedMessage {
        PeekedMessage {
            message_id: id.into(),
            body: r#"{"type": "COMPACTION_RUN"}"#.into(),
            sent_at: rfc3339(sent_ms),
            first_received_at: rfc3339(sent_ms + 500),
            receive_count: Some(4),
            attributes: BTreeMap::new(),
            sent_ms: Some(sent_ms),
        }
    }

    pub fn target(dlq_visible: u64) -> DlqTarget {
        let found = fixtures::topology_queues(5, dlq_visible).queues.remove(0);
        let queue = found.1.unwrap();
        DlqTarget {
            key: Some(found.0),
            name: queue.name,
            url: queue.url,
            attributes: queue.attributes,
            dlq: queue.dlq.unwrap(),
        }
    }

    #[test]
    fn the_oldest_is_exact_only_when_every_message_was_seen() {
        let now: Timestamp = "2026-11-29T12:00:00Z".parse().unwrap();
        let t0 = now.as_millisecond() - 300_000;
        let peek = |n: i64| Peek {
            messages: (0..n)
                .map(|i| message(&format!("m{i}"), t0 + i * 1000))
                .collect(),
            calls: 1,
        };
        let all = build("dev", &target(2), peek(2), 10, now);
        let oldest = all.oldest.unwrap();
        assert_eq!(oldest.age_seconds, 300);
        assert!(oldest.exact);
        assert_eq!(oldest.sent_at, "2026-11-29T11:55:00.000Z");
        let some = build("dev", &target(25), peek(10), 10, now);
        assert!(!some.oldest.unwrap().exact);
        assert_eq!(some.dlq.visible, 25);
        assert_eq!(some.max_receive_count, Some(3));
        let none = build("dev", &target(0), peek(0), 10, now);
        assert!(none.oldest.is_none());
        assert!(none.note.contains("receive count"));
    }
}
