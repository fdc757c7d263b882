//! The metrics source's check in words: why no metric could be read and what to do.

use crate::aws::error::AwsErrorKind;
use crate::features::verify::finding::Finding;
use crate::features::verify::metric_evidence::MetricsFailure;

pub fn summary(failure: &MetricsFailure) -> String {
    let error = &failure.error;
    match error.kind {
        AwsErrorKind::AccessDenied => format!(
            "cloudwatch:GetMetricData denied for {}: grant it (`ccx policy` prints the policy) or `--skip metrics`",
            failure.caller.as_deref().unwrap_or("the caller")
        ),
        AwsErrorKind::NotAws | AwsErrorKind::Undecodable => {
            let speaks = "does not answer in CloudWatch's protocol (Smithy RPC v2 CBOR)";
            match &failure.endpoint {
                Some(endpoint) => format!(
                    "the CloudWatch endpoint {} set by {} {speaks}: point {} at one that does (an emulator without CBOR support cannot serve metrics) or `--skip metrics`",
                    endpoint.url, endpoint.setting, endpoint.setting
                ),
                None => format!(
                    "AWS's CloudWatch endpoint for the region {speaks} (a proxy in between?): `--skip metrics` to verify without metrics"
                ),
            }
        }
        _ => format!("could not read CloudWatch metrics: {error}; or `--skip metrics`"),
    }
}

pub fn details(failure: &MetricsFailure) -> Vec<String> {
    vec![failure.error.to_string()]
}

/// A metric check that did not run because the source failed.
pub fn not_run() -> String {
    let source = Finding::METRICS_SOURCE_ID;
    format!("not run: CloudWatch metrics could not be read (see `{source}`)")
}
