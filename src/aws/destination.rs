//! Where the calls of this process go and as whom: the account (from STS), the region,
//! the profile, where the credentials come from, and the endpoint. A plan that writes
//! names it, so an operator with the wrong profile or endpoint sees it before saying yes.

use serde::Serialize;

use super::caller::Caller;
use super::{Aws, AwsError};

/// Which provider of the SDK's default chain answers with the credentials. The chain
/// tries the environment first, then the profile, then web identity, the container's
/// role and the instance's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialSource {
    /// `AWS_ACCESS_KEY_ID` and its secret in the environment (they win over a profile).
    Environment,
    /// The profile in use (keys, a role, SSO or a credential process).
    Profile,
    /// Neither: web identity, the container's or the instance's role.
    DefaultChain,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Destination {
    /// The account STS says the credentials belong to; null when STS could not say.
    pub account: Option<String>,
    /// The caller's ARN (the user or assumed role).
    pub caller_arn: Option<String>,
    /// Why STS could not say, when it could not.
    pub caller_error: Option<String>,
    pub region: String,
    /// The profile in use; null when none is named and the files have no `default`.
    pub profile: Option<String>,
    pub credentials: CredentialSource,
    /// The endpoint every call goes to; null: AWS's own endpoints for the region.
    pub endpoint: Option<String>,
}

impl Destination {
    pub fn of(aws: &Aws, caller: &Result<Caller, AwsError>) -> Destination {
        let (account, caller_arn, caller_error) = match caller {
            Ok(c) => (c.account.clone(), c.arn.clone(), None),
            Err(err) => (None, None, Some(err.to_string())),
        };
        Destination {
            account,
            caller_arn,
            caller_error,
            region: aws.region.clone(),
            profile: aws.profile.clone(),
            credentials: aws.credentials,
            endpoint: aws.endpoint_url.clone(),
        }
    }
}
