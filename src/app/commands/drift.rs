//! `ccx drift`: per queue, the consumers the IaC declares against the live ones; exit 1
//! when they differ.

use anyhow::{Result, bail};
use clap::Args;

use crate::app::exit::ExitStatus;
use crate::app::settings::Context;
use crate::features::drift::{self, DriftReport};

#[derive(Debug, Args)]
pub struct DriftArgs {}

pub async fn run(ctx: &Context, _args: &DriftArgs) -> Result<ExitStatus> {
    let Some(source) = &ctx.settings.iac else {
        bail!(
            "ccx drift needs an IaC source: pass --iac KIND:REF (e.g. pulumi:dev, \
             terraform:terraform.tfstate, cloudformation:STACK) or set [iac] kind and stack or file in ccx.toml"
        );
    };
    let aws = ctx.aws().await?;
    let readings = drift::read(&aws, ctx.topology(), ctx.stack(), source).await?;
    let report = DriftReport::build(
        ctx.stack(),
        &readings.desired,
        &readings.sources,
        &readings.mappings,
    );
    ctx.printer.report(&report, crate::render::drift::render)?;
    Ok(ExitStatus::from_ok(report.ok))
}
