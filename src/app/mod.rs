//! The top layer: the command line (`cli`), settings from flags, environment and config
//! (`settings`), one module per subcommand (`commands`), and exit codes (`exit`). Only
//! this layer decides what a run prints and how it ends.

pub mod cli;
pub mod commands;
pub mod exit;
pub mod flags;
pub mod multi;
pub mod multi_switch;
pub mod settings;

use anyhow::Result;

use clap::CommandFactory;

use crate::app::cli::{Cli, Command};
use crate::app::commands::{
    completions, config, dlq, drift, functions, guard, map, mappings, policy, queues, switch, tail,
    verify,
};
use crate::app::exit::ExitStatus;
use crate::app::settings::{Context, Settings};
use crate::ui::output::Printer;
use crate::ui::width::WidthChoice;

/// Runs the subcommand a parsed command line names.
pub async fn run(cli: Cli) -> Result<ExitStatus> {
    let g = &cli.global;
    let printer = Printer::new(g.output, g.color, g.quiet, g.verbose).fitting(WidthChoice {
        wide: g.wide,
        forced: g.width,
    });
    // These need neither the topology nor AWS (`config init` must work even when the
    // existing config file is broken).
    match &cli.command {
        Command::Completions(args) => return completions::completions(args, Cli::command()),
        Command::Man => return completions::man(Cli::command()),
        Command::Config(config::ConfigCommand::Init { path, force }) => {
            return config::init(&printer, path, *force);
        }
        _ => {}
    }
    let mut targets = Settings::targets(g)?;
    if targets.len() > 1 || g.all_stacks {
        return multi::run(&printer, targets, g.all_stacks, &cli.command).await;
    }
    let ctx = Context::new(targets.remove(0), printer);
    match cli.command {
        Command::Functions(args) => functions::run(&ctx, &args).await,
        Command::Mappings(args) => mappings::run(&ctx, &args).await,
        Command::Queues(args) => queues::run(&ctx, &args).await,
        Command::Map(args) => map::run(&ctx, &args).await,
        Command::Dlq(command) => dlq::run(&ctx, &command).await,
        Command::Verify(args) => verify::run(&ctx, &args).await,
        Command::Drift(args) => drift::run(&ctx, &args).await,
        Command::Guard(args) => guard::run(&ctx, &args).await,
        Command::Tail(args) => tail::run(&ctx, &args).await,
        Command::Rollback(args) => switch::rollback(&ctx, &args).await,
        Command::Switch(args) => switch::run(&ctx, &args).await,
        Command::Policy(args) => policy::run(&ctx, &args),
        Command::Config(config::ConfigCommand::Show) => config::show(&ctx),
        Command::Config(config::ConfigCommand::Init { .. })
        | Command::Completions(_)
        | Command::Man => {
            unreachable!("handled above")
        }
    }
}
