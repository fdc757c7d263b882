//! One clear line for every way an AWS call can fail, classified by typed error data
//! (error codes, dispatch failure kinds, credential errors), never by message text.

use std::error::Error as StdError;

use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
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
    /// The endpoint answered, but not as AWS answers (an HTML page, a bare 404): the
    /// endpoint or region is probably not an AWS one.
    NotAws,
    /// The endpoint answered in a format the client could not decode: it does not speak
    /// the call's protocol (CloudWatch's is RPC v2 CBOR; older emulators answer XML or
    /// JSON).
    Undecodable,
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
            AwsErrorKind::NotAws => {
                "the answer is not an AWS answer: is this an AWS endpoint? (check --endpoint-url/AWS_ENDPOINT_URL and --region)"
            }
            AwsErrorKind::Undecodable => {
                "the endpoint's answer is not in this call's protocol (an emulator or proxy that does not speak it?)"
            }
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
    pub fn from_sdk<E>(action: impl Into<String>, err: &SdkError<E, HttpResponse>) -> AwsError
    where
        E: ProvideErrorMetadata + StdError + 'static,
    {
        let code = err.code().map(str::to_string);
        let foreign = code
            .is_none()
            .then(|| err.raw_response().and_then(ForeignAnswer::of))
            .flatten();
        // A server error without a code may be AWS's front door failing for a moment
        // (retried by the SDK): named as it is, but not called a foreign endpoint.
        let kind = match &foreign {
            Some(answer) if answer.status < 500 => AwsErrorKind::NotAws,
            _ if code.is_none() && undecodable(err) => AwsErrorKind::Undecodable,
            _ => classify(err, code.as_deref()),
        };
        let detail = match (&code, err.message(), &foreign) {
            (Some(code), Some(message), _) => format!("{code}: {message}"),
            (Some(code), None, _) => code.clone(),
            (None, _, Some(answer)) => answer.to_string(),
            // What came back, then what the decoder said of it.
            (None, _, None) if kind == AwsErrorKind::Undecodable => match err.raw_response() {
                Some(response) => format!(
                    "HTTP {}, content type {}: {}",
                    response.status().as_u16(),
                    response.headers().get("content-type").unwrap_or("(none)"),
                    root_cause(err)
                ),
                None => root_cause(err),
            },
            // No answer at all: the innermost cause says why, without the layers of
            // the HTTP client around it ("dispatch failure: io error: client error…").
            _ if matches!(kind, AwsErrorKind::Unreachable | AwsErrorKind::Timeout) => {
                root_cause(err)
            }
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

/// An answer without an AWS error code whose HTTP status or content type says it did
/// not come from an AWS API: an HTML page (a proxy's, a wrong host's), a bare 404, a body
/// in no protocol AWS speaks. Judged by the status and the `Content-Type` header only.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ForeignAnswer {
    status: u16,
    content_type: Option<String>,
}

/// The content types AWS's APIs answer in (JSON 1.0/1.1, REST-JSON, query/XML, CBOR).
const AWS_CONTENT_TYPES: [&str; 6] = [
    "application/x-amz-json-1.0",
    "application/x-amz-json-1.1",
    "application/json",
    "text/xml",
    "application/xml",
    "application/cbor",
];

impl ForeignAnswer {
    fn of(response: &HttpResponse) -> Option<ForeignAnswer> {
        let status = response.status().as_u16();
        let content_type = response.headers().get("content-type").map(str::to_string);
        Self::judge(status, content_type)
    }

    fn judge(status: u16, content_type: Option<String>) -> Option<ForeignAnswer> {
        let media = content_type
            .as_deref()
            .and_then(|c| c.split(';').next())
            .map(|c| c.trim().to_ascii_lowercase());
        let aws_like = media
            .as_deref()
            .is_some_and(|m| AWS_CONTENT_TYPES.contains(&m));
        // AWS never answers an API call with a bare 404 (it names the missing resource
        // with an error code), nor in HTML or another format.
        (status == 404 || !aws_like).then_some(ForeignAnswer {
            status,
            content_type,
        })
    }
}

impl std::fmt::Display for ForeignAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.content_type {
            Some(kind) => write!(
                f,
                "HTTP {}, content type {kind}, without an AWS error code",
                self.status
            ),
            None => write!(
                f,
                "HTTP {}, no content type, without an AWS error code",
                self.status
            ),
        }
    }
}

fn classify<E>(err: &SdkError<E, HttpResponse>, code: Option<&str>) -> AwsErrorKind
where
    E: ProvideErrorMetadata + StdError + 'static,
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

/// The SDK could not decode the answer's body: a decoder's own error type is in the
/// chain (CBOR for CloudWatch, JSON for Lambda, SQS and CloudWatch Logs, XML for STS).
fn undecodable(err: &(dyn StdError + 'static)) -> bool {
    chain_has::<aws_smithy_cbor::decode::DeserializeError>(err)
        || chain_has::<aws_smithy_json::deserialize::error::DeserializeError>(err)
        || chain_has::<aws_smithy_xml::decode::XmlDecodeError>(err)
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

/// The innermost error of the chain, in words: an I/O error by its kind (typed), any
/// other by its own text.
fn root_cause(err: &(dyn StdError + 'static)) -> String {
    let mut innermost = err;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    let io_kind = innermost
        .downcast_ref::<std::io::Error>()
        .map(std::io::Error::kind);
    match io_kind {
        Some(std::io::ErrorKind::ConnectionRefused) => "the connection was refused".to_string(),
        Some(std::io::ErrorKind::ConnectionReset) => {
            "the connection was reset before an answer".to_string()
        }
        Some(std::io::ErrorKind::ConnectionAborted) => "the connection was aborted".to_string(),
        Some(std::io::ErrorKind::TimedOut) => "no answer in time".to_string(),
        Some(std::io::ErrorKind::UnexpectedEof) => {
            "the connection closed before an answer".to_string()
        }
        _ => innermost.to_string(),
    }
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

impl<T, E> AwsResultExt<T> for Result<T, SdkError<E, HttpResponse>>
where
    E: ProvideErrorMetadata + StdError + 'static,
{
    fn aws_context<S: Into<String>>(self, action: impl FnOnce() -> S) -> Result<T, AwsError> {
        self.map_err(|err| AwsError::from_sdk(action(), &err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(status: u16, content_type: Option<&str>) -> Option<ForeignAnswer> {
        ForeignAnswer::judge(status, content_type.map(str::to_string))
    }

    #[test]
    fn an_answer_in_no_protocol_of_aws_or_a_bare_404_is_foreign() {
        assert!(judge(404, Some("application/x-amz-json-1.0")).is_some());
        assert!(judge(404, None).is_some());
        assert!(judge(200, Some("text/html; charset=utf-8")).is_some());
        assert!(judge(501, Some("text/html")).is_some());
        assert!(judge(400, None).is_some());
        for aws in [
            "application/x-amz-json-1.1",
            "application/json",
            "text/xml",
            "application/cbor",
            "Application/JSON; charset=UTF-8",
        ] {
            assert_eq!(judge(400, Some(aws)), None, "{aws}");
        }
    }

    #[test]
    fn a_foreign_answer_reads_as_its_status_and_content_type() {
        assert_eq!(
            judge(404, Some("text/html")).unwrap().to_string(),
            "HTTP 404, content type text/html, without an AWS error code"
        );
        assert_eq!(
            judge(404, None).unwrap().to_string(),
            "HTTP 404, no content type, without an AWS error code"
        );
    }
}
