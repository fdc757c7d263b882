//! The topology's queues read in as few dependent round trips as SQS allows. After the
//! one listing, every queue of the stack is read at once: the topology's queues and the
//! rest of the stack's, among which their dead-letter queues usually are (a redrive
//! policy names its DLQ only in the queue's own attributes, so waiting for those would
//! cost a round trip). A third round trip is made only for a DLQ found nowhere in the
//! stack (another stack's, another account's).

use std::collections::HashMap;

use futures::future::join_all;

use crate::aws::{Aws, AwsError, arn};
use crate::base::resolve::{self, ResolveError};
use crate::base::topology::Topology;
use crate::state::queues::{
    self, DeadLetterQueue, FoundQueue, QueueAttributes, QueueListing, TopologyQueues,
};

/// A topology queue looked up in the listing.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedQueue {
    pub key: String,
    /// The real name; `Ok(None)` when the stack has none, an error when ambiguous.
    pub name: Result<Option<String>, ResolveError>,
    /// Its URL, when it was found.
    pub url: Option<String>,
}

/// Each topology queue (in topology order) resolved within `stack` among the listed names.
pub fn resolve_listed(
    topology: &Topology,
    stack: &str,
    listing: &QueueListing,
) -> Vec<ListedQueue> {
    topology
        .queues
        .iter()
        .map(|(key, spec)| {
            let name = resolve::resolve_unique("queue", key, &spec.pattern, stack, &listing.names);
            let url = name
                .as_ref()
                .ok()
                .and_then(|n| n.as_deref())
                .and_then(|n| listing.url_of(n))
                .map(str::to_string);
            ListedQueue {
                key: key.clone(),
                name,
                url,
            }
        })
        .collect()
}

/// The listed queues of `stack` that are not topology queues: where their dead-letter
/// queues usually are.
pub fn other_stack_queues<'a>(
    listing: &'a QueueListing,
    stack: &str,
    topology_queues: &[ListedQueue],
) -> Vec<&'a str> {
    let topology_urls: Vec<&str> = topology_queues
        .iter()
        .filter_map(|q| q.url.as_deref())
        .collect();
    listing
        .names
        .iter()
        .zip(&listing.urls)
        .filter(|(name, url)| {
            resolve::in_stack(name, stack) && !topology_urls.contains(&url.as_str())
        })
        .map(|(name, _)| name.as_str())
        .collect()
}

/// One topology queue's attributes and dead-letter queue, each with its own result.
#[derive(Debug, Clone)]
pub struct QueueReading {
    /// `Ok(None)` when the queue was not found.
    pub attributes: Result<Option<QueueAttributes>, AwsError>,
    pub dlq: Result<Option<DeadLetterQueue>, AwsError>,
}

/// The queues of the stack as one round trip read them, by URL.
pub struct StackRead {
    read: HashMap<String, Result<QueueAttributes, AwsError>>,
    urls: Vec<String>,
}

/// Reads `queues` (found in `listing`) and every other listed queue of `stack` at once.
pub async fn read_stack(
    aws: &Aws,
    stack: &str,
    listing: &QueueListing,
    queues: &[ListedQueue],
) -> StackRead {
    let mut urls: Vec<String> = queues.iter().filter_map(|q| q.url.clone()).collect();
    for name in other_stack_queues(listing, stack, queues) {
        urls.extend(listing.url_of(name).map(str::to_string));
    }
    urls.sort();
    urls.dedup();
    let read = join_all(
        urls.iter()
            .map(|url| async move { (url.clone(), queues::queue_attributes(aws, url).await) }),
    )
    .await
    .into_iter()
    .collect();
    StackRead { read, urls }
}

impl StackRead {
    fn attributes(&self, queue: &ListedQueue) -> Option<&Result<QueueAttributes, AwsError>> {
        self.read.get(queue.url.as_deref()?)
    }

    /// The names of the DLQs that `queues` name and that were not read with them: each
    /// costs a round trip of its own.
    pub fn unread_dlqs(&self, queues: &[ListedQueue]) -> Vec<String> {
        let mut names: Vec<String> = queues
            .iter()
            .filter_map(|q| self.attributes(q)?.as_ref().ok()?.dlq_arn.as_deref())
            .filter(|dlq| queues::known_url_for_arn(dlq, &self.urls).is_none())
            .map(|dlq| queues::name_from_arn(dlq).to_string())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Each of `queues`' reading, in order: its attributes, and its DLQ from what was
    /// read or, outside the stack, read now.
    pub async fn readings(
        &self,
        aws: &Aws,
        listing: &QueueListing,
        queues: &[ListedQueue],
    ) -> Vec<QueueReading> {
        join_all(queues.iter().map(|queue| async move {
            let Some(attributes) = self.attributes(queue) else {
                return QueueReading {
                    attributes: Ok(None),
                    dlq: Ok(None),
                };
            };
            let dlq = match attributes {
                Ok(attributes) => self.dead_letter_queue(aws, attributes, listing).await,
                Err(_) => Ok(None),
            };
            QueueReading {
                attributes: attributes.clone().map(Some),
                dlq,
            }
        }))
        .await
    }

    /// The DLQ `attributes` names: from what was read when it is there, else read now.
    async fn dead_letter_queue(
        &self,
        aws: &Aws,
        attributes: &QueueAttributes,
        listing: &QueueListing,
    ) -> Result<Option<DeadLetterQueue>, AwsError> {
        let Some(dlq_arn) = attributes.dlq_arn.as_deref() else {
            return Ok(None);
        };
        match queues::known_url_for_arn(dlq_arn, &self.urls) {
            Some(url) => match &self.read[url] {
                Ok(dlq_attributes) => Ok(Some(DeadLetterQueue {
                    name: arn::queue_name_from_url(url).to_string(),
                    url: url.to_string(),
                    attributes: dlq_attributes.clone(),
                })),
                Err(err) => Err(err.clone()),
            },
            None => queues::dead_letter_queue(aws, attributes, &listing.urls).await,
        }
    }
}

/// The topology queues found in `listing` (`resolved` by [`resolve_listed`]), read with
/// the rest of the stack's queues: one round trip, a second only for a DLQ outside the
/// stack. An ambiguous name or a failed read is an error (`ccx queues`, `ccx map`).
pub async fn found_queues(
    aws: &Aws,
    stack: &str,
    listing: QueueListing,
    resolved: Vec<ListedQueue>,
) -> anyhow::Result<TopologyQueues> {
    for queue in &resolved {
        if let Err(err) = &queue.name {
            return Err(err.clone().into());
        }
    }
    let read = read_stack(aws, stack, &listing, &resolved).await;
    let readings = read.readings(aws, &listing, &resolved).await;
    let mut queues = Vec::new();
    for (queue, reading) in resolved.into_iter().zip(readings) {
        let found = match (queue.name, queue.url, reading.attributes?) {
            (Ok(Some(name)), Some(url), Some(attributes)) => Some(FoundQueue {
                name,
                url,
                attributes,
                dlq: reading.dlq?,
            }),
            _ => None,
        };
        queues.push((queue.key, found));
    }
    Ok(TopologyQueues { listing, queues })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(names: &[&str]) -> QueueListing {
        QueueListing::from_urls(
            names
                .iter()
                .map(|n| format!("http://sqs.local/123456789012/{n}"))
                .collect(),
        )
    }

    #[test]
    fn the_rest_of_the_stack_is_where_the_dlqs_are() {
        let listing = listing(&[
            "chromadb-dev-lines-queue-1a2b3c4",
            "chromadb-dev-lines-dlq-5d6e7f8",
            "chromadb-prod-lines-dlq-0000000",
            "thumbnails-queue-dev-9a8b7c6",
        ]);
        let resolved = resolve_listed(&Topology::builtin(), "dev", &listing);
        let lines = resolved.iter().find(|q| q.key == "lines").unwrap();
        assert_eq!(
            lines.name,
            Ok(Some("chromadb-dev-lines-queue-1a2b3c4".to_string()))
        );
        assert_eq!(
            other_stack_queues(&listing, "dev", &resolved),
            [
                "chromadb-dev-lines-dlq-5d6e7f8",
                "thumbnails-queue-dev-9a8b7c6"
            ]
        );
    }
}
