//! Lambda's own word on a source's mappings (`mapping_reasons`) applied to its
//! `consumers.KEY` check: a mapping Lambda turned off, or reports a problem with, fails
//! the check with Lambda's reason, whatever its state alone says.

use crate::judgements::consumers::Source;
use crate::judgements::mapping_reasons;

use super::consumer_finding::ConsumersFinding;

pub(super) fn with_lambda_reasons(
    mut finding: ConsumersFinding,
    source: &Source,
) -> ConsumersFinding {
    finding.lambda_reasons = mapping_reasons::failing_mappings(source)
        .iter()
        .map(|f| f.describe())
        .collect();
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::topology::Topology;
    use crate::features::verify::consumer_checks::source_check;
    use crate::features::verify::report::{Check, CheckStatus};
    use crate::fixtures::{self, ENHANCED, LINES, STREAM_PROCESSOR, WORDS};
    use crate::judgements::consumers::group_by_source;
    use crate::state::mapping_state::MappingState;

    /// The healthy sources, with `change` made to the first mapping of source `key`
    /// before they are judged.
    fn source_with(
        key: &str,
        change: impl FnOnce(&mut crate::state::mappings::MappingInfo),
    ) -> Source {
        let of_key = |sources: Vec<Source>| {
            sources
                .into_iter()
                .find(|s| s.key.as_deref() == Some(key))
                .unwrap()
        };
        let uuid = of_key(fixtures::sources(vec![], false)).mappings[0]
            .mapping
            .uuid
            .clone();
        let mut mappings = fixtures::healthy_mappings();
        change(mappings.iter_mut().find(|m| m.uuid == uuid).unwrap());
        let topology = Topology::builtin();
        let names = fixtures::queue_names();
        of_key(group_by_source(&topology, "dev", &names, &mappings, false).unwrap())
    }

    fn check_of(source: &Source) -> Check {
        let id = format!("consumers.{}", source.key.as_deref().unwrap_or_default());
        source_check(&Topology::builtin(), "dev", id, "t".into(), source)
    }

    #[test]
    fn an_enabled_consumer_that_lambda_reports_failing_fails_its_check() {
        let source = source_with("compaction-runs", |m| {
            m.last_processing_result = Some("PROBLEM: Function call failed".into())
        });
        let check = check_of(&source);
        assert_eq!(check.status, CheckStatus::Fail);
        assert_eq!(
            check.summary(),
            format!(
                "chromadb-dev-compaction-runs-x: Lambda reports {STREAM_PROCESSOR} (Enabled): \
                 last batch: PROBLEM: Function call failed"
            )
        );
        let details = check.details();
        assert!(
            details.last().unwrap().starts_with("Lambda: "),
            "{details:?}"
        );
    }

    #[test]
    fn a_failed_check_keeps_its_summary_and_gains_lambdas_reason() {
        let source = source_with("lines", |m| {
            m.state = MappingState::Disabled;
            m.state_transition_reason = Some("PROBLEM: Function does not exist".into());
        });
        let check = check_of(&source);
        assert_eq!(check.status, CheckStatus::Fail);
        assert_eq!(
            check.summary(),
            format!(
                "{LINES} has no enabled consumer; Lambda reports {ENHANCED} (Disabled): \
                 Lambda changed its state itself (PROBLEM: Function does not exist)"
            )
        );
    }

    #[test]
    fn a_source_lambda_has_nothing_against_keeps_its_check() {
        let source = source_with("words", |m| {
            m.state_transition_reason = Some("USER_INITIATED".into())
        });
        let check = check_of(&source);
        assert_eq!(
            (check.status, check.summary()),
            (CheckStatus::Pass, format!("{WORDS}: {ENHANCED} (Enabled)"))
        );
    }
}
