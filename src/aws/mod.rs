//! AWS wiring: one `SdkConfig` from the usual sources plus our flags, one client per
//! service, and errors turned into one clear line.

pub mod arn;
pub mod call_log;
pub mod caller;
pub mod destination;
pub mod endpoint_setting;
pub mod error;
pub mod in_flight;
mod profile;
pub mod retry;

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Result, bail};
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};

pub use error::{AwsError, AwsResultExt};

use call_log::{CallLog, CallObserver};
use caller::Caller;
use destination::CredentialSource;

/// Where and how to reach AWS; filled from flags, with the SDK's own sources
/// (`AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`, config files, SSO) underneath.
#[derive(Debug, Clone, Default)]
pub struct AwsSettings {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

/// The service clients every command draws from, built once from one `SdkConfig`.
#[derive(Debug, Clone)]
pub struct Aws {
    pub lambda: aws_sdk_lambda::Client,
    pub sqs: aws_sdk_sqs::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    /// CloudWatch metrics (`GetMetricData`).
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub sts: aws_sdk_sts::Client,
    /// The IaC's stacks, when the IaC is CloudFormation (`[iac]`, `--iac`).
    pub cloudformation: aws_sdk_cloudformation::Client,
    pub region: String,
    /// The endpoint every client was given (flag, environment or profile); `None`: AWS.
    pub endpoint_url: Option<String>,
    /// Where CloudWatch's calls go and which setting says so (it may differ from
    /// `endpoint_url`: `AWS_ENDPOINT_URL_CLOUDWATCH`); `None`: AWS.
    pub cloudwatch_endpoint: Option<endpoint_setting::EndpointSetting>,
    /// The profile in use (named, or the files' `default`); `None`: no profile.
    pub profile: Option<String>,
    /// Which provider of the default chain answers with the credentials.
    pub credentials: CredentialSource,
    /// Who the caller is, once asked (`Aws::caller`).
    caller: Arc<tokio::sync::OnceCell<Result<Caller, AwsError>>>,
    /// Set when several read-only runs share these clients: the account's listings they
    /// ask for at the same time are read once (`in_flight.rs`).
    pub in_flight: Option<Arc<in_flight::InFlight>>,
}

/// Bounded so an unreachable endpoint fails within seconds, not minutes.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);
const OPERATION_TIMEOUT: Duration = Duration::from_secs(60);

impl Aws {
    /// The clients for `settings`; with `observer`, every request they make is told to
    /// it as it is answered (`-vv`).
    pub async fn connect(settings: &AwsSettings, observer: Option<CallObserver>) -> Result<Aws> {
        let profile = profile::read(settings.profile.as_deref()).await?;
        let retry_sources = retry::RetrySources {
            profile_max_attempts: profile.max_attempts,
            profile_retry_mode: profile.retry_mode,
            ..retry::RetrySources::from_env()
        };
        let retry_config = retry::choose(&retry_sources).map_err(anyhow::Error::msg)?;
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(retry_config)
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .operation_attempt_timeout(ATTEMPT_TIMEOUT)
                    .operation_timeout(OPERATION_TIMEOUT)
                    .build(),
            );
        if let Some(profile) = &settings.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &settings.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(url) = &settings.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let config = loader.load().await;
        let Some(region) = config.region().map(|r| r.to_string()) else {
            bail!(
                "no AWS region: pass --region, set AWS_REGION, or set `region` in your AWS profile"
            );
        };
        // The default chain tries the environment's keys before any profile.
        let credentials = if std::env::var_os("AWS_ACCESS_KEY_ID").is_some() {
            CredentialSource::Environment
        } else if profile.has_credentials {
            CredentialSource::Profile
        } else {
            CredentialSource::DefaultChain
        };
        let log = observer.map(CallLog::new);
        // Each service's config with the call log, when there is one.
        macro_rules! client {
            ($sdk:ident) => {{
                let mut builder = $sdk::config::Builder::from(&config);
                if let Some(log) = &log {
                    builder = builder.interceptor(log.clone());
                }
                $sdk::Client::from_conf(builder.build())
            }};
        }
        Ok(Aws {
            lambda: client!(aws_sdk_lambda),
            sqs: client!(aws_sdk_sqs),
            logs: client!(aws_sdk_cloudwatchlogs),
            cloudwatch: client!(aws_sdk_cloudwatch),
            sts: client!(aws_sdk_sts),
            cloudformation: client!(aws_sdk_cloudformation),
            region,
            endpoint_url: config.endpoint_url().map(str::to_string),
            cloudwatch_endpoint: endpoint_setting::of_service(
                &config,
                "CloudWatch",
                settings.endpoint_url.as_deref(),
            ),
            profile: profile.name.clone(),
            credentials,
            caller: Arc::default(),
            in_flight: None,
        })
    }

    /// These clients, for read-only runs that share them: listings asked for while the
    /// same one is under way share it.
    pub fn sharing_in_flight_reads(mut self) -> Aws {
        self.in_flight = Some(Arc::default());
        self
    }

    /// `read`'s answer; shared with the same `kind` of read under way, when these
    /// clients are shared (`in_flight.rs`).
    pub async fn read_shared<T, F>(&self, kind: &'static str, read: impl Fn(Aws) -> F) -> T
    where
        T: Clone + Send + Sync + 'static,
        F: Future<Output = T> + Send + 'static,
    {
        match &self.in_flight {
            Some(in_flight) => in_flight.read(kind, || read(self.clone())).await,
            None => read(self.clone()).await,
        }
    }
}
