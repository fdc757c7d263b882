//! The queue side of the pipeline read in one go, for the views that show queues with
//! their consumers (`ccx queues`, `ccx map`): the listings of queues and of mappings
//! first, then at once every queue of the stack and, when asked, the age of the
//! topology queues' oldest messages: two dependent round trips.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::aws::{Aws, AwsError};
use crate::base::topology::Topology;
use crate::state::mappings::{self, MappingInfo};
use crate::state::queues::{self, TopologyQueues};
use crate::state::{metrics, queue_reads};

pub struct QueuesAndMappings {
    pub queues: TopologyQueues,
    /// Every mapping in the account/region.
    pub mappings: Vec<MappingInfo>,
    /// The age of each found topology queue's oldest message in seconds, by name (no
    /// data: left out); `None` when not asked for.
    pub ages: Option<Result<BTreeMap<String, u64>, AwsError>>,
}

/// The topology's queues (resolved, with attributes and DLQs) and every mapping, read
/// concurrently; with `ages`, CloudWatch's age of the queues' oldest messages too.
pub async fn read_queues_and_mappings(
    aws: &Aws,
    topology: &Topology,
    stack: &str,
    ages: bool,
) -> anyhow::Result<QueuesAndMappings> {
    let queue_side = async {
        let listing = queues::list_queues(aws).await?;
        let resolved = queue_reads::resolve_listed(topology, stack, &listing);
        let names: Vec<String> = resolved
            .iter()
            .filter_map(|q| q.name.clone().ok().flatten())
            .collect();
        let ages = async {
            match ages {
                true => Some(metrics::oldest_message_ages(aws, &names).await),
                false => None,
            }
        };
        let (queues, ages) = tokio::join!(
            queue_reads::found_queues(aws, stack, listing, resolved),
            ages
        );
        anyhow::Ok((queues?, ages))
    };
    let ((queues, ages), mappings) = tokio::try_join!(queue_side, async {
        Ok(mappings::list_mappings(aws).await?)
    })?;
    Ok(QueuesAndMappings {
        queues,
        mappings,
        ages,
    })
}

/// The warning when the ages could not be read.
pub fn ages_unknown(err: &AwsError) -> String {
    format!("the age of the oldest messages is unknown: {err}")
}

/// The age of the queues' oldest messages across the readings of a watch. CloudWatch
/// publishes it once a minute, so it is asked for again only when a minute has passed.
#[derive(Default)]
pub struct OldestAges {
    read_at: Option<Instant>,
    ages: BTreeMap<String, u64>,
}

impl OldestAges {
    const REFRESH: Duration = Duration::from_secs(60);

    /// Whether this reading should ask for the ages again.
    pub fn due(&self) -> bool {
        self.read_at.is_none_or(|at| at.elapsed() >= Self::REFRESH)
    }

    /// The ages, from `read` when this reading asked for them (a failed read is told to
    /// `failed` and leaves none), else the last ones.
    pub fn update(
        &mut self,
        read: Option<Result<BTreeMap<String, u64>, AwsError>>,
        failed: impl FnOnce(&AwsError),
    ) -> &BTreeMap<String, u64> {
        if let Some(read) = read {
            self.read_at = Some(Instant::now());
            self.ages = read.unwrap_or_else(|err| {
                failed(&err);
                BTreeMap::new()
            });
        }
        &self.ages
    }
}
