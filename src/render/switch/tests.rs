//! Snapshots of the switch's text output on fixed reports, colour stripped: a layout
//! change shows as a reviewed diff (`cargo insta review`).

use super::*;
use crate::consumers::group_by_source;
use crate::state::mapping_state::MappingState as S;
use crate::state::mappings::MappingInfo;
use crate::switch::fixtures::{
    ENHANCED, LEGACY, LINES, WORDS, cut_over, functions, mapping, plan_for, queue_names, rollback,
};
use crate::switch::plan::Mode;
use crate::switch::report::{QueueResult, StepKind, StepRecord};
use crate::topology::Topology;

fn plain(text: &str) -> String {
    anstream::adapter::strip_str(text).to_string()
}

fn step(
    kind: StepKind,
    uuid: &str,
    function: &str,
    states: (S, S),
    outcome: StepOutcome,
    duration_ms: u64,
) -> StepRecord {
    StepRecord {
        kind,
        uuid: uuid.into(),
        function_name: function.into(),
        from_state: Some(states.0),
        to_state: Some(states.1),
        wrote: outcome == StepOutcome::Done,
        outcome,
        error: None,
        started_at: "2025-06-01T12:00:00Z".into(),
        duration_ms,
    }
}

fn queue(
    name: &str,
    real: &str,
    outcome: QueueOutcome,
    detail: Option<&str>,
    steps: Vec<StepRecord>,
) -> QueueResult {
    QueueResult {
        queue: name.into(),
        name: Some(real.into()),
        outcome,
        detail: detail.map(str::to_string),
        steps,
    }
}

fn after_of(maps: &[MappingInfo]) -> Vec<SourceState> {
    let t = Topology::builtin();
    group_by_source(&t, "dev", &queue_names(), maps, false)
        .unwrap()
        .iter()
        .filter_map(|s| SourceState::of(s, &["lines", "words"]))
        .collect()
}

#[test]
fn rollback_plan() {
    insta::assert_snapshot!(plain(&plan(&rollback(&cut_over()))));
}

#[test]
fn switch_plan_with_a_duplicate_a_creation_and_nothing_to_do() {
    let maps = vec![
        mapping("l-lines", LEGACY, LINES, S::Enabled),
        mapping("x-lines", "another-dev-consumer", LINES, S::Enabling),
        mapping("e-words", ENHANCED, WORDS, S::Enabled),
        mapping("l-words", LEGACY, WORDS, S::Disabled),
    ];
    let to = Mode::Switch {
        to: "enhanced-compaction".into(),
    };
    insta::assert_snapshot!(plain(&plan(&plan_for(to, &maps, &functions(true), true))));
}

#[test]
fn refused_plan() {
    let maps = vec![
        mapping("e-lines", ENHANCED, LINES, S::Enabled),
        mapping("e-words", ENHANCED, WORDS, S::Enabled),
    ];
    let refused = plan_for(Mode::Rollback, &maps, &functions(false), false);
    insta::assert_snapshot!(plain(&plan(&refused)));
}

#[test]
fn outcome_of_a_rollback() {
    let p = rollback(&cut_over());
    let report = ApplyReport {
        queues: vec![
            queue(
                "lines",
                LINES,
                QueueOutcome::Switched,
                None,
                vec![
                    step(
                        StepKind::Disable,
                        "e-lines",
                        ENHANCED,
                        (S::Enabled, S::Disabled),
                        StepOutcome::Done,
                        4_250,
                    ),
                    step(
                        StepKind::Enable,
                        "l-lines",
                        LEGACY,
                        (S::Disabled, S::Enabled),
                        StepOutcome::Done,
                        3_100,
                    ),
                ],
            ),
            queue(
                "words",
                WORDS,
                QueueOutcome::Switched,
                None,
                vec![
                    step(
                        StepKind::Disable,
                        "e-words",
                        ENHANCED,
                        (S::Disabled, S::Disabled),
                        StepOutcome::AlreadyDone,
                        120,
                    ),
                    step(
                        StepKind::Enable,
                        "l-words",
                        LEGACY,
                        (S::Disabled, S::Enabled),
                        StepOutcome::Done,
                        2_000,
                    ),
                ],
            ),
        ],
        interrupted: false,
        duration_ms: 9_470,
    };
    insta::assert_snapshot!(plain(&outcome(&p, &report)));
}

#[test]
fn outcome_of_a_reverted_and_interrupted_run() {
    let p = rollback(&cut_over());
    let mut enable = step(
        StepKind::Enable,
        "l-lines",
        LEGACY,
        (S::Disabled, S::Enabling),
        StepOutcome::TimedOut,
        300_000,
    );
    enable.wrote = true;
    enable.error = Some("mapping l-lines did not reach Enabled within 5m".into());
    let report = ApplyReport {
        queues: vec![
            queue(
                "lines",
                LINES,
                QueueOutcome::Reverted,
                Some(
                    "mapping l-lines did not reach Enabled within 5m; chromadb-dev-lambdas-enhanced-compaction is enabled again",
                ),
                vec![
                    step(
                        StepKind::Disable,
                        "e-lines",
                        ENHANCED,
                        (S::Enabled, S::Disabled),
                        StepOutcome::Done,
                        4_000,
                    ),
                    enable,
                    step(
                        StepKind::RevertDisable,
                        "l-lines",
                        LEGACY,
                        (S::Enabling, S::Disabled),
                        StepOutcome::Done,
                        6_000,
                    ),
                    step(
                        StepKind::RevertEnable,
                        "e-lines",
                        ENHANCED,
                        (S::Disabled, S::Enabled),
                        StepOutcome::Done,
                        3_000,
                    ),
                ],
            ),
            queue(
                "words",
                WORDS,
                QueueOutcome::NotStarted,
                Some("an earlier queue did not switch"),
                Vec::new(),
            ),
        ],
        interrupted: true,
        duration_ms: 313_000,
    };
    insta::assert_snapshot!(plain(&outcome(&p, &report)));
}

#[test]
fn sources_after_a_switch() {
    let maps = vec![
        mapping("e-lines", ENHANCED, LINES, S::Disabled),
        mapping("l-lines", LEGACY, LINES, S::Enabled),
        mapping("e-words", ENHANCED, WORDS, S::Enabled),
        mapping("l-words", LEGACY, WORDS, S::Enabled),
    ];
    insta::assert_snapshot!(plain(&after(&after_of(&maps))));
}
