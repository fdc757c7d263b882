//! Guard's last word with an IaC source: once the mappings are stable, what the IaC
//! declares against the live consumers (`ccx drift`'s reading and judgement). After a
//! deploy the two should agree; a difference means the next deploy changes something
//! this one did not (or someone changed the account by hand meanwhile).

use serde::Serialize;

use crate::aws::Aws;
use crate::base::topology::{IacSource, Topology};
use crate::features::drift::{self, DriftReport};
use crate::judgements::drift::QueueDrift;
use crate::state::iac;

#[derive(Debug, Clone, Serialize)]
pub struct GuardDrift {
    /// Where the IaC's declaration was read: `{"kind", "stack"|"file"}`.
    pub iac: IacSource,
    /// Every queue's consumers as the IaC declares them (false when it could not be read).
    pub ok: bool,
    /// Why the IaC or the listings could not be read, in one line; null when they were.
    pub error: Option<String>,
    /// As `ccx drift -o json` prints them.
    pub queues: Vec<QueueDrift>,
}

impl GuardDrift {
    pub fn differences(&self) -> usize {
        self.queues.iter().map(|q| q.differences.len()).sum()
    }
}

/// Reads and judges, never failing: a read that fails is the report's `error`.
pub async fn check(aws: &Aws, topology: &Topology, stack: &str, source: &IacSource) -> GuardDrift {
    match drift::read(aws, topology, stack, source).await {
        Ok(readings) => {
            let report = DriftReport::build(
                stack,
                &readings.desired,
                &readings.sources,
                &readings.mappings,
            );
            GuardDrift {
                iac: report.iac,
                ok: report.ok,
                error: None,
                queues: report.queues,
            }
        }
        Err(e) => GuardDrift {
            iac: source.clone(),
            ok: false,
            error: Some(iac::one_line(&e)),
            queues: Vec::new(),
        },
    }
}
