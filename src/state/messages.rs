//! Looking at a queue's messages without taking them: ReceiveMessage with a visibility
//! timeout of 0, so every message is visible again at once and stays in the queue (it
//! is never deleted). Each look still counts as a receive: SQS raises the message's
//! `ApproximateReceiveCount`.

use std::collections::BTreeMap;

use aws_sdk_sqs::types::{Message, MessageSystemAttributeName};
use serde::Serialize;

use crate::aws::{Aws, AwsError, AwsResultExt, arn};

/// ReceiveMessage hands out at most this many messages a call.
const PER_CALL: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeekedMessage {
    pub message_id: String,
    pub body: String,
    /// When the message was first sent (RFC 3339), from `SentTimestamp`.
    pub sent_at: Option<String>,
    /// When it was first received, by anyone (RFC 3339).
    pub first_received_at: Option<String>,
    /// Receives so far, this look included.
    pub receive_count: Option<u64>,
    /// The sender's message attributes: name to value (binary values as `<N bytes>`).
    pub attributes: BTreeMap<String, String>,
    /// `SentTimestamp` in epoch milliseconds, for ordering and ages.
    #[serde(skip)]
    pub sent_ms: Option<i64>,
}

/// The messages seen, and how many receive calls it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Peek {
    pub messages: Vec<PeekedMessage>,
    pub calls: u32,
}

/// Up to `max` distinct messages of the queue at `url`, left where they are. `depth` is
/// how many the queue holds as far as its attributes say: no need to ask for more.
pub async fn peek(aws: &Aws, url: &str, max: usize, depth: u64) -> Result<Peek, AwsError> {
    let mut gather = Gather::new(max.min(usize::try_from(depth).unwrap_or(usize::MAX).max(1)));
    while let Some(wanted) = gather.wanted() {
        let out = aws
            .sqs
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(wanted)
            .visibility_timeout(0)
            // Long polling asks every SQS server, so a small queue never looks empty.
            .wait_time_seconds(1)
            .message_system_attribute_names(MessageSystemAttributeName::All)
            .message_attribute_names("All")
            .send()
            .await
            .aws_context(|| {
                format!(
                    "looking at the messages of queue {}",
                    arn::queue_name_from_url(url)
                )
            })?;
        gather.take(
            out.messages
                .unwrap_or_default()
                .iter()
                .map(peeked)
                .collect(),
        );
    }
    Ok(gather.finish())
}

/// When to stop asking. SQS may answer fewer messages than asked, or none, at any time
/// (a short poll samples some of its servers), and with a visibility timeout of 0 it
/// may hand out the same message again: stop at `max` distinct messages, after two
/// answers in a row with nothing new, or when the call budget is spent.
#[derive(Debug)]
struct Gather {
    max: usize,
    seen: Vec<PeekedMessage>,
    calls: u32,
    budget: u32,
    fruitless: u32,
}

impl Gather {
    fn new(max: usize) -> Gather {
        let rounds = u32::try_from(max.div_ceil(PER_CALL)).unwrap_or(u32::MAX);
        Gather {
            max,
            seen: Vec::new(),
            calls: 0,
            budget: rounds.saturating_mul(2).saturating_add(2),
            fruitless: 0,
        }
    }

    /// How many to ask for next; `None` when done.
    fn wanted(&self) -> Option<i32> {
        let left = self.max.saturating_sub(self.seen.len());
        if left == 0 || self.calls >= self.budget || self.fruitless >= 2 {
            return None;
        }
        i32::try_from(left.min(PER_CALL)).ok()
    }

    fn take(&mut self, batch: Vec<PeekedMessage>) {
        self.calls += 1;
        let before = self.seen.len();
        for message in batch {
            let full = self.seen.len() >= self.max;
            match self
                .seen
                .iter_mut()
                .find(|m| m.message_id == message.message_id)
            {
                // Seen again: its receive count has gone up since.
                Some(known) => known.receive_count = known.receive_count.max(message.receive_count),
                None if !full => self.seen.push(message),
                None => {}
            }
        }
        self.fruitless = if self.seen.len() == before {
            self.fruitless + 1
        } else {
            0
        };
    }

    /// Oldest first.
    fn finish(mut self) -> Peek {
        self.seen.sort_by_key(|m| m.sent_ms.unwrap_or(i64::MAX));
        Peek {
            messages: self.seen,
            calls: self.calls,
        }
    }
}

fn peeked(message: &Message) -> PeekedMessage {
    let system = message.attributes();
    let get = |name: MessageSystemAttributeName| system.and_then(|a| a.get(&name));
    let millis = |name| get(name).and_then(|v| v.parse::<i64>().ok());
    let sent_ms = millis(MessageSystemAttributeName::SentTimestamp);
    let attributes = message
        .message_attributes()
        .map(|attrs| {
            attrs
                .iter()
                .map(|(name, value)| {
                    let shown = match (&value.string_value, &value.binary_value) {
                        (Some(text), _) => text.clone(),
                        (None, Some(blob)) => format!("<{} bytes>", blob.as_ref().len()),
                        (None, None) => format!("<{}>", value.data_type),
                    };
                    (name.clone(), shown)
                })
                .collect()
        })
        .unwrap_or_default();
    PeekedMessage {
        message_id: message.message_id().unwrap_or_default().to_string(),
        body: message.body().unwrap_or_default().to_string(),
        sent_at: sent_ms.and_then(rfc3339),
        first_received_at: millis(MessageSystemAttributeName::ApproximateFirstReceiveTimestamp)
            .and_then(rfc3339),
        receive_count: get(MessageSystemAttributeName::ApproximateReceiveCount)
            .and_then(|v| v.parse().ok()),
        attributes,
        sent_ms,
    }
}

/// Epoch milliseconds as RFC 3339.
pub fn rfc3339(millis: i64) -> Option<String> {
    jiff::Timestamp::from_millisecond(millis)
        .ok()
        .map(crate::base::time::rfc3339_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: &str, sent_ms: i64) -> PeekedMessage {
        PeekedMessage {
            message_id: id.into(),
            body: "{}".into(),
            sent_at: rfc3339(sent_ms),
            first_received_at: None,
            receive_count: Some(1),
            attributes: BTreeMap::new(),
            sent_ms: Some(sent_ms),
        }
    }

    #[test]
    fn asks_ten_at_a_time_and_stops_at_max() {
        let mut gather = Gather::new(23);
        assert_eq!(gather.wanted(), Some(10));
        gather.take((0..10).map(|i| message(&format!("a{i}"), i)).collect());
        assert_eq!(gather.wanted(), Some(10));
        gather.take((0..10).map(|i| message(&format!("b{i}"), i)).collect());
        assert_eq!(gather.wanted(), Some(3));
        gather.take((0..10).map(|i| message(&format!("c{i}"), i)).collect());
        assert_eq!(gather.wanted(), None);
        assert_eq!(gather.finish().messages.len(), 23);
    }

    #[test]
    fn repeats_count_once_and_two_answers_without_news_end_it() {
        let mut gather = Gather::new(10);
        gather.take(vec![message("x", 3), message("y", 1)]);
        let mut again = message("y", 1);
        again.receive_count = Some(2);
        gather.take(vec![again]);
        assert!(
            gather.wanted().is_some(),
            "one fruitless answer is not enough"
        );
        gather.take(Vec::new());
        assert_eq!(gather.wanted(), None);
        let peek = gather.finish();
        assert_eq!(peek.calls, 3);
        let ids: Vec<&str> = peek
            .messages
            .iter()
            .map(|m| m.message_id.as_str())
            .collect();
        assert_eq!(ids, ["y", "x"], "oldest first");
        assert_eq!(peek.messages[0].receive_count, Some(2), "the latest count");
    }

    #[test]
    fn the_call_budget_ends_a_trickle() {
        // One new message per answer never reaches 10 before the budget (4 calls) runs out.
        let mut gather = Gather::new(10);
        let mut n = 0;
        while gather.wanted().is_some() {
            gather.take(vec![message(&format!("m{n}"), n)]);
            n += 1;
        }
        assert_eq!(n, 4);
    }

    #[test]
    fn sent_time_is_rfc3339() {
        assert_eq!(
            rfc3339(1_795_951_559_448).as_deref(),
            Some("2026-11-29T11:25:59.448Z")
        );
    }
}
