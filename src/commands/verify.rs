//! `ccx verify` (being built).

use anyhow::{Result, bail};
use clap::Args;

use crate::exit::ExitStatus;
use crate::settings::Context;

#[derive(Debug, Args)]
pub struct VerifyArgs {}

pub async fn run(_ctx: &Context, _args: &VerifyArgs) -> Result<ExitStatus> {
    bail!("`ccx verify` is not built yet")
}
