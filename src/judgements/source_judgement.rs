//! The one judgement of a topology source, for every view that shows it (`mappings`,
//! `map` and `queues`, once or under `--watch`): exactly one enabled consumer (zero,
//! several, or the source missing is a problem), and no mapping that Lambda turned off
//! or reports a problem with. A source that fails it is a problem, and a problem makes
//! the exit code 1 wherever it is shown.

use crate::judgements::consumers::Source;
use crate::judgements::mapping_reasons::{self, FailingMapping};

/// What a source is judged to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// The source fails the judgement.
    pub problem: bool,
    /// The verdict in one line, with what Lambda reports of failing mappings.
    pub summary: String,
    /// The mappings Lambda turned off or reports a problem with (topology sources only).
    pub failing: Vec<FailingMapping>,
}

/// Judges `source`. A source outside the topology has no expectation: its two consumers
/// are still described, but it is never a problem.
pub fn judge(source: &Source) -> Judgement {
    let failing = match source.key {
        Some(_) => mapping_reasons::failing_mappings(source),
        None => Vec::new(),
    };
    let problem =
        source.key.is_some() && (source.verdict.is_consumer_count_problem() || !failing.is_empty());
    let mut summary = source.summary();
    if !failing.is_empty() {
        let reasons: Vec<String> = failing.iter().map(FailingMapping::describe).collect();
        summary = format!("{summary}; Lambda reports {}", reasons.join("; "));
    }
    Judgement {
        problem,
        summary,
        failing,
    }
}
