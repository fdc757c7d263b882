//! The drain between break and make, against the simulated Lambda and a scripted
//! probe: the target is enabled only once the old consumer is seen idle or its timeout
//! plus the margin has passed; `--no-drain` enables at once; every drain is reported.

use std::sync::Arc;
use std::time::Duration;

use super::{executor, observed, rollback_plan};
use crate::features::switch::events::Event;
use crate::features::switch::executor::sim::{Recorder, Sim};
use crate::features::switch::fixtures::*;
use crate::features::switch::invocation_drain::{DrainEnd, Look};
use crate::features::switch::report::{ApplyReport, QueueOutcome};
use crate::state::mapping_state::MappingState as S;

fn running(why: &str) -> Look {
    Look::Running { why: why.into() }
}

/// Position of `call` in the sim's call log.
fn at(sim: &Sim, call: &str) -> usize {
    let calls = sim.calls.borrow();
    calls
        .iter()
        .position(|c| c == call)
        .unwrap_or_else(|| panic!("no {call} in {calls:?}"))
}

fn looks_before(sim: &Sim, call: &str) -> usize {
    let end = at(sim, call);
    sim.calls.borrow()[..end]
        .iter()
        .filter(|c| c.starts_with("look"))
        .count()
}

/// Rolls back lines only (words is left as it is).
async fn roll_back_lines(sim: &Sim, skip: bool) -> ApplyReport {
    let mut plan = rollback_plan(&sim.all(), false);
    plan.queues.retain(|q| q.queue == "lines");
    let mut run = executor(sim, 2_000);
    run.drain.skip = skip;
    run.run(&plan).await
}

#[tokio::test]
async fn the_target_is_enabled_only_after_the_old_consumer_is_seen_idle() {
    let sim = Sim::new(cut_over(), 2);
    sim.drain_looks.borrow_mut().extend([
        running("invocation r1 started at 12:00:00 has not ended"),
        running("invocation r1 started at 12:00:00 has not ended"),
    ]);
    let report = roll_back_lines(&sim, false).await;
    assert!(report.ok(), "{report:?}");
    // Disabled first, then looked at until idle (the third look), then enabled.
    assert!(at(&sim, "disable e-lines") < at(&sim, &format!("look {ENHANCED}")));
    assert_eq!(looks_before(&sim, "enable l-lines"), 3);
    let drain = report.queues[0].drain.as_ref().expect("a drain record");
    assert_eq!(drain.ended, DrainEnd::SeenIdle);
    assert_eq!(drain.functions[0].function_name, ENHANCED);
    assert_eq!(
        drain.functions[0].evidence.as_deref(),
        Some("nothing running")
    );
    assert!(sim.violations.borrow().is_empty());
}

#[tokio::test]
async fn a_consumer_that_never_ends_is_waited_for_its_timeout_plus_the_margin_only() {
    let sim = Sim::new(cut_over(), 1);
    *sim.drain_forever.borrow_mut() = Some(running("invocation r1 has not ended"));
    *sim.drain_timeout.borrow_mut() = Some(Duration::from_millis(30));
    let started = std::time::Instant::now();
    let report = roll_back_lines(&sim, false).await;
    let took = started.elapsed();
    assert!(
        report.ok(),
        "reaching the bound is proof of drain: {report:?}"
    );
    let drain = report.queues[0].drain.as_ref().unwrap();
    assert_eq!(drain.ended, DrainEnd::TimeoutReached);
    // 30 ms timeout + 20 ms margin (the test executor's), and not much more.
    assert!(drain.duration_ms >= 50, "{drain:?}");
    assert!(took < Duration::from_millis(1_500), "{took:?}");
    assert_eq!(
        drain.functions[0].evidence.as_deref(),
        Some("invocation r1 has not ended")
    );
    assert!(at(&sim, "enable l-lines") > at(&sim, "disable e-lines"));
}

#[tokio::test]
async fn evidence_that_cannot_tell_waits_to_the_bound_too() {
    let sim = Sim::new(cut_over(), 1);
    *sim.drain_forever.borrow_mut() = Some(Look::Unknown {
        why: "the system log level hides the platform lines".into(),
    });
    let report = roll_back_lines(&sim, false).await;
    assert_eq!(
        report.queues[0].drain.as_ref().unwrap().ended,
        DrainEnd::TimeoutReached
    );
}

#[tokio::test]
async fn no_drain_enables_at_once_and_says_so() {
    let sim = Sim::new(cut_over(), 1);
    *sim.drain_forever.borrow_mut() = Some(running("never ends"));
    *sim.drain_timeout.borrow_mut() = Some(Duration::from_secs(60));
    let report = roll_back_lines(&sim, true).await;
    assert!(report.ok(), "{report:?}");
    assert_eq!(looks_before(&sim, "enable l-lines"), 0);
    let drain = report.queues[0].drain.as_ref().unwrap();
    assert_eq!(drain.ended, DrainEnd::Skipped);
    assert_eq!(drain.overlap_seconds(), Some(60));
}

#[tokio::test]
async fn the_drain_is_told_as_it_happens() {
    let sim = Sim::new(cut_over(), 1);
    sim.drain_looks
        .borrow_mut()
        .extend([running("r1 open"), running("r1 open")]);
    let recorder = Arc::new(Recorder::default());
    let mut plan = rollback_plan(&sim.all(), false);
    plan.queues.retain(|q| q.queue == "lines");
    observed(&sim, 2_000, recorder.clone()).run(&plan).await;
    let drain_events: Vec<Event> = recorder
        .events()
        .into_iter()
        .filter(|e| {
            matches!(
                e,
                Event::DrainStarted { .. } | Event::DrainSeen { .. } | Event::DrainFinished { .. }
            )
        })
        .collect();
    // Started with its bound, each change of evidence once, finished idle.
    assert!(
        matches!(&drain_events[0], Event::DrainStarted { queue, bound, .. }
            if queue == "lines" && *bound == Duration::from_millis(30)),
        "{drain_events:?}"
    );
    assert!(matches!(
        &drain_events[1],
        Event::DrainSeen {
            look: Look::Running { .. },
            ..
        }
    ));
    assert!(matches!(
        &drain_events[2],
        Event::DrainSeen {
            look: Look::Idle { .. },
            ..
        }
    ));
    assert!(matches!(
        &drain_events[3],
        Event::DrainFinished {
            ended: DrainEnd::SeenIdle,
            ..
        }
    ));
    assert_eq!(drain_events.len(), 4, "{drain_events:?}");
}

#[tokio::test]
async fn nothing_disabled_nothing_drained() {
    // A half-done rollback: enhanced already off, only the legacy enable is left.
    let sim = Sim::new(
        runbook([S::Disabled, S::Disabled], [S::Disabled, S::Enabled]),
        1,
    );
    let report = roll_back_lines(&sim, false).await;
    assert_eq!(report.queues[0].outcome, QueueOutcome::Switched);
    assert!(report.queues[0].drain.is_none(), "{report:?}");
    assert_eq!(looks_before(&sim, "enable l-lines"), 0);
}
