//! Each verify finding in words: its one-line summary and its detail lines. One arm
//! per kind of finding (`features::verify::finding`); the words of a kind live in a
//! module of their own once they are more than a line.

use crate::features::verify::finding::Finding;

use super::{config_words, consumer_words, drift_words, metric_source_words, queue_words};
use super::{function_words, invocation_words, log_words, mapping_metric_words, metric_words};

/// The check's one line.
pub fn summary(finding: &Finding) -> String {
    match finding {
        #[cfg(test)]
        Finding::Worded { summary, .. } => summary.clone(),
        Finding::CouldNotCheck { cause } => format!("could not check: {cause}"),
        Finding::Skipped { kind } => format!("not run: skipped (--skip {})", kind.as_str()),
        Finding::Drift(drift) => drift_words::summary(drift),
        Finding::MetricsUnreadable(failure) => metric_source_words::summary(failure),
        Finding::MetricsSourceFailed => metric_source_words::not_run(),
        Finding::QueueNotFound => "queue not found".to_string(),
        Finding::QueueDepth(depth) => queue_words::summary(depth),
        Finding::ConsumerConfig(config) => config_words::summary(config),
        Finding::FunctionNotFound => "function not found".to_string(),
        Finding::FunctionAbsent => "function absent: no invocations possible".to_string(),
        Finding::LogsNotSearched => "logs not searched".to_string(),
        Finding::MetricsNotRead => "metrics not read".to_string(),
        Finding::Function(function) => function_words::summary(function),
        Finding::Logs(logs) => log_words::summary(logs),
        Finding::Invocations(invocations) => invocation_words::summary(invocations),
        Finding::Metrics(metrics) => metric_words::summary(metrics),
        Finding::MappingEvents(events) => mapping_metric_words::summary(events),
        Finding::Consumers(consumers) => consumer_words::summary(consumers),
    }
}

/// The lines under it (shown for a check that did not pass, or with `-v`).
pub fn details(finding: &Finding) -> Vec<String> {
    match finding {
        #[cfg(test)]
        Finding::Worded { details, .. } => details.clone(),
        Finding::CouldNotCheck { .. } | Finding::Skipped { .. } => Vec::new(),
        Finding::Drift(drift) => drift_words::details(drift),
        Finding::MetricsUnreadable(failure) => metric_source_words::details(failure),
        Finding::MetricsSourceFailed | Finding::QueueNotFound => Vec::new(),
        Finding::QueueDepth(depth) => queue_words::details(depth),
        Finding::ConsumerConfig(config) => config_words::details(config),
        Finding::FunctionNotFound
        | Finding::FunctionAbsent
        | Finding::LogsNotSearched
        | Finding::MetricsNotRead => Vec::new(),
        Finding::Function(function) => function_words::details(function),
        Finding::Logs(logs) => log_words::details(logs),
        Finding::Invocations(invocations) => invocation_words::details(invocations),
        Finding::Metrics(metrics) => metric_words::details(metrics),
        Finding::MappingEvents(events) => mapping_metric_words::details(events),
        Finding::Consumers(consumers) => consumer_words::details(consumers),
    }
}
