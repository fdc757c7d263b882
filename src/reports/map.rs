//! `ccx map`: the pipeline as the topology describes it, with what is live: each queue
//! and stream, its depth, and every function mapped to it with the mapping's state.

use serde::Serialize;

use crate::consumers::{ClassifiedMapping, Source, SourceKind, Verdict};
use crate::state::queues::TopologyQueues;
use crate::topology::Topology;

#[derive(Debug, Serialize)]
pub struct MapReport {
    pub stack: String,
    pub sources: Vec<MapSource>,
    /// Sources with zero or several enabled consumers.
    pub problems: Vec<String>,
}

impl MapReport {
    /// No source has zero or several enabled consumers.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

#[derive(Debug, Serialize)]
pub struct MapSource {
    /// Topology key (`lines`, `compaction-runs`).
    pub source: String,
    pub kind: SourceKind,
    /// Queue or table name; null when not found in the stack.
    pub name: Option<String>,
    /// Queues only.
    pub depth: Option<Depth>,
    #[serde(flatten)]
    pub verdict: Verdict,
    pub summary: String,
    pub consumers: Vec<MapConsumer>,
}

#[derive(Debug, Serialize)]
pub struct Depth {
    pub visible: u64,
    pub in_flight: u64,
    pub delayed: u64,
    /// Null when the queue has no DLQ.
    pub dlq_visible: Option<u64>,
    /// CloudWatch's latest `ApproximateAgeOfOldestMessage`; null when it has no data.
    pub oldest_message_age_seconds: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct MapConsumer {
    /// Topology key of the function, or null.
    pub function: Option<String>,
    pub function_name: String,
    pub uuid: String,
    pub state: crate::state::mapping_state::MappingState,
    /// What the topology makes of this function on this source.
    pub relation: Relation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Expected,
    Fallback,
    Other,
}

/// Each queue's age of oldest message from CloudWatch (`ages` by queue name).
pub fn add_ages(report: &mut MapReport, ages: &std::collections::BTreeMap<String, u64>) {
    for source in &mut report.sources {
        if let (Some(name), Some(depth)) = (&source.name, &mut source.depth) {
            depth.oldest_message_age_seconds = ages.get(name).copied();
        }
    }
}

/// The map of the topology's sources (those outside it are left out), with the depth of
/// each queue as read.
pub fn build(
    topology: &Topology,
    stack: &str,
    sources: Vec<Source>,
    queues: &TopologyQueues,
) -> MapReport {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for source in sources {
        let Some(key) = source.key.clone() else {
            continue;
        };
        let fallback = topology
            .queues
            .get(&key)
            .and_then(|q| q.fallback.as_deref());
        let expected = source.expected_consumer.as_deref();
        let consumers = source
            .mappings
            .iter()
            .map(|m| consumer(m, expected, fallback))
            .collect();
        let depth = queues
            .queues
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, found)| found.as_ref())
            .map(|q| Depth {
                visible: q.attributes.visible,
                in_flight: q.attributes.in_flight,
                delayed: q.attributes.delayed,
                dlq_visible: q.dlq.as_ref().map(|d| d.attributes.visible),
                oldest_message_age_seconds: None,
            });
        let summary = source.summary();
        if source.verdict.is_consumer_count_problem() {
            problems.push(format!("{key}: {summary}"));
        }
        out.push(MapSource {
            source: key,
            kind: source.kind,
            name: source.name,
            depth,
            verdict: source.verdict,
            summary,
            consumers,
        });
    }
    MapReport {
        stack: stack.to_string(),
        sources: out,
        problems,
    }
}

fn consumer(m: &ClassifiedMapping, expected: Option<&str>, fallback: Option<&str>) -> MapConsumer {
    let relation = match m.function_key.as_deref() {
        Some(f) if Some(f) == expected => Relation::Expected,
        Some(f) if Some(f) == fallback => Relation::Fallback,
        _ => Relation::Other,
    };
    MapConsumer {
        function: m.function_key.clone(),
        function_name: m.mapping.function_name.clone(),
        uuid: m.mapping.uuid.clone(),
        state: m.mapping.state.clone(),
        relation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, LEGACY, LINES};
    use crate::state::mapping_state::MappingState;

    #[test]
    fn consumers_are_related_to_the_topology_and_queues_carry_depth() {
        let topology = Topology::builtin();
        let sources = fixtures::sources(
            vec![
                fixtures::mapping(
                    "m9",
                    LEGACY,
                    &fixtures::queue_arn(LINES),
                    MappingState::Disabled,
                ),
                fixtures::mapping(
                    "m10",
                    "image-resizer-dev-1",
                    &fixtures::queue_arn(LINES),
                    MappingState::Enabled,
                ),
            ],
            false,
        );
        let report = build(&topology, "dev", sources, &fixtures::topology_queues(4, 1));
        let lines = report.sources.iter().find(|s| s.source == "lines").unwrap();
        let relations: Vec<Relation> = lines.consumers.iter().map(|c| c.relation).collect();
        assert_eq!(
            relations,
            [Relation::Expected, Relation::Fallback, Relation::Other]
        );
        let depth = lines.depth.as_ref().unwrap();
        assert_eq!((depth.visible, depth.dlq_visible), (4, Some(1)));
        let stream = report
            .sources
            .iter()
            .find(|s| s.kind == SourceKind::Stream)
            .unwrap();
        assert!(stream.depth.is_none());
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        assert!(report.problems[0].starts_with("lines: 2 ENABLED CONSUMERS"));
        assert!(!report.ok());
    }
}
