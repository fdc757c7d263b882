//! The queue named on the command line (a topology queue key or a real queue name) and
//! its dead-letter queue, from the queue's redrive policy.

use anyhow::{Result, bail};
use serde::Serialize;

use crate::aws::Aws;
use crate::base::resolve;
use crate::base::topology::Topology;
use crate::state::queues::{self, DeadLetterQueue, QueueAttributes};

/// A queue with a dead-letter queue, both read.
#[derive(Debug, Clone, PartialEq)]
pub struct DlqTarget {
    /// The topology key, when the queue is one of the topology's.
    pub key: Option<String>,
    pub name: String,
    pub url: String,
    pub attributes: QueueAttributes,
    pub dlq: DeadLetterQueue,
}

/// How reports name the queue: where it came from and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueRef {
    /// Topology key, or null for a queue outside the topology.
    pub key: Option<String>,
    pub name: String,
    pub arn: Option<String>,
}

impl DlqTarget {
    /// The key when there is one, else the real name.
    pub fn label(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.name)
    }

    pub fn queue_ref(&self) -> QueueRef {
        QueueRef {
            key: self.key.clone(),
            name: self.name.clone(),
            arn: self.attributes.arn.clone(),
        }
    }
}

/// The real queue `given` stands for, and the topology key it has (if any): a topology
/// key is resolved within `stack` (missing or ambiguous is an error naming candidates);
/// anything else must be the exact name of a listed queue.
pub fn choose(
    topology: &Topology,
    stack: &str,
    given: &str,
    names: &[String],
) -> Result<(Option<String>, String)> {
    if let Some(spec) = topology.queues.get(given) {
        let name = resolve::resolve_required("queue", given, &spec.pattern, stack, names)?;
        return Ok((Some(given.to_string()), name));
    }
    if names.iter().any(|n| n == given) {
        let key = topology
            .queues
            .iter()
            .find(|(_, q)| resolve::matches(given, &q.pattern, stack))
            .map(|(k, _)| k.clone());
        return Ok((key, given.to_string()));
    }
    let keys: Vec<&str> = topology.queues.keys().map(String::as_str).collect();
    bail!(
        "`{given}` is neither a topology queue ({}) nor the name of a queue in this account and region",
        keys.join(", ")
    )
}

/// Finds `given`, reads its attributes and its DLQ's. A queue without a DLQ is an error.
pub async fn read(aws: &Aws, topology: &Topology, stack: &str, given: &str) -> Result<DlqTarget> {
    let listing = queues::list_queues(aws).await?;
    let (key, name) = choose(topology, stack, given, &listing.names)?;
    let url = listing
        .url_of(&name)
        .map(str::to_string)
        .unwrap_or_default();
    let attributes = queues::queue_attributes(aws, &url).await?;
    let Some(dlq) = queues::dead_letter_queue(aws, &attributes, &listing.urls).await? else {
        bail!(
            "queue {name} has no dead-letter queue: its redrive policy names none, so failed messages are not kept"
        );
    };
    Ok(DlqTarget {
        key,
        name,
        url,
        attributes,
        dlq,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, LINES};

    #[test]
    fn a_key_or_a_real_name_picks_the_queue() {
        let t = Topology::builtin();
        let names = fixtures::queue_names();
        assert_eq!(
            choose(&t, "dev", "lines", &names).unwrap(),
            (Some("lines".to_string()), LINES.to_string())
        );
        assert_eq!(
            choose(&t, "dev", LINES, &names).unwrap(),
            (Some("lines".to_string()), LINES.to_string())
        );
        let mut others = names.clone();
        others.push("thumbnails-queue-dev-x".into());
        assert_eq!(
            choose(&t, "dev", "thumbnails-queue-dev-x", &others).unwrap(),
            (None, "thumbnails-queue-dev-x".to_string())
        );
    }

    #[test]
    fn an_unknown_queue_names_the_topology_keys() {
        let t = Topology::builtin();
        let err = choose(&t, "dev", "lnes", &fixtures::queue_names())
            .unwrap_err()
            .to_string();
        assert!(err.contains("`lnes` is neither"), "{err}");
        assert!(err.contains("embed-ndjson, lines, words"), "{err}");
        let err = choose(&t, "prod", "lines", &fixtures::queue_names())
            .unwrap_err()
            .to_string();
        assert!(err.contains("lines"), "{err}");
    }
}
