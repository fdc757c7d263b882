//! `ccx config show` and `ccx config init`.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use clap::Subcommand;

use crate::app::exit::ExitStatus;
use crate::app::settings::Context;
use crate::base::topology::{DEFAULT_TOML, TopologySource};
use crate::ui::output::Printer;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective topology (TOML, or JSON with --output json)
    Show,
    /// Write the built-in topology to a file to edit
    Init {
        /// Where to write it
        #[arg(default_value = "ccx.toml")]
        path: PathBuf,
        /// Overwrite an existing file
        #[arg(long)]
        force: bool,
    },
}

pub fn show(ctx: &Context) -> Result<ExitStatus> {
    let loaded = &ctx.settings.topology;
    let source = match &loaded.source {
        TopologySource::Builtin => "built-in default".to_string(),
        TopologySource::File(path) => path.display().to_string(),
    };
    if ctx.printer.is_json() {
        let mut value = serde_json::to_value(&loaded.topology)?;
        value["source"] = serde_json::Value::String(source);
        value["effective_stack"] = serde_json::Value::String(ctx.stack().to_string());
        ctx.printer.json(&value)?;
    } else {
        let unnamed = loaded
            .topology
            .streams
            .values()
            .any(|s| s.table_pattern.is_none());
        let streams_note = if unnamed {
            "# a stream without `table_pattern` is the one its consumer's mappings read\n"
        } else {
            ""
        };
        ctx.printer.text(&format!(
            "# effective topology (from {source}); stack in use: {}\n{streams_note}{}",
            ctx.stack(),
            crate::base::topology::to_config_file(&loaded.topology)
        ))?;
    }
    Ok(ExitStatus::Success)
}

pub fn init(printer: &Printer, path: &Path, force: bool) -> Result<ExitStatus> {
    if path.exists() && !force {
        bail!(
            "{} already exists; pass --force to overwrite it",
            path.display()
        );
    }
    std::fs::write(path, DEFAULT_TOML)
        .with_context(|| format!("cannot write {}", path.display()))?;
    printer.note(&format!("wrote the default topology to {}", path.display()));
    Ok(ExitStatus::Success)
}
