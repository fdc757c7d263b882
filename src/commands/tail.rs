//! `ccx tail` (being built).

use anyhow::{Result, bail};
use clap::Args;

use crate::exit::ExitStatus;
use crate::settings::Context;

#[derive(Debug, Args)]
pub struct TailArgs {}

pub async fn run(_ctx: &Context, _args: &TailArgs) -> Result<ExitStatus> {
    bail!("`ccx tail` is not built yet")
}
