//! What the IaC declares against what runs: per topology queue, each declared mapping
//! matched to a live one (by UUID, else by function) and every difference named
//! (`judge`); and what the next deploy does to a queue's consumers (`next_deploy`).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::aws::arn::{self, EventSource};
use crate::judgements::consumers::{Source, SourceKind};
use crate::state::iac::{DeclaredMapping, DesiredState};
use crate::state::mappings::MappingInfo;

/// One topology queue: what the IaC declares, what runs, how they differ.
#[derive(Debug, Clone, Serialize)]
pub struct QueueDrift {
    /// Topology key.
    pub queue: String,
    /// The real queue name; `None` when the stack has none.
    pub name: Option<String>,
    pub declared: Vec<DeclaredMapping>,
    pub live: Vec<LiveMapping>,
    pub differences: Vec<Difference>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LiveMapping {
    pub uuid: String,
    pub function_name: String,
    pub state: String,
}

/// Which part of a consumer differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Declared enabled and not, or the other way round.
    Enabled,
    Function,
    BatchSize,
    MaximumBatchingWindowSeconds,
    MaximumConcurrency,
    FunctionResponseTypes,
    /// Declared, and no such mapping runs.
    Missing,
    /// Enabled, and the IaC declares no such mapping.
    Undeclared,
}

/// One difference between a declared mapping and the live one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub field: Field,
    /// The IaC's name of the resource (URN, address, logical id); `None` when undeclared.
    pub resource: Option<String>,
    /// The live mapping; `None` when missing.
    pub uuid: Option<String>,
    /// The function the mapping is for (the declared one, else the live one).
    pub function_name: Option<String>,
    /// The values, as words (`enabled`, `10`, `ReportBatchItemFailures`).
    pub declared: Option<String>,
    pub live: Option<String>,
}

impl QueueDrift {
    pub fn in_sync(&self) -> bool {
        self.differences.is_empty()
    }
}

/// Every topology queue of `sources` judged against `desired`; `all` is every live
/// mapping (a declared mapping whose event source the records do not resolve is
/// placed by its UUID).
pub fn judge(desired: &DesiredState, sources: &[Source], all: &[MappingInfo]) -> Vec<QueueDrift> {
    sources
        .iter()
        .filter(|s| s.kind == SourceKind::Queue)
        .filter_map(|source| {
            let key = source.key.clone()?;
            let declared = declared_on(desired, source.name.as_deref(), all);
            let live: Vec<&MappingInfo> = source.mappings.iter().map(|m| &m.mapping).collect();
            let differences = compare(&declared, &live);
            Some(QueueDrift {
                queue: key,
                name: source.name.clone(),
                declared: declared.into_iter().cloned().collect(),
                live: live
                    .iter()
                    .map(|m| LiveMapping {
                        uuid: m.uuid.clone(),
                        function_name: m.function_name.clone(),
                        state: m.state.as_str().to_string(),
                    })
                    .collect(),
                differences,
            })
        })
        .collect()
}

/// The declared mappings whose event source is queue `name`.
pub fn declared_on<'a>(
    desired: &'a DesiredState,
    name: Option<&str>,
    all: &[MappingInfo],
) -> Vec<&'a DeclaredMapping> {
    let Some(name) = name else {
        return Vec::new();
    };
    desired
        .mappings
        .iter()
        .filter(|d| {
            let arn = d.event_source_arn.clone().or_else(|| {
                let uuid = d.uuid.as_deref()?;
                all.iter()
                    .find(|m| m.uuid == uuid)
                    .map(|m| m.event_source_arn.clone())
            });
            arn.is_some_and(
                |a| matches!(arn::event_source(&a), EventSource::Queue { name: n } if n == name),
            )
        })
        .collect()
}

/// The live mapping a declared one stands for: the same UUID, else one of its function.
fn matching<'a>(d: &DeclaredMapping, live: &[&'a MappingInfo]) -> Option<&'a MappingInfo> {
    let by_uuid = d
        .uuid
        .as_deref()
        .and_then(|u| live.iter().find(|m| m.uuid == u));
    by_uuid
        .or_else(|| {
            let f = d.function_name.as_deref()?;
            live.iter().find(|m| m.function_name == f)
        })
        .copied()
}

fn on_off(enabled: bool) -> String {
    if enabled { "enabled" } else { "disabled" }.to_string()
}

fn compare(declared: &[&DeclaredMapping], live: &[&MappingInfo]) -> Vec<Difference> {
    let mut differences = Vec::new();
    let mut matched = BTreeSet::new();
    for d in declared {
        let difference = |field,
                          live_uuid: Option<&str>,
                          declared: Option<String>,
                          now: Option<String>| Difference {
            field,
            resource: Some(d.resource.clone()),
            uuid: live_uuid.map(str::to_string),
            function_name: d.function_name.clone(),
            declared,
            live: now,
        };
        let Some(m) = matching(d, live) else {
            differences.push(difference(
                Field::Missing,
                None,
                Some(on_off(d.enabled)),
                None,
            ));
            continue;
        };
        matched.insert(m.uuid.clone());
        let uuid = Some(m.uuid.as_str());
        if let Some(f) = &d.function_name
            && *f != m.function_name
        {
            differences.push(Difference {
                function_name: Some(m.function_name.clone()),
                ..difference(
                    Field::Function,
                    uuid,
                    Some(f.clone()),
                    Some(m.function_name.clone()),
                )
            });
        }
        if d.enabled != m.may_consume() {
            differences.push(Difference {
                function_name: Some(m.function_name.clone()),
                ..difference(
                    Field::Enabled,
                    uuid,
                    Some(on_off(d.enabled)),
                    Some(m.state.as_str().to_string()),
                )
            });
        }
        let numbers = [
            (Field::BatchSize, d.batch_size, m.batch_size),
            (
                Field::MaximumBatchingWindowSeconds,
                d.maximum_batching_window_seconds,
                m.maximum_batching_window_seconds,
            ),
            (
                Field::MaximumConcurrency,
                d.maximum_concurrency,
                m.maximum_concurrency,
            ),
        ];
        for (field, want, have) in numbers {
            // A window of 0 is what Lambda reports when none is set.
            let same = want == have
                || (field == Field::MaximumBatchingWindowSeconds
                    && want.unwrap_or(0) == have.unwrap_or(0));
            if want.is_some() && !same {
                let show = |v: Option<i32>| {
                    Some(v.map_or_else(|| "not set".to_string(), |v| v.to_string()))
                };
                differences.push(difference(field, uuid, show(want), show(have)));
            }
        }
        if let Some(want) = &d.function_response_types {
            let (mut a, mut b) = (want.clone(), m.function_response_types.clone());
            a.sort();
            b.sort();
            if a != b {
                let show = |v: &[String]| {
                    Some(if v.is_empty() {
                        "none".to_string()
                    } else {
                        v.join(", ")
                    })
                };
                differences.push(difference(
                    Field::FunctionResponseTypes,
                    uuid,
                    show(&a),
                    show(&b),
                ));
            }
        }
    }
    for m in live {
        if !matched.contains(&m.uuid) && m.may_consume() {
            differences.push(Difference {
                field: Field::Undeclared,
                resource: None,
                uuid: Some(m.uuid.clone()),
                function_name: Some(m.function_name.clone()),
                declared: None,
                live: Some(m.state.as_str().to_string()),
            });
        }
    }
    differences
}

/// What the next deploy does to one queue whose enabled consumers will be `live`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct DeployEffect {
    /// The functions the IaC declares enabled on the queue.
    pub declares: Vec<String>,
    /// Declared enabled, not live: the deploy turns them on (or creates them).
    pub reenables: Vec<String>,
    /// Live, declared disabled: the deploy turns them off.
    pub disables: Vec<String>,
    /// Live, and not declared at all: the deploy leaves them as they are.
    pub leaves: Vec<String>,
    /// The resources whose declaration differs from `live`: what to change.
    pub resources: Vec<String>,
}

impl DeployEffect {
    /// The IaC already declares exactly `live`.
    pub fn keeps(&self) -> bool {
        self.reenables.is_empty() && self.disables.is_empty() && self.leaves.is_empty()
    }
}

/// The next deploy's effect on a queue: `declared` its declared mappings, `live` the
/// functions that will be its enabled consumers.
pub fn next_deploy(declared: &[&DeclaredMapping], live: &[&str]) -> DeployEffect {
    let mut effect = DeployEffect::default();
    let push = |list: &mut Vec<String>, v: &str| {
        if !list.iter().any(|x| x == v) {
            list.push(v.to_string());
        }
    };
    for d in declared.iter().filter(|d| d.enabled) {
        if let Some(f) = &d.function_name {
            push(&mut effect.declares, f);
            if !live.contains(&f.as_str()) {
                push(&mut effect.reenables, f);
                push(&mut effect.resources, &d.resource);
            }
        }
    }
    for f in live {
        let of_f: Vec<&&DeclaredMapping> = declared
            .iter()
            .filter(|d| d.function_name.as_deref() == Some(*f))
            .collect();
        if of_f.is_empty() {
            push(&mut effect.leaves, f);
        } else if of_f.iter().all(|d| !d.enabled) {
            push(&mut effect.disables, f);
            for d in of_f {
                push(&mut effect.resources, &d.resource);
            }
        }
    }
    effect
}

#[cfg(test)]
mod tests;
