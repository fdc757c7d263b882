//! Flags, environment and config file folded into one validated value. Commands read
//! this, never the environment.

use anyhow::{Context as _, Result, bail};

use crate::app::flags::GlobalArgs;
use crate::aws::AwsSettings;
use crate::base::topology::{self, IacSource, LoadedTopology};
use crate::ui::output::Printer;

#[derive(Debug, Clone)]
pub struct Settings {
    pub topology: LoadedTopology,
    /// The stack whose resources ccx looks at.
    pub stack: String,
    pub aws: AwsSettings,
    /// FilterLogEvents requests per second this process may send.
    pub log_search_rate: u32,
    /// Where to read what the IaC declares (`--iac`, else `[iac]`); `None`: nowhere.
    pub iac: Option<IacSource>,
}

/// One stack, region and profile a multi-target command reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub stack: String,
    /// None: the SDK's default chain decides.
    pub region: Option<String>,
    pub profile: Option<String>,
}

impl Settings {
    /// The settings of every target the flags name (each stack × region × profile), in
    /// the order given; one when none is repeated. `--all-stacks` is resolved later,
    /// against the account.
    pub fn targets(args: &GlobalArgs) -> Result<Vec<Settings>> {
        let base = Settings::from_args(args)?;
        let stacks: Vec<String> = if args.stack.is_empty() {
            vec![base.stack.clone()]
        } else {
            dedup(&args.stack)
        };
        let regions: Vec<Option<String>> = if args.region.is_empty() {
            vec![base.aws.region.clone()]
        } else {
            dedup(&args.region).into_iter().map(Some).collect()
        };
        let profiles: Vec<Option<String>> = if args.profile.is_empty() {
            vec![base.aws.profile.clone()]
        } else {
            dedup(&args.profile).into_iter().map(Some).collect()
        };
        let mut all = Vec::new();
        for profile in &profiles {
            for region in &regions {
                for stack in &stacks {
                    validate_stack(stack)?;
                    let mut settings = base.clone();
                    settings.stack = stack.clone();
                    settings.aws.region = self::region(region)?;
                    settings.aws.profile = not_blank(
                        profile,
                        "--profile (or AWS_PROFILE)",
                        "a profile name from your AWS config",
                    )?;
                    all.push(settings);
                }
            }
        }
        Ok(all)
    }

    /// What this settings' run reads.
    pub fn target(&self) -> Target {
        Target {
            stack: self.stack.clone(),
            region: self.aws.region.clone(),
            profile: self.aws.profile.clone(),
        }
    }

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
            .first()
            .cloned()
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
        let iac = match &args.iac {
            Some(text) => Some(topology::parse_iac_flag(text).map_err(anyhow::Error::msg)?),
            None => topology
                .topology
                .iac_source()
                .map_err(|why| anyhow::anyhow!("invalid config: {why}"))?,
        };
        Ok(Settings {
            iac,
            topology,
            stack,
            aws: AwsSettings {
                profile: not_blank(
                    &args.profile.first().cloned(),
                    "--profile (or AWS_PROFILE)",
                    "a profile name from your AWS config",
                )?,
                region: region(&args.region.first().cloned())?,
                endpoint_url,
            },
            log_search_rate: args.log_search_rate,
        })
    }
}

/// `values` without repeats, in their order, trimmed.
fn dedup(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        let v = v.trim().to_string();
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
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

pub fn validate_stack(stack: &str) -> Result<()> {
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

/// What the runs against one account and region share, whichever stacks they read: the
/// FilterLogEvents budget (the quota is per account and region) and one set of AWS
/// clients (so one SDK retry budget meets the Lambda control plane's throttling).
#[derive(Clone)]
pub struct SharedQuotas {
    log_budget: std::sync::Arc<crate::state::log_budget::SearchBudget>,
    aws: std::sync::Arc<tokio::sync::OnceCell<crate::aws::Aws>>,
    /// The runs only read: listings they ask for at the same time are read once.
    read_only: bool,
}

impl SharedQuotas {
    /// Quotas for runs that may write (each reads for itself).
    pub fn new(log_search_rate: u32) -> SharedQuotas {
        SharedQuotas {
            log_budget: std::sync::Arc::new(crate::state::log_budget::SearchBudget::per_second(
                log_search_rate,
            )),
            aws: Default::default(),
            read_only: false,
        }
    }

    /// Quotas for read-only runs: they also share the account's listings in flight.
    pub fn reading(log_search_rate: u32) -> SharedQuotas {
        SharedQuotas {
            read_only: true,
            ..SharedQuotas::new(log_search_rate)
        }
    }
}

/// Everything a command needs: settings, the printer, and AWS on demand.
pub struct Context {
    pub settings: Settings,
    pub printer: Printer,
    /// The FilterLogEvents budget every log read of this run shares (`--log-search-rate`).
    log_budget: std::sync::Arc<crate::state::log_budget::SearchBudget>,
    /// Set when several runs share an account and region: their clients, made once, and
    /// whether the runs only read (then they share listings in flight).
    shared_aws: Option<(std::sync::Arc<tokio::sync::OnceCell<crate::aws::Aws>>, bool)>,
}

impl Context {
    pub fn new(settings: Settings, printer: Printer) -> Context {
        let log_budget =
            crate::state::log_budget::SearchBudget::per_second(settings.log_search_rate);
        Context {
            settings,
            printer,
            log_budget: std::sync::Arc::new(log_budget),
            shared_aws: None,
        }
    }

    /// One run of several: it shares `quotas` with the other runs of its account and
    /// region.
    pub fn sharing(settings: Settings, printer: Printer, quotas: &SharedQuotas) -> Context {
        Context {
            settings,
            printer,
            log_budget: quotas.log_budget.clone(),
            shared_aws: Some((quotas.aws.clone(), quotas.read_only)),
        }
    }

    /// The AWS clients. `-v` prints where the calls go and as whom (asking STS once);
    /// `-vv` also every call as it is answered.
    pub async fn aws(&self) -> Result<crate::aws::Aws> {
        match &self.shared_aws {
            Some((cell, read_only)) => cell
                .get_or_try_init(|| async {
                    let aws = self.connect().await?;
                    Ok::<_, anyhow::Error>(if *read_only {
                        aws.sharing_in_flight_reads()
                    } else {
                        aws
                    })
                })
                .await
                .cloned(),
            None => self.connect().await,
        }
    }

    async fn connect(&self) -> Result<crate::aws::Aws> {
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
