//! The target function re-read right before its enable. The plan read it too, but the
//! operator's answer and the old consumer's drain can take minutes, and a deploy that
//! lands meanwhile can leave it `Failed`, its last update failed, or deleted; Lambda
//! would enable the mapping anyway and every batch would fail. What the re-read found
//! is judged here, as data; the executor (`executor/target_check.rs`) reads and acts.

use std::time::Duration;

use serde::Serialize;

use crate::features::switch::target::state::TargetStatus;
use crate::judgements::health::Readiness;

/// A re-check of the same function this recent is reused for the next queue instead of
/// reading Lambda again (queues switched back to back without a drain between them).
pub const REUSE_WITHIN: Duration = Duration::from_secs(5);

/// What the re-check decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcome {
    /// The target can run (ready, idle, or a state ccx does not know): it is enabled.
    Go,
    /// It cannot, or it did not settle, or it is gone: not enabled, the queue put back.
    Refused,
}

/// The target function as re-read right before its enable, for the report and the audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetCheck {
    pub function_name: String,
    pub outcome: CheckOutcome,
    /// What Lambda reported last (with `waited_seconds` when ccx waited for it to
    /// settle); null when the function is gone or could not be read.
    pub status: Option<TargetStatus>,
    /// Why Lambda could not be read; null when it was.
    pub read_error: Option<String>,
    /// Why it was refused, in one line naming the function.
    pub refusal: Option<String>,
    /// An earlier re-check of this function in this run, at most [`REUSE_WITHIN`] old,
    /// was used instead of a new read.
    pub reused: bool,
    /// RFC 3339: when Lambda was read.
    pub checked_at: String,
    pub duration_ms: u64,
}

impl TargetCheck {
    /// Whether the re-check changed anything an operator watching should see: it waited
    /// for the function to settle, or it refused the enable. A reused one did neither
    /// (that was told for the queue that read it).
    pub fn eventful(&self) -> bool {
        let waited = self
            .status
            .as_ref()
            .is_some_and(|s| s.waited_seconds.is_some());
        !self.reused && (self.outcome == CheckOutcome::Refused || waited)
    }
}

/// What the re-read means for the enable: Ok to go ahead, or why not. `status` is None
/// when the function no longer exists; `bound` is how long a settling one was waited for.
pub fn judge(name: &str, status: Option<&TargetStatus>, bound: Duration) -> Result<(), String> {
    let Some(status) = status else {
        return Err(format!(
            "{name} no longer exists (deleted since the plan), so it was not enabled"
        ));
    };
    match &status.readiness {
        Readiness::Ready | Readiness::Idle | Readiness::Unknown(_) => Ok(()),
        Readiness::Broken(reason) => Err(format!(
            "{name} cannot run since the plan ({reason}), so it was not enabled: every batch sent to it would fail"
        )),
        Readiness::Settling(reason) => Err(format!(
            "{name} did not settle within {} ({reason}), so it was not enabled",
            humantime::format_duration(bound)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::state::functions::FunctionInfo;

    fn status(state: &str, update: &str, reason: Option<&str>) -> TargetStatus {
        TargetStatus::of(&FunctionInfo {
            state: Some(state.into()),
            last_update_status: Some(update.into()),
            state_reason: reason.map(str::to_string),
            last_update_status_reason: reason.map(str::to_string),
            ..fixtures::function("f", 60)
        })
    }

    const BOUND: Duration = Duration::from_secs(90);

    #[test]
    fn ready_idle_and_unknown_functions_go_ahead() {
        for (state, update) in [
            ("Active", "Successful"),
            ("Inactive", "Successful"),
            ("Restoring", "Successful"),
        ] {
            assert_eq!(
                judge("f", Some(&status(state, update, None)), BOUND),
                Ok(())
            );
        }
    }

    #[test]
    fn a_broken_function_is_refused_with_its_state_and_lambdas_reason() {
        let failed = status("Failed", "Successful", Some("InvalidImage: no such image"));
        let why = judge("f", Some(&failed), BOUND).unwrap_err();
        assert!(
            why.starts_with(
                "f cannot run since the plan (state is Failed: InvalidImage: no such image)"
            ),
            "{why}"
        );
        let update = status("Active", "Failed", Some("ENI limit"));
        let why = judge("f", Some(&update), BOUND).unwrap_err();
        assert!(why.contains("(last update failed: ENI limit)"), "{why}");
    }

    #[test]
    fn a_function_still_settling_or_gone_is_refused() {
        let settling = status("Pending", "InProgress", None);
        assert_eq!(
            judge("f", Some(&settling), BOUND),
            Err("f did not settle within 1m 30s (state is Pending), so it was not enabled".into())
        );
        assert_eq!(
            judge("f", None, BOUND),
            Err("f no longer exists (deleted since the plan), so it was not enabled".into())
        );
    }

    #[test]
    fn only_a_wait_or_a_refusal_is_eventful() {
        let mut check = TargetCheck {
            function_name: "f".into(),
            outcome: CheckOutcome::Go,
            status: Some(status("Active", "Successful", None)),
            read_error: None,
            refusal: None,
            reused: false,
            checked_at: "2026-11-29T12:00:00Z".into(),
            duration_ms: 40,
        };
        assert!(!check.eventful());
        check.status.as_mut().unwrap().waited_seconds = Some(3);
        assert!(check.eventful());
        check.reused = true;
        assert!(!check.eventful());
        check.reused = false;
        check.status = None;
        check.outcome = CheckOutcome::Refused;
        assert!(check.eventful());
    }
}
