//! `ccx queues`: depth of each topology queue and of its dead-letter queue.

use std::time::{Duration, Instant};

use anyhow::Result;
use clap::Args;

use crate::aws::Aws;
use crate::consumers;
use crate::drain::{self, DrainWindow};
use crate::exit::ExitStatus;
use crate::reports::queues::{self, QueuesReport};
use crate::settings::Context;
use crate::state;

#[derive(Debug, Args)]
pub struct QueuesArgs {
    /// Keep reading the depths, with the trend and a drain ETA, until Ctrl-C
    #[arg(long, short = 'w')]
    pub watch: bool,

    /// Time between readings under --watch
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = crate::cli::parse_nonzero_duration)]
    pub interval: Duration,

    /// Stop after this many readings under --watch
    #[arg(long, value_name = "N", requires = "watch")]
    pub count: Option<u64>,
}

pub async fn run(ctx: &Context, args: &QueuesArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    if !args.watch {
        let report = read(ctx, &aws).await?;
        print(ctx, &report, false)?;
        return Ok(ExitStatus::from_ok(report.ok()));
    }
    let started = Instant::now();
    let mut window = DrainWindow::new(drain::SETTLE_WINDOW);
    let mut readings = 0u64;
    loop {
        let at = started.elapsed();
        let mut report = read(ctx, &aws).await?;
        queues::add_trend(&mut report, &mut window, at);
        print(ctx, &report, true)?;
        readings += 1;
        if args.count.is_some_and(|n| readings >= n) {
            return Ok(ExitStatus::Success);
        }
        tokio::select! {
            _ = tokio::time::sleep(args.interval) => {}
            _ = tokio::signal::ctrl_c() => return Ok(ExitStatus::Success),
        }
    }
}

/// One reading: the topology's queues and (from the same listings) their consumers.
async fn read(ctx: &Context, aws: &Aws) -> Result<QueuesReport> {
    let (topology, stack) = (ctx.topology(), ctx.stack());
    let read = state::pipeline::read_queues_and_mappings(aws, topology, stack).await?;
    let names = &read.queues.listing.names;
    let sources = consumers::group_by_source(topology, stack, names, &read.mappings, false)?;
    Ok(queues::build(topology, stack, &read.queues, &sources))
}

fn print(ctx: &Context, report: &QueuesReport, watching: bool) -> Result<()> {
    if ctx.printer.is_json() {
        if watching {
            ctx.printer.json_line(report)?;
        } else {
            ctx.printer.json(report)?;
        }
    } else {
        let stamp = if watching {
            format!("{}\n", jiff::Timestamp::now().strftime("%H:%M:%S"))
        } else {
            String::new()
        };
        ctx.printer
            .text(&format!("{stamp}{}", crate::render::queues::render(report)))?;
    }
    Ok(())
}
