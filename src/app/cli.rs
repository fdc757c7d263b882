//! Command-line surface: the subcommand enum over the global flags (`flags`). Parsing
//! only; validation and defaults from config/env happen in `settings`.

use clap::{Parser, Subcommand};

use super::flags::GlobalArgs;
use crate::app::commands;

#[derive(Debug, Parser)]
#[command(
    name = "ccx",
    version,
    about = "Prove, watch and roll back a Lambda-consumes-SQS cutover",
    long_about = "ccx checks which Lambda consumes which SQS queue after a deploy, shows the \
                  state of functions, mappings and queues, and flips consumers back safely \
                  when a cutover did not work.",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show each topology function: role, state, last update, runtime
    Functions(commands::functions::FunctionsArgs),
    /// Show event source mappings grouped by source; flag queues without exactly one consumer
    Mappings(commands::mappings::MappingsArgs),
    /// Show queue depths (visible, in flight, delayed) and dead-letter queues
    Queues(commands::queues::QueuesArgs),
    /// Draw the pipeline: each queue and stream, its depth, its consumers and their states
    Map(commands::map::MapArgs),
    /// Look into a queue's dead-letter queue, or send its messages back (SQS message move task)
    #[command(subcommand)]
    Dlq(commands::dlq::DlqCommand),
    /// Check the whole cutover: functions, one consumer per queue, configuration, queues, logs
    Verify(commands::verify::VerifyArgs),
    /// Compare each queue's consumers with what the IaC declares (--iac or [iac]); exit 1 when they differ
    Drift(commands::drift::DriftArgs),
    /// Run a deploy while watching every queue's consumers; report each moment with zero or two
    Guard(commands::guard::GuardArgs),
    /// Follow one or more functions' logs, merged in time order, markers highlighted
    Tail(commands::tail::TailArgs),
    /// Switch each lines/words queue back to its fallback consumer (break before make)
    Rollback(commands::switch::RollbackArgs),
    /// Make FUNCTION the only enabled consumer of the topology queues (break before make)
    Switch(commands::switch::SwitchArgs),
    /// Print the least-privilege IAM policy the commands need (JSON)
    Policy(commands::policy::PolicyArgs),
    /// Show or write the topology (functions, queues, streams, log markers)
    #[command(subcommand)]
    Config(commands::config::ConfigCommand),
    /// Print a shell completion script
    Completions(commands::completions::CompletionsArgs),
    /// Print the man page (roff)
    Man,
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use clap::Parser;

    use super::{Cli, Command};
    use crate::app::commands::tail::TailArgs;

    fn tail(args: &[&str]) -> Result<TailArgs, clap::Error> {
        let cli = Cli::try_parse_from(["ccx", "tail"].iter().chain(args))?;
        match cli.command {
            Command::Tail(args) => Ok(args),
            other => panic!("not tail: {other:?}"),
        }
    }

    #[test]
    fn lookback_is_a_duration_that_needs_follow() {
        assert_eq!(tail(&["x", "-f"]).unwrap().lookback, None);
        assert_eq!(
            tail(&["x", "-f", "--lookback", "30s"]).unwrap().lookback,
            Some(Duration::from_secs(30))
        );
        assert!(tail(&["x", "--lookback", "30s"]).is_err());
        assert!(tail(&["x", "-f", "--lookback", "30"]).is_err());
    }
}
