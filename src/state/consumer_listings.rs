//! The two listings every view of consumers starts from: the account's queues and its
//! event source mappings, read at once (one round trip of wall time).

use crate::aws::{Aws, AwsError};
use crate::state::mappings::{self, MappingInfo};
use crate::state::queues::{self, QueueListing};

pub struct ConsumerListings {
    pub queues: QueueListing,
    /// Every mapping in the account and region.
    pub mappings: Vec<MappingInfo>,
}

pub async fn read(aws: &Aws) -> Result<ConsumerListings, AwsError> {
    let (queues, mappings) =
        tokio::try_join!(queues::list_queues(aws), mappings::list_mappings(aws))?;
    Ok(ConsumerListings { queues, mappings })
}
