//! The top layer: the command line (`cli`), settings from flags, environment and config
//! (`settings`), one module per subcommand (`commands`), and exit codes (`exit`). Only
//! this layer decides what a run prints and how it ends.

pub mod cli;
pub mod commands;
pub mod exit;
pub mod flags;
pub mod settings;

use anyhow::Result;

use clap::CommandFactory;

use crate::app::cli::{Cli, Command};
use crate::app::commands::{
    completions, config, dlq, functions, guard, map, mappings, policy, queues, switch, tail, verify,
};
use crate::app::exit::ExitStatus;
use crate::app::settings::{Context, Settings};
use crate::ui::output::Printer;

/// Runs the subcommand a parsed command line names.
pub async fn run(cli: Cli) -> Result<ExitStatus> {
    let g = &cli.global;
    let printer = Printer::new(g.output, g.color, g.quiet, g.verbose);
    crate::ui::table::set_wide(g.wide);
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
    let settings = Settings::from_args(g)?;
    let ctx = Context::new(settings, printer);
    match cli.command {
        Command::Functions(args) => functions::run(&ctx, &args).await,
        Command::Mappings(args) => mappings::run(&ctx, &args).await,
        Command::Queues(args) => queues::run(&ctx, &args).await,
        Command::Map(args) => map::run(&ctx, &args).await,
        Command::Dlq(command) => dlq::run(&ctx, &command).await,
        Command::Verify(args) => verify::run(&ctx, &args).await,
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
