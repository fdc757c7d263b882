//! `ccx mappings`: event source mappings grouped by source, each topology source judged.

use serde::Serialize;

use crate::judgements::consumers::{Source, SourceKind, Verdict};
use crate::judgements::mapping_reasons::{self, FailingMapping, Trouble};
use crate::judgements::source_judgement::{self, Judgement};
use crate::state::mapping_config::ProvisionedPollers;

#[derive(Debug, Serialize)]
pub struct MappingsReport {
    pub stack: String,
    pub all: bool,
    /// Every listed mapping, flat, in source order.
    pub mappings: Vec<MappingRow>,
    /// One entry per source with its verdict.
    pub sources: Vec<SourceRow>,
    /// One line per source with zero or several enabled consumers, or a mapping Lambda
    /// turned off or reports a problem with.
    pub problems: Vec<String>,
}

impl MappingsReport {
    /// No topology source has zero or several enabled consumers, or a mapping Lambda
    /// turned off or reports a problem with.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

#[derive(Debug, Serialize)]
pub struct MappingRow {
    pub uuid: String,
    pub function_name: String,
    pub function_arn: String,
    /// Topology key of the function, or null.
    pub function: Option<String>,
    pub event_source_arn: String,
    /// Topology key of the source (`lines`), or null for sources outside the topology.
    pub source: Option<String>,
    pub state: crate::state::mapping_state::MappingState,
    pub batch_size: Option<i32>,
    pub maximum_concurrency: Option<i32>,
    pub maximum_batching_window_seconds: Option<i32>,
    pub function_response_types: Vec<String>,
    pub last_modified: Option<String>,
    pub state_transition_reason: Option<String>,
    pub last_processing_result: Option<String>,
    /// What Lambda reports as wrong with the mapping (`mapping_reasons`).
    pub troubles: Vec<Trouble>,
    /// `MetricsConfig.Metrics`: `["EventCount"]` when Lambda publishes the mapping's own
    /// event counts; empty when off.
    pub metrics: Vec<String>,
    /// `ProvisionedPollerConfig` (`{"minimum", "maximum"}`); null: on-demand polling.
    pub provisioned_pollers: Option<ProvisionedPollers>,
}

#[derive(Debug, Serialize)]
pub struct SourceRow {
    pub source: Option<String>,
    pub kind: SourceKind,
    pub name: Option<String>,
    pub event_source_arn: Option<String>,
    pub expected_consumer: Option<String>,
    /// Functions with an enabled (or about to be enabled) mapping.
    pub enabled_consumers: Vec<String>,
    #[serde(flatten)]
    pub verdict: Verdict,
    /// Mappings Lambda turned off or reports a problem with, failing the source.
    pub failing_mappings: Vec<FailingMapping>,
    pub summary: String,
    pub problem: bool,
}

/// The report on `sources`: every mapping flat, and each source with its verdict.
pub fn build(stack: &str, all: bool, sources: &[Source]) -> MappingsReport {
    let mut rows = Vec::new();
    let mut source_rows = Vec::new();
    let mut problems = Vec::new();
    for source in sources {
        for m in &source.mappings {
            let info = &m.mapping;
            rows.push(MappingRow {
                uuid: info.uuid.clone(),
                function_name: info.function_name.clone(),
                function_arn: info.function_arn.clone(),
                function: m.function_key.clone(),
                event_source_arn: info.event_source_arn.clone(),
                source: source.key.clone(),
                state: info.state.clone(),
                batch_size: info.batch_size,
                maximum_concurrency: info.maximum_concurrency,
                maximum_batching_window_seconds: info.maximum_batching_window_seconds,
                function_response_types: info.function_response_types.clone(),
                last_modified: info.last_modified.clone(),
                state_transition_reason: info.state_transition_reason.clone(),
                last_processing_result: info.last_processing_result.clone(),
                troubles: mapping_reasons::troubles(info),
                metrics: info.metrics.clone(),
                provisioned_pollers: info.provisioned_pollers.clone(),
            });
        }
        // Outside the topology there is no expectation, but two consumers on one queue
        // is still worth a flag; only topology sources decide the exit code.
        let Judgement {
            problem,
            summary,
            failing,
        } = source_judgement::judge(source);
        if problem {
            let label = source.key.as_deref().unwrap_or("?");
            // A source not found has no name to give; its summary says it is missing.
            problems.push(match &source.name {
                Some(name) => format!("{label} ({name}): {summary}"),
                None => format!("{label}: {summary}"),
            });
        }
        source_rows.push(SourceRow {
            source: source.key.clone(),
            kind: source.kind,
            name: source.name.clone(),
            event_source_arn: source.event_source_arn.clone(),
            expected_consumer: source.expected_consumer.clone(),
            enabled_consumers: source
                .active()
                .map(|m| m.mapping.function_name.clone())
                .collect(),
            verdict: source.verdict.clone(),
            failing_mappings: failing,
            summary,
            problem,
        });
    }
    MappingsReport {
        stack: stack.to_string(),
        all,
        mappings: rows,
        sources: source_rows,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, ENHANCED, LEGACY, LINES};
    use crate::state::mapping_state::MappingState;

    #[test]
    fn two_consumers_on_a_topology_queue_are_a_problem() {
        let sources = fixtures::sources(
            vec![
                fixtures::mapping(
                    "m9",
                    LEGACY,
                    &fixtures::queue_arn(LINES),
                    MappingState::Enabled,
                ),
                fixtures::mapping(
                    "m10",
                    "image-resizer-dev-1",
                    &fixtures::queue_arn("thumbnails-queue-dev-1"),
                    MappingState::Enabled,
                ),
            ],
            true,
        );
        let report = build("dev", true, &sources);
        assert_eq!(report.mappings.len(), 6);
        let lines = report
            .sources
            .iter()
            .find(|s| s.source.as_deref() == Some("lines"))
            .unwrap();
        assert!(lines.problem);
        assert_eq!(lines.enabled_consumers.len(), 2);
        assert_eq!(report.problems.len(), 1);
        assert!(
            report.problems[0].starts_with(&format!("lines ({LINES}): 2 ENABLED CONSUMERS")),
            "{:?}",
            report.problems
        );
        let outside = report.sources.last().unwrap();
        assert_eq!(outside.source, None);
        assert!(!outside.problem);
        let m10 = report.mappings.iter().find(|m| m.uuid == "m10").unwrap();
        assert_eq!(m10.source, None);
        assert_eq!(m10.function, None);
        assert!(!report.ok());
    }

    #[test]
    fn a_source_not_found_is_named_by_its_key_alone() {
        let mut sources = fixtures::sources(vec![], false);
        let lines = sources
            .iter_mut()
            .find(|s| s.key.as_deref() == Some("lines"))
            .unwrap();
        lines.name = None;
        lines.mappings.clear();
        lines.verdict = Verdict::SourceMissing;
        let report = build("dev", false, &sources);
        assert_eq!(report.problems, ["lines: not found in this stack"]);
    }

    #[test]
    fn a_mapping_lambda_reports_failing_is_a_problem_even_with_one_consumer() {
        let mut sources = fixtures::sources(vec![], false);
        let lines = sources
            .iter_mut()
            .find(|s| s.key.as_deref() == Some("lines"))
            .unwrap();
        lines.mappings[0].mapping.last_processing_result =
            Some("PROBLEM: Function call failed".into());
        let report = build("dev", false, &sources);
        assert!(!report.ok());
        let row = report
            .sources
            .iter()
            .find(|s| s.source.as_deref() == Some("lines"))
            .unwrap();
        assert!(row.problem);
        assert_eq!(row.verdict, Verdict::Ok);
        assert_eq!(row.failing_mappings.len(), 1);
        assert_eq!(
            report.problems,
            [format!(
                "lines ({LINES}): one enabled consumer; Lambda reports {ENHANCED} (Enabled): \
                 last batch: PROBLEM: Function call failed"
            )]
        );
        let m1 = report.mappings.iter().find(|m| m.uuid == "m1").unwrap();
        assert_eq!(m1.troubles.len(), 1);
    }
}
