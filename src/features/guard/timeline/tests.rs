use super::*;
use crate::judgements::mapping_reasons::TroubleField;

const NEW: &str = "chromadb-dev-lambdas-enhanced-compaction";
const OLD: &str = "chroma-worker-lambda-dev-ed34dbe";

fn seen(uuid: &str, function: &str, state: MappingState) -> Observed {
    Observed {
        uuid: uuid.into(),
        function_name: function.into(),
        function_arn: format!("arn:aws:lambda:us-east-1:123456789012:function:{function}"),
        function_key: None,
        state,
        troubles: Vec::new(),
        metrics: Vec::new(),
        pollers: None,
    }
}

/// One source (`lines`) and a second one that always has its one consumer.
fn reading(lines: Vec<Observed>) -> Vec<SourceObservation> {
    vec![
        Some(Ok(lines)),
        Some(Ok(vec![seen("w", NEW, MappingState::Enabled)])),
    ]
}

fn timeline() -> Timeline {
    Timeline::new(vec!["lines".into(), "words".into()])
}

#[test]
fn a_second_consumer_for_a_while_is_one_window_with_both_functions_and_its_duration() {
    let mut t = timeline();
    let steady = || {
        vec![
            seen("a", NEW, MappingState::Enabled),
            seen("b", OLD, MappingState::Disabled),
        ]
    };
    t.observe(1_000, reading(steady()));
    t.observe(
        2_000,
        reading(vec![
            seen("a", NEW, MappingState::Enabled),
            seen("b", OLD, MappingState::Enabling),
        ]),
    );
    t.observe(
        3_000,
        reading(vec![
            seen("a", NEW, MappingState::Enabled),
            seen("b", OLD, MappingState::Enabled),
        ]),
    );
    t.observe(
        4_100,
        reading(vec![
            seen("a", NEW, MappingState::Enabled),
            seen("b", OLD, MappingState::Disabling),
        ]),
    );
    t.observe(5_000, reading(steady()));
    assert_eq!(t.quiet_since_ms(), Some(5_000));
    let outcome = t.finish();
    assert_eq!(
        outcome.windows,
        [Window {
            source: "lines".into(),
            kind: WindowKind::Several,
            started_ms: 2_000,
            ended_ms: Some(4_100),
            duration_ms: 2_100,
            functions: vec![OLD.into(), NEW.into()],
            from_start: false,
        }]
    );
    let states: Vec<(i64, Option<&str>, Option<&str>)> = outcome
        .changes
        .iter()
        .map(|c| (c.at_ms, c.from.as_deref(), c.to.as_deref()))
        .collect();
    assert_eq!(
        states,
        [
            (
                2_000,
                Some(MappingState::Disabled.as_str()),
                Some(MappingState::Enabling.as_str())
            ),
            (
                3_000,
                Some(MappingState::Enabling.as_str()),
                Some(MappingState::Enabled.as_str())
            ),
            (
                4_100,
                Some(MappingState::Enabled.as_str()),
                Some(MappingState::Disabling.as_str())
            ),
            (
                5_000,
                Some(MappingState::Disabling.as_str()),
                Some(MappingState::Disabled.as_str())
            ),
        ]
    );
    assert!(
        outcome
            .changes
            .iter()
            .all(|c| c.source == "lines" && c.uuid == "b")
    );
    assert_eq!(outcome.changes[1].enabled_consumers, [OLD, NEW]);
    assert_eq!(outcome.readings, 5);
    assert_eq!(
        outcome.tallies[0].consumers_at_start,
        Some(vec![NEW.into()])
    );
    assert_eq!(outcome.tallies[1].readings, 5);
}

#[test]
fn delete_before_create_is_a_zero_window_naming_the_consumer_lost_and_the_one_that_came() {
    let mut t = timeline();
    t.observe(0, reading(vec![seen("a", OLD, MappingState::Enabled)]));
    t.observe(1_000, reading(vec![]));
    t.observe(2_000, reading(vec![seen("c", NEW, MappingState::Creating)]));
    let outcome = t.finish();
    assert_eq!(outcome.windows.len(), 1);
    let w = &outcome.windows[0];
    assert_eq!(w.kind, WindowKind::Zero);
    assert_eq!(
        (w.started_ms, w.ended_ms, w.duration_ms),
        (1_000, Some(2_000), 1_000)
    );
    assert_eq!(w.functions, [OLD, NEW]);
    let kinds: Vec<(ChangeKind, &str)> = outcome
        .changes
        .iter()
        .map(|c| (c.change, c.uuid.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [(ChangeKind::Deleted, "a"), (ChangeKind::Created, "c")]
    );
    assert_eq!(
        outcome.changes[0].from.as_deref(),
        Some(MappingState::Enabled.as_str())
    );
    assert_eq!(
        outcome.changes[1].to.as_deref(),
        Some(MappingState::Creating.as_str())
    );
}

#[test]
fn a_window_still_open_at_the_end_has_no_end_and_lasts_until_the_last_reading() {
    let mut t = timeline();
    let two = || {
        vec![
            seen("a", NEW, MappingState::Enabled),
            seen("b", OLD, MappingState::Enabled),
        ]
    };
    t.observe(0, reading(two()));
    t.observe(500, reading(two()));
    let outcome = t.finish();
    assert!(outcome.changes.is_empty());
    let w = &outcome.windows[0];
    assert_eq!((w.ended_ms, w.duration_ms, w.from_start), (None, 500, true));
}

#[test]
fn going_from_two_consumers_straight_to_none_closes_one_window_and_opens_the_other() {
    let mut t = timeline();
    t.observe(0, reading(vec![seen("a", NEW, MappingState::Enabled)]));
    t.observe(
        1_000,
        reading(vec![
            seen("a", NEW, MappingState::Enabled),
            seen("b", OLD, MappingState::Enabled),
        ]),
    );
    t.observe(
        2_000,
        reading(vec![
            seen("a", NEW, MappingState::Disabled),
            seen("b", OLD, MappingState::Disabled),
        ]),
    );
    t.observe(
        3_000,
        reading(vec![
            seen("a", NEW, MappingState::Enabled),
            seen("b", OLD, MappingState::Disabled),
        ]),
    );
    let windows = t.finish().windows;
    let summary: Vec<(WindowKind, i64, Option<i64>, Vec<String>)> = windows
        .into_iter()
        .map(|w| (w.kind, w.started_ms, w.ended_ms, w.functions))
        .collect();
    assert_eq!(
        summary,
        [
            (
                WindowKind::Several,
                1_000,
                Some(2_000),
                vec![OLD.into(), NEW.into()]
            ),
            (
                WindowKind::Zero,
                2_000,
                Some(3_000),
                vec![OLD.into(), NEW.into()]
            ),
        ]
    );
}

#[test]
fn a_failed_reading_changes_nothing_and_is_counted() {
    let mut t = timeline();
    t.observe(0, reading(vec![seen("a", NEW, MappingState::Enabled)]));
    t.observe(
        1_000,
        vec![
            Some(Err("throttled".into())),
            Some(Ok(vec![seen("w", NEW, MappingState::Enabled)])),
        ],
    );
    t.observe(2_000, reading(vec![seen("a", NEW, MappingState::Enabled)]));
    assert_eq!(t.quiet_since_ms(), Some(0));
    let outcome = t.finish();
    assert!(outcome.changes.is_empty() && outcome.windows.is_empty());
    assert_eq!(outcome.tallies[0].missed_readings, 1);
    assert_eq!(outcome.tallies[0].last_error.as_deref(), Some("throttled"));
}

#[test]
fn an_unwatched_source_has_no_tally_and_no_window() {
    let mut t = timeline();
    t.observe(
        0,
        vec![Some(Ok(vec![seen("a", NEW, MappingState::Enabled)])), None],
    );
    let outcome = t.finish();
    assert!(outcome.windows.is_empty());
    assert_eq!(outcome.tallies[1], SourceTally::default());
}

#[test]
fn lambdas_problems_are_changes_from_the_first_reading_on_and_so_is_their_end() {
    let trouble = Trouble {
        field: TroubleField::LastProcessingResult,
        reason: "PROBLEM: Function call failed".into(),
    };
    let failing = || Observed {
        troubles: vec![trouble.clone()],
        ..seen("a", NEW, MappingState::Enabled)
    };
    let mut t = timeline();
    t.observe(0, reading(vec![failing()]));
    t.observe(1_000, reading(vec![failing()]));
    t.observe(2_000, reading(vec![seen("a", NEW, MappingState::Enabled)]));
    let changes = t.finish().changes;
    let kinds: Vec<(i64, ChangeKind)> = changes.iter().map(|c| (c.at_ms, c.change)).collect();
    assert_eq!(
        kinds,
        [
            (0, ChangeKind::Trouble),
            (2_000, ChangeKind::TroubleCleared)
        ]
    );
    assert_eq!(
        changes[0].to.as_deref(),
        Some("last batch: PROBLEM: Function call failed")
    );
}

#[test]
fn a_mapping_that_moves_to_another_function_is_a_function_change() {
    let mut t = timeline();
    t.observe(0, reading(vec![seen("a", OLD, MappingState::Enabled)]));
    t.observe(1_000, reading(vec![seen("a", NEW, MappingState::Enabled)]));
    let changes = t.finish().changes;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].change, ChangeKind::Function);
    assert_eq!(changes[0].from.as_deref(), Some(OLD));
    assert_eq!(changes[0].to.as_deref(), Some(NEW));
}

#[test]
fn times_serialise_as_rfc3339_with_milliseconds() {
    assert_eq!(format_ms(1_764_381_600_250), "2025-11-29T02:00:00.250Z");
    let window = Window {
        source: "lines".into(),
        kind: WindowKind::Zero,
        started_ms: 1_764_381_600_000,
        ended_ms: None,
        duration_ms: 0,
        functions: vec![],
        from_start: true,
    };
    let json = serde_json::to_value(&window).unwrap();
    assert_eq!(json["started_at"], "2025-11-29T02:00:00.000Z");
    assert_eq!(json["ended_at"], serde_json::Value::Null);
    assert_eq!(json["kind"], "zero");
}

#[test]
fn a_change_of_pollers_or_metrics_is_a_change_from_what_to_what() {
    let provisioned = || Observed {
        pollers: Some(ProvisionedPollers {
            minimum: Some(3),
            maximum: Some(40),
        }),
        metrics: vec!["EventCount".into()],
        ..seen("a", NEW, MappingState::Enabled)
    };
    let mut t = timeline();
    t.observe(0, reading(vec![seen("a", NEW, MappingState::Enabled)]));
    t.observe(1_000, reading(vec![provisioned()]));
    t.observe(2_000, reading(vec![provisioned()]));
    let changes = t.finish().changes;
    let seen: Vec<(i64, ChangeKind, Option<&str>, Option<&str>)> = changes
        .iter()
        .map(|c| (c.at_ms, c.change, c.from.as_deref(), c.to.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (1_000, ChangeKind::Pollers, Some("on-demand"), Some("3–40")),
            (1_000, ChangeKind::Metrics, Some("off"), Some("EventCount")),
        ]
    );
}

#[test]
fn one_function_consumed_unqualified_and_by_an_alias_is_a_window_of_two_named_by_arn() {
    let arn = format!("arn:aws:lambda:us-east-1:123456789012:function:{NEW}");
    let alias = Observed {
        uuid: "b".into(),
        function_arn: format!("{arn}:live"),
        ..seen("b", NEW, MappingState::Enabled)
    };
    let mut t = timeline();
    t.observe(0, reading(vec![seen("a", NEW, MappingState::Enabled)]));
    t.observe(
        1_000,
        reading(vec![seen("a", NEW, MappingState::Enabled), alias.clone()]),
    );
    t.observe(2_000, reading(vec![seen("a", NEW, MappingState::Enabled)]));
    let windows = t.finish().windows;
    assert_eq!(windows.len(), 1, "{windows:?}");
    assert_eq!(windows[0].kind, WindowKind::Several);
    assert_eq!(
        windows[0].functions,
        vec![arn.clone(), format!("{arn}:live")]
    );
}
