//! `ccx mappings`: event source mappings grouped by source, with the runbook's bug —
//! a queue with zero or several enabled consumers — flagged loudly.

use anyhow::Result;
use clap::Args;

use crate::app::exit::ExitStatus;
use crate::app::settings::Context;
use crate::features::views;
use crate::judgements::stacks;
use crate::state::consumer_listings;

#[derive(Debug, Args)]
pub struct MappingsArgs {
    /// Every mapping in the account and region, not only the topology's sources
    #[arg(long)]
    pub all: bool,
}

pub async fn run(ctx: &Context, args: &MappingsArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let listed = consumer_listings::read(&aws).await?;
    let sources = stacks::judged_sources(
        ctx.topology(),
        ctx.stack(),
        &listed.queues.names,
        &listed.mappings,
        [],
        args.all,
    )?;
    let report = views::mappings::build(ctx.stack(), args.all, &sources);
    ctx.printer.report(&report, |r| {
        crate::render::mappings::render(r, jiff::Timestamp::now())
    })?;
    Ok(ExitStatus::from_ok(report.ok()))
}
