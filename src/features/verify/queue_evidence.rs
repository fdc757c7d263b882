//! The queues side of `ccx verify`: the listing, then every queue of the stack at once
//! (the topology's queues and, among the rest, their dead-letter queues), and with
//! `--sample` a second reading of each topology queue's depth.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use futures::future::join_all;
use tokio::sync::oneshot;

use super::evidence::{QueueEvidence, QueuesEvidence};
use crate::aws::{Aws, AwsError};
use crate::base::topology::Topology;
use crate::state::queue_reads;
use crate::state::queues;

/// The queue names the metrics need, known from the listing alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListedNames {
    /// The topology queues found.
    pub queues: Vec<String>,
    /// The stack's other queues: where the topology queues' DLQs usually are.
    pub others: Vec<String>,
}

/// Where the queue side tells the metrics which queues it found, as soon as it knows.
pub struct NameSenders {
    pub listed: oneshot::Sender<ListedNames>,
    /// DLQs outside the stack, known from their queues' attributes.
    pub unread_dlqs: oneshot::Sender<Vec<String>>,
}

pub async fn gather(
    aws: &Aws,
    topology: &Topology,
    stack: &str,
    sample: Option<Duration>,
    names: NameSenders,
) -> Result<QueuesEvidence, AwsError> {
    let listing = queues::list_queues(aws).await?;
    let listed = queue_reads::resolve_listed(topology, stack, &listing);
    let found = ListedNames {
        queues: listed
            .iter()
            .filter_map(|q| q.name.clone().ok().flatten())
            .collect(),
        others: queue_reads::other_stack_queues(&listing, stack, &listed)
            .into_iter()
            .map(str::to_string)
            .collect(),
    };
    // Nobody listening (metrics reused from an earlier attempt) is fine.
    let _ = names.listed.send(found);
    let first_read_at = Instant::now();
    let second_readings = join_all(listed.iter().map(|queue| async move {
        let (Some(wait), Some(url)) = (sample, queue.url.as_deref()) else {
            return None;
        };
        tokio::time::sleep(wait.saturating_sub(first_read_at.elapsed())).await;
        let again = queues::queue_attributes(aws, url).await;
        Some(again.map(|a| (a.visible, first_read_at.elapsed().as_secs_f64())))
    }));
    let readings = async {
        let read = queue_reads::read_stack(aws, stack, &listing, &listed).await;
        let _ = names.unread_dlqs.send(read.unread_dlqs(&listed));
        read.readings(aws, &listing, &listed).await
    };
    let (readings, second_readings) = tokio::join!(readings, second_readings);
    let by_key: BTreeMap<String, QueueEvidence> = listed
        .into_iter()
        .zip(readings)
        .zip(second_readings)
        .map(|((queue, reading), second_reading)| {
            (
                queue.key,
                QueueEvidence {
                    name: queue.name,
                    attributes: reading.attributes,
                    dlq: reading.dlq,
                    second_reading,
                },
            )
        })
        .collect();
    Ok(QueuesEvidence {
        all_names: listing.names,
        by_key,
    })
}
