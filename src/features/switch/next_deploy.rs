//! What the next deploy does to a switch, computed from what the IaC declares (read
//! with the plan, when an IaC source is configured): per queue the functions it
//! declares enabled, which it re-enables and which it disables, and the resources to
//! change to make the switch permanent. Pure; the messages are `conclude`'s.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::topology::IacSource;
use crate::features::switch::plan::SwitchPlan;
use crate::judgements::drift::{self, DeployEffect};
use crate::state::iac::{DeclaredMapping, DesiredState};
use crate::state::mappings::MappingInfo;

/// The IaC's declarations for the queues a plan changes, kept from the planning reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Declared {
    pub source: IacSource,
    /// Topology queue key → the mappings the IaC declares on it.
    pub queues: BTreeMap<String, Vec<DeclaredMapping>>,
}

impl Declared {
    /// The declarations on every queue `plan` changes; `all` is every live mapping (a
    /// declared mapping the records place only by its UUID is found through it).
    pub fn of(desired: &DesiredState, plan: &SwitchPlan, all: &[MappingInfo]) -> Declared {
        let queues = plan
            .changing()
            .map(|q| {
                let on = drift::declared_on(desired, q.name.as_deref(), all);
                (q.queue.clone(), on.into_iter().cloned().collect())
            })
            .collect();
        Declared {
            source: desired.source.clone(),
            queues,
        }
    }
}

/// The next deploy's effect on every queue the plan changes (the JSON's `next_deploy`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextDeploy {
    /// Where the IaC's declaration was read: `{"kind", "stack"|"file"}`.
    pub iac: IacSource,
    /// Every queue's consumers are what the IaC declares: the next deploy keeps them.
    pub keeps: bool,
    pub queues: Vec<QueueDeploy>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueDeploy {
    /// Topology key.
    pub queue: String,
    pub name: Option<String>,
    /// The functions that are (or, in a plan, will be) the queue's enabled consumers.
    pub consumers: Vec<String>,
    pub keeps: bool,
    #[serde(flatten)]
    pub effect: DeployEffect,
}

impl NextDeploy {
    /// After the plan (also a dry run): each changing queue with its target as the only
    /// enabled consumer.
    pub fn planned(declared: &Declared, plan: &SwitchPlan) -> NextDeploy {
        let queues = plan
            .changing()
            .map(|q| {
                let consumers = q.target.name.iter().cloned().collect();
                queue(declared, &q.queue, q.name.clone(), consumers)
            })
            .collect();
        NextDeploy::new(declared, queues)
    }

    /// After the switch: each changing queue with the consumers the re-read found;
    /// `after` gives a queue key's real name and enabled consumers.
    pub fn applied(
        declared: &Declared,
        plan: &SwitchPlan,
        after: impl Fn(&str) -> Option<(Option<String>, Vec<String>)>,
    ) -> NextDeploy {
        let queues = plan
            .changing()
            .filter_map(|q| {
                let (name, consumers) = after(&q.queue)?;
                Some(queue(declared, &q.queue, name, consumers))
            })
            .collect();
        NextDeploy::new(declared, queues)
    }

    fn new(declared: &Declared, queues: Vec<QueueDeploy>) -> NextDeploy {
        NextDeploy {
            iac: declared.source.clone(),
            keeps: queues.iter().all(|q| q.keeps),
            queues,
        }
    }
}

fn queue(
    declared: &Declared,
    key: &str,
    name: Option<String>,
    consumers: Vec<String>,
) -> QueueDeploy {
    let on: Vec<&DeclaredMapping> = declared
        .queues
        .get(key)
        .map(|d| d.iter().collect())
        .unwrap_or_default();
    let live: Vec<&str> = consumers.iter().map(String::as_str).collect();
    let effect = drift::next_deploy(&on, &live);
    QueueDeploy {
        queue: key.to_string(),
        name,
        consumers,
        keeps: effect.keeps(),
        effect,
    }
}

/// One queue's effect in a sentence: "the IaC declares X on lines; the next deploy
/// re-enables X and disables Y".
pub fn sentence(q: &QueueDeploy) -> String {
    let e = &q.effect;
    let declares = if e.declares.is_empty() {
        format!("the IaC declares no enabled consumer on {}", q.queue)
    } else {
        format!("the IaC declares {} on {}", e.declares.join(", "), q.queue)
    };
    let mut does = Vec::new();
    if !e.reenables.is_empty() {
        does.push(format!("re-enables {}", e.reenables.join(", ")));
    }
    if !e.disables.is_empty() {
        does.push(format!("disables {}", e.disables.join(", ")));
    }
    if !e.leaves.is_empty() {
        does.push(format!(
            "leaves {} enabled (the IaC declares no mapping for {})",
            e.leaves.join(", "),
            if e.leaves.len() == 1 { "it" } else { "them" }
        ));
    }
    if does.is_empty() {
        format!("{declares}: the next deploy keeps it")
    } else {
        format!("{declares}; the next deploy {}", does.join(" and "))
    }
}

#[cfg(test)]
pub(crate) mod tests;
