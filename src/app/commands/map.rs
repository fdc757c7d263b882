//! `ccx map`: the pipeline in flow order, with what is live: each queue and stream, its
//! depth and DLQ, every function mapped to it with the mapping's state, and what those
//! functions write next. `--watch` redraws it in place.

use anyhow::Result;
use clap::Args;

use crate::app::exit::ExitStatus;
use crate::app::flags::WatchTiming;
use crate::app::settings::Context;
use crate::aws::Aws;
use crate::features::views::changes::Changes;
use crate::features::views::map::{self, MapReport};
use crate::judgements::stacks;
use crate::render::map::MapView;
use crate::state;
use crate::state::pipeline::{OldestAges, ages_unknown};
use crate::ui::live;

#[derive(Debug, Args)]
pub struct MapArgs {
    /// Redraw the map every --interval (in place on a terminal) until Ctrl-C
    #[arg(long, short = 'w')]
    pub watch: bool,

    #[command(flatten)]
    pub timing: WatchTiming,
}

pub async fn run(ctx: &Context, args: &MapArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let mut ages = OldestAges::default();
    if !args.watch {
        let report = read(ctx, &aws, &mut ages).await?;
        ctx.printer
            .report(&report, |r| draw(r, None, ctx.printer.text_width()))?;
        return Ok(ExitStatus::from_ok(report.ok()));
    }
    let every = args.timing.every();
    let ok = live::watch(
        &ctx.printer,
        every,
        async || read(ctx, &aws, &mut ages).await,
        |report, before| {
            let changes = before.map(|b| Changes::of_map(report, b));
            draw(report, changes.as_ref(), ctx.printer.text_width())
        },
        MapReport::ok,
    )
    .await?;
    Ok(ExitStatus::from_ok(ok))
}

fn draw(report: &MapReport, changes: Option<&Changes>, width: Option<usize>) -> String {
    let view = MapView { width, changes };
    crate::render::map::render(report, &view)
}

async fn read(ctx: &Context, aws: &Aws, ages: &mut OldestAges) -> Result<MapReport> {
    let (topology, stack) = (ctx.topology(), ctx.stack());
    let read = state::pipeline::read_queues_and_mappings(aws, topology, stack, ages.due()).await?;
    let names = &read.queues.listing.names;
    let sources = stacks::judged_sources(topology, stack, names, &read.mappings, [], false)?;
    let mut report = map::build(topology, stack, sources, &read.queues);
    map::add_ages(
        &mut report,
        ages.update(read.ages, |err| ctx.printer.warn(&ages_unknown(err))),
    );
    Ok(report)
}
