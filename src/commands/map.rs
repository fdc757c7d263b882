//! `ccx map`: the pipeline as the topology describes it, with what is live: each queue
//! and stream, its depth, and every function mapped to it with the mapping's state.

use anyhow::Result;
use clap::Args;

use crate::consumers;
use crate::exit::ExitStatus;
use crate::reports;
use crate::settings::Context;
use crate::state;

#[derive(Debug, Args)]
pub struct MapArgs {}

pub async fn run(ctx: &Context, _args: &MapArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let (topology, stack) = (ctx.topology(), ctx.stack());
    let read = state::pipeline::read_queues_and_mappings(&aws, topology, stack, true).await?;
    let names = &read.queues.listing.names;
    let sources = consumers::group_by_source(topology, stack, names, &read.mappings, false)?;
    let mut report = reports::map::build(topology, stack, sources, &read.queues);
    match &read.ages {
        Some(Ok(ages)) => reports::map::add_ages(&mut report, ages),
        Some(Err(err)) => ctx
            .printer
            .warn(&format!("the age of the oldest messages is unknown: {err}")),
        None => {}
    }
    if ctx.printer.is_json() {
        ctx.printer.json(&report)?;
    } else {
        ctx.printer.text(&crate::render::map::render(&report))?;
    }
    Ok(ExitStatus::from_ok(report.ok()))
}
