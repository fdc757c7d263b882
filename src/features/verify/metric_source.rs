//! The metrics source as one check (`metrics`) when CloudWatch could not be read at all:
//! the failure kept whole (a denial with the caller, an endpoint that does not speak
//! CloudWatch's protocol with the setting that chose it), so the `metrics.KEY` checks
//! that needed the reading say only that they did not run. The words are
//! `render::verify::metric_source_words`.

use std::sync::Arc;

use super::finding::Finding;
use super::metric_evidence::MetricsFailure;
use super::report::{Check, CheckStatus, NotRun};

/// The one check saying why no metric could be read, and what to do.
pub(super) fn source_check(failure: &Arc<MetricsFailure>) -> Check {
    let title = "CloudWatch metrics (GetMetricData)";
    let finding = Finding::MetricsUnreadable(Arc::clone(failure));
    Check::found(
        Finding::METRICS_SOURCE_ID,
        title,
        CheckStatus::Error,
        finding,
    )
}

/// A metric check that did not run because the source failed.
pub(super) fn not_run(id: String, title: String) -> Check {
    Check::not_run(
        id,
        title,
        NotRun::SourceFailed,
        Finding::MetricsSourceFailed,
    )
}
