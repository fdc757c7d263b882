//! Where the writes go, in words: the account (and who in it), the region, the profile,
//! where the credentials come from, and the endpoint.

use crate::aws::destination::{CredentialSource, Destination};

/// `account 123456789012 (arn:…) · region us-east-1 · profile prod · credentials from
/// the profile · endpoint AWS`.
pub fn describe(d: &Destination) -> String {
    let account = match (&d.account, &d.caller_arn, &d.caller_error) {
        (Some(account), Some(arn), _) => format!("account {account} ({arn})"),
        (Some(account), None, _) => format!("account {account}"),
        (None, _, Some(why)) => format!("account unknown ({why})"),
        (None, _, None) => "account unknown".to_string(),
    };
    format!(
        "{account} · region {} · {} · {} · {}",
        d.region,
        profile(d),
        credentials(d),
        endpoint(d)
    )
}

/// The short form for a question: `account 123456789012, us-east-1, profile prod,
/// endpoint AWS`.
pub fn short(d: &Destination) -> String {
    let account = d.account.as_deref().unwrap_or("unknown");
    format!(
        "account {account}, {}, {}, {}",
        d.region,
        profile(d),
        endpoint(d)
    )
}

fn profile(d: &Destination) -> String {
    match &d.profile {
        Some(name) => format!("profile {name}"),
        None => "no profile".to_string(),
    }
}

fn credentials(d: &Destination) -> &'static str {
    match d.credentials {
        CredentialSource::Environment => "credentials from the environment (AWS_ACCESS_KEY_ID)",
        CredentialSource::Profile => "credentials from the profile",
        CredentialSource::DefaultChain => {
            "credentials from the default chain (web identity, container or instance role)"
        }
    }
}

fn endpoint(d: &Destination) -> String {
    match &d.endpoint {
        Some(url) => format!("endpoint {url}"),
        None => "endpoint AWS (the region's own)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn destination() -> Destination {
        Destination {
            account: Some("123456789012".into()),
            caller_arn: Some("arn:aws:sts::123456789012:assumed-role/ops/jo".into()),
            caller_error: None,
            region: "eu-west-1".into(),
            profile: Some("prod-admin".into()),
            credentials: CredentialSource::Profile,
            endpoint: None,
        }
    }

    #[test]
    fn the_destination_names_account_region_profile_and_endpoint() {
        assert_eq!(
            describe(&destination()),
            "account 123456789012 (arn:aws:sts::123456789012:assumed-role/ops/jo) · region eu-west-1 · profile prod-admin · credentials from the profile · endpoint AWS (the region's own)"
        );
        assert_eq!(
            short(&destination()),
            "account 123456789012, eu-west-1, profile prod-admin, endpoint AWS (the region's own)"
        );
        let unknown = Destination {
            account: None,
            caller_arn: None,
            caller_error: Some("asking STS who the caller is: access denied".into()),
            profile: None,
            credentials: CredentialSource::Environment,
            endpoint: Some("http://127.0.0.1:4566".into()),
            ..destination()
        };
        assert_eq!(
            describe(&unknown),
            "account unknown (asking STS who the caller is: access denied) · region eu-west-1 · no profile · credentials from the environment (AWS_ACCESS_KEY_ID) · endpoint http://127.0.0.1:4566"
        );
        assert_eq!(
            short(&unknown),
            "account unknown, eu-west-1, no profile, endpoint http://127.0.0.1:4566"
        );
    }
}
