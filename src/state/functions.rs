//! Lambda functions: the listing (names and logging configuration), the log group each
//! writes to, and one function's configuration.

use aws_sdk_lambda::error::ProvideErrorMetadata;
use serde::Serialize;

use crate::aws::error::AwsErrorKind;
use crate::aws::{Aws, AwsError};
pub use crate::state::function_pages::FunctionPages;
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
