//! `ccx functions`: each topology function with its role, state and last update, what it
//! consumes right now, and a verdict.

use serde::Serialize;

use crate::consumers::Source;
use crate::state::functions::FunctionInfo;
use crate::topology::{Role, Topology};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    Ok,
    Warn,
    Fail,
}

#[derive(Debug, Serialize)]
pub struct FunctionsReport {
    pub stack: String,
    pub functions: Vec<FunctionRow>,
}

impl FunctionsReport {
    /// No function fails.
    pub fn ok(&self) -> bool {
        self.functions.iter().all(|f| f.health != Health::Fail)
    }
}

#[derive(Debug, Serialize)]
pub struct FunctionRow {
    /// Topology key (`enhanced-compaction`).
    pub key: String,
    pub name: Option<String>,
    pub arn: Option<String>,
    pub role: Role,
    pub exists: bool,
    pub state: Option<String>,
    pub last_update_status: Option<String>,
    pub runtime: Option<String>,
    /// RFC 3339.
    pub last_modified: Option<String>,
    pub timeout_seconds: Option<i32>,
    /// Topology sources this function has an enabled mapping on.
    pub consumes: Vec<String>,
    /// Queues that name this function as their rollback fallback.
    pub fallback_for: Vec<String>,
    pub health: Health,
    pub note: String,
}

/// The report on each topology function: `functions` holds, per key in topology order,
/// its configuration (`None` when the stack has no such function); `sources` who consumes
/// what.
pub fn build(
    topology: &Topology,
    stack: &str,
    functions: Vec<(String, Option<FunctionInfo>)>,
    sources: &[Source],
) -> FunctionsReport {
    FunctionsReport {
        stack: stack.to_string(),
        functions: functions
            .into_iter()
            .map(|(key, info)| build_row(topology, sources, key, info))
            .collect(),
    }
}

fn build_row(
    topology: &Topology,
    sources: &[Source],
    key: String,
    info: Option<FunctionInfo>,
) -> FunctionRow {
    let spec = &topology.functions[&key];
    let consumes: Vec<String> = match &info {
        Some(info) => sources
            .iter()
            .filter(|s| s.active().any(|m| m.mapping.function_name == info.name))
            .filter_map(|s| s.key.clone())
            .collect(),
        None => Vec::new(),
    };
    let fallback_for: Vec<String> = topology
        .queues_falling_back_to(&key)
        .map(str::to_string)
        .collect();
    let (health, note) = judge(spec.role, info.as_ref(), &consumes, &fallback_for);
    FunctionRow {
        role: spec.role,
        exists: info.is_some(),
        name: info.as_ref().map(|i| i.name.clone()),
        arn: info.as_ref().map(|i| i.arn.clone()),
        state: info.as_ref().and_then(|i| i.state.clone()),
        last_update_status: info.as_ref().and_then(|i| i.last_update_status.clone()),
        runtime: info.as_ref().and_then(|i| i.runtime.clone()),
        last_modified: info
            .as_ref()
            .and_then(|i| i.last_modified.as_deref().map(crate::time::normalize)),
        timeout_seconds: info.as_ref().and_then(|i| i.timeout_seconds),
        key,
        consumes,
        fallback_for,
        health,
        note,
    }
}

/// What an operator should make of this function, by role.
fn judge(
    role: Role,
    info: Option<&FunctionInfo>,
    consumes: &[String],
    fallback_for: &[String],
) -> (Health, String) {
    let Some(info) = info else {
        return match role {
            Role::Expected => (
                Health::Fail,
                "not found: the expected function is missing".into(),
            ),
            Role::Retired if fallback_for.is_empty() => (Health::Ok, "gone, as intended".into()),
            Role::Retired => (
                Health::Ok,
                "gone, as intended (no fast rollback: `ccx rollback` cannot run)".into(),
            ),
            Role::Fallback => (
                Health::Warn,
                "fallback missing: `ccx rollback` cannot run".into(),
            ),
        };
    };
    if info.state.as_deref().is_some_and(|s| s != "Active") {
        let reason = info
            .state_reason
            .as_deref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        return (
            Health::Fail,
            format!("state is {}{reason}", info.state.as_deref().unwrap_or("?")),
        );
    }
    match info.last_update_status.as_deref() {
        Some("Failed") => return (Health::Fail, "last update failed".into()),
        Some("InProgress") => return (Health::Warn, "update in progress".into()),
        _ => {}
    }
    match role {
        Role::Retired if !consumes.is_empty() => (
            Health::Fail,
            format!("RETIRED but still consuming {}", consumes.join(", ")),
        ),
        Role::Retired => (
            Health::Warn,
            "retired but still deployed, mappings disabled: fast rollback available".into(),
        ),
        _ => (Health::Ok, "active".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consumers::group_by_source;
    use crate::fixtures::{self, ENHANCED, LEGACY};

    #[test]
    fn rows_show_what_each_function_consumes_and_falls_back_for() {
        let topology = Topology::builtin();
        let mut mappings = fixtures::healthy_mappings();
        mappings.push(fixtures::mapping(
            "m9",
            LEGACY,
            &fixtures::queue_arn(fixtures::LINES),
            "Disabled",
        ));
        let sources =
            group_by_source(&topology, "dev", &fixtures::queue_names(), &mappings, false).unwrap();
        let functions = topology
            .functions
            .keys()
            .map(|key| {
                let info = match key.as_str() {
                    "enhanced-compaction" => Some(fixtures::function(ENHANCED, 60)),
                    "chroma-worker" => Some(fixtures::function(LEGACY, 900)),
                    _ => None,
                };
                (key.clone(), info)
            })
            .collect();
        let report = build(&topology, "dev", functions, &sources);
        let row = |key: &str| report.functions.iter().find(|f| f.key == key).unwrap();
        let enhanced = row("enhanced-compaction");
        assert_eq!(enhanced.consumes, ["lines", "words"]);
        assert_eq!(enhanced.health, Health::Ok);
        assert_eq!(
            enhanced.last_modified.as_deref(),
            Some("2026-11-29T01:00:00Z")
        );
        let legacy = row("chroma-worker");
        assert!(legacy.consumes.is_empty());
        assert_eq!(legacy.fallback_for, ["lines", "words"]);
        assert_eq!(legacy.health, Health::Warn);
        let missing = row("stream-processor");
        assert!(!missing.exists && missing.name.is_none());
        assert_eq!(missing.health, Health::Fail);
        assert!(!report.ok());
    }

    fn info(state: &str, update: &str) -> FunctionInfo {
        FunctionInfo {
            name: "f".into(),
            arn: "arn".into(),
            state: Some(state.into()),
            state_reason: None,
            last_update_status: Some(update.into()),
            runtime: None,
            last_modified: None,
            timeout_seconds: None,
        }
    }

    #[test]
    fn roles_decide_what_absence_and_presence_mean() {
        let fallback_for = vec!["lines".to_string()];
        assert_eq!(judge(Role::Expected, None, &[], &[]).0, Health::Fail);
        assert_eq!(judge(Role::Retired, None, &[], &fallback_for).0, Health::Ok);
        assert_eq!(
            judge(Role::Fallback, None, &[], &fallback_for).0,
            Health::Warn
        );
        let active = info("Active", "Successful");
        assert_eq!(
            judge(Role::Retired, Some(&active), &[], &fallback_for).0,
            Health::Warn
        );
        let consuming = judge(
            Role::Retired,
            Some(&active),
            &["lines".into()],
            &fallback_for,
        );
        assert_eq!(consuming.0, Health::Fail);
        assert!(consuming.1.contains("lines"));
        assert_eq!(
            judge(
                Role::Expected,
                Some(&info("Pending", "Successful")),
                &[],
                &[]
            )
            .0,
            Health::Fail
        );
        assert_eq!(
            judge(Role::Expected, Some(&info("Active", "Failed")), &[], &[]).0,
            Health::Fail
        );
        assert_eq!(judge(Role::Expected, Some(&active), &[], &[]).0, Health::Ok);
    }
}
