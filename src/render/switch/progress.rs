//! The executor's events on stderr, in the printer's progress mode: an indicatif
//! spinner with the last state seen when stderr is a terminal, plain lines (one per
//! state change) otherwise, nothing when quiet. A finished step or queue is kept on
//! screen as one line; an interrupt is always shown. The target's re-check before its
//! enable shows only when it waits or refuses.

use std::time::Duration;

use crate::features::switch::events::{Event, Observer, Signal, StepLabel};
use crate::features::switch::invocation_drain::{DrainEnd, EvidenceSource, Look};
use crate::features::switch::report::{QueueOutcome, StepKind};
use crate::features::switch::target::check::{CheckOutcome, TargetCheck};
use crate::judgements::health::Readiness;
use crate::state::mapping_state::MappingState;
use crate::ui::output::Printer;
use crate::ui::progress::ProgressLine;
use crate::ui::style;

#[derive(Debug)]
pub struct Progress {
    line: ProgressLine,
}

impl Progress {
    pub fn new(printer: &Printer) -> Progress {
        Progress {
            line: ProgressLine::spinner(printer),
        }
    }

    /// A step starts.
    fn begin(&self, what: &str) {
        self.line.restart(what);
    }

    /// The state seen while waiting.
    fn state(&self, what: &str, state: &str) {
        self.line.update(
            &format!("{what}: {state}"),
            &format!("ccx: {what}: {state}"),
        );
    }

    /// A finished step or queue, kept on screen above the spinner.
    fn line(&self, text: &str) {
        self.line.line(text);
    }

    /// A message that must be seen even when quiet.
    fn always(&self, text: &str) {
        self.line.always(text);
    }

    fn finish(&self) {
        self.line.finish();
    }
}

impl Observer for Progress {
    fn event(&self, event: Event) {
        match event {
            Event::StepStarted(step) => self.begin(&describe(&step)),
            Event::StateSeen { step, state } => self.state(&describe(&step), state.as_str()),
            Event::StepFinished {
                step,
                ok,
                state,
                duration,
            } => self.line(&step_line(&step, ok, state.as_ref(), duration)),
            Event::QueueFinished {
                queue,
                target,
                outcome,
                detail,
            } => self.line(&queue_line(&queue, &target, outcome, detail.as_deref())),
            Event::Note { step, text } => {
                self.always(&style::warn(&format!("{}: {text}", step.queue)))
            }
            Event::DrainStarted {
                queue,
                function_name,
                bound,
                horizon,
            } => {
                let what = drain_what(&queue, &function_name);
                self.begin(&what);
                self.state(&what, &drain_start_text(bound, horizon));
            }
            Event::DrainSeen {
                queue,
                function_name,
                look,
                bound,
            } => self.state(
                &drain_what(&queue, &function_name),
                &format!("{} (waiting at most {})", look_text(&look), short(bound)),
            ),
            Event::DrainFinished {
                queue,
                function_name,
                ended,
                source,
                duration,
            } => self.line(&drain_line(&queue, &function_name, ended, source, duration)),
            Event::TargetWaiting {
                queue,
                function_name,
                reason,
                bound,
            } => {
                let what = recheck_what(&queue, &function_name);
                self.begin(&what);
                self.state(
                    &what,
                    &format!(
                        "{reason}; waiting for it to settle, at most {}",
                        short(bound)
                    ),
                );
            }
            Event::TargetChecked { queue, check } => {
                if check.eventful() {
                    self.line(&recheck_line(&queue, &check));
                }
            }
            Event::Interrupted(signal) => self.always(&style::warn(&format!(
                "{}: finishing (or reverting) the queue in progress, then stopping",
                signal_name(signal)
            ))),
            Event::Finished => self.finish(),
        }
    }
}

/// "lines: disabling 1a2b3c4d (chroma-worker-…)", "lines: creating a mapping for …".
fn describe(step: &StepLabel) -> String {
    let verb = match step.kind {
        StepKind::Create => {
            return format!(
                "{}: creating a mapping for {}",
                step.queue, step.function_name
            );
        }
        StepKind::Enable | StepKind::RevertEnable => "enabling",
        StepKind::Disable | StepKind::RevertDisable => "disabling",
    };
    let uuid = step.uuid.as_deref().unwrap_or("?");
    format!(
        "{}: {verb} {} ({})",
        step.queue,
        uuid.get(..8).unwrap_or(uuid),
        step.function_name
    )
}

fn step_line(step: &StepLabel, ok: bool, state: Option<&MappingState>, took: Duration) -> String {
    let mark = if ok {
        style::ok("✔")
    } else {
        style::bad("✘")
    };
    format!(
        "{mark} {}: {} ({})",
        describe(step),
        state.map_or("?", MappingState::as_str),
        humantime::format_duration(took)
    )
}

fn queue_line(queue: &str, target: &str, outcome: QueueOutcome, detail: Option<&str>) -> String {
    match outcome {
        QueueOutcome::Switched => {
            style::ok(&format!("✔ {queue}: {target} is the only enabled consumer"))
        }
        other => style::bad(&format!(
            "✘ {queue}: {}{}",
            other.as_str(),
            detail.map(|d| format!(": {d}")).unwrap_or_default()
        )),
    }
}

/// "lines: draining chroma-worker-…" (what a drain waits for).
fn drain_what(queue: &str, function_name: &str) -> String {
    format!("{queue}: draining {function_name}")
}

/// "lines: re-reading chroma-worker-… before the enable" (what a settling wait is for).
fn recheck_what(queue: &str, function_name: &str) -> String {
    format!("{queue}: re-reading {function_name} before the enable")
}

/// A re-check that waited or refused, as one line.
fn recheck_line(queue: &str, check: &TargetCheck) -> String {
    let name = &check.function_name;
    let found = match &check.status {
        None if check.read_error.is_some() => "could not be read".to_string(),
        None => "no longer exists".to_string(),
        Some(status) => match &status.readiness {
            Readiness::Ready => "ready".to_string(),
            Readiness::Idle => "idle (Inactive)".to_string(),
            Readiness::Settling(reason) => format!("still settling ({reason})"),
            Readiness::Broken(reason) | Readiness::Unknown(reason) => reason.clone(),
        },
    };
    let waited = check
        .status
        .as_ref()
        .and_then(|s| s.waited_seconds)
        .map(|s| format!(" after {}", short(Duration::from_secs(s))))
        .unwrap_or_default();
    match check.outcome {
        CheckOutcome::Go => style::ok(&format!(
            "✔ {queue}: {name} re-read before the enable: {found}{waited}"
        )),
        CheckOutcome::Refused => style::bad(&format!(
            "✘ {queue}: {name} re-read before the enable: {found}{waited}; not enabling it"
        )),
    }
}

fn look_text(look: &Look) -> String {
    match look {
        Look::Idle { why } => format!("idle: {why}"),
        Look::Running { why } => format!("still running: {why}"),
        Look::Unknown { why } => format!("cannot tell: {why}"),
    }
}

/// Whole seconds: the bound and the waits are told to the second.
fn short(d: Duration) -> String {
    humantime::format_duration(Duration::from_secs(d.as_secs())).to_string()
}

/// The drain's first state: its bound, and the late-event horizon its logs wait out.
fn drain_start_text(bound: Duration, horizon: Option<Duration>) -> String {
    match horizon {
        Some(h) => format!(
            "waiting, at most {}; its log lines may reach CloudWatch up to {} late, its \
             metrics about a minute late",
            short(bound),
            short(h)
        ),
        None => format!("waiting, at most {}", short(bound)),
    }
}

fn drain_line(
    queue: &str,
    function_name: &str,
    ended: DrainEnd,
    source: Option<EvidenceSource>,
    took: Duration,
) -> String {
    match ended {
        DrainEnd::SeenIdle => style::ok(&format!(
            "✔ {queue}: {function_name} drained: seen idle{} ({})",
            source.map_or(String::new(), |s| format!(" in its {}", s.name())),
            short(took)
        )),
        DrainEnd::TimeoutReached => style::ok(&format!(
            "✔ {queue}: {function_name} drained: its timeout (plus margin) has passed, every invocation has ended ({})",
            short(took)
        )),
        DrainEnd::Skipped => style::warn(&format!(
            "! {queue}: not waiting for {function_name} to drain (--no-drain): it may still run while the target starts"
        )),
    }
}

fn signal_name(signal: Signal) -> &'static str {
    match signal {
        Signal::Interrupt => "interrupted",
        Signal::Terminate => "terminated (SIGTERM)",
        Signal::HangUp => "hung up (SIGHUP)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::switch::target::state::TargetStatus;

    const ENHANCED: &str = "chromadb-dev-lambdas-enhanced-compaction";
    const LEGACY: &str = "chroma-worker-lambda-dev-ed34dbe";

    /// What a switch prints on stderr, line by line, in `Lines` mode; and, at a
    /// terminal's width, the spinner's line.
    fn progress_lines(width: Option<usize>) -> String {
        let disable = StepLabel {
            queue: "lines".into(),
            kind: StepKind::Disable,
            uuid: Some("e5c4c8a0-69a1-4d06-b4f0-392b61a03149".into()),
            function_name: ENHANCED.into(),
        };
        let create = StepLabel {
            queue: "words".into(),
            kind: StepKind::Create,
            uuid: None,
            function_name: LEGACY.into(),
        };
        let check = TargetCheck {
            function_name: LEGACY.into(),
            outcome: CheckOutcome::Refused,
            status: Some(TargetStatus {
                state: Some("Failed".into()),
                last_update_status: Some("Successful".into()),
                readiness: Readiness::Broken(
                    "state is Failed: InvalidImage (the image manifest cannot be read)".into(),
                ),
                waited_seconds: Some(12),
                timeout_seconds: None,
            }),
            read_error: None,
            refusal: None,
            reused: false,
            checked_at: String::new(),
            duration_ms: 80,
        };
        let lines = [
            format!("ccx: {}: {}", describe(&disable), "Disabling"),
            step_line(
                &disable,
                true,
                Some(&MappingState::Disabled),
                Duration::from_millis(4_250),
            ),
            format!(
                "ccx: {}: {}",
                drain_what("lines", ENHANCED),
                look_text(&Look::Running {
                    why: "START 5f0c2d8e at 02:00:01 without its REPORT".into()
                })
            ),
            drain_line(
                "lines",
                ENHANCED,
                DrainEnd::TimeoutReached,
                None,
                Duration::from_secs(70),
            ),
            step_line(&create, false, None, Duration::from_secs(300)),
            recheck_line("words", &check),
            queue_line(
                "words",
                LEGACY,
                QueueOutcome::Reverted,
                Some(&format!(
                    "{LEGACY} cannot run (state is Failed); {ENHANCED} is enabled again"
                )),
            ),
        ];
        let mut out: Vec<String> = lines
            .iter()
            .map(|line| crate::ui::wrap::message(line, width))
            .collect();
        if width.is_some() {
            let spinner = crate::ui::progress::spinner_message(
                width,
                &format!("{}: Disabling", describe(&disable)),
            );
            out.push(format!("⠁ {spinner} [1m 10s]"));
        }
        out.join("\n")
    }

    #[test]
    fn progress_lines_at_each_width() {
        crate::render::at_widths::snapshots(
            "switch_progress_lines",
            &[ENHANCED, LEGACY],
            progress_lines,
        );
    }

    fn step(kind: StepKind, uuid: Option<&str>) -> StepLabel {
        StepLabel {
            queue: "lines".into(),
            kind,
            uuid: uuid.map(str::to_string),
            function_name: "chroma-worker".into(),
        }
    }

    #[test]
    fn a_step_is_named_by_its_queue_verb_short_uuid_and_function() {
        let uuid = Some("0123456789abcdef");
        assert_eq!(
            describe(&step(StepKind::Disable, uuid)),
            "lines: disabling 01234567 (chroma-worker)"
        );
        assert_eq!(
            describe(&step(StepKind::RevertEnable, uuid)),
            "lines: enabling 01234567 (chroma-worker)"
        );
        assert_eq!(
            describe(&step(StepKind::Create, None)),
            "lines: creating a mapping for chroma-worker"
        );
    }

    #[test]
    fn finished_steps_and_queues_carry_a_mark_the_state_and_the_reason() {
        let done = step_line(
            &step(StepKind::Enable, Some("abc")),
            true,
            Some(&MappingState::Enabled),
            Duration::from_millis(1_500),
        );
        assert!(done.contains('✔'), "{done}");
        assert!(
            done.contains("lines: enabling abc (chroma-worker): Enabled (1s 500ms)"),
            "{done}"
        );
        let failed = step_line(
            &step(StepKind::Enable, Some("abc")),
            false,
            None,
            Duration::ZERO,
        );
        assert!(
            failed.contains("✘") && failed.contains(": ? (0s)"),
            "{failed}"
        );
        let switched = queue_line("lines", "chroma-worker", QueueOutcome::Switched, None);
        assert!(
            switched.contains("✔ lines: chroma-worker is the only enabled consumer"),
            "{switched}"
        );
        let reverted = queue_line("lines", "x", QueueOutcome::Reverted, Some("enable failed"));
        assert!(
            reverted.contains("✘ lines: reverted: enable failed"),
            "{reverted}"
        );
        assert_eq!(signal_name(Signal::HangUp), "hung up (SIGHUP)");
    }

    #[test]
    fn a_drain_says_what_it_waits_for_how_long_at_most_and_how_it_ended() {
        assert_eq!(
            drain_what("lines", "chroma-worker"),
            "lines: draining chroma-worker"
        );
        let running = Look::Running {
            why: "START r1 at 12:00:01 without its REPORT".into(),
        };
        assert_eq!(
            look_text(&running),
            "still running: START r1 at 12:00:01 without its REPORT"
        );
        assert_eq!(short(Duration::from_millis(70_400)), "1m 10s");
        let idle = drain_line(
            "lines",
            "w",
            DrainEnd::SeenIdle,
            None,
            Duration::from_secs(3),
        );
        assert!(
            idle.contains("✔ lines: w drained: seen idle (3s)"),
            "{idle}"
        );
        let by_logs = drain_line(
            "lines",
            "w",
            DrainEnd::SeenIdle,
            Some(EvidenceSource::Logs),
            Duration::from_secs(3),
        );
        assert!(by_logs.contains("seen idle in its logs (3s)"), "{by_logs}");
        let horizon = drain_start_text(Duration::from_secs(70), Some(Duration::from_secs(120)));
        assert!(
            horizon.contains("at most 1m 10s; its log lines may reach CloudWatch up to 2m late"),
            "{horizon}"
        );
        let bound = drain_line(
            "lines",
            "w",
            DrainEnd::TimeoutReached,
            None,
            Duration::from_secs(70),
        );
        assert!(
            bound.contains("every invocation has ended (1m 10s)"),
            "{bound}"
        );
        let skipped = drain_line("lines", "w", DrainEnd::Skipped, None, Duration::ZERO);
        assert!(skipped.contains("--no-drain"), "{skipped}");
    }

    #[test]
    fn a_re_check_that_waited_or_refused_says_what_lambda_reported() {
        use crate::features::switch::target::state::TargetStatus;
        let status = |state: &str, readiness, waited| TargetStatus {
            state: Some(state.into()),
            last_update_status: Some("Successful".into()),
            readiness,
            waited_seconds: waited,
            timeout_seconds: None,
        };
        let mut check = TargetCheck {
            function_name: "w".into(),
            outcome: CheckOutcome::Go,
            status: Some(status("Active", Readiness::Ready, Some(4))),
            read_error: None,
            refusal: None,
            reused: false,
            checked_at: "2026-11-29T12:00:00Z".into(),
            duration_ms: 4_100,
        };
        let settled = recheck_line("lines", &check);
        assert!(
            settled.contains("✔ lines: w re-read before the enable: ready after 4s"),
            "{settled}"
        );
        check.outcome = CheckOutcome::Refused;
        check.status = Some(status(
            "Failed",
            Readiness::Broken("state is Failed: no image".into()),
            None,
        ));
        let failed = recheck_line("lines", &check);
        assert!(
            failed.contains(
                "✘ lines: w re-read before the enable: state is Failed: no image; not enabling it"
            ),
            "{failed}"
        );
        check.status = None;
        assert!(recheck_line("lines", &check).contains(": no longer exists; not enabling it"));
        check.read_error = Some("throttled".into());
        assert!(recheck_line("lines", &check).contains(": could not be read; not enabling it"));
        assert_eq!(
            recheck_what("lines", "w"),
            "lines: re-reading w before the enable"
        );
    }
}
