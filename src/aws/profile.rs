//! The shared AWS config and credentials files, read once before connecting: whether a
//! profile asked for by name exists, and the retry settings of the profile in use.
//!
//! The AWS CLI refuses an unknown profile ("the config profile could not be found"); the
//! SDK would quietly go on with other credentials (environment keys, instance roles), so
//! an operator could act on the wrong account. ccx refuses as the CLI does.

use std::borrow::Cow;

use anyhow::{Result, bail};
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};

/// What ccx takes from the profile in use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileSettings {
    pub max_attempts: Option<String>,
    pub retry_mode: Option<String>,
    /// The profile in use: the one asked for, or `default` when the files have one.
    pub name: Option<String>,
    /// The profile says where credentials come from (keys, a role, SSO, a process).
    pub has_credentials: bool,
}

/// Profile keys that make the SDK's profile provider answer with credentials.
const CREDENTIAL_KEYS: [&str; 7] = [
    "aws_access_key_id",
    "role_arn",
    "sso_session",
    "sso_start_url",
    "credential_process",
    "web_identity_token_file",
    "credential_source",
];

/// Reads the config files (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE` or their
/// defaults under `~/.aws`). `requested` is the profile named by `--profile` or
/// `AWS_PROFILE`; `None` means the default profile, which may be absent.
pub async fn read(requested: Option<&str>) -> Result<ProfileSettings> {
    let set = match aws_config::profile::load(
        &Fs::real(),
        &Env::real(),
        &EnvConfigFiles::default(),
        requested.map(|name| Cow::Owned(name.to_string())),
    )
    .await
    {
        Ok(set) => set,
        Err(err) => bail!("cannot read the AWS config files: {err}"),
    };
    let profile = set.get_profile(set.selected_profile());
    if let (Some(name), None) = (requested, profile) {
        bail!(
            "the config profile `{name}` could not be found in the AWS config or credentials \
             file: check --profile/AWS_PROFILE (`aws configure list-profiles` lists yours)"
        );
    }
    let value = |key: &str| {
        profile
            .and_then(|p| p.get(key))
            .filter(|v| !v.trim().is_empty())
            .map(str::to_string)
    };
    Ok(ProfileSettings {
        max_attempts: value("max_attempts"),
        retry_mode: value("retry_mode"),
        name: profile.map(|_| set.selected_profile().to_string()),
        has_credentials: CREDENTIAL_KEYS.iter().any(|key| value(key).is_some()),
    })
}
