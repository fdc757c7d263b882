//! `ccx functions`: each topology function resolved to its real name, with its role,
//! state and last update, and what it consumes right now.

use anyhow::Result;
use clap::Args;

use crate::app::exit::ExitStatus;
use crate::app::settings::Context;
use crate::base::resolve;
use crate::features::views;
use crate::judgements::consumers;
use crate::judgements::stacks;
use crate::state::{functions, mappings, queues};

#[derive(Debug, Args)]
pub struct FunctionsArgs {}

pub async fn run(ctx: &Context, _args: &FunctionsArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let (names, mappings, queues) = tokio::try_join!(
        functions::list_function_names(&aws),
        mappings::list_mappings(&aws),
        queues::list_queues(&aws),
    )?;
    let topology = ctx.topology();
    let stack = ctx.stack();
    let mapped = mappings.iter().map(|m| m.function_name.as_str());
    let listed = names.iter().chain(&queues.names).map(String::as_str);
    stacks::ensure_found(topology, stack, listed.chain(mapped))?;

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

    let sources = consumers::group_by_source(topology, stack, &queues.names, &mappings, false)?;
    let functions = resolved
        .into_iter()
        .map(|(key, _)| key)
        .zip(configs)
        .collect();
    let report = views::functions::build(topology, stack, functions, &sources);
    if ctx.printer.is_json() {
        ctx.printer.json(&report)?;
    } else {
        ctx.printer.text(&crate::render::functions::render(
            &report,
            jiff::Timestamp::now(),
            crate::ui::width::Layout::stdout().width(),
        ))?;
    }
    Ok(ExitStatus::from_ok(report.ok()))
}
