//! A Lambda function's health, judged once: by its role in the topology, its
//! configuration and what it consumes. `ccx functions` and `ccx verify` both show this
//! verdict.

use serde::Serialize;

use crate::base::topology::Role;
use crate::judgements::consumers::Source;
use crate::state::functions::FunctionInfo;

/// Ordered by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    Ok,
    Warn,
    Fail,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionVerdict {
    pub health: Health,
    /// Why, in one line, without the function's name.
    pub reason: String,
    /// A consequence worth knowing that does not change the health.
    pub remark: Option<String>,
    /// The condition may settle by itself (`Pending`, an update in progress).
    pub settling: bool,
}

impl FunctionVerdict {
    fn new(health: Health, reason: impl Into<String>) -> FunctionVerdict {
        FunctionVerdict {
            health,
            reason: reason.into(),
            remark: None,
            settling: false,
        }
    }

    fn settling(mut self) -> FunctionVerdict {
        self.settling = true;
        self
    }
}

/// What an `Inactive` function does next, for anyone about to rely on it.
pub const WAKING: &str = "its next invocation wakes it, and the first may fail while it does";

/// Whether a function can run now, from Lambda's `State` and `LastUpdateStatus` read
/// together (GetFunctionConfiguration reports both; ListFunctions neither). Reasons
/// carry Lambda's own `StateReason`/`LastUpdateStatusReason`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "readiness", content = "reason", rename_all = "snake_case")]
pub enum Readiness {
    /// `Active`, and no update pending or failed.
    Ready,
    /// `Inactive`: idle long enough for Lambda to reclaim its resources. Normal for a
    /// standby; [`WAKING`] says what that means.
    Idle,
    /// `Pending`, or an update `InProgress`: settles by itself.
    Settling(String),
    /// `Failed`, or its last update `Failed`: it cannot run until someone fixes it.
    Broken(String),
    /// No state reported, or one ccx does not know.
    Unknown(String),
}

/// Lambda's view of `info`, as a [`Readiness`]. A failure wins over a transition, a
/// transition over idleness.
pub fn readiness(info: &FunctionInfo) -> Readiness {
    let because = |reason: &Option<String>| {
        reason
            .as_deref()
            .filter(|r| !r.trim().is_empty())
            .map(|r| format!(": {r}"))
            .unwrap_or_default()
    };
    let state_reason = because(&info.state_reason);
    let update_reason = because(&info.last_update_status_reason);
    let state = info.state.as_deref();
    match (state, info.last_update_status.as_deref()) {
        (Some("Failed"), _) => Readiness::Broken(format!("state is Failed{state_reason}")),
        (_, Some("Failed")) => Readiness::Broken(format!("last update failed{update_reason}")),
        (Some("Pending"), _) => Readiness::Settling(format!("state is Pending{state_reason}")),
        (_, Some("InProgress")) => {
            Readiness::Settling(format!("update in progress{update_reason}"))
        }
        (Some("Inactive"), _) => Readiness::Idle,
        (Some("Active"), _) => Readiness::Ready,
        (Some(other), _) => {
            Readiness::Unknown(format!("state {other} is not one ccx knows{state_reason}"))
        }
        (None, _) => Readiness::Unknown("Lambda reported no state: health unknown".into()),
    }
}

/// Topology sources on which `function_name` has an enabled (or about to be) mapping.
pub fn consumed_by(sources: &[Source], function_name: &str) -> Vec<String> {
    sources
        .iter()
        .filter(|s| s.active().any(|m| m.mapping.function_name == function_name))
        .filter_map(|s| s.key.clone())
        .collect()
}

/// The verdict on a function with `role`: `info` is its configuration (`None` when the
/// stack has no such function), `consumes` the topology sources it consumes now and
/// `fallback_for` the queues that name it as their rollback fallback. A failure found
/// anywhere wins over a warning.
///
/// An expected consumer must be able to run: `Failed`, `Pending` or an update in
/// progress or failed fails it. A retired or fallback function is a standby: only a
/// broken one fails; `Inactive` (idle) and a transition are warnings.
pub fn judge(
    role: Role,
    info: Option<&FunctionInfo>,
    consumes: &[String],
    fallback_for: &[String],
) -> FunctionVerdict {
    let Some(info) = info else {
        return absent(role, fallback_for);
    };
    let retired = role == Role::Retired;
    match readiness(info) {
        Readiness::Broken(reason) => FunctionVerdict::new(Health::Fail, reason),
        Readiness::Settling(reason) if role == Role::Expected => {
            FunctionVerdict::new(Health::Fail, reason).settling()
        }
        _ if retired && !consumes.is_empty() => FunctionVerdict::new(
            Health::Fail,
            format!("RETIRED but still consuming {}", consumes.join(", ")),
        ),
        Readiness::Settling(reason) => FunctionVerdict::new(Health::Warn, reason).settling(),
        Readiness::Unknown(reason) => FunctionVerdict::new(Health::Warn, reason),
        Readiness::Idle if role == Role::Expected => FunctionVerdict::new(
            Health::Warn,
            format!("Inactive: nothing has invoked it for a long time; {WAKING}"),
        ),
        Readiness::Idle if retired => FunctionVerdict::new(
            Health::Warn,
            format!("{RETIRED_STANDBY}; Inactive: {WAKING}"),
        ),
        Readiness::Idle => FunctionVerdict::new(
            Health::Warn,
            format!("Inactive (an idle standby): {WAKING}"),
        ),
        Readiness::Ready if retired => FunctionVerdict::new(Health::Warn, RETIRED_STANDBY),
        Readiness::Ready => FunctionVerdict::new(Health::Ok, "active"),
    }
}

/// A retired function that is still deployed and consumes nothing.
const RETIRED_STANDBY: &str =
    "retired but still deployed, mappings disabled: fast rollback available";

/// What a function's absence means, by its role.
fn absent(role: Role, fallback_for: &[String]) -> FunctionVerdict {
    match role {
        Role::Expected => {
            FunctionVerdict::new(Health::Fail, "not found: the expected function is missing")
        }
        Role::Fallback => FunctionVerdict::new(
            Health::Warn,
            "absent: `ccx rollback` has nothing to switch back to",
        ),
        Role::Retired => FunctionVerdict {
            remark: (!fallback_for.is_empty())
                .then(|| "no fast rollback: `ccx rollback` cannot run".to_string()),
            ..FunctionVerdict::new(Health::Ok, "absent, as the cutover intended")
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::state::mapping_state::MappingState;

    fn info(state: Option<&str>, update: &str) -> FunctionInfo {
        FunctionInfo {
            state: state.map(String::from),
            last_update_status: Some(update.into()),
            ..fixtures::function("f", 60)
        }
    }

    fn health(role: Role, info: &FunctionInfo, consumes: &[&str]) -> Health {
        let consumes: Vec<String> = consumes.iter().map(|s| s.to_string()).collect();
        judge(role, Some(info), &consumes, &[]).health
    }

    #[test]
    fn roles_decide_what_absence_means() {
        let fallback_for = vec!["lines".to_string()];
        assert_eq!(judge(Role::Expected, None, &[], &[]).health, Health::Fail);
        assert_eq!(judge(Role::Fallback, None, &[], &[]).health, Health::Warn);
        let gone = judge(Role::Retired, None, &[], &fallback_for);
        assert_eq!(gone.health, Health::Ok);
        assert_eq!(gone.reason, "absent, as the cutover intended");
        assert!(gone.remark.unwrap().contains("no fast rollback"));
        assert_eq!(judge(Role::Retired, None, &[], &[]).remark, None);
    }

    #[test]
    fn an_active_function_is_judged_by_its_update_and_role() {
        let active = info(Some("Active"), "Successful");
        assert_eq!(health(Role::Expected, &active, &[]), Health::Ok);
        assert_eq!(health(Role::Fallback, &active, &[]), Health::Ok);
        assert_eq!(health(Role::Retired, &active, &[]), Health::Warn);
        let consuming = judge(Role::Retired, Some(&active), &["lines".into()], &[]);
        assert_eq!(consuming.health, Health::Fail);
        assert_eq!(consuming.reason, "RETIRED but still consuming lines");
        let failed = FunctionInfo {
            last_update_status_reason: Some("image not found".into()),
            ..info(Some("Active"), "Failed")
        };
        for role in [Role::Expected, Role::Retired, Role::Fallback] {
            let verdict = judge(role, Some(&failed), &[], &[]);
            assert_eq!(verdict.health, Health::Fail, "{role:?}");
            assert_eq!(verdict.reason, "last update failed: image not found");
        }
    }

    #[test]
    fn an_update_in_progress_fails_an_expected_consumer_and_warns_for_a_standby() {
        let updating = FunctionInfo {
            last_update_status_reason: Some("deploying".into()),
            ..info(Some("Active"), "InProgress")
        };
        let expected = judge(Role::Expected, Some(&updating), &[], &[]);
        assert_eq!((expected.health, expected.settling), (Health::Fail, true));
        assert_eq!(expected.reason, "update in progress: deploying");
        for role in [Role::Retired, Role::Fallback] {
            let standby = judge(role, Some(&updating), &[], &[]);
            assert_eq!((standby.health, standby.settling), (Health::Warn, true));
        }
        // A retired function that consumes fails whatever its update does.
        assert_eq!(health(Role::Retired, &updating, &["lines"]), Health::Fail);
    }

    #[test]
    fn failed_always_fails_and_pending_fails_an_expected_consumer_until_it_settles() {
        let pending = FunctionInfo {
            state_reason: Some("creating".into()),
            ..info(Some("Pending"), "Successful")
        };
        let verdict = judge(Role::Expected, Some(&pending), &[], &[]);
        assert_eq!(verdict.health, Health::Fail);
        assert_eq!(verdict.reason, "state is Pending: creating");
        assert!(verdict.settling);
        let standby = judge(Role::Fallback, Some(&pending), &[], &[]);
        assert_eq!((standby.health, standby.settling), (Health::Warn, true));
        let failed = FunctionInfo {
            state_reason: Some("The function could not be created".into()),
            ..info(Some("Failed"), "Successful")
        };
        for role in [Role::Expected, Role::Retired, Role::Fallback] {
            let verdict = judge(role, Some(&failed), &[], &[]);
            assert_eq!((verdict.health, verdict.settling), (Health::Fail, false));
            assert_eq!(
                verdict.reason,
                "state is Failed: The function could not be created"
            );
        }
    }

    #[test]
    fn inactive_is_a_warning_that_explains_the_wake_up_for_every_role() {
        let idle = info(Some("Inactive"), "Successful");
        for role in [Role::Expected, Role::Retired, Role::Fallback] {
            let verdict = judge(role, Some(&idle), &[], &[]);
            assert_eq!(verdict.health, Health::Warn, "{role:?}");
            assert!(verdict.reason.contains("Inactive"), "{}", verdict.reason);
            assert!(verdict.reason.ends_with(WAKING), "{}", verdict.reason);
            assert!(!verdict.settling);
        }
        let retired = judge(Role::Retired, Some(&idle), &[], &[]);
        assert!(
            retired.reason.starts_with("retired but still deployed"),
            "{}",
            retired.reason
        );
        assert_eq!(health(Role::Retired, &idle, &["words"]), Health::Fail);
    }

    #[test]
    fn readiness_reads_state_and_update_together_failure_first() {
        let r = |state: Option<&str>, update: &str| readiness(&info(state, update));
        assert_eq!(r(Some("Active"), "Successful"), Readiness::Ready);
        assert_eq!(r(Some("Inactive"), "Successful"), Readiness::Idle);
        assert!(matches!(
            r(Some("Inactive"), "InProgress"),
            Readiness::Settling(_)
        ));
        assert!(matches!(r(Some("Pending"), "Failed"), Readiness::Broken(_)));
        assert!(matches!(
            r(Some("Failed"), "InProgress"),
            Readiness::Broken(_)
        ));
        assert!(matches!(r(None, "Successful"), Readiness::Unknown(_)));
        // A blank reason adds nothing.
        let blank = FunctionInfo {
            state_reason: Some(" ".into()),
            ..info(Some("Failed"), "Successful")
        };
        assert_eq!(
            readiness(&blank),
            Readiness::Broken("state is Failed".into())
        );
    }

    #[test]
    fn a_missing_or_unknown_state_is_a_warning_with_the_reason() {
        let none = judge(Role::Expected, Some(&info(None, "Successful")), &[], &[]);
        assert_eq!(none.health, Health::Warn);
        assert_eq!(none.reason, "Lambda reported no state: health unknown");
        let odd = judge(
            Role::Expected,
            Some(&info(Some("Hibernating"), "Successful")),
            &[],
            &[],
        );
        assert_eq!(odd.health, Health::Warn);
        assert!(odd.reason.contains("Hibernating"), "{}", odd.reason);
        // A failure elsewhere still wins over the unknown state.
        assert_eq!(
            health(Role::Expected, &info(None, "Failed"), &[]),
            Health::Fail
        );
        assert_eq!(
            health(Role::Retired, &info(None, "Successful"), &["words"]),
            Health::Fail
        );
    }

    #[test]
    fn consumption_is_read_from_enabled_mappings_on_topology_sources() {
        let sources = fixtures::sources(
            vec![fixtures::mapping(
                "m9",
                fixtures::LEGACY,
                &fixtures::queue_arn(fixtures::WORDS),
                MappingState::Disabled,
            )],
            false,
        );
        assert_eq!(
            consumed_by(&sources, fixtures::ENHANCED),
            ["lines", "words"]
        );
        assert!(consumed_by(&sources, fixtures::LEGACY).is_empty());
    }
}
