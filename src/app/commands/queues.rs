//! `ccx queues`: depth of each topology queue and of its dead-letter queue. `--watch`
//! redraws it in place on a terminal, with the trend and what changed since the last
//! reading.

use std::time::{Duration, Instant};

use anyhow::Result;
use clap::Args;

use crate::app::exit::ExitStatus;
use crate::app::settings::Context;
use crate::aws::Aws;
use crate::features::views::changes::Changes;
use crate::features::views::queues::{self, QueuesReport};
use crate::judgements::consumers;
use crate::judgements::queue_drain_rate::{self, DrainWindow};
use crate::state;
use crate::state::pipeline::{OldestAges, ages_unknown};
use crate::ui::live::{self, Screen};
use crate::ui::signals::Interrupts;

#[derive(Debug, Args)]
pub struct QueuesArgs {
    /// Keep reading the depths, with the trend and a drain ETA, until Ctrl-C (redrawn in
    /// place on a terminal)
    #[arg(long, short = 'w')]
    pub watch: bool,

    /// Time between readings under --watch (at least 200ms)
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = crate::app::flags::parse_interval)]
    pub interval: Duration,

    /// Stop after this many readings under --watch (at least 1)
    #[arg(long, value_name = "N", requires = "watch", value_parser = crate::app::flags::parse_count)]
    pub count: Option<u64>,
}

pub async fn run(ctx: &Context, args: &QueuesArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let mut ages = OldestAges::default();
    if !args.watch {
        let report = read(ctx, &aws, &mut ages).await?;
        if ctx.printer.is_json() {
            ctx.printer.json(&report)?;
        } else {
            ctx.printer.text(&crate::render::queues::render(
                &report,
                crate::ui::width::Layout::stdout().width(),
            ))?;
        }
        return Ok(ExitStatus::from_ok(report.ok()));
    }
    let mut screen = Screen::open(&ctx.printer);
    let mut interrupts = Interrupts::listen();
    let started = Instant::now();
    let mut window = DrainWindow::new(queue_drain_rate::SETTLE_WINDOW);
    let mut previous: Option<QueuesReport> = None;
    let mut last_ok = true;
    for reading in 1.. {
        let at = started.elapsed();
        let Ok(report) = interrupts.during(read(ctx, &aws, &mut ages)).await else {
            break;
        };
        let mut report = report?;
        queues::add_trend(&mut report, &mut window, at);
        let changes = previous
            .as_ref()
            .map(|before| Changes::of_queues(&report, before));
        if ctx.printer.is_json() {
            ctx.printer.json_line(&report)?;
        } else {
            let width = crate::ui::width::Layout::stdout().width();
            let stamp = live::stamp(reading, args.interval, screen.is_live(), width);
            let table = crate::render::queues::render_watched(&report, changes.as_ref(), width);
            let frame = format!("{stamp}\n{table}");
            screen.show(&ctx.printer, &frame)?;
        }
        // The exit code is the judgement of the last reading, as without --watch.
        last_ok = report.ok();
        if args.count.is_some_and(|n| reading >= n) || !interrupts.pause(args.interval).await {
            break;
        }
        previous = Some(report);
    }
    Ok(ExitStatus::from_ok(last_ok))
}

/// One reading: the topology's queues and (from the same listings) their consumers,
/// with CloudWatch's age of their oldest message.
async fn read(ctx: &Context, aws: &Aws, ages: &mut OldestAges) -> Result<QueuesReport> {
    let (topology, stack) = (ctx.topology(), ctx.stack());
    let read = state::pipeline::read_queues_and_mappings(aws, topology, stack, ages.due()).await?;
    let names = &read.queues.listing.names;
    let mapped = read.mappings.iter().map(|m| m.function_name.as_str());
    crate::judgements::stacks::ensure_found(
        topology,
        stack,
        names.iter().map(String::as_str).chain(mapped),
    )?;
    let sources = consumers::group_by_source(topology, stack, names, &read.mappings, false)?;
    let mut report = queues::build(topology, stack, &read.queues, &sources);
    queues::add_ages(
        &mut report,
        ages.update(read.ages, |err| ctx.printer.warn(&ages_unknown(err))),
    );
    Ok(report)
}
