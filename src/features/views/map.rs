//! `ccx map`: the pipeline in the order work flows through it, with what is live: each
//! queue and stream, its depth and dead-letter queue, every function mapped to it with
//! the mapping's state, and where those functions write next. Also as a graph (nodes and
//! edges) for scripts.

pub mod flow;

use serde::Serialize;

use crate::base::topology::Topology;
use crate::judgements::consumers::{ClassifiedMapping, Source, SourceKind, Verdict};
use crate::state::mapping_state::MappingState;
use crate::state::queues::TopologyQueues;
use flow::{FlowNode, Stage};

#[derive(Debug, Serialize)]
pub struct MapReport {
    pub stack: String,
    /// The topology's queues and streams, in flow order.
    pub sources: Vec<MapSource>,
    /// Queues, streams, dead-letter queues and functions.
    pub nodes: Vec<Node>,
    /// Mappings (source to function), writes (function to source) and dead letters
    /// (queue to its DLQ).
    pub edges: Vec<Edge>,
    /// How the sources follow each other, by index into `sources`.
    #[serde(skip)]
    pub flows: Vec<FlowNode>,
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
    pub dlq_name: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MapConsumer {
    /// Topology key of the function, or null.
    pub function: Option<String>,
    pub function_name: String,
    pub uuid: String,
    pub state: MappingState,
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

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Expected => "expected",
            Relation::Fallback => "fallback",
            Relation::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Queue,
    Stream,
    Dlq,
    Function,
}

#[derive(Debug, Serialize)]
pub struct Node {
    /// `queue:KEY`, `stream:KEY`, `dlq:KEY` (the DLQ of queue KEY), `function:KEY`, or
    /// `function:NAME` for a function outside the topology.
    pub id: String,
    pub kind: NodeKind,
    /// Topology key; null for a function outside the topology.
    pub key: Option<String>,
    /// Real name; null when not found (or, for a function, not seen in any mapping).
    pub name: Option<String>,
    /// Queues and DLQs: messages available.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_flight: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delayed: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// An event source mapping: the function reads the source.
    Mapping,
    /// The topology says the function writes the queue (or the stream's table).
    Writes,
    /// Messages that keep failing move from the queue to its DLQ.
    DeadLetter,
}

#[derive(Debug, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// Mappings only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<MappingState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,
}

/// The map of the topology's sources (those outside it are left out) in flow order, with
/// the depth of each queue as read.
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
        let judged = crate::judgements::source_judgement::judge(&source);
        let summary = judged.summary;
        if judged.problem {
            problems.push(format!("{key}: {summary}"));
        }
        out.push(map_source(topology, key, source, queues, summary));
    }
    let stages: Vec<Stage> = out.iter().map(|s| stage(topology, s)).collect();
    let flows = flow::order(&stages, |function| {
        topology
            .functions
            .get(function)
            .map_or(&[][..], |f| f.writes.as_slice())
    });
    let order = flow::preorder(&flows);
    let flows = flow::renumber(flows, &|i| position(&order, i));
    let mut slots: Vec<Option<MapSource>> = out.into_iter().map(Some).collect();
    let sources: Vec<MapSource> = order.iter().filter_map(|&i| slots[i].take()).collect();
    let (nodes, edges) = graph(topology, &sources);
    MapReport {
        stack: stack.to_string(),
        sources,
        nodes,
        edges,
        flows,
        problems,
    }
}

fn position(order: &[usize], index: usize) -> usize {
    order.iter().position(|&i| i == index).unwrap_or(index)
}

fn map_source(
    topology: &Topology,
    key: String,
    source: Source,
    queues: &TopologyQueues,
    summary: String,
) -> MapSource {
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
            dlq_name: q.dlq.as_ref().map(|d| d.name.clone()),
            oldest_message_age_seconds: None,
        });
    MapSource {
        source: key,
        kind: source.kind,
        name: source.name,
        depth,
        verdict: source.verdict,
        summary,
        consumers,
    }
}

/// The functions the flow follows from a source: the expected consumer, the fallback,
/// then every topology function mapped to it.
fn stage(topology: &Topology, source: &MapSource) -> Stage {
    let spec_consumer = topology
        .queues
        .get(&source.source)
        .map(|q| (Some(q.consumer.clone()), q.fallback.clone()))
        .or_else(|| {
            topology
                .streams
                .get(&source.source)
                .map(|s| (Some(s.consumer.clone()), None))
        })
        .unwrap_or((None, None));
    let mut consumers: Vec<String> = Vec::new();
    let mapped = source.consumers.iter().filter_map(|c| c.function.clone());
    for key in [spec_consumer.0, spec_consumer.1]
        .into_iter()
        .flatten()
        .chain(mapped)
    {
        if !consumers.contains(&key) {
            consumers.push(key);
        }
    }
    Stage {
        key: source.source.clone(),
        consumers,
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

fn source_id(source: &MapSource) -> String {
    let kind = match source.kind {
        SourceKind::Stream => "stream",
        _ => "queue",
    };
    format!("{kind}:{}", source.source)
}

fn function_id(consumer: &MapConsumer) -> String {
    format!(
        "function:{}",
        consumer
            .function
            .as_deref()
            .unwrap_or(&consumer.function_name)
    )
}

/// The graph: per source (in flow order) its node, its DLQ and the functions mapped to
/// it; then what the topology's functions write.
fn graph(topology: &Topology, sources: &[MapSource]) -> (Vec<Node>, Vec<Edge>) {
    let mut nodes: Vec<Node> = Vec::new();
    let mut edges = Vec::new();
    for source in sources {
        let id = source_id(source);
        let kind = match source.kind {
            SourceKind::Stream => NodeKind::Stream,
            _ => NodeKind::Queue,
        };
        let depth = source.depth.as_ref();
        nodes.push(Node {
            id: id.clone(),
            kind,
            key: Some(source.source.clone()),
            name: source.name.clone(),
            visible: depth.map(|d| d.visible),
            in_flight: depth.map(|d| d.in_flight),
            delayed: depth.map(|d| d.delayed),
        });
        if let Some(d) = depth.filter(|d| d.dlq_name.is_some()) {
            let dlq = format!("dlq:{}", source.source);
            nodes.push(Node {
                id: dlq.clone(),
                kind: NodeKind::Dlq,
                key: Some(source.source.clone()),
                name: d.dlq_name.clone(),
                visible: d.dlq_visible,
                in_flight: None,
                delayed: None,
            });
            edges.push(plain_edge(&id, &dlq, EdgeKind::DeadLetter));
        }
        for c in &source.consumers {
            let function = function_id(c);
            if !nodes.iter().any(|n| n.id == function) {
                nodes.push(Node {
                    id: function.clone(),
                    kind: NodeKind::Function,
                    key: c.function.clone(),
                    name: Some(c.function_name.clone()),
                    visible: None,
                    in_flight: None,
                    delayed: None,
                });
            }
            edges.push(Edge {
                uuid: Some(c.uuid.clone()),
                state: Some(c.state.clone()),
                relation: Some(c.relation),
                ..plain_edge(&id, &function, EdgeKind::Mapping)
            });
        }
    }
    for (key, spec) in &topology.functions {
        for target in &spec.writes {
            let Some(to) = sources.iter().find(|s| &s.source == target) else {
                continue;
            };
            let function = format!("function:{key}");
            if !nodes.iter().any(|n| n.id == function) {
                nodes.push(Node {
                    id: function.clone(),
                    kind: NodeKind::Function,
                    key: Some(key.clone()),
                    name: None,
                    visible: None,
                    in_flight: None,
                    delayed: None,
                });
            }
            edges.push(plain_edge(&function, &source_id(to), EdgeKind::Writes));
        }
    }
    (nodes, edges)
}

fn plain_edge(from: &str, to: &str, kind: EdgeKind) -> Edge {
    Edge {
        from: from.to_string(),
        to: to.to_string(),
        kind,
        uuid: None,
        state: None,
        relation: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, LEGACY, LINES};
    use crate::state::mapping_state::MappingState;

    fn report(extra: Vec<crate::state::mappings::MappingInfo>) -> MapReport {
        let topology = Topology::builtin();
        let sources = fixtures::sources(extra, false);
        build(&topology, "dev", sources, &fixtures::topology_queues(4, 1))
    }

    #[test]
    fn consumers_are_related_to_the_topology_and_queues_carry_depth() {
        let report = report(vec![
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
        ]);
        let lines = report.sources.iter().find(|s| s.source == "lines").unwrap();
        let relations: Vec<Relation> = lines.consumers.iter().map(|c| c.relation).collect();
        assert_eq!(
            relations,
            [Relation::Expected, Relation::Fallback, Relation::Other]
        );
        let depth = lines.depth.as_ref().unwrap();
        assert_eq!((depth.visible, depth.dlq_visible), (4, Some(1)));
        assert_eq!(
            depth.dlq_name.as_deref(),
            Some("chromadb-dev-lines-queue-a-dlq")
        );
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

    #[test]
    fn sources_come_in_flow_order() {
        let report = report(Vec::new());
        let order: Vec<&str> = report.sources.iter().map(|s| s.source.as_str()).collect();
        assert_eq!(order, ["embed-ndjson", "compaction-runs", "lines", "words"]);
        assert_eq!(report.flows.len(), 1);
        assert_eq!(flow::preorder(&report.flows), [0, 1, 2, 3]);
    }

    #[test]
    fn the_graph_has_mappings_writes_and_dead_letters() {
        let report = report(Vec::new());
        let edge = |from: &str, to: &str| {
            report
                .edges
                .iter()
                .find(|e| e.from == from && e.to == to)
                .unwrap_or_else(|| panic!("no edge {from} -> {to}"))
        };
        let mapping = edge("queue:lines", "function:enhanced-compaction");
        assert_eq!(mapping.kind, EdgeKind::Mapping);
        assert_eq!(mapping.state, Some(MappingState::Enabled));
        assert_eq!(mapping.relation, Some(Relation::Expected));
        assert_eq!(
            edge("function:stream-processor", "queue:words").kind,
            EdgeKind::Writes
        );
        assert_eq!(
            edge("function:embed-from-ndjson", "stream:compaction-runs").kind,
            EdgeKind::Writes
        );
        assert_eq!(edge("queue:lines", "dlq:lines").kind, EdgeKind::DeadLetter);
        let ids: Vec<&str> = report.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(
            ids.iter()
                .filter(|id| **id == "function:enhanced-compaction")
                .count(),
            1,
            "{ids:?}"
        );
        let dlq = report.nodes.iter().find(|n| n.id == "dlq:lines").unwrap();
        assert_eq!((dlq.kind, dlq.visible), (NodeKind::Dlq, Some(1)));
        // Every edge joins two nodes.
        for e in &report.edges {
            assert!(
                ids.contains(&e.from.as_str()) && ids.contains(&e.to.as_str()),
                "{e:?}"
            );
        }
    }
}
