//! Which setting sends a service's calls where they go, so an error about a wrong
//! endpoint can name the one to change. The SDK's order: an endpoint given in code
//! (`--endpoint-url`) wins; then the service's own (`AWS_ENDPOINT_URL_<SERVICE>`, or
//! `endpoint_url` in the profile's `services` section); then the general one
//! (`AWS_ENDPOINT_URL`, or the profile's `endpoint_url`); else AWS's own endpoint.

use aws_types::SdkConfig;
use aws_types::service_config::ServiceConfigKey;
use serde::Serialize;

/// A service's endpoint and the setting that chose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndpointSetting {
    pub url: String,
    /// `--endpoint-url`, `AWS_ENDPOINT_URL_CLOUDWATCH`, `AWS_ENDPOINT_URL`, or the profile.
    pub setting: String,
}

impl std::fmt::Display for EndpointSetting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (from {})", self.url, self.setting)
    }
}

/// Where `config` sends the calls of the service `service_id` (its SDK id, e.g.
/// `CloudWatch`, whose variable is `AWS_ENDPOINT_URL_CLOUDWATCH`); `None`: to AWS.
pub fn of_service(
    config: &SdkConfig,
    service_id: &str,
    from_flag: Option<&str>,
) -> Option<EndpointSetting> {
    let env_name = format!(
        "AWS_ENDPOINT_URL_{}",
        service_id.to_ascii_uppercase().replace(' ', "_")
    );
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let found = |url: String, setting: &str| {
        Some(EndpointSetting {
            url,
            setting: setting.to_string(),
        })
    };
    if let Some(url) = from_flag {
        return found(url.to_string(), "--endpoint-url (or CCX_ENDPOINT_URL)");
    }
    let key = ServiceConfigKey::builder()
        .service_id(service_id)
        .env("AWS_ENDPOINT_URL")
        .profile("endpoint_url")
        .build()
        .ok()?;
    let general = config.endpoint_url().map(str::to_string);
    // The service's own value falls back to the general one: told apart by value.
    if let Some(url) = config.service_config().and_then(|c| c.load_config(key))
        && Some(&url) != general.as_ref()
    {
        return match env(&env_name) {
            Some(_) => found(url, &env_name),
            None => found(url, "the profile's `services` section (endpoint_url)"),
        };
    }
    let url = general?;
    match env("AWS_ENDPOINT_URL") {
        Some(_) => found(url, "AWS_ENDPOINT_URL"),
        None => found(url, "the profile's endpoint_url"),
    }
}
