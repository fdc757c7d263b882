//! `ccx queues`: depth of each topology queue and of its dead-letter queue. `--watch`
//! redraws it in place on a terminal, with the trend and what changed since the last
//! reading.

use std::time::Instant;

use anyhow::Result;
use clap::Args;

use crate::app::exit::ExitStatus;
use crate::app::flags::WatchTiming;
use crate::app::settings::Context;
use crate::aws::Aws;
use crate::features::views::changes::Changes;
use crate::features::views::queues::{self, QueuesReport};
use crate::judgements::queue_drain_rate::{self, DrainWindow};
use crate::judgements::stacks;
use crate::state;
use crate::state::pipeline::{OldestAges, ages_unknown};
use crate::ui::live;

#[derive(Debug, Args)]
pub struct QueuesArgs {
    /// Keep reading the depths, with the trend and a drain ETA, until Ctrl-C (redrawn in
    /// place on a terminal)
    #[arg(long, short = 'w')]
    pub watch: bool,

    #[command(flatten)]
    pub timing: WatchTiming,
}

pub async fn run(ctx: &Context, args: &QueuesArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let mut ages = OldestAges::default();
    if !args.watch {
        let report = read(ctx, &aws, &mut ages).await?;
        ctx.printer.report(&report, |r| {
            crate::render::queues::render(r, ctx.printer.width())
        })?;
        return Ok(ExitStatus::from_ok(report.ok()));
    }
    let started = Instant::now();
    let mut window = DrainWindow::new(queue_drain_rate::SETTLE_WINDOW);
    let every = args.timing.every();
    let ok = live::watch(
        &ctx.printer,
        every,
        async || {
            let at = started.elapsed();
            let mut report = read(ctx, &aws, &mut ages).await?;
            queues::add_trend(&mut report, &mut window, at);
            Ok(report)
        },
        |report, before| {
            let changes = before.map(|b| Changes::of_queues(report, b));
            crate::render::queues::render_watched(report, changes.as_ref(), ctx.printer.width())
        },
        QueuesReport::ok,
    )
    .await?;
    Ok(ExitStatus::from_ok(ok))
}

/// One reading: the topology's queues and (from the same listings) their consumers,
/// with CloudWatch's age of their oldest message.
async fn read(ctx: &Context, aws: &Aws, ages: &mut OldestAges) -> Result<QueuesReport> {
    let (topology, stack) = (ctx.topology(), ctx.stack());
    let read = state::pipeline::read_queues_and_mappings(aws, topology, stack, ages.due()).await?;
    let names = &read.queues.listing.names;
    let sources = stacks::judged_sources(topology, stack, names, &read.mappings, [], false)?;
    let mut report = queues::build(topology, stack, &read.queues, &sources);
    queues::add_ages(
        &mut report,
        ages.update(read.ages, |err| ctx.printer.warn(&ages_unknown(err))),
    );
    Ok(report)
}
