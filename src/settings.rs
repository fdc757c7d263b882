//! Flags, environment and config file folded into one validated value. Commands read
//! this, never the environment.

use anyhow::{Context as _, Result, bail};

use crate::aws::AwsSettings;
use crate::cli::GlobalArgs;
use crate::output::Printer;
use crate::topology::{self, LoadedTopology};

#[derive(Debug, Clone)]
pub struct Settings {
    pub topology: LoadedTopology,
    /// The stack whose resources ccx looks at.
    pub stack: String,
    pub aws: AwsSettings,
}

impl Settings {
    pub fn from_args(args: &GlobalArgs) -> Result<Settings> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        let topology = topology::load(args.config.as_deref(), &cwd, dirs::config_dir().as_deref())?;
        let stack = args
            .stack
            .clone()
            .unwrap_or_else(|| topology.topology.stack.clone());
        validate_stack(&stack)?;
        if let Some(url) = &args.endpoint_url {
            validate_endpoint(url)?;
        }
        Ok(Settings {
            topology,
            stack,
            aws: AwsSettings {
                profile: non_empty(&args.profile),
                region: non_empty(&args.region),
                endpoint_url: non_empty(&args.endpoint_url),
            },
        })
    }
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value.as_ref().filter(|v| !v.trim().is_empty()).cloned()
}

fn validate_stack(stack: &str) -> Result<()> {
    let ok = !stack.is_empty()
        && !stack.starts_with('-')
        && !stack.ends_with('-')
        && stack
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        bail!(
            "invalid stack name `{stack}`: use letters, digits, `-` and `_` (e.g. `dev`, `prod`)"
        );
    }
    Ok(())
}

fn validate_endpoint(url: &str) -> Result<()> {
    if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() <= "https://".len()
    {
        bail!("invalid endpoint URL `{url}`: expected http://HOST[:PORT] or https://HOST[:PORT]");
    }
    Ok(())
}

/// Everything a command needs: settings, the printer, and AWS on demand.
pub struct Context {
    pub settings: Settings,
    pub printer: Printer,
}

impl Context {
    pub async fn aws(&self) -> Result<crate::aws::Aws> {
        crate::aws::Aws::connect(&self.settings.aws).await
    }

    pub fn topology(&self) -> &crate::topology::Topology {
        &self.settings.topology.topology
    }

    pub fn stack(&self) -> &str {
        &self.settings.stack
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_names_are_checked() {
        assert!(validate_stack("dev").is_ok());
        assert!(validate_stack("eu-prod_2").is_ok());
        assert!(validate_stack("").is_err());
        assert!(validate_stack("-dev").is_err());
        assert!(validate_stack("dev stack").is_err());
    }

    #[test]
    fn endpoints_need_a_scheme() {
        assert!(validate_endpoint("http://127.0.0.1:5000").is_ok());
        assert!(validate_endpoint("127.0.0.1:5000").is_err());
        assert!(validate_endpoint("https://").is_err());
    }
}
