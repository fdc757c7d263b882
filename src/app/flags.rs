//! The flags every command accepts (`GlobalArgs`), the timing of the views' `--watch`
//! (`WatchTiming`), and the value parsers of durations, intervals and counts the
//! subcommands' own flags use.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::ui::live::Every;
use crate::ui::output::{ColorChoice, OutputFormat};

/// How often a view re-reads under `--watch`, and for how many readings (the view's own
/// `--watch` flag, whose help says what it watches, sits beside it).
#[derive(Debug, Args)]
pub struct WatchTiming {
    /// Time between readings under --watch (at least 200ms)
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_interval)]
    pub interval: Duration,

    /// Stop after this many readings under --watch (at least 1)
    #[arg(long, value_name = "N", requires = "watch", value_parser = parse_count)]
    pub count: Option<u64>,
}

impl WatchTiming {
    pub fn every(&self) -> Every {
        Every {
            interval: self.interval,
            count: self.count,
        }
    }
}

/// Flags every command accepts. Each can also come from the environment. In each
/// subcommand's help they stand apart, under their own heading, after its own options.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// AWS named profile (SSO profiles work too); several (repeated or comma-separated)
    /// read several accounts at once
    #[arg(
        long,
        global = true,
        env = "AWS_PROFILE",
        value_name = "NAME",
        value_delimiter = ','
    )]
    pub profile: Vec<String>,

    /// AWS region; several (repeated or comma-separated) read each region at once
    #[arg(
        long,
        global = true,
        env = "AWS_REGION",
        value_name = "REGION",
        value_delimiter = ','
    )]
    pub region: Vec<String>,

    /// Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)
    #[arg(long, global = true, env = "CCX_ENDPOINT_URL", value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Stack whose resources to look at [default: the topology's stack, `dev`]; several
    /// (repeated or comma-separated) are read at once by verify, functions, mappings,
    /// queues and map
    #[arg(
        long,
        global = true,
        env = "CCX_STACK",
        value_name = "NAME",
        value_delimiter = ','
    )]
    pub stack: Vec<String>,

    /// Every stack of the account: those ccx.toml's `stacks` names, or those the
    /// topology's name patterns find in each account and region
    #[arg(long, global = true, conflicts_with = "stack")]
    pub all_stacks: bool,

    /// Topology file [default: ./ccx.toml, then the user config dir]
    #[arg(long, global = true, env = "CCX_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Output format
    #[arg(long, short = 'o', global = true, env = "CCX_OUTPUT", value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// When to use colour (NO_COLOR is honoured in `auto`)
    #[arg(long, global = true, env = "CCX_COLOR", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`,
    /// `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config's `[iac]`]
    #[arg(long, global = true, env = "CCX_IAC", value_name = "KIND:REF")]
    pub iac: Option<String>,

    /// FilterLogEvents requests per second ccx may send (the account's quota, 5, is shared
    /// by everyone; lower it to leave room for others)
    #[arg(long, global = true, env = "CCX_LOG_SEARCH_RATE", value_name = "N", default_value_t = crate::state::log_budget::DEFAULT_RATE, value_parser = clap::value_parser!(u32).range(1..))]
    pub log_search_rate: u32,

    /// Print less: only problems and errors
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more: every AWS call's context on errors, resolution details
    #[arg(long, short = 'v', global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Show every resource name whole, however wide (tables and the map otherwise fit
    /// the terminal, shortening long names in the middle with `…`)
    #[arg(long, global = true)]
    pub wide: bool,

    /// Fit tables and text to this many columns (at least 40), on a terminal or not
    /// [default: the terminal's width; piped output is not fitted]
    #[arg(long, global = true, env = "CCX_WIDTH", value_name = "COLUMNS", value_parser = crate::ui::width::parse_width)]
    pub width: Option<usize>,
}

/// The shortest time between two readings of a watch (`queues --watch`, `map --watch`,
/// `guard`): each reading is a round of requests from the account's shared quotas.
pub const MIN_INTERVAL: Duration = Duration::from_millis(200);

/// A time between readings: at least [`MIN_INTERVAL`] (clap value parser).
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let interval = parse_duration(text)?;
    if interval < MIN_INTERVAL {
        return Err(format!(
            "`{text}` is too short: at least 200ms between readings (each reading is a round \
             of AWS requests from the account's shared quotas)"
        ));
    }
    Ok(interval)
}

/// A number of readings: 1 or more (clap value parser).
pub fn parse_count(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(0) => Err("must be at least 1 (the number of readings before stopping)".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{text}` is not a number of readings (1, 2, 3…)")),
    }
}

/// A span like `30s`, `15m`, `2h`, `1d` (clap value parser for duration flags).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text).map_err(|e| format!("{e} (use e.g. 30s, 15m, 2h, 1d)"))
}

/// A span that must be more than zero (a poll interval, a sampling gap).
pub fn parse_nonzero_duration(text: &str) -> Result<Duration, String> {
    match parse_duration(text)? {
        d if d.is_zero() => Err("must be more than zero (e.g. 5s, 1m)".to_string()),
        d => Ok(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_units_and_explain_a_bad_one() {
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        let err = parse_duration("15").unwrap_err();
        assert!(err.ends_with("(use e.g. 30s, 15m, 2h, 1d)"), "{err}");
    }

    #[test]
    fn a_nonzero_duration_refuses_zero() {
        assert_eq!(parse_nonzero_duration("2s"), Ok(Duration::from_secs(2)));
        assert!(
            parse_nonzero_duration("0s")
                .unwrap_err()
                .contains("more than zero")
        );
        assert!(parse_nonzero_duration("x").is_err());
    }
}

#[cfg(test)]
mod proptests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn no_text_makes_the_duration_parsers_panic(text in "\\PC{0,30}|[0-9smhdwy .-]{0,20}") {
            let _ = parse_duration(&text);
            if let Ok(d) = parse_nonzero_duration(&text) {
                prop_assert!(!d.is_zero());
            }
        }

        #[test]
        fn written_durations_read_back(secs in 0u64..100_000_000_000, nanos in 0u32..1_000_000_000) {
            let span = Duration::new(secs, nanos);
            let text = humantime::format_duration(span).to_string();
            prop_assert_eq!(parse_duration(&text), Ok(span));
        }

        #[test]
        fn a_refusal_says_what_to_write(text in "[a-z]{1,6}") {
            let err = parse_duration(&text).unwrap_err();
            prop_assert!(err.contains("30s, 15m"), "{}", err);
        }
    }
}
