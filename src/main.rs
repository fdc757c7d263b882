//! ccx: prove, watch and roll back a Lambda-consumes-SQS cutover.

mod aws;
mod cli;
mod commands;
mod consumers;
mod dlq;
mod drain;
mod exit;
#[cfg(test)]
mod fixtures;
mod guard;
mod health;
mod live;
mod logs;
mod mapping_reasons;
mod output;
mod policy;
mod prompt;
mod render;
mod reports;
mod resolve;
mod settings;
mod source_judgement;
mod stacks;
mod state;
mod switch;
mod time;
mod topology;
mod verify;
mod visibility_fit;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let cli = match cli::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(err) => return exit::report_usage_error(err, &args),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            return exit::report_error(
                &anyhow::Error::new(err).context("cannot start the async runtime"),
            );
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(status) => status.into(),
        Err(err) => exit::report_error(&err),
    }
}
