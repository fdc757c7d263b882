//! ccx: prove, watch and roll back a Lambda-consumes-SQS cutover.

// The layers, top to bottom (src/layers.rs holds every import to this order).
mod app;
mod aws;
mod base;
mod features;
#[cfg(test)]
mod fixtures;
mod judgements;
#[cfg(test)]
mod layers;
mod logs;
mod render;
mod state;
mod ui;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let cli = match app::cli::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(err) => return app::exit::report_usage_error(err, &args),
    };
    let color = cli.global.color;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            return app::exit::report_error(
                &anyhow::Error::new(err).context("cannot start the async runtime"),
                color,
            );
        }
    };
    match runtime.block_on(app::run(cli)) {
        Ok(status) => status.into(),
        Err(err) => app::exit::report_error(&err, color),
    }
}
