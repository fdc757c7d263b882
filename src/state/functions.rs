//! Lambda functions: the listing (names and logging configuration), the log group each
//! writes to, and one function's configuration.

use aws_sdk_lambda::error::ProvideErrorMetadata;
use serde::Serialize;

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
/// function found early need not wait for the last page of a large account.
pub struct FunctionPages<'a> {
    aws: &'a Aws,
    /// `None` before the first page; `Some(None)` after the last.
    marker: Option<Option<String>>,
}

impl<'a> FunctionPages<'a> {
    pub fn start(aws: &'a Aws) -> FunctionPages<'a> {
        FunctionPages { aws, marker: None }
    }

    /// The functions of the next page; `Ok(None)` after the last page.
    pub async fn next(&mut self) -> Result<Option<Vec<FunctionSummary>>, AwsError> {
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

/// One function's configuration; `Ok(None)` when it does not exist.
pub async fn get_function(aws: &Aws, name: &str) -> Result<Option<FunctionInfo>, AwsError> {
    let result = aws
        .lambda
        .get_function_configuration()
        .function_name(name)
        .send()
        .await;
    let out = match result {
        Ok(out) => out,
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_resource_not_found_exception()) =>
        {
            return Ok(None);
        }
        Err(err) if err.code() == Some("ResourceNotFoundException") => return Ok(None),
        Err(err) => {
            return Err(AwsError::from_sdk(
                format!("reading Lambda function {name}"),
                &err,
            ));
        }
    };
    Ok(Some(FunctionInfo {
        name: out.function_name().unwrap_or(name).to_string(),
        arn: out.function_arn().unwrap_or_default().to_string(),
        state: out.state().map(|s| s.as_str().to_string()),
        state_reason: out.state_reason().map(str::to_string),
        last_update_status: out.last_update_status().map(|s| s.as_str().to_string()),
        last_update_status_reason: out.last_update_status_reason().map(str::to_string),
        runtime: out.runtime().map(|r| r.as_str().to_string()),
        last_modified: out.last_modified().map(str::to_string),
        timeout_seconds: out.timeout(),
    }))
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
