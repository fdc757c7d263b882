//! What Lambda says about a mapping besides its state. `StateTransitionReason` tells who
//! made the last state change: the user ("User initiated", "User action",
//! `USER_INITIATED`) or Lambda itself ("Lambda initiated", an error code, or a
//! `PROBLEM: …` text), which is how AWS disables a mapping whose function or
//! permissions broke, without a warning. `LastProcessingResult` starting with
//! `PROBLEM:` says the last batch failed (function call failed, function not found,
//! access denied). The one judgement of those fields, for `verify`, `mappings` and
//! `guard`.

use serde::Serialize;

use crate::judgements::consumers::Source;
use crate::state::mapping_state::{Heading, MappingState};
use crate::state::mappings::MappingInfo;

/// Which field of the mapping raised the trouble.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TroubleField {
    StateTransitionReason,
    LastProcessingResult,
}

/// One thing Lambda reports as wrong with a mapping, in Lambda's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trouble {
    pub field: TroubleField,
    /// Lambda's text, verbatim.
    pub reason: String,
}

impl Trouble {
    /// `Lambda changed the state itself: PROBLEM: …` / `last batch: PROBLEM: …`.
    pub fn describe(&self) -> String {
        match self.field {
            TroubleField::StateTransitionReason => {
                format!("Lambda changed its state itself ({})", self.reason)
            }
            TroubleField::LastProcessingResult => format!("last batch: {}", self.reason),
        }
    }
}

/// Every trouble Lambda reports for `mapping` (none when the user made the last state
/// change and the last batch did not fail).
pub fn troubles(mapping: &MappingInfo) -> Vec<Trouble> {
    let mut found = Vec::new();
    if let Some(reason) = mapping.state_transition_reason.as_deref().map(str::trim)
        && !reason.is_empty()
        && !is_user_initiated(reason)
    {
        found.push(Trouble {
            field: TroubleField::StateTransitionReason,
            reason: reason.to_string(),
        });
    }
    if let Some(result) = mapping.last_processing_result.as_deref().map(str::trim)
        && is_problem(result)
    {
        found.push(Trouble {
            field: TroubleField::LastProcessingResult,
            reason: result.to_string(),
        });
    }
    found
}

/// The troubles of `mapping` that make its source fail, given whether its function is
/// the source's expected consumer. A mapping that may consume fails with any trouble
/// (it looks enabled, but Lambda says it does not work). A mapping that is off fails
/// only when Lambda turned it off and it belongs to the expected consumer: a
/// disabled old consumer's last failure is history, not a fault.
pub fn failing_troubles(mapping: &MappingInfo, expected_consumer: bool) -> Vec<Trouble> {
    let all = troubles(mapping);
    if mapping.may_consume() {
        return all;
    }
    let turned_off = mapping.state.heading() == Some(Heading::Off);
    if turned_off && expected_consumer {
        return all
            .into_iter()
            .filter(|t| t.field == TroubleField::StateTransitionReason)
            .collect();
    }
    Vec::new()
}

/// A mapping of a source with the troubles that make the source fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailingMapping {
    pub uuid: String,
    pub function_name: String,
    pub state: MappingState,
    pub troubles: Vec<Trouble>,
}

impl FailingMapping {
    /// `NAME (Enabled): Lambda changed its state itself (…); last batch: PROBLEM: …`.
    pub fn describe(&self) -> String {
        let reasons: Vec<String> = self.troubles.iter().map(Trouble::describe).collect();
        format!(
            "{} ({}): {}",
            self.function_name,
            self.state,
            reasons.join("; ")
        )
    }
}

/// The mappings of a topology source that fail by what Lambda reports of them.
pub fn failing_mappings(source: &Source) -> Vec<FailingMapping> {
    source
        .mappings
        .iter()
        .filter_map(|m| {
            let expected = m.function_key.is_some() && m.function_key == source.expected_consumer;
            let troubles = failing_troubles(&m.mapping, expected);
            (!troubles.is_empty()).then(|| FailingMapping {
                uuid: m.mapping.uuid.clone(),
                function_name: m.mapping.function_name.clone(),
                state: m.mapping.state.clone(),
                troubles,
            })
        })
        .collect()
}

/// "User initiated", "User action", `USER_INITIATED`: any spelling of the user's own
/// change (compared without case, spaces or underscores).
fn is_user_initiated(reason: &str) -> bool {
    let squeezed: String = reason
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    matches!(squeezed.as_str(), "userinitiated" | "useraction")
}

fn is_problem(text: &str) -> bool {
    text.get(.."PROBLEM".len())
        .is_some_and(|head| head.eq_ignore_ascii_case("PROBLEM"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, ENHANCED, LEGACY, LINES};

    fn with(state: MappingState, reason: Option<&str>, result: Option<&str>) -> MappingInfo {
        let mut m = fixtures::mapping("m1", ENHANCED, &fixtures::queue_arn(LINES), state);
        m.state_transition_reason = reason.map(str::to_string);
        m.last_processing_result = result.map(str::to_string);
        m
    }

    #[test]
    fn the_users_own_changes_and_good_results_are_no_trouble() {
        for reason in [
            "User initiated",
            "USER_INITIATED",
            "User action",
            " user action ",
        ] {
            assert!(
                troubles(&with(MappingState::Enabled, Some(reason), None)).is_empty(),
                "{reason}"
            );
        }
        for result in ["OK", "No records processed"] {
            assert!(
                troubles(&with(MappingState::Enabled, None, Some(result))).is_empty(),
                "{result}"
            );
        }
        assert!(troubles(&with(MappingState::Enabled, Some(""), Some(""))).is_empty());
    }

    #[test]
    fn lambdas_own_changes_and_problem_results_are_trouble_in_lambdas_words() {
        let m = with(
            MappingState::Disabled,
            Some("PROBLEM: Function does not exist"),
            Some("PROBLEM: Function call failed"),
        );
        let found = troubles(&m);
        assert_eq!(
            found,
            [
                Trouble {
                    field: TroubleField::StateTransitionReason,
                    reason: "PROBLEM: Function does not exist".into()
                },
                Trouble {
                    field: TroubleField::LastProcessingResult,
                    reason: "PROBLEM: Function call failed".into()
                }
            ]
        );
        assert_eq!(
            found[0].describe(),
            "Lambda changed its state itself (PROBLEM: Function does not exist)"
        );
        assert_eq!(
            found[1].describe(),
            "last batch: PROBLEM: Function call failed"
        );
        for reason in ["Lambda initiated", "EVENT_SOURCE_AUTHZ_ERROR"] {
            assert_eq!(
                troubles(&with(MappingState::Disabled, Some(reason), None)).len(),
                1
            );
        }
    }

    #[test]
    fn an_enabled_mapping_fails_with_any_trouble_even_though_its_state_looks_fine() {
        let m = with(
            MappingState::Enabled,
            None,
            Some("PROBLEM: Function call failed"),
        );
        assert_eq!(failing_troubles(&m, false).len(), 1);
        assert_eq!(failing_troubles(&m, true).len(), 1);
    }

    #[test]
    fn a_mapping_that_is_off_fails_only_when_lambda_turned_the_expected_consumer_off() {
        let by_lambda = with(
            MappingState::Disabled,
            Some("Lambda initiated"),
            Some("PROBLEM: x"),
        );
        let found = failing_troubles(&by_lambda, true);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, TroubleField::StateTransitionReason);
        assert!(failing_troubles(&by_lambda, false).is_empty());
        let by_user = with(
            MappingState::Disabled,
            Some("User action"),
            Some("PROBLEM: old news"),
        );
        assert!(failing_troubles(&by_user, true).is_empty());
    }

    #[test]
    fn a_source_names_its_failing_mappings() {
        let mut broken = fixtures::mapping(
            "m9",
            LEGACY,
            &fixtures::queue_arn(LINES),
            MappingState::Disabled,
        );
        broken.state_transition_reason = Some("Lambda initiated".into());
        let mut sources = fixtures::sources(vec![broken], false);
        let lines = sources
            .iter_mut()
            .find(|s| s.key.as_deref() == Some("lines"))
            .unwrap();
        // chroma-worker is not the expected consumer of lines: its mapping is history.
        assert!(failing_mappings(lines).is_empty());
        lines.mappings[0].mapping.last_processing_result =
            Some("PROBLEM: Function call failed".into());
        let failing = failing_mappings(lines);
        assert_eq!(failing.len(), 1);
        assert_eq!(
            failing[0].describe(),
            format!("{ENHANCED} (Enabled): last batch: PROBLEM: Function call failed")
        );
    }
}
