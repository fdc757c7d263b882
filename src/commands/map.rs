//! `ccx map`: the pipeline as the topology describes it, with what is live: each queue
//! and stream, its depth, and every function mapped to it with the mapping's state.

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use crate::consumers::{SourceKind, Verdict};
use crate::exit::ExitStatus;
use crate::settings::Context;

#[derive(Debug, Args)]
pub struct MapArgs {}

#[derive(Debug, Serialize)]
pub struct MapReport {
    pub stack: String,
    pub sources: Vec<MapSource>,
    /// Sources with zero or several enabled consumers.
    pub problems: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct MapSource {
    /// Topology key (`lines`, `compaction-runs`).
    pub source: String,
    pub kind: SourceKind,
    /// Queue or table name; null when not found in the stack.
    pub name: Option<String>,
    /// Queues only.
    pub depth: Option<Depth>,
    #[serde(flatten)]
    pub verdict: Verdict,
    pub summary: String,
    pub consumers: Vec<MapConsumer>,
}

#[derive(Debug, Serialize)]
pub struct Depth {
    pub visible: u64,
    pub in_flight: u64,
    pub delayed: u64,
    /// Null when the queue has no DLQ.
    pub dlq_visible: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct MapConsumer {
    /// Topology key of the function, or null.
    pub function: Option<String>,
    pub function_name: String,
    pub uuid: String,
    pub state: crate::state::mapping_state::MappingState,
    /// What the topology makes of this function on this source.
    pub relation: Relation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Expected,
    Fallback,
    Other,
}

pub async fn run(ctx: &Context, _args: &MapArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let (queues, sources) = crate::commands::queues::read(ctx, &aws).await?;
    let topology = ctx.topology();
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for source in sources {
        let Some(key) = source.key.clone() else {
            continue;
        };
        let fallback = topology
            .queues
            .get(&key)
            .and_then(|q| q.fallback.as_deref());
        let consumers = source
            .mappings
            .iter()
            .map(|m| MapConsumer {
                relation: match m.function_key.as_deref() {
                    Some(f) if Some(f) == source.expected_consumer.as_deref() => Relation::Expected,
                    Some(f) if Some(f) == fallback => Relation::Fallback,
                    _ => Relation::Other,
                },
                function: m.function_key.clone(),
                function_name: m.mapping.function_name.clone(),
                uuid: m.mapping.uuid.clone(),
                state: m.mapping.state.clone(),
            })
            .collect();
        let depth = queues
            .queues
            .iter()
            .find(|q| q.key == key && q.exists)
            .map(|q| Depth {
                visible: q.visible,
                in_flight: q.in_flight,
                delayed: q.delayed,
                dlq_visible: q.dlq.as_ref().map(|d| d.visible),
            });
        let summary = source.verdict.describe();
        if source.verdict.is_consumer_count_problem() {
            problems.push(format!("{key}: {summary}"));
        }
        out.push(MapSource {
            source: key,
            kind: source.kind,
            name: source.name,
            depth,
            verdict: source.verdict,
            summary,
            consumers,
        });
    }
    let ok = problems.is_empty();
    let report = MapReport {
        stack: ctx.stack().to_string(),
        sources: out,
        problems,
    };
    if ctx.printer.is_json() {
        ctx.printer.json(&report)?;
    } else {
        ctx.printer.text(&crate::render::map::render(&report))?;
    }
    Ok(ExitStatus::from_ok(ok))
}
