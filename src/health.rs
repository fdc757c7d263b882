//! A Lambda function's health, judged once: by its role in the topology, its
//! configuration and what it consumes. `ccx functions` and `ccx verify` both show this
//! verdict.

use serde::Serialize;

use crate::consumers::Source;
use crate::state::functions::FunctionInfo;
use crate::topology::Role;

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

/// Lambda's function states other than `Active`, each of which means trouble. Any other
/// value (or none at all) is one ccx cannot judge: a warning, never a pass.
const BAD_STATES: [&str; 3] = ["Pending", "Inactive", "Failed"];

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
pub fn judge(
    role: Role,
    info: Option<&FunctionInfo>,
    consumes: &[String],
    fallback_for: &[String],
) -> FunctionVerdict {
    let Some(info) = info else {
        return absent(role, fallback_for);
    };
    let state_reason = info
        .state_reason
        .as_deref()
        .map(|r| format!(": {r}"))
        .unwrap_or_default();
    let update = info.last_update_status.as_deref();
    let retired = role == Role::Retired;
    match info.state.as_deref() {
        Some(state) if BAD_STATES.contains(&state) => {
            let verdict =
                FunctionVerdict::new(Health::Fail, format!("state is {state}{state_reason}"));
            return if state == "Pending" {
                verdict.settling()
            } else {
                verdict
            };
        }
        _ if update == Some("Failed") => {
            return FunctionVerdict::new(Health::Fail, "last update failed");
        }
        _ if retired && !consumes.is_empty() => {
            return FunctionVerdict::new(
                Health::Fail,
                format!("RETIRED but still consuming {}", consumes.join(", ")),
            );
        }
        Some("Active") => {}
        Some(state) => {
            return FunctionVerdict::new(
                Health::Warn,
                format!("state {state} is not one ccx knows{state_reason}"),
            );
        }
        None => {
            return FunctionVerdict::new(Health::Warn, "Lambda reported no state: health unknown");
        }
    }
    if update == Some("InProgress") {
        return FunctionVerdict::new(Health::Warn, "update in progress").settling();
    }
    if retired {
        return FunctionVerdict::new(
            Health::Warn,
            "retired but still deployed, mappings disabled: fast rollback available",
        );
    }
    FunctionVerdict::new(Health::Ok, "active")
}

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
        let failed = info(Some("Active"), "Failed");
        assert_eq!(health(Role::Expected, &failed, &[]), Health::Fail);
        let updating = judge(
            Role::Expected,
            Some(&info(Some("Active"), "InProgress")),
            &[],
            &[],
        );
        assert_eq!((updating.health, updating.settling), (Health::Warn, true));
    }

    #[test]
    fn known_bad_states_fail_and_pending_may_settle() {
        let pending = FunctionInfo {
            state_reason: Some("creating".into()),
            ..info(Some("Pending"), "Successful")
        };
        let verdict = judge(Role::Expected, Some(&pending), &[], &[]);
        assert_eq!(verdict.health, Health::Fail);
        assert_eq!(verdict.reason, "state is Pending: creating");
        assert!(verdict.settling);
        for state in ["Inactive", "Failed"] {
            let verdict = judge(
                Role::Fallback,
                Some(&info(Some(state), "Successful")),
                &[],
                &[],
            );
            assert_eq!((verdict.health, verdict.settling), (Health::Fail, false));
        }
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
