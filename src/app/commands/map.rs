//! `ccx map`: the pipeline in flow order, with what is live: each queue and stream, its
//! depth and DLQ, every function mapped to it with the mapping's state, and what those
//! functions write next. `--watch` redraws it in place.

use std::time::Duration;

use anyhow::Result;
use clap::Args;

use crate::app::exit::ExitStatus;
use crate::app::settings::Context;
use crate::aws::Aws;
use crate::features::views::changes::Changes;
use crate::features::views::map::{self, MapReport};
use crate::judgements::consumers;
use crate::render::map::MapView;
use crate::state;
use crate::state::pipeline::{OldestAges, ages_unknown};
use crate::ui::live::{self, Screen};
use crate::ui::signals::Interrupts;
use crate::ui::width::Layout;

#[derive(Debug, Args)]
pub struct MapArgs {
    /// Redraw the map every --interval (in place on a terminal) until Ctrl-C
    #[arg(long, short = 'w')]
    pub watch: bool,

    /// Time between readings under --watch (at least 200ms)
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = crate::app::flags::parse_interval)]
    pub interval: Duration,

    /// Stop after this many readings under --watch (at least 1)
    #[arg(long, value_name = "N", requires = "watch", value_parser = crate::app::flags::parse_count)]
    pub count: Option<u64>,
}

pub async fn run(ctx: &Context, args: &MapArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let mut ages = OldestAges::default();
    if !args.watch {
        let report = read(ctx, &aws, &mut ages).await?;
        if ctx.printer.is_json() {
            ctx.printer.json(&report)?;
        } else {
            ctx.printer.text(&draw(&report, None))?;
        }
        return Ok(ExitStatus::from_ok(report.ok()));
    }
    let mut screen = Screen::open(&ctx.printer);
    let mut interrupts = Interrupts::listen();
    let mut previous: Option<MapReport> = None;
    let mut last_ok = true;
    for reading in 1.. {
        let Ok(report) = interrupts.during(read(ctx, &aws, &mut ages)).await else {
            break;
        };
        let report = report?;
        let changes = previous.as_ref().map(|b| Changes::of_map(&report, b));
        if ctx.printer.is_json() {
            ctx.printer.json_line(&report)?;
        } else {
            let stamp = live::stamp(
                reading,
                args.interval,
                screen.is_live(),
                Layout::stdout().width(),
            );
            let frame = format!("{stamp}\n{}", draw(&report, changes.as_ref()));
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

fn draw(report: &MapReport, changes: Option<&Changes>) -> String {
    let view = MapView {
        width: Layout::stdout().text_width(),
        changes,
    };
    crate::render::map::render(report, &view)
}

async fn read(ctx: &Context, aws: &Aws, ages: &mut OldestAges) -> Result<MapReport> {
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
    let mut report = map::build(topology, stack, sources, &read.queues);
    map::add_ages(
        &mut report,
        ages.update(read.ages, |err| ctx.printer.warn(&ages_unknown(err))),
    );
    Ok(report)
}
