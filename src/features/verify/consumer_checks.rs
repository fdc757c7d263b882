//! The `consumers.KEY` checks: each topology queue and stream against the one-consumer
//! rule (exactly one enabled consumer, the expected one), with what Lambda reports of
//! its mappings (`reason_checks`).

use crate::aws::arn;
use crate::base::topology::Topology;
use crate::judgements::consumers::{Source, SourceKind, Verdict};
use crate::state::mappings::MappingInfo;

use super::checks::error_check;
use super::consumer_finding::{ConsumersFinding, ConsumersJudged, MappingLine};
use super::evidence::Evidence;
use super::finding::Finding;
use super::reason_checks;
use super::report::Check;

pub(super) fn consumer_checks(
    topology: &Topology,
    ev: &Evidence,
    sources: Option<&Result<Vec<Source>, String>>,
) -> Vec<Check> {
    let keys = topology
        .queues
        .keys()
        .map(|k| (k, SourceKind::Queue))
        .chain(topology.streams.keys().map(|k| (k, SourceKind::Stream)));
    let mut checks = Vec::new();
    for (key, kind) in keys {
        let id = format!("consumers.{key}");
        let title = match kind {
            SourceKind::Stream => format!("one consumer on stream {key}"),
            _ => format!("one consumer on queue {key}"),
        };
        let sources = match (sources, &ev.mappings, &ev.queues) {
            (Some(Ok(s)), _, _) => s,
            (Some(Err(e)), _, _) => {
                checks.push(error_check(id, title, e));
                continue;
            }
            (None, Err(e), _) => {
                checks.push(error_check(id, title, e));
                continue;
            }
            (None, _, Err(e)) => {
                checks.push(error_check(id, title, e));
                continue;
            }
            (None, Ok(_), Ok(_)) => unreachable!("sources are computed when both listings succeed"),
        };
        let Some(source) = sources
            .iter()
            .find(|s| s.key.as_deref() == Some(key.as_str()))
        else {
            continue;
        };
        checks.push(source_check(topology, &ev.stack, id, title, source));
    }
    checks
}

/// The check of one topology source.
pub(super) fn source_check(
    topology: &Topology,
    stack: &str,
    id: String,
    title: String,
    source: &Source,
) -> Check {
    let key = source.key.clone().unwrap_or_default();
    let transitional: Vec<MappingLine> = source
        .mappings
        .iter()
        .map(|m| &m.mapping)
        .filter(|m| m.is_transitional())
        .map(mapping_line)
        .collect();
    let judged = match (&source.verdict, topology.queues.get(&key)) {
        (Verdict::SourceMissing, Some(queue)) => ConsumersJudged::QueueMissing {
            stack: stack.to_string(),
            pattern: queue.pattern.clone(),
        },
        (verdict @ (Verdict::SourceMissing | Verdict::Duplicate { .. }), _) => {
            ConsumersJudged::Verdict(verdict.clone())
        }
        _ if !transitional.is_empty() => ConsumersJudged::InTransition(transitional),
        (verdict, _) => ConsumersJudged::Verdict(verdict.clone()),
    };
    let last_results = match source.kind {
        SourceKind::Stream => source
            .active()
            .map(|m| m.mapping.last_processing_result.clone())
            .collect(),
        _ => Vec::new(),
    };
    let finding = ConsumersFinding {
        key,
        name: source.name.clone().unwrap_or_default(),
        judged,
        consumer: source.active().next().map(|m| mapping_line(&m.mapping)),
        mappings: source
            .mappings
            .iter()
            .map(|m| mapping_line(&m.mapping))
            .collect(),
        last_results,
        lookup: source.lookup.clone(),
        lambda_reasons: Vec::new(),
    };
    // What Lambda reports of the mappings can fail a check their states pass.
    let finding = reason_checks::with_lambda_reasons(finding, source);
    let settling = matches!(finding.judged, ConsumersJudged::InTransition(_));
    let check = Check::found(
        id,
        title,
        finding.status(),
        Finding::Consumers(Box::new(finding)),
    );
    if settling { check.settling() } else { check }
}

fn mapping_line(m: &MappingInfo) -> MappingLine {
    MappingLine {
        uuid: m.uuid.clone(),
        function_name: m.function_name.clone(),
        qualified_arn: arn::function_qualifier(&m.function_arn).map(|_| m.function_arn.clone()),
        state: m.state.clone(),
    }
}
