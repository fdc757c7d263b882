//! The target function re-read right before its enable, against the simulated Lambda:
//! a function that broke, settles, never settles, vanished or cannot be read since the
//! plan; which writes happen (the revert) and how the run ends.

use std::sync::Arc;
use std::time::Duration;

use super::{executor, observed, rollback_plan};
use crate::features::switch::events::Event;
use crate::features::switch::executor::sim::{Recorder, Sim};
use crate::features::switch::fixtures::*;
use crate::features::switch::report::{ApplyReport, QueueOutcome, StepKind};
use crate::features::switch::target::check::CheckOutcome;
use crate::judgements::health::Readiness;
use crate::state::mapping_state::MappingState as S;

/// Plans a rollback of the simulated mappings as they are now (the plan saw every
/// function ready), and runs it with `recorder` told the events.
async fn roll_back(sim: &Sim, timeout_ms: u64, recorder: Arc<Recorder>) -> ApplyReport {
    let plan = rollback_plan(&sim.all(), false);
    observed(sim, timeout_ms, recorder).run(&plan).await
}

fn detail(report: &ApplyReport, queue: &str) -> String {
    let q = report.queues.iter().find(|q| q.queue == queue).unwrap();
    q.detail.clone().unwrap_or_default()
}

fn position(sim: &Sim, call: &str) -> usize {
    let calls = sim.calls.borrow();
    calls
        .iter()
        .position(|c| c == call)
        .unwrap_or_else(|| panic!("no {call} in {calls:?}"))
}

/// The re-checks the progress was told about, and whether a wait was.
fn told(recorder: &Recorder) -> (Vec<CheckOutcome>, usize) {
    let events = recorder.events();
    let checks = events
        .iter()
        .filter_map(|e| match e {
            Event::TargetChecked { check, .. } => Some(check.outcome),
            _ => None,
        })
        .collect();
    let waits = events
        .iter()
        .filter(|e| matches!(e, Event::TargetWaiting { .. }))
        .count();
    (checks, waits)
}

#[tokio::test]
async fn a_target_that_failed_since_the_plan_is_not_enabled_and_the_old_consumer_comes_back() {
    let sim = Sim::new(cut_over(), 2);
    sim.function_reads(LEGACY, &[Some(("Failed", "Successful"))]);
    let recorder = Arc::new(Recorder::default());
    let report = roll_back(&sim, 2_000, recorder.clone()).await;

    assert_eq!(
        report.queues[0].outcome,
        QueueOutcome::Reverted,
        "{report:?}"
    );
    assert_eq!(report.queues[1].outcome, QueueOutcome::NotStarted);
    assert_eq!(report.summary(), "reverted");
    assert!(!report.ok());
    // Disabled, drained, re-read: the enable is never sent, the original comes back.
    assert_eq!(sim.writes(), ["disable e-lines", "enable e-lines"]);
    assert!(
        position(&sim, &format!("look {ENHANCED}")) < position(&sim, &format!("read {LEGACY}"))
    );
    assert_eq!(sim.state("e-lines"), S::Enabled);
    assert_eq!(sim.state("l-lines"), S::Disabled);
    assert_eq!(sim.state("e-words"), S::Enabled);
    assert!(sim.violations.borrow().is_empty());
    let kinds: Vec<StepKind> = report.queues[0].steps.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [StepKind::Disable, StepKind::RevertEnable]);

    let why = detail(&report, "lines");
    assert_eq!(
        why,
        format!(
            "{LEGACY} cannot run since the plan (state is Failed: scripted), so it was not enabled: every batch sent to it would fail; {ENHANCED} is enabled again"
        )
    );
    let check = report.queues[0].target_check.as_ref().expect("a re-check");
    assert_eq!(check.outcome, CheckOutcome::Refused);
    assert_eq!(check.function_name, LEGACY);
    let status = check.status.as_ref().unwrap();
    assert_eq!(status.state.as_deref(), Some("Failed"));
    assert!(matches!(status.readiness, Readiness::Broken(_)));
    assert_eq!(told(&recorder), (vec![CheckOutcome::Refused], 0));
}

#[tokio::test]
async fn a_target_whose_last_update_failed_is_refused_too() {
    let sim = Sim::new(cut_over(), 1);
    sim.function_reads(LEGACY, &[Some(("Active", "Failed"))]);
    let report = roll_back(&sim, 1_000, Arc::default()).await;
    assert_eq!(report.queues[0].outcome, QueueOutcome::Reverted);
    assert!(
        detail(&report, "lines").contains("(last update failed: scripted)"),
        "{report:?}"
    );
    assert_eq!(sim.writes(), ["disable e-lines", "enable e-lines"]);
}

#[tokio::test]
async fn a_settling_target_is_waited_for_and_enabled_once_ready() {
    let sim = Sim::new(cut_over(), 2);
    sim.function_reads(
        LEGACY,
        &[
            Some(("Active", "InProgress")),
            Some(("Active", "InProgress")),
            Some(("Active", "Successful")),
        ],
    );
    let recorder = Arc::new(Recorder::default());
    let report = roll_back(&sim, 2_000, recorder.clone()).await;

    assert!(report.ok(), "{report:?}");
    assert_eq!(
        sim.writes(),
        [
            "disable e-lines",
            "enable l-lines",
            "disable e-words",
            "enable l-words"
        ]
    );
    let check = report.queues[0].target_check.as_ref().unwrap();
    assert_eq!(check.outcome, CheckOutcome::Go);
    let status = check.status.as_ref().unwrap();
    assert_eq!(status.readiness, Readiness::Ready);
    assert!(status.waited_seconds.is_some(), "{check:?}");
    assert!(check.eventful());
    // Read until ready on lines; words, a moment later, reuses that re-check.
    assert_eq!(sim.reads_of(LEGACY), 3);
    let words = report.queues[1].target_check.as_ref().unwrap();
    assert!(words.reused && !words.eventful(), "{words:?}");
    // The wait was told once; both re-checks went ahead.
    assert_eq!(
        told(&recorder),
        (vec![CheckOutcome::Go, CheckOutcome::Go], 1)
    );
    assert!(recorder.events().iter().any(|e| matches!(
        e,
        Event::TargetWaiting { function_name, reason, .. }
            if function_name == LEGACY && reason == "update in progress: scripted"
    )));
}

#[tokio::test]
async fn a_target_that_does_not_settle_within_the_timeout_is_refused() {
    let sim = Sim::new(cut_over(), 1);
    sim.function_reads(LEGACY, &[Some(("Pending", "InProgress"))]);
    let recorder = Arc::new(Recorder::default());
    let report = roll_back(&sim, 60, recorder.clone()).await;

    assert_eq!(
        report.queues[0].outcome,
        QueueOutcome::Reverted,
        "{report:?}"
    );
    assert_eq!(report.queues[1].outcome, QueueOutcome::NotStarted);
    assert_eq!(sim.writes(), ["disable e-lines", "enable e-lines"]);
    assert_eq!(sim.state("e-lines"), S::Enabled);
    assert_eq!(sim.state("l-lines"), S::Disabled);
    assert!(
        detail(&report, "lines").starts_with(&format!(
            "{LEGACY} did not settle within 60ms (state is Pending: scripted), so it was not enabled; "
        )),
        "{report:?}"
    );
    assert!(sim.reads_of(LEGACY) >= 3, "{}", sim.reads_of(LEGACY));
    assert_eq!(told(&recorder), (vec![CheckOutcome::Refused], 1));
}

#[tokio::test]
async fn a_target_deleted_since_the_plan_is_not_enabled() {
    let sim = Sim::new(cut_over(), 1);
    sim.function_reads(LEGACY, &[None]);
    let report = roll_back(&sim, 1_000, Arc::default()).await;
    assert_eq!(report.queues[0].outcome, QueueOutcome::Reverted);
    assert_eq!(sim.writes(), ["disable e-lines", "enable e-lines"]);
    assert!(
        detail(&report, "lines").starts_with(&format!(
            "{LEGACY} no longer exists (deleted since the plan), so it was not enabled"
        )),
        "{report:?}"
    );
    let check = report.queues[0].target_check.as_ref().unwrap();
    assert_eq!(
        (check.outcome, &check.status),
        (CheckOutcome::Refused, &None)
    );
}

#[tokio::test]
async fn a_target_that_cannot_be_read_is_not_enabled() {
    let sim = Sim::new(cut_over(), 1);
    sim.function_unreadable.borrow_mut().push(LEGACY.into());
    let report = roll_back(&sim, 1_000, Arc::default()).await;
    assert_eq!(report.queues[0].outcome, QueueOutcome::Reverted);
    assert_eq!(sim.writes(), ["disable e-lines", "enable e-lines"]);
    let why = detail(&report, "lines");
    assert!(
        why.starts_with(&format!(
            "{LEGACY} could not be re-read before its enable ("
        )),
        "{why}"
    );
}

#[tokio::test]
async fn a_ready_target_is_read_once_for_queues_switched_back_to_back() {
    let sim = Sim::new(cut_over(), 1);
    let recorder = Arc::new(Recorder::default());
    let report = roll_back(&sim, 1_000, recorder.clone()).await;
    assert!(report.ok(), "{report:?}");
    assert_eq!(sim.reads_of(LEGACY), 1);
    let checks: Vec<(CheckOutcome, bool, bool)> = report
        .queues
        .iter()
        .map(|q| {
            let c = q.target_check.as_ref().unwrap();
            (c.outcome, c.reused, c.eventful())
        })
        .collect();
    assert_eq!(
        checks,
        [
            (CheckOutcome::Go, false, false),
            (CheckOutcome::Go, true, false)
        ]
    );
    // Read right before the enable, after the drain.
    let read = position(&sim, &format!("read {LEGACY}"));
    assert!(position(&sim, &format!("look {ENHANCED}")) < read);
    assert!(read < position(&sim, "enable l-lines"));
    assert_eq!(told(&recorder).1, 0);
}

#[tokio::test]
async fn an_older_re_check_is_not_reused_and_an_idle_target_goes_ahead() {
    let sim = Sim::new(cut_over(), 1);
    sim.function_reads(LEGACY, &[Some(("Inactive", "Successful"))]);
    let plan = rollback_plan(&sim.all(), false);
    let mut run = executor(&sim, 1_000);
    run.recheck.reuse_within = Duration::ZERO;
    let report = run.run(&plan).await;
    assert!(report.ok(), "{report:?}");
    assert_eq!(sim.reads_of(LEGACY), 2);
    assert!(report.queues.iter().all(|q| {
        let c = q.target_check.as_ref().unwrap();
        !c.reused && c.status.as_ref().unwrap().readiness == Readiness::Idle
    }));
}

#[tokio::test]
async fn a_half_done_queue_whose_target_broke_is_left_as_it_is() {
    // Nothing consumes lines (a run stopped half-way); its target broke meanwhile.
    let sim = Sim::new(
        runbook([S::Disabled, S::Disabled], [S::Disabled, S::Enabled]),
        1,
    );
    sim.function_reads(LEGACY, &[Some(("Failed", "Successful"))]);
    let report = roll_back(&sim, 1_000, Arc::default()).await;
    assert_eq!(report.queues[0].outcome, QueueOutcome::Failed);
    assert!(
        detail(&report, "lines").ends_with("; nothing was changed on this queue"),
        "{report:?}"
    );
    assert!(sim.writes().is_empty(), "{:?}", sim.writes());
}

#[tokio::test]
async fn a_target_already_on_is_not_re_read() {
    // The duplicate: legacy and another consumer on lines; only the other goes off.
    let mut maps = runbook([S::Disabled, S::Enabled], [S::Disabled, S::Enabled]);
    maps.push(mapping(
        "x-lines",
        "another-dev-consumer",
        LINES,
        S::Enabled,
    ));
    let sim = Sim::new(maps, 1);
    sim.function_reads(LEGACY, &[Some(("Failed", "Successful"))]);
    let report = roll_back(&sim, 1_000, Arc::default()).await;
    assert!(report.ok(), "{report:?}");
    assert_eq!(sim.writes(), ["disable x-lines"]);
    assert_eq!(sim.reads_of(LEGACY), 0);
    assert!(report.queues[0].target_check.is_none());
}
