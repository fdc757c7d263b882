//! `ccx switch` and `ccx rollback` (being built).

use anyhow::{Result, bail};
use clap::Args;

use crate::exit::ExitStatus;
use crate::settings::Context;

#[derive(Debug, Args)]
pub struct SwitchArgs {}

#[derive(Debug, Args)]
pub struct RollbackArgs {}

pub async fn run(_ctx: &Context, _args: &SwitchArgs) -> Result<ExitStatus> {
    bail!("`ccx switch` is not built yet")
}

pub async fn rollback(_ctx: &Context, _args: &RollbackArgs) -> Result<ExitStatus> {
    bail!("`ccx rollback` is not built yet")
}
