//! Snapshots of the switch's text output on fixed reports, colour stripped: a layout
//! change shows as a reviewed diff (`cargo insta review`).

use super::*;
use crate::features::switch::fixtures::*;
use crate::features::switch::invocation_drain::FunctionDrain;
use crate::features::switch::plan::Mode;
use crate::features::switch::report::{QueueResult, StepKind as K, StepOutcome as O, StepRecord};
use crate::features::switch::target::check::{CheckOutcome, TargetCheck};
use crate::features::switch::target::state::TargetStatus;
use crate::judgements::health::Readiness;
use crate::state::mapping_state::MappingState as S;

fn plain(text: &str) -> String {
    anstream::adapter::strip_str(text).to_string()
}

/// Where the plans of these snapshots write.
fn destination() -> Destination {
    Destination {
        account: Some("123456789012".into()),
        caller_arn: Some("arn:aws:sts::123456789012:assumed-role/ops/jo".into()),
        caller_error: None,
        region: "eu-west-1".into(),
        profile: Some("prod-admin".into()),
        credentials: crate::aws::destination::CredentialSource::Profile,
        endpoint: None,
    }
}

/// A step done on one of the runbook's mappings (`e-…` enhanced, `l-…` legacy), from
/// one state to another.
fn done(kind: K, uuid: &str, [from, to]: [S; 2], duration_ms: u64) -> StepRecord {
    let function = if uuid.starts_with("e-") {
        ENHANCED
    } else {
        LEGACY
    };
    StepRecord {
        kind,
        uuid: uuid.into(),
        function_name: function.into(),
        from_state: Some(from),
        to_state: Some(to),
        wrote: true,
        outcome: O::Done,
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
        drain: None,
        target_check: None,
    }
}

#[test]
fn rollback_plan() {
    insta::assert_snapshot!(plain(&plan(&rollback(&cut_over()), &destination())));
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
    insta::assert_snapshot!(plain(&plan(
        &plan_for(to, &maps, &functions(true), true),
        &destination()
    )));
}

#[test]
fn refused_plan() {
    let maps = vec![
        mapping("e-lines", ENHANCED, LINES, S::Enabled),
        mapping("e-words", ENHANCED, WORDS, S::Enabled),
    ];
    let refused = plan_for(Mode::Rollback, &maps, &functions(false), false);
    insta::assert_snapshot!(plain(&plan(&refused, &destination())));
}

trait WithDrain {
    fn with_drain(self, ended: DrainEnd, duration_ms: u64) -> Self;
}

impl WithDrain for QueueResult {
    /// The enhanced consumer drained (or not) before the enable.
    fn with_drain(mut self, ended: DrainEnd, duration_ms: u64) -> QueueResult {
        let drained = FunctionDrain {
            function_name: ENHANCED.into(),
            ended,
            timeout_seconds: Some(60),
            bound_seconds: 70,
            evidence: Some("all 3 invocation(s) since 12:00:00 have ended".into()),
            evidence_source: Some(crate::features::switch::invocation_drain::EvidenceSource::Logs),
            late_event_horizon_seconds: Some(120),
            duration_ms,
        };
        self.drain = Some(DrainRecord::of(vec![drained]));
        self
    }
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
                    done(K::Disable, "e-lines", [S::Enabled, S::Disabled], 4_250),
                    done(K::Enable, "l-lines", [S::Disabled, S::Enabled], 3_100),
                ],
            )
            .with_drain(DrainEnd::SeenIdle, 2_040),
            queue(
                "words",
                WORDS,
                QueueOutcome::Switched,
                None,
                vec![
                    StepRecord {
                        wrote: false,
                        outcome: O::AlreadyDone,
                        ..done(K::Disable, "e-words", [S::Disabled, S::Disabled], 120)
                    },
                    done(K::Enable, "l-words", [S::Disabled, S::Enabled], 2_000),
                ],
            )
            .with_drain(DrainEnd::Skipped, 0),
        ],
        interrupted: false,
        duration_ms: 9_470,
    };
    insta::assert_snapshot!(plain(&outcome(&p, &report)));
}

#[test]
fn outcome_of_a_reverted_and_interrupted_run() {
    let p = rollback(&cut_over());
    let enable = StepRecord {
        outcome: O::TimedOut,
        error: Some("mapping l-lines did not reach Enabled within 5m".into()),
        ..done(K::Enable, "l-lines", [S::Disabled, S::Enabling], 300_000)
    };
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
                    done(K::Disable, "e-lines", [S::Enabled, S::Disabled], 4_000),
                    enable,
                    done(
                        K::RevertDisable,
                        "l-lines",
                        [S::Enabling, S::Disabled],
                        6_000,
                    ),
                    done(K::RevertEnable, "e-lines", [S::Disabled, S::Enabled], 3_000),
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

/// The legacy function as re-read before its enable: `state`, after `waited` seconds.
fn legacy_check(
    outcome: CheckOutcome,
    state: &str,
    readiness: Readiness,
    waited: Option<u64>,
    duration_ms: u64,
) -> TargetCheck {
    let refusal = match &readiness {
        Readiness::Broken(reason) => Some(format!(
            "{LEGACY} cannot run since the plan ({reason}), so it was not enabled: every batch sent to it would fail"
        )),
        _ => None,
    };
    TargetCheck {
        function_name: LEGACY.into(),
        outcome,
        status: Some(TargetStatus {
            state: Some(state.into()),
            last_update_status: Some("Successful".into()),
            readiness,
            waited_seconds: waited,
            timeout_seconds: None,
        }),
        read_error: None,
        refusal,
        reused: false,
        checked_at: "2025-06-01T12:00:00Z".into(),
        duration_ms,
    }
}

#[test]
fn outcome_of_a_run_whose_target_settled_then_failed_before_its_enable() {
    let p = rollback(&cut_over());
    let mut lines = queue(
        "lines",
        LINES,
        QueueOutcome::Switched,
        None,
        vec![
            done(K::Disable, "e-lines", [S::Enabled, S::Disabled], 4_250),
            done(K::Enable, "l-lines", [S::Disabled, S::Enabled], 3_100),
        ],
    )
    .with_drain(DrainEnd::SeenIdle, 2_040);
    lines.target_check = Some(legacy_check(
        CheckOutcome::Go,
        "Active",
        Readiness::Ready,
        Some(3),
        3_400,
    ));
    let broken = Readiness::Broken("state is Failed: InvalidImage".into());
    let mut check = legacy_check(CheckOutcome::Refused, "Failed", broken, None, 80);
    let why = check.refusal.clone().unwrap();
    let mut words = queue(
        "words",
        WORDS,
        QueueOutcome::Reverted,
        Some(&format!("{why}; {ENHANCED} is enabled again")),
        vec![
            done(K::Disable, "e-words", [S::Enabled, S::Disabled], 3_900),
            done(K::RevertEnable, "e-words", [S::Disabled, S::Enabled], 3_000),
        ],
    )
    .with_drain(DrainEnd::SeenIdle, 1_500);
    check.checked_at = "2025-06-01T12:00:15Z".into();
    words.target_check = Some(check);
    let report = ApplyReport {
        queues: vec![lines, words],
        interrupted: false,
        duration_ms: 21_600,
    };
    insta::assert_snapshot!(plain(&outcome(&p, &report)));
}

#[test]
fn sources_after_a_switch() {
    let maps = runbook([S::Disabled, S::Enabled], [S::Enabled, S::Enabled]);
    insta::assert_snapshot!(plain(&after(&sources_after(&maps))));
}
