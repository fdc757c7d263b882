//! Hand-built AWS state for unit tests: the runbook's stack `dev` as ccx reads it.

use crate::aws::arn;
use crate::base::topology::Topology;
use crate::judgements::consumers::{Source, group_by_source};
use crate::state::functions::FunctionInfo;
use crate::state::mapping_state::MappingState;
use crate::state::mappings::MappingInfo;
use crate::state::queues::{
    DeadLetterQueue, FoundQueue, QueueAttributes, QueueListing, TopologyQueues,
};

pub const ENHANCED: &str = "chromadb-dev-lambdas-enhanced-compaction";
pub const LEGACY: &str = "chroma-worker-lambda-dev-ed34dbe";
pub const EMBED: &str = "embed-from-ndjson-lambda-dev-1111111";
pub const STREAM_PROCESSOR: &str = "chromadb-dev-lambdas-stream-processor-2222222";
pub const LINES: &str = "chromadb-dev-lines-queue-a";
pub const WORDS: &str = "chromadb-dev-words-queue-b";
pub const EMBED_NDJSON: &str = "upload-images-dev-embed-ndjson-queue-c";
pub const STREAM_ARN: &str =
    "arn:aws:dynamodb:us-east-1:123456789012:table/chromadb-dev-compaction-runs-x/stream/2026";

pub fn queue_arn(name: &str) -> String {
    format!("arn:aws:sqs:us-east-1:123456789012:{name}")
}

pub fn queue_url(name: &str) -> String {
    format!("https://sqs.us-east-1.amazonaws.com/123456789012/{name}")
}

/// The three topology queues' names, as listed.
pub fn queue_names() -> Vec<String> {
    [LINES, WORDS, EMBED_NDJSON].map(String::from).to_vec()
}

/// An `Active` function, last update `Successful`.
pub fn function(name: &str, timeout: i32) -> FunctionInfo {
    FunctionInfo {
        name: name.into(),
        arn: format!("arn:aws:lambda:us-east-1:123456789012:function:{name}"),
        state: Some("Active".into()),
        state_reason: None,
        last_update_status: Some("Successful".into()),
        last_update_status_reason: None,
        runtime: Some("python3.12".into()),
        last_modified: Some("2026-11-29T01:00:00.000+0000".into()),
        timeout_seconds: Some(timeout),
    }
}

pub fn mapping(uuid: &str, function: &str, source_arn: &str, state: MappingState) -> MappingInfo {
    let function_arn = format!("arn:aws:lambda:us-east-1:123456789012:function:{function}");
    MappingInfo {
        uuid: uuid.into(),
        function_name: arn::function_name(&function_arn).into(),
        function_arn,
        event_source_arn: source_arn.into(),
        state,
        state_transition_reason: None,
        batch_size: Some(10),
        maximum_batching_window_seconds: None,
        maximum_concurrency: Some(5),
        function_response_types: vec!["ReportBatchItemFailures".into()],
        filter_patterns: Vec::new(),
        last_modified: Some("2026-11-29T01:00:00Z".into()),
        last_processing_result: None,
        metrics: Vec::new(),
        provisioned_pollers: None,
    }
}

/// The cutover done: enhanced-compaction alone on lines and words, the others on theirs.
pub fn healthy_mappings() -> Vec<MappingInfo> {
    vec![
        mapping("m1", ENHANCED, &queue_arn(LINES), MappingState::Enabled),
        mapping("m2", ENHANCED, &queue_arn(WORDS), MappingState::Enabled),
        mapping("m3", EMBED, &queue_arn(EMBED_NDJSON), MappingState::Enabled),
        mapping("m4", STREAM_PROCESSOR, STREAM_ARN, MappingState::Enabled),
    ]
}

/// The builtin topology's sources in stack `dev`: the healthy mappings plus `extra`.
pub fn sources(extra: Vec<MappingInfo>, include_other: bool) -> Vec<Source> {
    let mut mappings = healthy_mappings();
    mappings.extend(extra);
    group_by_source(
        &Topology::builtin(),
        "dev",
        &queue_names(),
        &mappings,
        include_other,
    )
    .expect("the fixture's queue names are unambiguous")
}

/// The three topology queues found (in topology order), each with `visible` messages and a DLQ holding
/// `dlq_visible`.
pub fn topology_queues(visible: u64, dlq_visible: u64) -> TopologyQueues {
    let queues = [
        ("lines", LINES),
        ("words", WORDS),
        ("embed-ndjson", EMBED_NDJSON),
    ]
    .into_iter()
    .map(|(key, name)| {
        let dlq = format!("{name}-dlq");
        let found = FoundQueue {
            name: name.into(),
            url: queue_url(name),
            attributes: QueueAttributes {
                arn: Some(queue_arn(name)),
                visible,
                in_flight: 1,
                delayed: 0,
                visibility_timeout_seconds: Some(1800),
                dlq_arn: Some(queue_arn(&dlq)),
                max_receive_count: Some(3),
            },
            dlq: Some(DeadLetterQueue {
                url: queue_url(&dlq),
                name: dlq,
                attributes: QueueAttributes {
                    visible: dlq_visible,
                    ..QueueAttributes::default()
                },
            }),
        };
        (key.to_string(), Some(found))
    })
    .collect();
    TopologyQueues {
        listing: QueueListing::from_urls(queue_names().iter().map(|n| queue_url(n)).collect()),
        queues,
    }
}
