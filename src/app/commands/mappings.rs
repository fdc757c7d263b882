//! `ccx mappings`: event source mappings grouped by source, with the runbook's bug —
//! a queue with zero or several enabled consumers — flagged loudly.

use anyhow::Result;
use clap::Args;

use crate::app::exit::ExitStatus;
use crate::app::settings::Context;
use crate::features::views;
use crate::judgements::consumers;
use crate::state::{mappings, queues};

#[derive(Debug, Args)]
pub struct MappingsArgs {
    /// Every mapping in the account and region, not only the topology's sources
    #[arg(long)]
    pub all: bool,
}

pub async fn run(ctx: &Context, args: &MappingsArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let (mappings, queues) =
        tokio::try_join!(mappings::list_mappings(&aws), queues::list_queues(&aws))?;
    let mapped = mappings.iter().map(|m| m.function_name.as_str());
    let listed = queues.names.iter().map(String::as_str);
    crate::judgements::stacks::ensure_found(ctx.topology(), ctx.stack(), listed.chain(mapped))?;
    let sources = consumers::group_by_source(
        ctx.topology(),
        ctx.stack(),
        &queues.names,
        &mappings,
        args.all,
    )?;
    let report = views::mappings::build(ctx.stack(), args.all, &sources);
    if ctx.printer.is_json() {
        ctx.printer.json(&report)?;
    } else {
        ctx.printer.text(&crate::render::mappings::render(
            &report,
            jiff::Timestamp::now(),
            crate::ui::width::Layout::stdout().width(),
        ))?;
    }
    Ok(ExitStatus::from_ok(report.ok()))
}
