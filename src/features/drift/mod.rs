//! `ccx drift`: per topology queue, the consumers the IaC declares against the live
//! ones. One round trip: the IaC's records (a file, `pulumi stack export`, or the
//! CloudFormation stack's three reads) at once with the mappings and queues listings.

use anyhow::Result;
use serde::Serialize;

use crate::aws::Aws;
use crate::base::topology::{IacSource, Topology};
use crate::judgements::consumers::{self, Source};
use crate::judgements::drift::{self, QueueDrift};
use crate::state::iac::{self, DesiredState};
use crate::state::mappings::{self, MappingInfo};
use crate::state::queues;

#[derive(Debug, Clone, Serialize)]
pub struct DriftReport {
    pub stack: String,
    /// Where the IaC's declaration was read: `{"kind", "stack"|"file"}`.
    pub iac: IacSource,
    /// Every queue matches what the IaC declares.
    pub ok: bool,
    pub queues: Vec<QueueDrift>,
}

impl DriftReport {
    pub fn build(
        stack: &str,
        desired: &DesiredState,
        sources: &[Source],
        all: &[MappingInfo],
    ) -> DriftReport {
        let queues = drift::judge(desired, sources, all);
        DriftReport {
            stack: stack.to_string(),
            iac: desired.source.clone(),
            ok: queues.iter().all(QueueDrift::in_sync),
            queues,
        }
    }

    pub fn differences(&self) -> usize {
        self.queues.iter().map(|q| q.differences.len()).sum()
    }
}

/// What the live account and the IaC say, read at once.
pub struct Readings {
    pub desired: DesiredState,
    pub sources: Vec<Source>,
    pub mappings: Vec<MappingInfo>,
}

pub async fn read(
    aws: &Aws,
    topology: &Topology,
    stack: &str,
    source: &IacSource,
) -> Result<Readings> {
    let (desired, mappings, queues) = tokio::join!(
        iac::read(source, aws),
        mappings::list_mappings(aws),
        queues::list_queues(aws)
    );
    // Bad IaC input is the error to tell first: it is the operator's to fix.
    let desired = desired?;
    let (mappings, queues) = (mappings?, queues?);
    let mapped = mappings.iter().map(|m| m.function_name.as_str());
    let listed = queues.names.iter().map(String::as_str);
    crate::judgements::stacks::ensure_found(topology, stack, listed.chain(mapped))?;
    let sources = consumers::group_by_source(topology, stack, &queues.names, &mappings, false)?;
    Ok(Readings {
        desired,
        sources,
        mappings,
    })
}
