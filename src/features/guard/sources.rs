//! The sources `ccx guard` watches: every topology queue and stream, resolved once at
//! the start to the event source ARN each reading filters by.

use futures::future::join_all;
use serde::Serialize;

use crate::aws::Aws;
use crate::base::topology::Topology;
use crate::judgements::consumers::SourceKind;
use crate::judgements::stacks;
use crate::state::consumer_listings::{self, ConsumerListings};
use crate::state::queues;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WatchedSource {
    /// Topology key (`lines`, `compaction-runs`).
    pub source: String,
    pub kind: SourceKind,
    /// Queue or table name; None when the stack has none at the start.
    pub name: Option<String>,
    /// What each reading filters by; None when the source could not be found.
    pub event_source_arn: Option<String>,
    /// Topology key of the function that should consume it.
    pub expected_consumer: String,
}

impl WatchedSource {
    pub fn is_watched(&self) -> bool {
        self.event_source_arn.is_some()
    }
}

/// Resolves every topology source once: one queue listing and one mapping listing,
/// then the ARN of each queue that has no mapping yet (GetQueueAttributes). A stream is
/// found through its mappings; one without any at the start is not watched.
pub async fn resolve(
    aws: &Aws,
    topology: &Topology,
    stack: &str,
) -> anyhow::Result<Vec<WatchedSource>> {
    let ConsumerListings {
        queues: listing,
        mappings: all_mappings,
    } = consumer_listings::read(aws).await?;
    let grouped =
        stacks::judged_sources(topology, stack, &listing.names, &all_mappings, [], false)?;
    let resolved = grouped.into_iter().filter_map(|source| {
        let key = source.key?;
        let listing = &listing;
        Some(async move {
            let event_source_arn = match (&source.event_source_arn, source.kind, &source.name) {
                (Some(arn), _, _) => Some(arn.clone()),
                (None, SourceKind::Queue, Some(name)) => match listing.url_of(name) {
                    Some(url) => queues::queue_attributes(aws, url).await?.arn,
                    None => None,
                },
                _ => None,
            };
            Ok::<_, anyhow::Error>(WatchedSource {
                source: key,
                kind: source.kind,
                name: source.name,
                event_source_arn,
                expected_consumer: source.expected_consumer.unwrap_or_default(),
            })
        })
    });
    join_all(resolved).await.into_iter().collect()
}
