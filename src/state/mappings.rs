//! Event source mappings, as plain data.

use aws_sdk_lambda::types::EventSourceMappingConfiguration;
use serde::Serialize;

use super::mapping_config::{self, EVENT_COUNT, ProvisionedPollers};
use super::mapping_state::MappingState;
use crate::aws::{Aws, AwsError, AwsResultExt, arn};

/// The page size Lambda allows for ListEventSourceMappings; one page covers most accounts.
const PAGE_SIZE: i32 = 10_000;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappingInfo {
    pub uuid: String,
    pub function_arn: String,
    /// Function name with any version/alias qualifier removed.
    pub function_name: String,
    pub event_source_arn: String,
    pub state: MappingState,
    pub state_transition_reason: Option<String>,
    pub batch_size: Option<i32>,
    pub maximum_batching_window_seconds: Option<i32>,
    pub maximum_concurrency: Option<i32>,
    pub function_response_types: Vec<String>,
    /// The event filter patterns (`FilterCriteria`); on SQS, Lambda deletes the
    /// messages no pattern matches.
    pub filter_patterns: Vec<String>,
    /// RFC 3339.
    pub last_modified: Option<String>,
    pub last_processing_result: Option<String>,
    /// `MetricsConfig.Metrics` (`["EventCount"]`: Lambda publishes this mapping's own
    /// event counts by `EventSourceMappingUUID`); empty when off.
    pub metrics: Vec<String>,
    /// `ProvisionedPollerConfig`; None in the default (on-demand) mode.
    pub provisioned_pollers: Option<ProvisionedPollers>,
}

impl MappingInfo {
    /// Lambda publishes this mapping's event counts (`MetricsConfig` has `EventCount`).
    pub fn event_count_metrics(&self) -> bool {
        self.metrics.iter().any(|m| m == EVENT_COUNT)
    }

    /// See [`MappingState::may_consume`].
    pub fn may_consume(&self) -> bool {
        self.state.may_consume()
    }

    /// See [`MappingState::is_transitional`].
    pub fn is_transitional(&self) -> bool {
        self.state.is_transitional()
    }
}

impl From<&EventSourceMappingConfiguration> for MappingInfo {
    fn from(m: &EventSourceMappingConfiguration) -> Self {
        let function_arn = m.function_arn().unwrap_or_default().to_string();
        MappingInfo {
            uuid: m.uuid().unwrap_or_default().to_string(),
            function_name: arn::function_name(&function_arn).to_string(),
            function_arn,
            event_source_arn: m.event_source_arn().unwrap_or_default().to_string(),
            state: MappingState::from(m.state().unwrap_or("Unknown")),
            state_transition_reason: m.state_transition_reason().map(str::to_string),
            batch_size: m.batch_size(),
            maximum_batching_window_seconds: m.maximum_batching_window_in_seconds(),
            maximum_concurrency: m.scaling_config().and_then(|s| s.maximum_concurrency()),
            function_response_types: m
                .function_response_types()
                .iter()
                .map(|t| t.as_str().to_string())
                .collect(),
            filter_patterns: m
                .filter_criteria()
                .map(|c| {
                    c.filters()
                        .iter()
                        .filter_map(|f| f.pattern().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            last_modified: m
                .last_modified()
                .and_then(|t| t.fmt(aws_smithy_types::date_time::Format::DateTime).ok()),
            last_processing_result: m.last_processing_result().map(str::to_string),
            metrics: mapping_config::metrics_of(m.metrics_config()),
            provisioned_pollers: m.provisioned_poller_config().map(ProvisionedPollers::of),
        }
    }
}

/// Every event source mapping in the account/region (all pages); runs that share their
/// clients share a listing under way (`aws::in_flight`).
pub async fn list_mappings(aws: &Aws) -> Result<Vec<MappingInfo>, AwsError> {
    aws.read_shared("ListEventSourceMappings", |aws| async move {
        read_mappings(&aws).await
    })
    .await
}

async fn read_mappings(aws: &Aws) -> Result<Vec<MappingInfo>, AwsError> {
    let items = aws
        .lambda
        .list_event_source_mappings()
        .max_items(PAGE_SIZE)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .aws_context(|| "listing Lambda event source mappings")?;
    let mut mappings: Vec<MappingInfo> = items.iter().map(MappingInfo::from).collect();
    mappings.sort_by(|a, b| {
        (&a.event_source_arn, &a.function_name, &a.uuid).cmp(&(
            &b.event_source_arn,
            &b.function_name,
            &b.uuid,
        ))
    });
    Ok(mappings)
}

/// Get, Update and Create answer with distinct output types that carry the same fields
/// as a listed mapping; this moves them into one `MappingInfo`.
macro_rules! mapping_from_output {
    ($out:expr) => {{
        let out = $out;
        MappingInfo::from(
            &EventSourceMappingConfiguration::builder()
                .set_uuid(out.uuid)
                .set_function_arn(out.function_arn)
                .set_event_source_arn(out.event_source_arn)
                .set_state(out.state)
                .set_state_transition_reason(out.state_transition_reason)
                .set_batch_size(out.batch_size)
                .set_maximum_batching_window_in_seconds(out.maximum_batching_window_in_seconds)
                .set_scaling_config(out.scaling_config)
                .set_function_response_types(out.function_response_types)
                .set_filter_criteria(out.filter_criteria)
                .set_last_modified(out.last_modified)
                .set_last_processing_result(out.last_processing_result)
                .set_metrics_config(out.metrics_config)
                .set_provisioned_poller_config(out.provisioned_poller_config)
                .build(),
        )
    }};
}

/// One mapping, re-read by UUID.
pub async fn get_mapping(aws: &Aws, uuid: &str) -> Result<MappingInfo, AwsError> {
    let out = aws
        .lambda
        .get_event_source_mapping()
        .uuid(uuid)
        .send()
        .await
        .aws_context(|| format!("reading event source mapping {uuid}"))?;
    Ok(mapping_from_output!(out))
}

/// Every event source mapping on one source (all pages), e.g. one queue's consumers.
pub async fn list_mappings_for_source(
    aws: &Aws,
    event_source_arn: &str,
) -> Result<Vec<MappingInfo>, AwsError> {
    let items = aws
        .lambda
        .list_event_source_mappings()
        .event_source_arn(event_source_arn)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .aws_context(|| {
            format!(
                "listing the event source mappings of {}",
                short_source(event_source_arn)
            )
        })?;
    let mut mappings: Vec<MappingInfo> = items.iter().map(MappingInfo::from).collect();
    mappings.sort_by(|a, b| (&a.function_name, &a.uuid).cmp(&(&b.function_name, &b.uuid)));
    Ok(mappings)
}

/// Turns one mapping on or off; returns the mapping as Lambda reports it right after
/// the call (on AWS typically `Enabling`/`Disabling`, settling later).
pub async fn update_mapping_enabled(
    aws: &Aws,
    uuid: &str,
    enabled: bool,
) -> Result<MappingInfo, AwsError> {
    let verb = if enabled { "enabling" } else { "disabling" };
    let out = aws
        .lambda
        .update_event_source_mapping()
        .uuid(uuid)
        .enabled(enabled)
        .send()
        .await
        .aws_context(|| format!("{verb} event source mapping {uuid}"))?;
    Ok(mapping_from_output!(out))
}

/// The settings a new mapping copies from the one it replaces: everything that
/// decides which messages it consumes and how (batching, scaling, partial failures,
/// event filters, provisioned pollers) and what it reports (its metrics).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MappingSettings {
    pub batch_size: Option<i32>,
    pub maximum_batching_window_seconds: Option<i32>,
    /// `ScalingConfig.MaximumConcurrency`.
    pub maximum_concurrency: Option<i32>,
    pub function_response_types: Vec<String>,
    /// `FilterCriteria` patterns: without them the new consumer would receive (and
    /// delete) messages the old one never saw.
    pub filter_patterns: Vec<String>,
    /// `MetricsConfig.Metrics`: without them the new mapping's own event counts are off.
    pub metrics: Vec<String>,
    /// `ProvisionedPollerConfig`: without it the new mapping polls on demand.
    pub provisioned_pollers: Option<ProvisionedPollers>,
}

impl MappingSettings {
    pub fn of(mapping: &MappingInfo) -> MappingSettings {
        MappingSettings {
            batch_size: mapping.batch_size,
            maximum_batching_window_seconds: mapping.maximum_batching_window_seconds,
            maximum_concurrency: mapping.maximum_concurrency,
            function_response_types: mapping.function_response_types.clone(),
            filter_patterns: mapping.filter_patterns.clone(),
            metrics: mapping.metrics.clone(),
            provisioned_pollers: mapping.provisioned_pollers.clone(),
        }
    }
}

/// Creates a mapping from `event_source_arn` to `function_name` with `settings`.
pub async fn create_mapping(
    aws: &Aws,
    function_name: &str,
    event_source_arn: &str,
    settings: &MappingSettings,
    enabled: bool,
) -> Result<MappingInfo, AwsError> {
    use aws_sdk_lambda::types::{Filter, FilterCriteria, FunctionResponseType, ScalingConfig};
    let response_types = (!settings.function_response_types.is_empty()).then(|| {
        settings
            .function_response_types
            .iter()
            .map(|t| FunctionResponseType::from(t.as_str()))
            .collect()
    });
    let scaling = settings
        .maximum_concurrency
        .map(|n| ScalingConfig::builder().maximum_concurrency(n).build());
    let filters = (!settings.filter_patterns.is_empty()).then(|| {
        let mut criteria = FilterCriteria::builder();
        for pattern in &settings.filter_patterns {
            criteria = criteria.filters(Filter::builder().pattern(pattern).build());
        }
        criteria.build()
    });
    let out = aws
        .lambda
        .create_event_source_mapping()
        .function_name(function_name)
        .event_source_arn(event_source_arn)
        .enabled(enabled)
        .set_batch_size(settings.batch_size)
        .set_maximum_batching_window_in_seconds(settings.maximum_batching_window_seconds)
        .set_scaling_config(scaling)
        .set_function_response_types(response_types)
        .set_filter_criteria(filters)
        .set_metrics_config(mapping_config::metrics_to_sdk(&settings.metrics))
        .set_provisioned_poller_config(
            settings
                .provisioned_pollers
                .as_ref()
                .map(ProvisionedPollers::to_sdk),
        )
        .send()
        .await
        .aws_context(|| {
            format!(
                "creating an event source mapping from {} to {function_name}",
                short_source(event_source_arn)
            )
        })?;
    Ok(mapping_from_output!(out))
}

/// The source's name, for messages (`chromadb-dev-lines-queue-x`, a table name).
fn short_source(event_source_arn: &str) -> String {
    arn::event_source(event_source_arn).name().to_string()
}
