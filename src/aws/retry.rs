//! How often, and how, an AWS call is tried again.
//!
//! As the AWS CLI and SDKs do it: `AWS_MAX_ATTEMPTS` and `AWS_RETRY_MODE` first, then the
//! profile's `max_attempts` and `retry_mode`, each field on its own; a field set nowhere
//! takes the SDK's default (standard mode, 3 attempts). Only when neither field is set
//! anywhere does ccx use its own default, made for an account that throttles.

use std::time::Duration;

use aws_config::retry::{RetryConfig, RetryMode};

/// Attempts per call when nothing is configured.
///
/// Target: a whole `ccx verify` survives 30% throttling on every call with at least 99%
/// probability. A call fails only when all of its k attempts are throttled, which happens
/// with probability 0.3^k if each attempt is throttled independently. A `verify` makes at
/// most about 40 calls (listings with their pages, configurations, queue attributes, log
/// searches), so it survives with probability (1 - 0.3^k)^40 ≥ 1 - 40 · 0.3^k:
/// k = 6 gives 1 - 40 · 0.000729 = 0.971 (too low); k = 7 gives
/// 1 - 40 · 0.0002187 = 0.991 ≥ 0.99.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 7;

/// Standard mode: jittered exponential backoff per call, as the AWS SDKs and Tools
/// reference guide recommends. Adaptive mode also limits the client's own sending rate
/// after a throttle, for every request of that client: the guide warns that a throttle
/// on one resource then delays unrelated ones, and measured on the test bed, one
/// throttled log search held its retry back 5 s (the backoff ceiling) and a whole
/// `verify` 5 to 20 s. The one budget that really is shared per account,
/// FilterLogEvents, ccx paces itself (`logs/budget.rs`).
pub const DEFAULT_MODE: RetryMode = RetryMode::Standard;

/// With 7 attempts and the SDK's 20 s ceiling, backing off alone could outlast the
/// operation timeout; 5 s keeps the worst case near 22 s of waiting per call.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Where retry settings may come from; each value is the raw text as configured.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetrySources {
    pub env_max_attempts: Option<String>,
    pub env_retry_mode: Option<String>,
    pub profile_max_attempts: Option<String>,
    pub profile_retry_mode: Option<String>,
}

impl RetrySources {
    /// `AWS_MAX_ATTEMPTS` and `AWS_RETRY_MODE` from the environment; the profile's values
    /// are filled in by the caller, who has read the config files.
    pub fn from_env() -> RetrySources {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        RetrySources {
            env_max_attempts: var("AWS_MAX_ATTEMPTS"),
            env_retry_mode: var("AWS_RETRY_MODE"),
            ..RetrySources::default()
        }
    }
}

/// The retry configuration these sources mean, or what is wrong with one of them.
pub fn choose(sources: &RetrySources) -> Result<RetryConfig, String> {
    let attempts = match (&sources.env_max_attempts, &sources.profile_max_attempts) {
        (Some(v), _) => Some(parse_attempts(v, "AWS_MAX_ATTEMPTS")?),
        (None, Some(v)) => Some(parse_attempts(v, "the profile's max_attempts")?),
        (None, None) => None,
    };
    let mode = match (&sources.env_retry_mode, &sources.profile_retry_mode) {
        (Some(v), _) => Some(parse_mode(v, "AWS_RETRY_MODE")?),
        (None, Some(v)) => Some(parse_mode(v, "the profile's retry_mode")?),
        (None, None) => None,
    };
    Ok(match (attempts, mode) {
        (None, None) => RetryConfig::standard()
            .with_retry_mode(DEFAULT_MODE)
            .with_max_attempts(DEFAULT_MAX_ATTEMPTS)
            .with_max_backoff(DEFAULT_MAX_BACKOFF),
        (attempts, mode) => {
            let mut config = RetryConfig::standard();
            if let Some(mode) = mode {
                config = config.with_retry_mode(mode);
            }
            if let Some(attempts) = attempts {
                config = config.with_max_attempts(attempts);
            }
            config
        }
    })
}

fn parse_attempts(value: &str, source: &str) -> Result<u32, String> {
    match value.trim().parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "{source} is `{value}`: it must be a whole number of attempts, 1 or more (e.g. 5)"
        )),
    }
}

fn parse_mode(value: &str, source: &str) -> Result<RetryMode, String> {
    // The AWS CLI also knows `legacy`; the Rust SDK has no such mode, and `standard` is
    // what replaced it.
    if value.trim().eq_ignore_ascii_case("legacy") {
        return Ok(RetryMode::Standard);
    }
    value.parse::<RetryMode>().map_err(|_| {
        format!("{source} is `{value}`: it must be `standard` or `adaptive` (or `legacy`)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(
        env: (Option<&str>, Option<&str>),
        profile: (Option<&str>, Option<&str>),
    ) -> RetrySources {
        let own = |v: Option<&str>| v.map(str::to_string);
        RetrySources {
            env_max_attempts: own(env.0),
            env_retry_mode: own(env.1),
            profile_max_attempts: own(profile.0),
            profile_retry_mode: own(profile.1),
        }
    }

    #[test]
    fn nothing_configured_means_standard_with_seven_attempts() {
        let config = choose(&RetrySources::default()).unwrap();
        assert_eq!(config.mode(), RetryMode::Standard);
        assert_eq!(config.max_attempts(), 7);
        assert_eq!(config.max_backoff(), DEFAULT_MAX_BACKOFF);
    }

    #[test]
    fn seven_attempts_survive_thirty_percent_throttling_of_a_whole_verify() {
        let calls = 40;
        let survive = |k: i32| (1.0 - 0.3f64.powi(k)).powi(calls);
        assert!(survive(DEFAULT_MAX_ATTEMPTS as i32) >= 0.99);
        assert!(
            survive(DEFAULT_MAX_ATTEMPTS as i32 - 1) < 0.99,
            "7 is the least that holds"
        );
    }

    #[test]
    fn the_environment_wins_over_the_profile_field_by_field() {
        let config = choose(&sources((Some("2"), None), (Some("9"), Some("adaptive")))).unwrap();
        assert_eq!(config.max_attempts(), 2);
        assert_eq!(config.mode(), RetryMode::Adaptive);
        let config = choose(&sources(
            (None, Some("standard")),
            (Some("9"), Some("adaptive")),
        ))
        .unwrap();
        assert_eq!(config.max_attempts(), 9);
        assert_eq!(config.mode(), RetryMode::Standard);
    }

    #[test]
    fn one_configured_field_keeps_the_sdk_default_for_the_other() {
        let config = choose(&sources((None, Some("standard")), (None, None))).unwrap();
        assert_eq!(config.max_attempts(), 3);
        let config = choose(&sources((Some("1"), None), (None, None))).unwrap();
        assert_eq!(config.max_attempts(), 1);
        assert_eq!(config.mode(), RetryMode::Standard);
        let config = choose(&sources((None, Some("legacy")), (None, None))).unwrap();
        assert_eq!(config.mode(), RetryMode::Standard);
    }

    #[test]
    fn nonsense_is_refused_with_its_source() {
        let err = choose(&sources((Some("0"), None), (None, None))).unwrap_err();
        assert!(err.contains("AWS_MAX_ATTEMPTS is `0`"), "{err}");
        let err = choose(&sources((None, None), (Some("many"), None))).unwrap_err();
        assert!(err.contains("max_attempts is `many`"), "{err}");
        let err = choose(&sources((None, Some("fast")), (None, None))).unwrap_err();
        assert!(err.contains("AWS_RETRY_MODE is `fast`"), "{err}");
    }
}
