//! Lambda functions: the listing (names and logging configuration), the log group each
//! writes to, and one function's configuration.

use aws_sdk_lambda::error::ProvideErrorMetadata;
use serde::Serialize;

use crate::aws::error::AwsErrorKind;
use crate::aws::in_flight::{PageReceiver, PageSender};
use crate::aws::{Aws, AwsError, AwsResultExt};
pub use crate::state::log_config::LogConfig;

/// A function as ListFunctions shows it: its name and where and how it logs (the list
/// omits states; see [`get_function`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSummary {
    pub name: String,
    pub logging: LogConfig,
    /// The configured timeout (ListFunctions gives it with the rest).
    pub timeout_seconds: Option<i32>,
}

impl FunctionSummary {
    /// The log group this function writes to.
    pub fn log_group(&self) -> String {
        log_group(&self.name, &self.logging)
    }
}

/// The listing page by page, each page's functions as soon as it arrives, so work on a
/// function found early need not wait for the last page of a large account. Runs that
/// share their clients read the pages of a listing already under way, if there is one
/// (`aws::in_flight`).
pub struct FunctionPages<'a> {
    source: PageSource<'a>,
}

/// One page of the listing: its functions, `None` after the last page.
type Page = Result<Option<Vec<FunctionSummary>>, AwsError>;

enum PageSource<'a> {
    Own(OwnPages<'a>),
    Shared {
        pages: PageReceiver<Page>,
        /// The last page (or an error) came: nothing more to wait for.
        ended: bool,
    },
}

/// The listing this caller makes itself.
struct OwnPages<'a> {
    aws: &'a Aws,
    /// `None` before the first page; `Some(None)` after the last.
    marker: Option<Option<String>>,
}

impl<'a> FunctionPages<'a> {
    pub fn start(aws: &'a Aws) -> FunctionPages<'a> {
        let source = match &aws.in_flight {
            None => PageSource::Own(OwnPages::start(aws)),
            Some(in_flight) => {
                let aws = aws.clone();
                let lead = |pages: PageSender<Page>| async move {
                    let mut own = OwnPages::start(&aws);
                    loop {
                        let page = own.next().await;
                        let last = !matches!(page, Ok(Some(_)));
                        pages.push(page);
                        if last {
                            break;
                        }
                    }
                };
                PageSource::Shared {
                    pages: in_flight.pages("ListFunctions", lead),
                    ended: false,
                }
            }
        };
        FunctionPages { source }
    }

    /// The functions of the next page; `Ok(None)` after the last page.
    pub async fn next(&mut self) -> Page {
        match &mut self.source {
            PageSource::Own(own) => own.next().await,
            PageSource::Shared { ended: true, .. } => Ok(None),
            PageSource::Shared { pages, ended } => {
                let page = pages.next().await.unwrap_or_else(|| {
                    Err(AwsError {
                        action: "listing Lambda functions".into(),
                        kind: AwsErrorKind::Other,
                        code: None,
                        detail: "the listing shared with other runs ended before its last page"
                            .into(),
                    })
                });
                *ended = !matches!(page, Ok(Some(_)));
                page
            }
        }
    }
}

impl<'a> OwnPages<'a> {
    fn start(aws: &'a Aws) -> OwnPages<'a> {
        OwnPages { aws, marker: None }
    }

    async fn next(&mut self) -> Page {
        let marker = match &self.marker {
            Some(None) => return Ok(None),
            Some(Some(marker)) => Some(marker.clone()),
            None => None,
        };
        let page = self
            .aws
            .lambda
            .list_functions()
            .set_marker(marker.clone())
            .send()
            .await
            .aws_context(|| "listing Lambda functions")?;
        // A repeated marker would page forever: it ends the listing.
        let next = page
            .next_marker
            .filter(|next| !next.is_empty() && Some(next) != marker.as_ref());
        self.marker = Some(next);
        Ok(Some(
            page.functions
                .unwrap_or_default()
                .into_iter()
                .filter_map(|f| {
                    Some(FunctionSummary {
                        logging: LogConfig::from_sdk(f.logging_config()),
                        timeout_seconds: f.timeout,
                        name: f.function_name?,
                    })
                })
                .collect(),
        ))
    }
}

/// Every function in the account/region (all pages).
pub async fn list_functions(aws: &Aws) -> Result<Vec<FunctionSummary>, AwsError> {
    let mut pages = FunctionPages::start(aws);
    let mut functions = Vec::new();
    while let Some(page) = pages.next().await? {
        functions.extend(page);
    }
    Ok(functions)
}

/// Every function name in the account/region (all pages).
pub async fn list_function_names(aws: &Aws) -> Result<Vec<String>, AwsError> {
    Ok(list_functions(aws)
        .await?
        .into_iter()
        .map(|f| f.name)
        .collect())
}

/// The CloudWatch Logs group a function writes to. The one place that knows it: the
/// group its `LoggingConfig` names, else Lambda's default, `/aws/lambda/NAME`.
pub fn log_group(function_name: &str, logging: &LogConfig) -> String {
    match &logging.group {
        Some(group) => group.clone(),
        None => format!("/aws/lambda/{function_name}"),
    }
}

/// The configuration fields ccx reports (ListFunctions omits state and update status).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionInfo {
    pub name: String,
    pub arn: String,
    pub state: Option<String>,
    pub state_reason: Option<String>,
    pub last_update_status: Option<String>,
    pub last_update_status_reason: Option<String>,
    pub runtime: Option<String>,
    /// Lambda's own timestamp text, e.g. `2026-11-29T01:58:47.000+0000`.
    pub last_modified: Option<String>,
    pub timeout_seconds: Option<i32>,
}

/// The fields ccx reports, from either answer that carries a function's configuration
/// (GetFunction's `Configuration`, GetFunctionConfiguration's whole answer: the SDK
/// gives them distinct types with the same accessors).
macro_rules! function_info {
    ($out:expr, $name:expr) => {{
        let out = &$out;
        FunctionInfo {
            name: out.function_name().unwrap_or($name).to_string(),
            arn: out.function_arn().unwrap_or_default().to_string(),
            state: out.state().map(|s| s.as_str().to_string()),
            state_reason: out.state_reason().map(str::to_string),
            last_update_status: out.last_update_status().map(|s| s.as_str().to_string()),
            last_update_status_reason: out.last_update_status_reason().map(str::to_string),
            runtime: out.runtime().map(|r| r.as_str().to_string()),
            last_modified: out.last_modified().map(str::to_string),
            timeout_seconds: out.timeout(),
        }
    }};
}

/// One function's configuration; `Ok(None)` when it does not exist.
///
/// Read with GetFunction: Lambda serves it at 100 requests a second per account and
/// region, apart from the 15 a second that every other control-plane call (the
/// listings, GetFunctionConfiguration, the mapping calls) shares, so reading many
/// functions at once leaves the listings unthrottled. A caller allowed only
/// `lambda:GetFunctionConfiguration` (GetFunction also hands out the code's address)
/// is read that way instead, one round trip later.
pub async fn get_function(aws: &Aws, name: &str) -> Result<Option<FunctionInfo>, AwsError> {
    let action = || format!("reading Lambda function {name}");
    let result = aws.lambda.get_function().function_name(name).send().await;
    match result {
        Ok(out) => Ok(out
            .configuration()
            .map(|c| function_info!(c, name))
            .or_else(|| Some(FunctionInfo::named(name)))),
        Err(err) if is_not_found(err.code()) => Ok(None),
        Err(err) if AwsError::from_sdk(action(), &err).kind == AwsErrorKind::AccessDenied => {
            get_function_configuration(aws, name).await
        }
        Err(err) => Err(AwsError::from_sdk(action(), &err)),
    }
}

/// [`get_function`] through GetFunctionConfiguration (same fields, the shared quota).
async fn get_function_configuration(
    aws: &Aws,
    name: &str,
) -> Result<Option<FunctionInfo>, AwsError> {
    let result = aws
        .lambda
        .get_function_configuration()
        .function_name(name)
        .send()
        .await;
    match result {
        Ok(out) => Ok(Some(function_info!(out, name))),
        Err(err) if is_not_found(err.code()) => Ok(None),
        Err(err) => Err(AwsError::from_sdk(
            format!("reading Lambda function {name}"),
            &err,
        )),
    }
}

fn is_not_found(code: Option<&str>) -> bool {
    code == Some("ResourceNotFoundException")
}

impl FunctionInfo {
    /// A function that exists but whose configuration came back empty.
    fn named(name: &str) -> FunctionInfo {
        FunctionInfo {
            name: name.to_string(),
            arn: String::new(),
            state: None,
            state_reason: None,
            last_update_status: None,
            last_update_status_reason: None,
            runtime: None,
            last_modified: None,
            timeout_seconds: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_configured_log_group_wins_over_lambda_s_default() {
        let default = LogConfig::default();
        assert_eq!(log_group("billing", &default), "/aws/lambda/billing");
        let custom = LogConfig {
            group: Some("/shared/compaction".into()),
            ..LogConfig::default()
        };
        assert_eq!(log_group("billing", &custom), "/shared/compaction");
    }
}
