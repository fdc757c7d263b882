//! One clear line for every way an AWS call can fail, classified by typed error data
//! (error codes, dispatch failure kinds, credential errors), never by message text.

use std::error::Error as StdError;

use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AwsErrorKind {
    Credentials,
    AccessDenied,
    Throttled,
    Unreachable,
    Timeout,
    NotFound,
    /// The resource is busy with another change (e.g. a mapping still `Enabling`).
    Conflict,
    Service,
    Other,
}

impl AwsErrorKind {
    fn hint(self) -> &'static str {
        match self {
            AwsErrorKind::Credentials => {
                "no usable AWS credentials (set AWS_PROFILE or --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"
            }
            AwsErrorKind::AccessDenied => {
                "access denied (the caller's IAM policy does not allow this call)"
            }
            AwsErrorKind::Throttled => "throttled by AWS, still after retries",
            AwsErrorKind::Unreachable => {
                "cannot reach the AWS endpoint (check --endpoint-url/AWS_ENDPOINT_URL, region and network)"
            }
            AwsErrorKind::Timeout => "the AWS call timed out",
            AwsErrorKind::NotFound => "not found",
            AwsErrorKind::Conflict => "the resource is busy with another change",
            AwsErrorKind::Service => "AWS returned an error",
            AwsErrorKind::Other => "the AWS call failed",
        }
    }
}

/// A failed AWS call: what we were doing, what kind of failure, and the SDK's own chain.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{action}: {}: {detail}", kind.hint())]
pub struct AwsError {
    pub action: String,
    pub kind: AwsErrorKind,
    pub code: Option<String>,
    pub detail: String,
}

impl AwsError {
    pub fn from_sdk<E, R>(action: impl Into<String>, err: &SdkError<E, R>) -> AwsError
    where
        E: ProvideErrorMetadata + StdError + 'static,
        R: std::fmt::Debug + 'static,
    {
        let code = err.code().map(str::to_string);
        let kind = classify(err, code.as_deref());
        let detail = match (&code, err.message()) {
            (Some(code), Some(message)) => format!("{code}: {message}"),
            (Some(code), None) => code.clone(),
            _ => cause_chain(err),
        };
        AwsError {
            action: action.into(),
            kind,
            code,
            detail: one_line(&detail),
        }
    }
}

fn classify<E, R>(err: &SdkError<E, R>, code: Option<&str>) -> AwsErrorKind
where
    E: ProvideErrorMetadata + StdError + 'static,
    R: std::fmt::Debug + 'static,
{
    if chain_has::<CredentialsError>(err) {
        return AwsErrorKind::Credentials;
    }
    match err {
        SdkError::TimeoutError(_) => return AwsErrorKind::Timeout,
        SdkError::DispatchFailure(d) if d.is_timeout() => return AwsErrorKind::Timeout,
        SdkError::DispatchFailure(d) if d.is_io() => return AwsErrorKind::Unreachable,
        SdkError::DispatchFailure(_) => return AwsErrorKind::Unreachable,
        _ => {}
    }
    match code {
        Some(
            "AccessDenied"
            | "AccessDeniedException"
            | "UnauthorizedOperation"
            | "AuthorizationError"
            | "KMSAccessDeniedException",
        ) => AwsErrorKind::AccessDenied,
        Some(
            "UnrecognizedClientException"
            | "InvalidClientTokenId"
            | "ExpiredToken"
            | "ExpiredTokenException"
            | "InvalidSignatureException"
            | "SignatureDoesNotMatch"
            | "IncompleteSignature",
        ) => AwsErrorKind::Credentials,
        Some(
            "Throttling"
            | "ThrottlingException"
            | "TooManyRequestsException"
            | "RequestLimitExceeded"
            | "RequestThrottled"
            | "RequestThrottledException"
            | "ProvisionedThroughputExceededException"
            | "LimitExceededException",
        ) => AwsErrorKind::Throttled,
        Some(
            "ResourceNotFoundException"
            | "QueueDoesNotExist"
            | "AWS.SimpleQueueService.NonExistentQueue"
            | "NotFound",
        ) => AwsErrorKind::NotFound,
        Some("ResourceInUseException" | "ResourceConflictException") => AwsErrorKind::Conflict,
        Some(_) => AwsErrorKind::Service,
        None => AwsErrorKind::Other,
    }
}

fn chain_has<T: StdError + 'static>(err: &(dyn StdError + 'static)) -> bool {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        if e.is::<T>() {
            return true;
        }
        current = e.source();
    }
    false
}

/// The Display text of every error in the chain, joined by ": " (no debug dumps).
fn cause_chain(err: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        let text = e.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}

/// Long provider-chain explanations are cut; the hint already says what to do.
const MAX_DETAIL: usize = 300;

fn one_line(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > MAX_DETAIL {
        format!("{}…", line.chars().take(MAX_DETAIL).collect::<String>())
    } else {
        line
    }
}

/// `.aws_context(|| "listing queues")` on an SDK result: an `AwsError` that says what
/// was being done.
pub trait AwsResultExt<T> {
    fn aws_context<S: Into<String>>(self, action: impl FnOnce() -> S) -> Result<T, AwsError>;
}

impl<T, E, R> AwsResultExt<T> for Result<T, SdkError<E, R>>
where
    E: ProvideErrorMetadata + StdError + 'static,
    R: std::fmt::Debug + 'static,
{
    fn aws_context<S: Into<String>>(self, action: impl FnOnce() -> S) -> Result<T, AwsError> {
        self.map_err(|err| AwsError::from_sdk(action(), &err))
    }
}
