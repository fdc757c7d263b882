//! The guard report: what was watched, every change and window, the final verify, and
//! the exit code they add up to.

use serde::Serialize;

use super::child::CommandExit;
use super::drift_check::GuardDrift;
use super::sources::WatchedSource;
use super::timeline::{
    ChangeKind, Outcome, SourceTally, Window, WindowKind, rfc3339_ms, rfc3339_ms_opt,
};
use crate::features::verify::report::{CheckStatus, VerifyReport};

/// What the watch loop hands over when it stops.
#[derive(Debug, Clone)]
pub struct Watched {
    pub started_ms: i64,
    pub ended_ms: i64,
    pub command_exit: Option<CommandExit>,
    pub command_ended_ms: Option<i64>,
    /// The mappings were stable for `--until-stable` when watching stopped.
    pub stable: bool,
    /// Watching was stopped by a signal (a second Ctrl-C, SIGTERM, SIGHUP).
    pub interrupted: bool,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GuardStatus {
    /// Exactly one consumer per source throughout, and the final verify holds.
    Ok,
    /// A window of zero or two consumers, a mapping Lambda reports a problem with, a
    /// failed final verify, or no final verify at all.
    Failed,
    /// The command itself failed; its status is ccx's.
    CommandFailed,
    /// The final verify could not establish the facts.
    Error,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceReport {
    #[serde(flatten)]
    pub source: WatchedSource,
    pub watched: bool,
    #[serde(flatten)]
    pub tally: SourceTally,
}

#[derive(Debug, Clone, Serialize)]
pub struct GuardReport {
    pub stack: String,
    /// The command run, or null when guard watched alone.
    pub command: Option<Vec<String>>,
    pub command_exit: Option<CommandExit>,
    #[serde(serialize_with = "rfc3339_ms")]
    pub started_at: i64,
    #[serde(serialize_with = "rfc3339_ms_opt")]
    pub command_ended_at: Option<i64>,
    #[serde(serialize_with = "rfc3339_ms")]
    pub ended_at: i64,
    pub interval_ms: u64,
    pub until_stable_ms: u64,
    pub readings: u32,
    pub stable: bool,
    pub interrupted: bool,
    pub sources: Vec<SourceReport>,
    pub changes: Vec<super::timeline::Change>,
    pub windows: Vec<Window>,
    /// One line per window and per mapping Lambda reports a problem with.
    pub problems: Vec<String>,
    /// The `ccx verify` checks run once the mappings were stable; null when watching
    /// was stopped before.
    pub verify: Option<VerifyReport>,
    /// With an IaC source: what it declares against the consumers at the end (null
    /// without one, or when watching was stopped before the final verify).
    pub drift: Option<GuardDrift>,
    pub status: GuardStatus,
    pub exit_code: u8,
}

/// Settings of the watch, for the report.
pub struct Setup {
    pub stack: String,
    pub command: Option<Vec<String>>,
    pub interval_ms: u64,
    pub until_stable_ms: u64,
}

pub fn build(
    setup: Setup,
    sources: Vec<WatchedSource>,
    watched: Watched,
    verify: Option<VerifyReport>,
    drift: Option<GuardDrift>,
) -> GuardReport {
    let Outcome {
        changes,
        windows,
        tallies,
        readings,
    } = watched.outcome;
    let mut problems: Vec<String> = windows
        .iter()
        .map(|w| describe_window(w, watched.started_ms))
        .collect();
    problems.extend(
        changes
            .iter()
            .filter(|c| c.change == ChangeKind::Trouble)
            .map(|c| {
                format!(
                    "{}: {}: {}",
                    c.source,
                    c.function_name,
                    c.to.as_deref().unwrap_or_default()
                )
            }),
    );
    if verify.is_none() {
        problems.push("watching stopped before the mappings were stable: no final verify".into());
    }
    let lambda_problems = changes.iter().any(|c| c.change == ChangeKind::Trouble);
    let (status, exit_code) = judge(
        watched.command_exit.as_ref(),
        !windows.is_empty() || lambda_problems,
        verify.as_ref().map(|v| v.status),
    );
    let (status, exit_code) = with_drift((status, exit_code), drift.as_ref());
    GuardReport {
        stack: setup.stack,
        command: setup.command,
        command_exit: watched.command_exit,
        started_at: watched.started_ms,
        command_ended_at: watched.command_ended_ms,
        ended_at: watched.ended_ms,
        interval_ms: setup.interval_ms,
        until_stable_ms: setup.until_stable_ms,
        readings,
        stable: watched.stable,
        interrupted: watched.interrupted,
        sources: sources
            .into_iter()
            .zip(tallies)
            .map(|(source, tally)| SourceReport {
                watched: source.is_watched(),
                source,
                tally,
            })
            .collect(),
        changes,
        windows,
        problems,
        verify,
        drift,
        status,
        exit_code,
    }
}

/// Exit code 2 of the exit-code table: a final verify that could not run.
const COULD_NOT_RUN: u8 = 2;

/// The command's own failure first; then a final verify that could not run (2);
/// then any window, Lambda-reported problem, failed or missing final verify (1).
pub fn judge(
    command: Option<&CommandExit>,
    seen_wrong: bool,
    verify: Option<CheckStatus>,
) -> (GuardStatus, u8) {
    if let Some(exit) = command
        && !exit.success()
    {
        return (GuardStatus::CommandFailed, exit.shell_status());
    }
    match verify {
        Some(CheckStatus::Error) => (GuardStatus::Error, COULD_NOT_RUN),
        Some(CheckStatus::Fail) | None => (GuardStatus::Failed, 1),
        Some(_) if seen_wrong => (GuardStatus::Failed, 1),
        Some(_) => (GuardStatus::Ok, 0),
    }
}

/// The drift from the IaC on top of `judge`: an IaC that could not be read is a final
/// check that could not run (2), a difference fails (1); neither hides the command's
/// own failure, and an error stays an error.
pub fn with_drift(judged: (GuardStatus, u8), drift: Option<&GuardDrift>) -> (GuardStatus, u8) {
    let Some(drift) = drift else {
        return judged;
    };
    match judged.0 {
        GuardStatus::CommandFailed | GuardStatus::Error => judged,
        _ if drift.error.is_some() => (GuardStatus::Error, COULD_NOT_RUN),
        _ if !drift.ok => (GuardStatus::Failed, 1),
        _ => judged,
    }
}

/// `lines: 2 enabled consumers for 2.1s (a, b), from +3.0s`: when, relative to
/// `started_ms`.
pub fn describe_window(w: &Window, started_ms: i64) -> String {
    let what = match w.kind {
        WindowKind::Zero => "no enabled consumer".to_string(),
        WindowKind::Several => {
            format!("{} enabled consumers", w.functions.len().max(2))
        }
    };
    let mut text = format!("{}: {what} for {}", w.source, seconds(w.duration_ms));
    if !w.functions.is_empty() {
        text.push_str(&format!(" ({})", w.functions.join(", ")));
    }
    if w.from_start {
        text.push_str(", already at the start");
    } else {
        text.push_str(&format!(", from +{}", seconds(w.started_ms - started_ms)));
    }
    if w.ended_ms.is_none() {
        text.push_str(", still so at the end");
    }
    text
}

/// `2.1s`, `75.0s`.
pub fn seconds(ms: i64) -> String {
    format!("{:.1}s", ms as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exit(code: i32) -> CommandExit {
        CommandExit {
            code: Some(code),
            signal: None,
        }
    }

    #[test]
    fn the_commands_failure_wins_then_verify_errors_then_anything_wrong() {
        use CheckStatus::*;
        assert_eq!(
            judge(Some(&exit(3)), true, Some(Fail)),
            (GuardStatus::CommandFailed, 3)
        );
        assert_eq!(
            judge(Some(&exit(0)), false, Some(Pass)),
            (GuardStatus::Ok, 0)
        );
        assert_eq!(judge(None, false, Some(Warn)), (GuardStatus::Ok, 0));
        assert_eq!(judge(None, true, Some(Pass)), (GuardStatus::Failed, 1));
        assert_eq!(
            judge(Some(&exit(0)), false, Some(Fail)),
            (GuardStatus::Failed, 1)
        );
        assert_eq!(judge(Some(&exit(0)), false, None), (GuardStatus::Failed, 1));
        assert_eq!(judge(None, true, Some(Error)), (GuardStatus::Error, 2));
    }

    fn drift(ok: bool, error: Option<&str>) -> GuardDrift {
        use crate::base::topology::{IacKind, IacReference, IacSource};
        GuardDrift {
            iac: IacSource {
                kind: IacKind::Pulumi,
                reference: IacReference::Stack("dev".into()),
            },
            ok,
            error: error.map(str::to_string),
            queues: Vec::new(),
        }
    }

    #[test]
    fn a_drift_fails_an_unreadable_iac_is_an_error_and_the_command_still_wins() {
        let ok = (GuardStatus::Ok, 0);
        assert_eq!(with_drift(ok, None), ok);
        assert_eq!(with_drift(ok, Some(&drift(true, None))), ok);
        assert_eq!(
            with_drift(ok, Some(&drift(false, None))),
            (GuardStatus::Failed, 1)
        );
        let unreadable = drift(false, Some("cannot read the IaC state file"));
        assert_eq!(
            with_drift((GuardStatus::Failed, 1), Some(&unreadable)),
            (GuardStatus::Error, 2)
        );
        let command = (GuardStatus::CommandFailed, 3);
        assert_eq!(with_drift(command, Some(&unreadable)), command);
        let error = (GuardStatus::Error, 2);
        assert_eq!(with_drift(error, Some(&drift(false, None))), error);
    }

    #[test]
    fn a_window_reads_as_one_line() {
        let w = Window {
            source: "lines".into(),
            kind: WindowKind::Several,
            started_ms: 1_000,
            ended_ms: Some(3_140),
            duration_ms: 2_140,
            functions: vec!["a".into(), "b".into()],
            from_start: false,
        };
        assert_eq!(
            describe_window(&w, 0),
            "lines: 2 enabled consumers for 2.1s (a, b), from +1.0s"
        );
        let zero = Window {
            kind: WindowKind::Zero,
            ended_ms: None,
            from_start: true,
            functions: vec![],
            ..w
        };
        assert_eq!(
            describe_window(&zero, 0),
            "lines: no enabled consumer for 2.1s, already at the start, still so at the end"
        );
    }
}
