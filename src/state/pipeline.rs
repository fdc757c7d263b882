//! The queue side of the pipeline read in one go, for the views that show queues with
//! their consumers (`ccx queues`, `ccx map`): one listing of queues, one of mappings.

use crate::aws::Aws;
use crate::state::mappings::{self, MappingInfo};
use crate::state::queues::{self, TopologyQueues};
use crate::topology::Topology;

pub struct QueuesAndMappings {
    pub queues: TopologyQueues,
    /// Every mapping in the account/region.
    pub mappings: Vec<MappingInfo>,
}

/// The topology's queues (resolved, with attributes and DLQs) and every mapping, read
/// concurrently.
pub async fn read_queues_and_mappings(
    aws: &Aws,
    topology: &Topology,
    stack: &str,
) -> anyhow::Result<QueuesAndMappings> {
    let (queues, mappings) =
        tokio::try_join!(queues::read_topology_queues(aws, topology, stack), async {
            Ok(mappings::list_mappings(aws).await?)
        },)?;
    Ok(QueuesAndMappings { queues, mappings })
}
