//! `ccx completions SHELL` and `ccx man`: generated from the clap definition, and
//! committed under `completions/` (a test keeps them in sync).

use std::io::{self, Write};

use anyhow::Result;
use clap::Args;
use clap_complete::Shell;

use crate::app::exit::ExitStatus;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to generate the completion script for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `command` is the whole command line's definition (`Cli::command()`).
pub fn completions(args: &CompletionsArgs, mut command: clap::Command) -> Result<ExitStatus> {
    let mut out = io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "ccx", &mut out);
    out.flush()?;
    Ok(ExitStatus::Success)
}

pub fn man(command: clap::Command) -> Result<ExitStatus> {
    let man = clap_mangen::Man::new(command);
    let mut out = io::stdout().lock();
    man.render(&mut out)?;
    out.flush()?;
    Ok(ExitStatus::Success)
}
