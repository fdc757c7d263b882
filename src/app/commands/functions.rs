//! `ccx functions`: each topology function resolved to its real name, with its role,
//! state and last update, and what it consumes right now.

use anyhow::Result;
use clap::Args;

use crate::app::exit::ExitStatus;
use crate::app::settings::Context;
use crate::base::resolve;
use crate::features::views;
use crate::judgements::stacks;
use crate::state::consumer_listings;
use crate::state::functions;

#[derive(Debug, Args)]
pub struct FunctionsArgs {}

pub async fn run(ctx: &Context, _args: &FunctionsArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let (names, listed) = tokio::try_join!(
        functions::list_function_names(&aws),
        consumer_listings::read(&aws),
    )?;
    let topology = ctx.topology();
    let stack = ctx.stack();
    let sources = stacks::judged_sources(
        topology,
        stack,
        &listed.queues.names,
        &listed.mappings,
        names.iter().map(String::as_str),
        false,
    )?;

    // Resolve every topology function first: an ambiguous name stops the command.
    let mut resolved = Vec::new();
    for (key, spec) in &topology.functions {
        let name = resolve::resolve_unique("function", key, &spec.pattern, stack, &names)?;
        resolved.push((key.clone(), name));
    }
    let configs = futures::future::try_join_all(resolved.iter().map(|(_, name)| {
        let aws = &aws;
        async move {
            match name {
                Some(name) => functions::get_function(aws, name).await,
                None => Ok(None),
            }
        }
    }))
    .await?;

    let functions = resolved
        .into_iter()
        .map(|(key, _)| key)
        .zip(configs)
        .collect();
    let report = views::functions::build(topology, stack, functions, &sources);
    ctx.printer.report(&report, |r| {
        crate::render::functions::render(r, jiff::Timestamp::now())
    })?;
    Ok(ExitStatus::from_ok(report.ok()))
}
