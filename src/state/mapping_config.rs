//! Two settings of a mapping that decide what evidence and throughput it has:
//! `MetricsConfig` (with `EventCount`, Lambda publishes the mapping's own event counts
//! by `EventSourceMappingUUID`) and `ProvisionedPollerConfig` (provisioned mode: a
//! minimum and maximum of event pollers, billed while they run).

use aws_sdk_lambda::types::{
    EventSourceMappingMetric, EventSourceMappingMetricsConfig, ProvisionedPollerConfig,
};
use serde::Serialize;

/// The `MetricsConfig` value that turns on the per-mapping event counts.
pub const EVENT_COUNT: &str = "EventCount";

/// `ProvisionedPollerConfig`: present only for a mapping in provisioned mode.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProvisionedPollers {
    pub minimum: Option<i32>,
    pub maximum: Option<i32>,
}

impl ProvisionedPollers {
    pub fn of(config: &ProvisionedPollerConfig) -> ProvisionedPollers {
        ProvisionedPollers {
            minimum: config.minimum_pollers(),
            maximum: config.maximum_pollers(),
        }
    }

    pub fn to_sdk(&self) -> ProvisionedPollerConfig {
        ProvisionedPollerConfig::builder()
            .set_minimum_pollers(self.minimum)
            .set_maximum_pollers(self.maximum)
            .build()
    }

    /// The bounds Lambda applies, an unset one at its SQS default: `2–10`.
    pub fn bounds(&self) -> String {
        format!(
            "{}–{}",
            self.minimum.unwrap_or(SQS_DEFAULT_MINIMUM),
            self.maximum.unwrap_or(SQS_DEFAULT_MAXIMUM)
        )
    }
}

/// Lambda's bounds for an SQS mapping in provisioned mode that sets none (Lambda API
/// reference, `ProvisionedPollerConfig`).
pub const SQS_DEFAULT_MINIMUM: i32 = 2;
pub const SQS_DEFAULT_MAXIMUM: i32 = 200;

/// `MetricsConfig.Metrics`, as strings (`["EventCount"]`).
pub fn metrics_of(config: Option<&EventSourceMappingMetricsConfig>) -> Vec<String> {
    config
        .map(|c| c.metrics().iter().map(|m| m.as_str().to_string()).collect())
        .unwrap_or_default()
}

/// The SDK's `MetricsConfig` for `metrics`; None when there are none to ask for.
pub fn metrics_to_sdk(metrics: &[String]) -> Option<EventSourceMappingMetricsConfig> {
    (!metrics.is_empty()).then(|| {
        EventSourceMappingMetricsConfig::builder()
            .set_metrics(Some(
                metrics
                    .iter()
                    .map(|m| EventSourceMappingMetric::from(m.as_str()))
                    .collect(),
            ))
            .build()
    })
}

/// A table cell: `on-demand`, or the provisioned bounds (`2–10`).
pub fn pollers_cell(pollers: Option<&ProvisionedPollers>) -> String {
    pollers.map_or("on-demand".to_string(), ProvisionedPollers::bounds)
}

/// A table cell: `EventCount` (what the mapping publishes), or `off`.
pub fn metrics_cell(metrics: &[String]) -> String {
    if metrics.is_empty() {
        "off".to_string()
    } else {
        metrics.join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_and_pollers_go_to_the_sdk_and_back() {
        let metrics = vec![EVENT_COUNT.to_string()];
        let sdk = metrics_to_sdk(&metrics);
        assert_eq!(metrics_of(sdk.as_ref()), metrics);
        assert_eq!(metrics_to_sdk(&[]), None);
        let pollers = ProvisionedPollers {
            minimum: Some(2),
            maximum: Some(10),
        };
        assert_eq!(ProvisionedPollers::of(&pollers.to_sdk()), pollers);
        assert_eq!(pollers_cell(Some(&pollers)), "2–10");
        let only_minimum = ProvisionedPollers {
            minimum: Some(5),
            maximum: None,
        };
        assert_eq!(pollers_cell(Some(&only_minimum)), "5–200");
        assert_eq!(pollers_cell(None), "on-demand");
        assert_eq!(metrics_cell(&metrics), "EventCount");
        assert_eq!(metrics_cell(&[]), "off");
    }
}
