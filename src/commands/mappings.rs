//! `ccx mappings`: event source mappings grouped by source, with the runbook's bug —
//! a queue with zero or several enabled consumers — flagged loudly.

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use crate::consumers::{self, Source, SourceKind, Verdict};
use crate::exit::ExitStatus;
use crate::settings::Context;
use crate::state::{mappings, queues};

#[derive(Debug, Args)]
pub struct MappingsArgs {
    /// Every mapping in the account and region, not only the topology's sources
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Serialize)]
pub struct MappingsReport {
    pub stack: String,
    pub all: bool,
    /// Every listed mapping, flat, in source order.
    pub mappings: Vec<MappingRow>,
    /// One entry per source with its verdict.
    pub sources: Vec<SourceRow>,
    /// One line per source with zero or several enabled consumers.
    pub problems: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct MappingRow {
    pub uuid: String,
    pub function_name: String,
    pub function_arn: String,
    /// Topology key of the function, or null.
    pub function: Option<String>,
    pub event_source_arn: String,
    /// Topology key of the source (`lines`), or null for sources outside the topology.
    pub source: Option<String>,
    pub state: crate::state::mapping_state::MappingState,
    pub batch_size: Option<i32>,
    pub maximum_concurrency: Option<i32>,
    pub maximum_batching_window_seconds: Option<i32>,
    pub function_response_types: Vec<String>,
    pub last_modified: Option<String>,
    pub state_transition_reason: Option<String>,
    pub last_processing_result: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SourceRow {
    pub source: Option<String>,
    pub kind: SourceKind,
    pub name: Option<String>,
    pub event_source_arn: Option<String>,
    pub expected_consumer: Option<String>,
    /// Functions with an enabled (or about to be enabled) mapping.
    pub enabled_consumers: Vec<String>,
    #[serde(flatten)]
    pub verdict: Verdict,
    pub summary: String,
    pub problem: bool,
}

pub async fn run(ctx: &Context, args: &MappingsArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let (mappings, queue_urls) =
        tokio::try_join!(mappings::list_mappings(&aws), queues::list_queue_urls(&aws))?;
    let queue_names: Vec<String> = queue_urls
        .iter()
        .map(|u| crate::aws::arn::queue_name_from_url(u).to_string())
        .collect();
    let sources = consumers::group_by_source(
        ctx.topology(),
        ctx.stack(),
        &queue_names,
        &mappings,
        args.all,
    )?;
    let report = build_report(ctx.stack(), args.all, &sources);
    let ok = report.problems.is_empty();
    if ctx.printer.is_json() {
        ctx.printer.json(&report)?;
    } else {
        ctx.printer.text(&crate::render::mappings::render(
            &report,
            jiff::Timestamp::now(),
        ))?;
    }
    Ok(ExitStatus::from_ok(ok))
}

fn build_report(stack: &str, all: bool, sources: &[Source]) -> MappingsReport {
    let mut rows = Vec::new();
    let mut source_rows = Vec::new();
    let mut problems = Vec::new();
    for source in sources {
        for m in &source.mappings {
            let info = &m.mapping;
            rows.push(MappingRow {
                uuid: info.uuid.clone(),
                function_name: info.function_name.clone(),
                function_arn: info.function_arn.clone(),
                function: m.function_key.clone(),
                event_source_arn: info.event_source_arn.clone(),
                source: source.key.clone(),
                state: info.state.clone(),
                batch_size: info.batch_size,
                maximum_concurrency: info.maximum_concurrency,
                maximum_batching_window_seconds: info.maximum_batching_window_seconds,
                function_response_types: info.function_response_types.clone(),
                last_modified: info.last_modified.clone(),
                state_transition_reason: info.state_transition_reason.clone(),
                last_processing_result: info.last_processing_result.clone(),
            });
        }
        // Outside the topology there is no expectation, but two consumers on one queue
        // is still worth a flag; only topology sources decide the exit code.
        let problem = source.key.is_some() && source.verdict.is_consumer_count_problem();
        let summary = source.verdict.describe();
        if problem {
            let label = source.key.as_deref().unwrap_or("?");
            let name = source.name.as_deref().unwrap_or("(not found)");
            problems.push(format!("{label} ({name}): {summary}"));
        }
        source_rows.push(SourceRow {
            source: source.key.clone(),
            kind: source.kind,
            name: source.name.clone(),
            event_source_arn: source.event_source_arn.clone(),
            expected_consumer: source.expected_consumer.clone(),
            enabled_consumers: source
                .active()
                .map(|m| m.mapping.function_name.clone())
                .collect(),
            verdict: source.verdict.clone(),
            summary,
            problem,
        });
    }
    MappingsReport {
        stack: stack.to_string(),
        all,
        mappings: rows,
        sources: source_rows,
        problems,
    }
}
