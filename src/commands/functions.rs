//! `ccx functions`: each topology function resolved to its real name, with its role,
//! state and last update, and what it consumes right now.

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use crate::consumers::{self, Source};
use crate::exit::ExitStatus;
use crate::resolve::{self, Resolution};
use crate::settings::Context;
use crate::state::functions::{self, FunctionInfo};
use crate::state::{mappings, queues};
use crate::topology::{Role, Topology};

#[derive(Debug, Args)]
pub struct FunctionsArgs {}

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

pub async fn run(ctx: &Context, _args: &FunctionsArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let (names, mappings, queue_urls) = tokio::try_join!(
        functions::list_function_names(&aws),
        mappings::list_mappings(&aws),
        queues::list_queue_urls(&aws),
    )?;
    let topology = ctx.topology();
    let stack = ctx.stack();

    // Resolve every topology function first: an ambiguous name stops the command.
    let mut resolved = Vec::new();
    for (key, spec) in &topology.functions {
        let resolution = resolve::resolve(names.iter().map(String::as_str), &spec.pattern, stack);
        if let Resolution::Ambiguous { .. } = resolution {
            anyhow::bail!(resolve::describe_failure(
                "function",
                key,
                &spec.pattern,
                stack,
                &resolution,
                &names
            ));
        }
        resolved.push((key.clone(), resolution.name().map(str::to_string)));
    }
    let configs = futures::future::try_join_all(resolved.iter().map(|(_, name)| {
        let aws = &aws;
        async move {
            match name {
                Some(name) => functions::get_function(aws, name).await,
                None => Ok(None),
            }
        }
    }))
    .await?;

    let queue_names: Vec<String> = queue_urls
        .iter()
        .map(|u| crate::aws::arn::queue_name_from_url(u).to_string())
        .collect();
    let sources = consumers::group_by_source(topology, stack, &queue_names, &mappings, false)?;
    let rows: Vec<FunctionRow> = resolved
        .into_iter()
        .zip(configs)
        .map(|((key, _), info)| build_row(topology, &sources, key, info))
        .collect();

    let ok = rows.iter().all(|r| r.health != Health::Fail);
    let report = FunctionsReport {
        stack: stack.to_string(),
        functions: rows,
    };
    if ctx.printer.is_json() {
        ctx.printer.json(&report)?;
    } else {
        ctx.printer.text(&crate::render::functions::render(
            &report,
            jiff::Timestamp::now(),
        ))?;
    }
    Ok(ExitStatus::from_ok(ok))
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
