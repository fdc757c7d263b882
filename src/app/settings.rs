//! Flags, environment and config file folded into one validated value. Commands read
//! this, never the environment.

use anyhow::{Context as _, Result, bail};

use crate::app::flags::GlobalArgs;
use crate::aws::AwsSettings;
use crate::base::topology::{self, LoadedTopology};
use crate::ui::output::Printer;

#[derive(Debug, Clone)]
pub struct Settings {
    pub topology: LoadedTopology,
    /// The stack whose resources ccx looks at.
    pub stack: String,
    pub aws: AwsSettings,
    /// FilterLogEvents requests per second this process may send.
    pub log_search_rate: u32,
}

impl Settings {
    pub fn from_args(args: &GlobalArgs) -> Result<Settings> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        if args
            .config
            .as_ref()
            .is_some_and(|p| p.as_os_str().is_empty())
        {
            bail!(
                "--config (or CCX_CONFIG) is empty: give the path of a ccx.toml, or leave it out"
            );
        }
        let topology = topology::load(args.config.as_deref(), &cwd, dirs::config_dir().as_deref())?;
        let stack = args
            .stack
            .clone()
            .unwrap_or_else(|| topology.topology.stack.clone());
        validate_stack(&stack)?;
        let endpoint_url = not_blank(
            &args.endpoint_url,
            "--endpoint-url (or CCX_ENDPOINT_URL)",
            "an endpoint such as `http://127.0.0.1:5000`",
        )?;
        if let Some(url) = &endpoint_url {
            validate_endpoint(url)?;
        }
        Ok(Settings {
            topology,
            stack,
            aws: AwsSettings {
                profile: not_blank(
                    &args.profile,
                    "--profile (or AWS_PROFILE)",
                    "a profile name from your AWS config",
                )?,
                region: region(&args.region)?,
                endpoint_url,
            },
            log_search_rate: args.log_search_rate,
        })
    }
}

/// A flag given with an empty value is a mistake (an unset shell variable, say), not a
/// request for the default: the AWS tools refuse it too.
fn not_blank(value: &Option<String>, flag: &str, example: &str) -> Result<Option<String>> {
    match value {
        Some(v) if v.trim().is_empty() => {
            bail!("{flag} is empty: give {example}, or leave it out")
        }
        other => Ok(other.clone()),
    }
}

fn region(value: &Option<String>) -> Result<Option<String>> {
    let region = not_blank(
        value,
        "--region (or AWS_REGION)",
        "a region such as `us-east-1`",
    )?;
    if let Some(r) = &region {
        let ok = r
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !r.starts_with('-')
            && !r.ends_with('-');
        if !ok {
            bail!(
                "invalid region `{r}`: expected lower-case letters, digits and `-`, such as `us-east-1`"
            );
        }
    }
    Ok(region)
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
    let bad = || {
        anyhow::anyhow!(
            "invalid endpoint URL `{url}`: expected http://HOST[:PORT] or https://HOST[:PORT]"
        )
    };
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or_else(bad)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || authority.starts_with('[') => {
            (host, Some(port))
        }
        _ => (authority, None),
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._[]:".contains(c));
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0));
    if !host_ok || !port_ok || url.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    Ok(())
}

/// Everything a command needs: settings, the printer, and AWS on demand.
pub struct Context {
    pub settings: Settings,
    pub printer: Printer,
    /// The FilterLogEvents budget every log read of this run shares (`--log-search-rate`).
    log_budget: std::sync::Arc<crate::state::log_budget::SearchBudget>,
}

impl Context {
    pub fn new(settings: Settings, printer: Printer) -> Context {
        let log_budget =
            crate::state::log_budget::SearchBudget::per_second(settings.log_search_rate);
        Context {
            settings,
            printer,
            log_budget: std::sync::Arc::new(log_budget),
        }
    }

    /// The AWS clients. `-v` prints where the calls go and as whom (asking STS once);
    /// `-vv` also every call as it is answered.
    pub async fn aws(&self) -> Result<crate::aws::Aws> {
        use crate::aws::call_log::{AwsCall, CallObserver};
        let observer = (self.printer.verbose >= 2).then(|| {
            let printer = self.printer.clone();
            std::sync::Arc::new(move |call: &AwsCall| printer.debug(&call.to_string()))
                as CallObserver
        });
        let aws = crate::aws::Aws::connect(&self.settings.aws, observer).await?;
        if self.printer.verbose >= 1 {
            let caller = aws.caller().await;
            let destination = crate::aws::destination::Destination::of(&aws, &caller);
            self.printer.debug(&format!(
                "AWS: {}",
                crate::render::destination::describe(&destination)
            ));
        }
        Ok(aws)
    }

    pub fn topology(&self) -> &crate::base::topology::Topology {
        &self.settings.topology.topology
    }

    pub fn stack(&self) -> &str {
        &self.settings.stack
    }

    /// The FilterLogEvents budget every log read of this process shares.
    pub fn log_budget(&self) -> &crate::state::log_budget::SearchBudget {
        &self.log_budget
    }

    /// The same budget, for a reader that outlives this borrow (tail's poller tasks).
    pub fn shared_log_budget(&self) -> std::sync::Arc<crate::state::log_budget::SearchBudget> {
        self.log_budget.clone()
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
    fn blank_values_are_refused_and_absent_ones_are_not() {
        let blank = Some("  ".to_string());
        let err = not_blank(&blank, "--region", "a region").unwrap_err();
        assert_eq!(
            err.to_string(),
            "--region is empty: give a region, or leave it out"
        );
        assert_eq!(not_blank(&None, "--region", "a region").unwrap(), None);
        let given = Some("eu-west-1".to_string());
        assert_eq!(not_blank(&given, "--region", "a region").unwrap(), given);
    }

    #[test]
    fn regions_are_names_not_sentences() {
        assert_eq!(
            region(&Some("eu-west-1".into())).unwrap().as_deref(),
            Some("eu-west-1")
        );
        assert!(region(&Some("us east 1".into())).is_err());
        assert!(region(&Some("US-EAST-1".into())).is_err());
        assert_eq!(region(&None).unwrap(), None);
    }

    #[test]
    fn endpoints_need_a_scheme() {
        assert!(validate_endpoint("http://127.0.0.1:5000").is_ok());
        assert!(validate_endpoint("127.0.0.1:5000").is_err());
        assert!(validate_endpoint("https://").is_err());
        assert!(validate_endpoint("https://lambda.eu-west-1.amazonaws.com").is_ok());
        assert!(validate_endpoint("http://[::1]:4566/").is_ok());
        assert!(validate_endpoint("http://local host:4566").is_err());
        assert!(validate_endpoint("http://localhost:99999").is_err());
        assert!(validate_endpoint("http://localhost:port").is_err());
    }
}
