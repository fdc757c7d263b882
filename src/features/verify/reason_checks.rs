//! Lambda's own word on a source's mappings (`mapping_reasons`) applied to its
//! `consumers.KEY` check: a mapping Lambda turned off, or reports a problem with, fails
//! the check with Lambda's reason, whatever its state alone says.

use crate::judgements::consumers::Source;
use crate::judgements::mapping_reasons;

use super::finding::Finding;
use super::report::{Check, CheckStatus};

pub(super) fn with_lambda_reasons(mut check: Check, source: &Source) -> Check {
    let failing = mapping_reasons::failing_mappings(source);
    if failing.is_empty() {
        return check;
    }
    let reasons: Vec<String> = failing.iter().map(|f| f.describe()).collect();
    let Finding::Worded { summary, details } = &mut check.finding else {
        return check;
    };
    details.extend(reasons.iter().map(|r| format!("Lambda: {r}")));
    let name = source.name.as_deref().unwrap_or_default();
    if check.status < CheckStatus::Fail {
        check.status = CheckStatus::Fail;
        *summary = format!("{name}: Lambda reports {}", reasons.join("; "));
    } else if check.status == CheckStatus::Fail {
        *summary = format!("{summary}; Lambda reports {}", reasons.join("; "));
    }
    check
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, ENHANCED, LINES, STREAM_PROCESSOR};
    use crate::state::mapping_state::MappingState;

    /// The healthy sources, with `change` made to the first mapping of source `key`.
    fn source_with(
        key: &str,
        change: impl FnOnce(&mut crate::state::mappings::MappingInfo),
    ) -> Source {
        let mut source = fixtures::sources(vec![], false)
            .into_iter()
            .find(|s| s.key.as_deref() == Some(key))
            .unwrap();
        change(&mut source.mappings[0].mapping);
        source
    }

    #[test]
    fn an_enabled_consumer_that_lambda_reports_failing_fails_its_check() {
        let source = source_with("compaction-runs", |m| {
            m.last_processing_result = Some("PROBLEM: Function call failed".into())
        });
        let pass = Check::new("consumers.compaction-runs", "t", CheckStatus::Pass, "ok");
        let check = with_lambda_reasons(pass, &source);
        assert_eq!(check.status, CheckStatus::Fail);
        assert_eq!(
            check.summary(),
            format!(
                "chromadb-dev-compaction-runs-x: Lambda reports {STREAM_PROCESSOR} (Enabled): \
                 last batch: PROBLEM: Function call failed"
            )
        );
        assert_eq!(check.details().len(), 1);
        assert!(check.details()[0].starts_with("Lambda: "));
    }

    #[test]
    fn a_failed_check_keeps_its_summary_and_gains_lambdas_reason() {
        let source = source_with("lines", |m| {
            m.state = MappingState::Disabled;
            m.state_transition_reason = Some("PROBLEM: Function does not exist".into());
        });
        let summary = format!("{LINES} has no enabled consumer");
        let fail = Check::new("consumers.lines", "t", CheckStatus::Fail, summary);
        assert_eq!(
            with_lambda_reasons(fail, &source).summary(),
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
        let pass = Check::new("consumers.words", "t", CheckStatus::Pass, "fine");
        let check = with_lambda_reasons(pass, &source);
        assert_eq!(
            (check.status, check.summary().as_str()),
            (CheckStatus::Pass, "fine")
        );
    }
}
