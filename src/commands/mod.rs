//! One module per subcommand. Each builds a report (plain data) and hands it to
//! `render` or prints it as JSON.

pub mod completions;
pub mod config;
pub mod dlq;
pub mod functions;
pub mod guard;
pub mod map;
pub mod mappings;
pub mod policy;
pub mod queues;
pub mod switch;
pub mod tail;
pub mod verify;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::exit::ExitStatus;
use crate::output::Printer;
use crate::settings::{Context, Settings};

pub async fn run(cli: Cli) -> Result<ExitStatus> {
    let g = &cli.global;
    let printer = Printer::new(g.output, g.color, g.quiet, g.verbose);
    crate::render::table::set_wide(g.wide);
    // These need neither the topology nor AWS (`config init` must work even when the
    // existing config file is broken).
    match &cli.command {
        Command::Completions(args) => return completions::completions(args),
        Command::Man => return completions::man(),
        Command::Config(config::ConfigCommand::Init { path, force }) => {
            return config::init(&printer, path, *force);
        }
        _ => {}
    }
    let settings = Settings::from_args(g)?;
    let ctx = Context { settings, printer };
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
