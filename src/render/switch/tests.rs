//! Snapshots of the switch's text output on fixed reports, colour stripped: a layout
//! change shows as a reviewed diff (`cargo insta review`).

use super::*;
use crate::features::switch::conclude::{self, Message};
use crate::features::switch::fixtures::*;
use crate::features::switch::invocation_drain::FunctionDrain;
use crate::features::switch::plan::Mode;
use crate::features::switch::report::{QueueResult, StepKind as K, StepOutcome as O, StepRecord};
use crate::features::switch::target::check::{CheckOutcome, TargetCheck};
use crate::features::switch::target::state::TargetStatus;
use crate::judgements::health::Readiness;
use crate::state::mapping_state::MappingState as S;

use crate::render::at_widths::snapshots;
use crate::state::mappings::MappingInfo;

/// The UUID Lambda would give the fixture's mapping `short` (`e-lines`, …).
fn uuid(short: &str) -> String {
    let tail = match short {
        "e-lines" => "4d06-b4f0-392b61a03149",
        "l-lines" => "4458-b8f8-81904026ffb3",
        "e-words" => "4188-8215-99554864b91f",
        "l-words" => "4142-adef-c312f490f415",
        _ => "4dd6-a118-c6655d6922a5",
    };
    let head = match short.as_bytes().first() {
        Some(b'e') => "e5c4c8a0-69a1",
        Some(b'l') => "a0d21d5a-a30d",
        _ => "c860444f-3469",
    };
    format!("{head}-{tail}")
}

/// `maps` with the UUIDs Lambda would give them.
fn with_uuids(mut maps: Vec<MappingInfo>) -> Vec<MappingInfo> {
    for m in &mut maps {
        m.uuid = uuid(&m.uuid);
    }
    maps
}

/// Every UUID and name a snapshot of the runbook's mappings must show unsplit.
fn unsplit() -> Vec<String> {
    let mut names: Vec<String> = ["e-lines", "l-lines", "e-words", "l-words"]
        .iter()
        .map(|s| uuid(s))
        .collect();
    names.extend([ENHANCED.to_string(), LEGACY.to_string()]);
    names
}

/// What an outcome's snapshots must show unsplit: the functions and the lines queue's
/// mappings (every run below touches them).
fn outcome_names() -> Vec<String> {
    vec![
        ENHANCED.to_string(),
        LEGACY.to_string(),
        uuid("e-lines"),
        uuid("l-lines"),
    ]
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
        uuid: self::uuid(uuid),
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
    let p = rollback(&with_uuids(cut_over()));
    let names = unsplit();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    snapshots("rollback_plan", &names, |width| {
        plan(&p, &destination(), width)
    });
}

#[test]
fn rollback_plan_to_a_mapping_that_polls_on_demand() {
    let mut maps = with_uuids(cut_over());
    let provisioned = maps
        .iter_mut()
        .find(|m| m.uuid == uuid("e-lines"))
        .expect("enhanced on lines");
    provisioned.provisioned_pollers = Some(ProvisionedPollers {
        minimum: Some(3),
        maximum: None,
    });
    let p = rollback(&maps);
    let names = unsplit();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    snapshots(
        "rollback_plan_to_a_mapping_that_polls_on_demand",
        &names,
        |width| plan(&p, &destination(), width),
    );
}

#[test]
fn switch_plan_with_a_duplicate_a_creation_and_nothing_to_do() {
    let mut publishing = mapping("l-lines", LEGACY, LINES, S::Enabled);
    publishing.metrics = vec!["EventCount".into()];
    publishing.provisioned_pollers = Some(ProvisionedPollers {
        minimum: Some(3),
        maximum: Some(40),
    });
    let maps = with_uuids(vec![
        publishing,
        mapping("x-lines", "another-dev-consumer", LINES, S::Enabling),
        mapping("e-words", ENHANCED, WORDS, S::Enabled),
        mapping("l-words", LEGACY, WORDS, S::Disabled),
    ]);
    let to = Mode::Switch {
        to: "enhanced-compaction".into(),
    };
    let p = plan_for(to, &maps, &functions(true), true);
    let (l_lines, x_lines) = (uuid("l-lines"), uuid("x-lines"));
    snapshots(
        "switch_plan_with_a_duplicate_a_creation_and_nothing_to_do",
        &[&l_lines, &x_lines, ENHANCED, LEGACY],
        |width| plan(&p, &destination(), width),
    );
}

#[test]
fn refused_plan() {
    let maps = with_uuids(vec![
        mapping("e-lines", ENHANCED, LINES, S::Enabled),
        mapping("e-words", ENHANCED, WORDS, S::Enabled),
    ]);
    let refused = plan_for(Mode::Rollback, &maps, &functions(false), false);
    snapshots("refused_plan", &["chroma-worker"], |width| {
        plan(&refused, &destination(), width)
    });
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

/// The runbook's rollback, applied: both queues switched.
fn rollback_report() -> ApplyReport {
    ApplyReport {
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
    }
}

#[test]
fn outcome_of_a_rollback() {
    let p = rollback(&cut_over());
    let report = rollback_report();
    let names = outcome_names();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    snapshots("outcome_of_a_rollback", &names, |width| {
        outcome(&p, &report, width)
    });
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
    let names = outcome_names();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    snapshots(
        "outcome_of_a_reverted_and_interrupted_run",
        &names,
        |width| outcome(&p, &report, width),
    );
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
    let names = outcome_names();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    snapshots(
        "outcome_of_a_run_whose_target_settled_then_failed_before_its_enable",
        &names,
        |width| outcome(&p, &report, width),
    );
}

/// What the printer makes of a conclusion's messages on stderr within `width`.
fn told(messages: &[Message], width: Option<usize>) -> String {
    messages
        .iter()
        .map(|m| match m {
            Message::Note(text) => crate::ui::wrap::message(text, width),
            Message::Warning(text) => crate::ui::wrap::message(&format!("warning: {text}"), width),
            Message::Block(text) => crate::ui::wrap::block(text, width),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_iac_warning_after_a_rollback_wraps_between_words() {
    let p = rollback(&cut_over());
    let maps = runbook([S::Disabled, S::Enabled], [S::Disabled, S::Enabled]);
    let end = conclude::conclude(
        &crate::base::topology::Topology::builtin().iac,
        &p,
        &rollback_report(),
        &sources_after(&maps),
        None,
    );
    let text = told(&end.messages, None);
    assert!(text.contains("Make it permanent:"), "{text}");
    snapshots(
        "iac_warning_after_a_rollback",
        &[
            "infra/chromadb_compaction/infrastructure.py",
            "enable_enhanced_sqs_mappings=False",
        ],
        |width| told(&end.messages, width),
    );
}

#[test]
fn sources_after_a_switch() {
    let maps = runbook([S::Disabled, S::Enabled], [S::Enabled, S::Enabled]);
    let states = sources_after(&maps);
    snapshots("sources_after_a_switch", &[ENHANCED, LEGACY], |width| {
        after(&states, width)
    });
}
