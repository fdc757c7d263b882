//! The executor against a simulated Lambda: break before make, reverts, concurrent
//! changes, lost answers, interrupts.

mod drain;
mod target_check;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::sim::{Recorder, Sim};
use super::*;
use crate::features::switch::fixtures::*;
use crate::features::switch::plan::Mode;
use crate::features::switch::report::{ApplyReport, QueueOutcome, StepKind, StepOutcome};
use crate::state::mapping_state::MappingState as S;

pub(super) fn rollback_plan(maps: &[MappingInfo], create_missing: bool) -> SwitchPlan {
    plan_for(Mode::Rollback, maps, &functions(true), create_missing)
}

pub(super) fn executor(sim: &Sim, timeout_ms: u64) -> Executor<'_, Sim, Sim, Sim> {
    observed(sim, timeout_ms, Arc::new(Recorder::default()))
}

pub(super) fn observed(
    sim: &Sim,
    timeout_ms: u64,
    observer: Arc<dyn Observer>,
) -> Executor<'_, Sim, Sim, Sim> {
    Executor {
        api: sim,
        timing: Timing {
            timeout: Duration::from_millis(timeout_ms),
            first_poll: Duration::from_millis(1),
            max_poll: Duration::from_millis(4),
        },
        drain: Drain {
            probe: sim,
            skip: false,
            poll: Duration::from_millis(1),
            margin: Duration::from_millis(20),
        },
        recheck: Recheck::new(sim),
        observer,
        interrupted: Arc::new(AtomicBool::new(false)),
    }
}

/// Lines still on the enhanced consumer, with a third one kept disabled; words done.
fn with_a_third_consumer() -> Vec<MappingInfo> {
    let mut maps = runbook([S::Enabled, S::Disabled], [S::Disabled, S::Enabled]);
    maps.push(mapping(
        "x-lines",
        "another-dev-consumer",
        LINES,
        S::Disabled,
    ));
    maps
}

/// Plans a rollback of the simulated mappings as they are now, and runs it.
async fn roll_back(sim: &Sim, timeout_ms: u64) -> ApplyReport {
    let plan = rollback_plan(&sim.all(), false);
    executor(sim, timeout_ms).run(&plan).await
}

fn assert_outcome(report: &ApplyReport, queue: &str, expected: QueueOutcome) {
    assert_eq!(outcome(report, queue), expected, "{report:?}");
}

fn outcome(report: &ApplyReport, queue: &str) -> QueueOutcome {
    report
        .queues
        .iter()
        .find(|q| q.queue == queue)
        .unwrap()
        .outcome
}

#[tokio::test]
async fn rollback_breaks_before_it_makes_through_transitional_states() {
    let sim = Sim::new(cut_over(), 3);
    let report = roll_back(&sim, 2_000).await;
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
    assert!(
        sim.violations.borrow().is_empty(),
        "{:?}",
        sim.violations.borrow()
    );
    for (uuid, state) in [
        ("e-lines", S::Disabled),
        ("l-lines", S::Enabled),
        ("e-words", S::Disabled),
        ("l-words", S::Enabled),
    ] {
        assert_eq!(sim.state(uuid), state, "{uuid}");
    }
    // The enable was only sent after the disable was seen settled.
    let calls = sim.calls.borrow();
    let enable = calls.iter().position(|c| c == "enable l-lines").unwrap();
    assert!(
        calls[..enable]
            .iter()
            .filter(|c| *c == "get e-lines")
            .count()
            >= 3
    );
    assert_eq!(report.writes(), 4);
    assert_eq!(report.summary(), "switched");
}

#[tokio::test]
async fn a_failed_enable_puts_the_original_consumer_back_and_stops() {
    let sim = Sim::new(cut_over(), 2);
    sim.fail_enable.borrow_mut().push("l-lines".into());
    let report = roll_back(&sim, 2_000).await;
    assert!(!report.ok());
    assert_outcome(&report, "lines", QueueOutcome::Reverted);
    assert_outcome(&report, "words", QueueOutcome::NotStarted);
    assert_eq!(sim.state("e-lines"), S::Enabled);
    assert_eq!(sim.state("l-lines"), S::Disabled);
    assert_eq!(sim.state("e-words"), S::Enabled);
    assert_eq!(
        sim.writes(),
        ["disable e-lines", "enable l-lines", "enable e-lines"]
    );
    assert!(sim.violations.borrow().is_empty());
    assert_eq!(report.summary(), "reverted");
}

#[tokio::test]
async fn an_enable_that_never_settles_is_turned_off_before_the_original_comes_back() {
    let sim = Sim::new(cut_over(), 1);
    sim.never_settle.borrow_mut().push("l-lines".into());
    let report = roll_back(&sim, 50).await;
    assert_outcome(&report, "lines", QueueOutcome::Reverted);
    let lines = &report.queues[0];
    assert!(
        lines
            .steps
            .iter()
            .any(|s| s.kind == StepKind::Enable && s.outcome == StepOutcome::TimedOut)
    );
    // Stuck in Enabling: it is turned off (and seen Disabled) before the original
    // consumer is enabled again; the first disable is refused while it is busy,
    // and sent again once it has settled.
    assert_eq!(
        sim.writes(),
        [
            "disable e-lines",
            "enable l-lines",
            "disable l-lines",
            "disable l-lines",
            "enable e-lines"
        ]
    );
    assert_eq!(sim.state("e-lines"), S::Enabled);
    assert_eq!(sim.state("l-lines"), S::Disabled);
    assert!(
        sim.violations.borrow().is_empty(),
        "{:?}",
        sim.violations.borrow()
    );
}

#[tokio::test]
async fn a_mapping_changed_by_someone_else_stops_the_run_without_writing() {
    let sim = Sim::new(cut_over(), 1);
    // Someone disables the enhanced mapping on lines after the plan was made.
    let plan = rollback_plan(&sim.all(), false);
    sim.mappings
        .borrow_mut()
        .get_mut("e-lines")
        .unwrap()
        .0
        .state = S::Disabled;
    let report = executor(&sim, 500).run(&plan).await;
    assert_outcome(&report, "lines", QueueOutcome::Stopped);
    assert_outcome(&report, "words", QueueOutcome::NotStarted);
    assert!(sim.writes().is_empty(), "{:?}", sim.writes());
    let detail = report.queues[0].detail.clone().unwrap();
    assert!(
        detail.contains("was Enabled in the plan and is Disabled now"),
        "{detail}"
    );
}

#[tokio::test]
async fn another_consumer_switched_on_mid_switch_stops_before_the_enable() {
    let sim = Sim::new(with_a_third_consumer(), 1);
    let plan = rollback_plan(&sim.all(), false);
    sim.meddle.replace(Some(("x-lines".into(), S::Enabled)));
    let report = executor(&sim, 500).run(&plan).await;
    assert_outcome(&report, "lines", QueueOutcome::Stopped);
    assert_eq!(sim.writes(), ["disable e-lines"]);
    assert_eq!(sim.state("l-lines"), S::Disabled);
}

#[tokio::test]
async fn a_half_done_switch_is_finished_and_a_done_one_is_left_alone() {
    let sim = Sim::new(
        runbook([S::Disabled, S::Disabled], [S::Disabled, S::Enabled]),
        2,
    );
    let report = roll_back(&sim, 1_000).await;
    assert!(report.ok(), "{report:?}");
    assert_outcome(&report, "words", QueueOutcome::NothingToDo);
    assert_eq!(sim.writes(), ["enable l-lines"]);
}

#[tokio::test]
async fn a_missing_mapping_is_created_disabled_before_anything_is_turned_off() {
    let sim = Sim::new(
        vec![
            mapping("e-lines", ENHANCED, LINES, S::Enabled),
            mapping("e-words", ENHANCED, WORDS, S::Disabled),
            mapping("l-words", LEGACY, WORDS, S::Enabled),
        ],
        2,
    );
    let plan = rollback_plan(&sim.all(), true);
    let report = executor(&sim, 1_000).run(&plan).await;
    assert!(report.ok(), "{report:?}");
    let target = format!("new-{LEGACY}");
    assert_eq!(
        sim.writes(),
        [
            format!("create {LEGACY}"),
            "disable e-lines".into(),
            format!("enable {target}")
        ]
    );
    assert_eq!(sim.state(&target), S::Enabled);
    assert!(sim.violations.borrow().is_empty());
}

#[tokio::test]
async fn an_interrupt_finishes_the_queue_in_progress_and_starts_no_other() {
    // Settling takes a few polls, so the run yields while lines is under way.
    let sim = Sim::new(cut_over(), 3);
    let plan = rollback_plan(&sim.all(), false);
    let exec = executor(&sim, 1_000);
    let flag = exec.interrupted.clone();
    let set = async {
        flag.store(true, Ordering::SeqCst);
    };
    // `join!` polls the run first: lines has started before the flag is set.
    let (report, ()) = tokio::join!(exec.run(&plan), set);
    assert!(report.interrupted);
    assert_outcome(&report, "lines", QueueOutcome::Switched);
    assert_outcome(&report, "words", QueueOutcome::NotStarted);
    assert_eq!(sim.state("l-lines"), S::Enabled);
    assert_eq!(sim.state("e-words"), S::Enabled);
    assert!(!report.ok());
    assert_eq!(report.summary(), "interrupted");
}

#[tokio::test]
async fn a_refused_disable_changes_nothing_and_is_no_failed_revert() {
    let sim = Sim::new(cut_over(), 1);
    sim.refuse.borrow_mut().push("e-lines".into());
    let report = roll_back(&sim, 500).await;
    assert_outcome(&report, "lines", QueueOutcome::Failed);
    assert_outcome(&report, "words", QueueOutcome::NotStarted);
    assert_eq!(report.summary(), "failed");
    let detail = report.queues[0].detail.clone().unwrap();
    assert!(detail.contains("nothing was changed"), "{detail}");
    assert_eq!(sim.writes(), ["disable e-lines"]);
    assert_eq!(sim.state("e-lines"), S::Enabled);
    assert!(!report.queues[0].steps[0].wrote);
    assert_eq!(report.writes(), 0);
}

#[tokio::test]
async fn an_enable_that_landed_despite_an_error_answer_is_done() {
    let sim = Sim::new(cut_over(), 2);
    sim.lose_answer.borrow_mut().push("l-lines".into());
    let report = roll_back(&sim, 1_000).await;
    assert!(report.ok(), "{report:?}");
    assert_eq!(sim.state("e-lines"), S::Disabled);
    assert_eq!(sim.state("l-lines"), S::Enabled);
    assert_eq!(sim.writes()[..2], ["disable e-lines", "enable l-lines"]);
    assert!(sim.violations.borrow().is_empty());
}

#[tokio::test]
async fn a_busy_mapping_is_written_again_once_it_settles() {
    let sim = Sim::new(cut_over(), 1);
    // Right before the enable, the target is busy (another update in progress).
    sim.meddle.replace(Some(("l-lines".into(), S::Disabling)));
    let report = roll_back(&sim, 1_000).await;
    assert!(report.ok(), "{report:?}");
    assert_eq!(
        sim.writes()[..3],
        ["disable e-lines", "enable l-lines", "enable l-lines"]
    );
    assert_eq!(sim.state("l-lines"), S::Enabled);
    assert!(sim.violations.borrow().is_empty());
}

#[tokio::test]
async fn the_alone_check_is_made_right_before_the_enable() {
    let sim = Sim::new(with_a_third_consumer(), 1);
    let plan = rollback_plan(&sim.all(), false);
    // Someone turns x-lines on while the target is re-read for the enable.
    sim.meddle.replace(Some(("x-lines".into(), S::Enabled)));
    sim.meddle_on_get.replace(Some("l-lines".into()));
    let report = executor(&sim, 500).run(&plan).await;
    assert_outcome(&report, "lines", QueueOutcome::Stopped);
    assert_eq!(sim.writes(), ["disable e-lines"]);
    assert_eq!(sim.state("l-lines"), S::Disabled);
}

#[tokio::test]
async fn a_target_deleted_mid_switch_does_not_block_the_revert() {
    let sim = Sim::new(cut_over(), 1);
    sim.fail_enable.borrow_mut().push("l-lines".into());
    sim.vanish_on_fail.replace(true);
    let report = roll_back(&sim, 500).await;
    assert_outcome(&report, "lines", QueueOutcome::Reverted);
    assert_eq!(sim.state("e-lines"), S::Enabled);
    assert_eq!(
        sim.writes(),
        ["disable e-lines", "enable l-lines", "enable e-lines"]
    );
}

#[tokio::test]
async fn a_late_enable_of_the_target_is_undone_after_the_revert() {
    let sim = Sim::new(cut_over(), 1);
    sim.fail_enable.borrow_mut().push("l-lines".into());
    // The listings: before the enable, before the revert's enable, after it: there
    // the failed enable shows up late.
    sim.meddle.replace(Some(("l-lines".into(), S::Enabling)));
    sim.meddle_after.replace(2);
    let report = roll_back(&sim, 500).await;
    assert_outcome(&report, "lines", QueueOutcome::Reverted);
    assert_eq!(sim.state("e-lines"), S::Enabled);
    assert_eq!(sim.state("l-lines"), S::Disabled);
    let kinds: Vec<StepKind> = report.queues[0].steps.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            StepKind::Disable,
            StepKind::Enable,
            StepKind::RevertEnable,
            StepKind::RevertDisable
        ]
    );
}

#[tokio::test]
async fn an_enable_that_settles_back_to_disabled_fails_at_once_with_the_reason() {
    let sim = Sim::new(cut_over(), 2);
    sim.bounce.borrow_mut().push("l-lines".into());
    let report = roll_back(&sim, 60_000).await;
    assert_outcome(&report, "lines", QueueOutcome::Reverted);
    assert!(report.duration_ms < 10_000, "{report:?}");
    let enable = &report.queues[0].steps[1];
    assert_eq!(enable.kind, StepKind::Enable);
    assert_eq!(enable.outcome, StepOutcome::Failed);
    let error = enable.error.clone().unwrap();
    assert!(error.contains("role lacks access"), "{error}");
    assert_eq!(sim.state("e-lines"), S::Enabled);
}

#[test]
fn settling_is_not_a_change_but_a_flip_is() {
    let planned = MappingRef::of(&mapping("a", ENHANCED, LINES, S::Disabling));
    assert_eq!(
        changed_since(&planned, &mapping("a", ENHANCED, LINES, S::Disabled)),
        None
    );
    assert!(changed_since(&planned, &mapping("a", ENHANCED, LINES, S::Enabled)).is_some());
    assert!(changed_since(&planned, &mapping("a", LEGACY, LINES, S::Disabled)).is_some());
    let updating = MappingRef::of(&mapping("a", ENHANCED, LINES, S::Updating));
    assert_eq!(
        changed_since(&updating, &mapping("a", ENHANCED, LINES, S::Enabled)),
        None
    );
}

#[tokio::test]
async fn every_step_and_queue_is_reported_as_it_happens() {
    let sim = Sim::new(cut_over(), 2);
    let plan = rollback_plan(&sim.all(), false);
    let recorder = Arc::new(Recorder::default());
    let report = observed(&sim, 1_000, recorder.clone()).run(&plan).await;
    assert!(report.ok(), "{report:?}");
    let events = recorder.events();
    // Without the states seen on the way: each step starts and finishes, each queue
    // ends once, and the run ends last.
    let skeleton: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::StepStarted(s) => Some(format!("start {:?} {}", s.kind, s.queue)),
            Event::StepFinished {
                step, ok, state, ..
            } => Some(format!(
                "end {:?} {} {ok} {}",
                step.kind,
                step.queue,
                state.as_ref().map_or("-", S::as_str)
            )),
            Event::QueueFinished { queue, outcome, .. } => {
                Some(format!("queue {queue} {}", outcome.as_str()))
            }
            Event::Finished => Some("finished".into()),
            _ => None,
        })
        .collect();
    assert_eq!(
        skeleton,
        [
            "start Disable lines",
            "end Disable lines true Disabled",
            "start Enable lines",
            "end Enable lines true Enabled",
            "queue lines switched",
            "start Disable words",
            "end Disable words true Disabled",
            "start Enable words",
            "end Enable words true Enabled",
            "queue words switched",
            "finished",
        ]
    );
    // The states seen on the way belong to the step in progress.
    let seen: Vec<(&str, &S)> = events
        .iter()
        .filter_map(|e| match e {
            Event::StateSeen { step, state } if step.queue == "lines" => {
                Some((step.uuid.as_deref().unwrap_or("-"), state))
            }
            _ => None,
        })
        .collect();
    assert_eq!(seen.first(), Some(&("e-lines", &S::Enabled)));
    assert!(seen.contains(&("e-lines", &S::Disabling)), "{seen:?}");
    assert_eq!(seen.last(), Some(&("l-lines", &S::Enabled)));
}
