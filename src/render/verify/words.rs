//! Each verify finding in words: its one-line summary and its detail lines. One arm
//! per kind of finding (`features::verify::finding`); the words of a kind live in a
//! module of their own once they are more than a line.

use crate::features::verify::finding::Finding;

use super::{config_words, consumer_words, drift_words, metric_source_words, queue_words};

/// The check's one line.
pub fn summary(finding: &Finding) -> String {
    match finding {
        Finding::Worded { summary, .. } => summary.clone(),
        Finding::CouldNotCheck { cause } => format!("could not check: {cause}"),
        Finding::Skipped { kind } => format!("not run: skipped (--skip {})", kind.as_str()),
        Finding::Drift(drift) => drift_words::summary(drift),
        Finding::MetricsUnreadable(failure) => metric_source_words::summary(failure),
        Finding::MetricsSourceFailed => metric_source_words::not_run(),
        Finding::QueueNotFound => "queue not found".to_string(),
        Finding::QueueDepth(depth) => queue_words::summary(depth),
        Finding::ConsumerConfig(config) => config_words::summary(config),
        Finding::Consumers(consumers) => consumer_words::summary(consumers),
    }
}

/// The lines under it (shown for a check that did not pass, or with `-v`).
pub fn details(finding: &Finding) -> Vec<String> {
    match finding {
        Finding::Worded { details, .. } => details.clone(),
        Finding::CouldNotCheck { .. } | Finding::Skipped { .. } => Vec::new(),
        Finding::Drift(drift) => drift_words::details(drift),
        Finding::MetricsUnreadable(failure) => metric_source_words::details(failure),
        Finding::MetricsSourceFailed | Finding::QueueNotFound => Vec::new(),
        Finding::QueueDepth(depth) => queue_words::details(depth),
        Finding::ConsumerConfig(config) => config_words::details(config),
        Finding::Consumers(consumers) => consumer_words::details(consumers),
    }
}
