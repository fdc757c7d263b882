//! Lambda functions: the listing (names only) and one function's configuration.

use aws_sdk_lambda::error::ProvideErrorMetadata;
use serde::Serialize;

use crate::aws::{Aws, AwsError, AwsResultExt};

/// Every function name in the account/region (all pages).
pub async fn list_function_names(aws: &Aws) -> Result<Vec<String>, AwsError> {
    let functions = aws
        .lambda
        .list_functions()
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .aws_context(|| "listing Lambda functions")?;
    Ok(functions
        .into_iter()
        .filter_map(|f| f.function_name)
        .collect())
}

/// The CloudWatch Logs group a function writes to. The one place that knows it: Lambda's
/// default, `/aws/lambda/NAME` (a function's `LoggingConfig` may name another group).
pub fn log_group(function_name: &str) -> String {
    format!("/aws/lambda/{function_name}")
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
