//! `ccx functions`: each topology function with its role, state and last update, what it
//! consumes right now, and a verdict.

use serde::Serialize;

use crate::base::topology::{Role, Topology};
use crate::judgements::consumers::Source;
use crate::judgements::health::{self, FunctionVerdict, Health};
use crate::state::functions::FunctionInfo;

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
    /// Why: the health verdict's reason, any remark in brackets.
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
    let consumes = info
        .as_ref()
        .map(|info| health::consumed_by(sources, &info.name))
        .unwrap_or_default();
    let fallback_for: Vec<String> = topology
        .queues_falling_back_to(&key)
        .map(str::to_string)
        .collect();
    let verdict = health::judge(spec.role, info.as_ref(), &consumes, &fallback_for);
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
            .and_then(|i| i.last_modified.as_deref().map(crate::base::time::normalize)),
        timeout_seconds: info.as_ref().and_then(|i| i.timeout_seconds),
        key,
        consumes,
        fallback_for,
        health: verdict.health,
        note: note(verdict),
    }
}

/// The verdict in one cell: the reason, then any remark in brackets.
fn note(verdict: FunctionVerdict) -> String {
    match verdict.remark {
        Some(remark) => format!("{} ({remark})", verdict.reason),
        None => verdict.reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, ENHANCED, LEGACY};
    use crate::state::mapping_state::MappingState;

    #[test]
    fn rows_show_what_each_function_consumes_and_falls_back_for() {
        let topology = Topology::builtin();
        let sources = fixtures::sources(
            vec![fixtures::mapping(
                "m9",
                LEGACY,
                &fixtures::queue_arn(fixtures::LINES),
                MappingState::Disabled,
            )],
            false,
        );
        let functions = topology
            .functions
            .keys()
            .map(|key| {
                let info = match key.as_str() {
                    "enhanced-compaction" => Some(fixtures::function(ENHANCED, 60)),
                    "embed-from-ndjson" => Some(FunctionInfo {
                        state: None,
                        ..fixtures::function(fixtures::EMBED, 300)
                    }),
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
        assert!(
            legacy.note.contains("fast rollback available"),
            "{}",
            legacy.note
        );
        let stateless = row("embed-from-ndjson");
        assert_eq!(stateless.health, Health::Warn);
        assert_eq!(stateless.note, "Lambda reported no state: health unknown");
        let missing = row("stream-processor");
        assert!(!missing.exists && missing.name.is_none());
        assert_eq!(missing.health, Health::Fail);
        assert_eq!(missing.note, "not found: the expected function is missing");
        assert!(!report.ok());
    }
}
