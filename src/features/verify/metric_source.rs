//! The metrics source as one check (`metrics`) when CloudWatch could not be read at all:
//! the cause classified once (a denial names the permission and the caller, an endpoint
//! that does not speak CloudWatch's protocol names the setting), so the `metrics.KEY`
//! checks that needed the reading say only that they did not run.

use crate::aws::error::AwsErrorKind;

use super::finding::Finding;
use super::metric_evidence::MetricsFailure;
use super::report::{Check, CheckStatus, NotRun};

/// The id of the metrics source's own check.
pub const SOURCE_ID: &str = "metrics";

/// The one check saying why no metric could be read, and what to do.
pub(super) fn source_check(failure: &MetricsFailure) -> Check {
    let title = "CloudWatch metrics (GetMetricData)";
    let error = &failure.error;
    let summary = match error.kind {
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
    };
    Check::new(SOURCE_ID, title, CheckStatus::Error, summary).with_details(vec![error.to_string()])
}

/// A metric check that did not run because the source failed.
pub(super) fn not_run(id: String, title: String) -> Check {
    Check::not_run(
        id,
        title,
        NotRun::SourceFailed,
        Finding::worded(format!(
            "not run: CloudWatch metrics could not be read (see `{SOURCE_ID}`)"
        )),
    )
}
