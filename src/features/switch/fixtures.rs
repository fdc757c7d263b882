//! Fixtures for the switch tests: the runbook's names in stack `dev`, mappings, and
//! plans built from them the way the command builds them.

use crate::base::topology::Topology;
use crate::features::switch::plan::{self, Mode, SwitchPlan, Target};
use crate::features::switch::report::SourceState;
use crate::judgements::consumers::group_by_source;
use crate::state::mapping_state::MappingState;
use crate::state::mappings::MappingInfo;

const SQS: &str = "arn:aws:sqs:us-east-1:123456789012";
const FN: &str = "arn:aws:lambda:us-east-1:123456789012:function";
pub const ENHANCED: &str = "chromadb-dev-lambdas-enhanced-compaction";
pub const LEGACY: &str = "chroma-worker-lambda-dev-ed34dbe";
pub const LINES: &str = "chromadb-dev-lines-queue-a1";
pub const WORDS: &str = "chromadb-dev-words-queue-b2";

/// A mapping of `function` on `queue`, with settings worth copying.
pub fn mapping(uuid: &str, function: &str, queue: &str, state: MappingState) -> MappingInfo {
    MappingInfo {
        uuid: uuid.into(),
        function_arn: format!("{FN}:{function}"),
        function_name: crate::aws::arn::function_name(&format!("{FN}:{function}")).into(),
        event_source_arn: format!("{SQS}:{queue}"),
        state,
        state_transition_reason: None,
        batch_size: Some(10),
        maximum_batching_window_seconds: Some(2),
        maximum_concurrency: Some(5),
        function_response_types: vec!["ReportBatchItemFailures".into()],
        filter_patterns: vec![r#"{"body": {"type": ["COMPACTION_RUN"]}}"#.into()],
        last_modified: None,
        last_processing_result: None,
        metrics: Vec::new(),
        provisioned_pollers: None,
    }
}

/// The runbook's four mappings, `[enhanced, legacy]` on lines and on words:
/// `e-lines`, `l-lines`, `e-words`, `l-words`.
pub fn runbook(lines: [MappingState; 2], words: [MappingState; 2]) -> Vec<MappingInfo> {
    let [e_lines, l_lines] = lines;
    let [e_words, l_words] = words;
    vec![
        mapping("e-lines", ENHANCED, LINES, e_lines),
        mapping("l-lines", LEGACY, LINES, l_lines),
        mapping("e-words", ENHANCED, WORDS, e_words),
        mapping("l-words", LEGACY, WORDS, l_words),
    ]
}

/// The runbook's state after the deploy: enhanced enabled, legacy kept disabled.
pub fn cut_over() -> Vec<MappingInfo> {
    use MappingState::{Disabled, Enabled};
    runbook([Enabled, Disabled], [Enabled, Disabled])
}

/// After a rollback: legacy enabled, enhanced disabled.
pub fn rolled_back() -> Vec<MappingInfo> {
    use MappingState::{Disabled, Enabled};
    runbook([Disabled, Enabled], [Disabled, Enabled])
}

/// The queues of the stack.
pub fn queue_names() -> Vec<String> {
    [LINES, WORDS, "upload-images-dev-embed-ndjson-queue-c3"]
        .map(String::from)
        .to_vec()
}

/// The functions of the stack; without the legacy one when the IaC has deleted it.
pub fn functions(with_legacy: bool) -> Vec<String> {
    let mut names = vec![
        ENHANCED.to_string(),
        "upload-images-dev-embed-from-ndjson".to_string(),
    ];
    if with_legacy {
        names.push(LEGACY.to_string());
    }
    names
}

/// The plan `mode` makes of `maps` in stack `dev` with functions `fns`.
pub fn plan_for(
    mode: Mode,
    maps: &[MappingInfo],
    fns: &[String],
    create_missing: bool,
) -> SwitchPlan {
    let t = Topology::builtin();
    let wanted = plan::scope(&t, "dev", &mode, &[]).unwrap();
    let targets: Vec<(String, Target)> = wanted
        .iter()
        .map(|w| {
            (
                w.queue.clone(),
                plan::resolve_target(&t, "dev", fns, &w.target).unwrap(),
            )
        })
        .collect();
    let sources = group_by_source(&t, "dev", &queue_names(), maps, false).unwrap();
    plan::build(
        &t,
        "dev",
        mode,
        &sources,
        &targets,
        &Default::default(),
        plan::Options {
            create_missing,
            force: false,
        },
    )
}

/// Every topology source as re-read with `maps`, lines and words in scope.
pub fn sources_after(maps: &[MappingInfo]) -> Vec<SourceState> {
    let t = Topology::builtin();
    group_by_source(&t, "dev", &queue_names(), maps, false)
        .unwrap()
        .iter()
        .filter_map(|s| SourceState::of(s, &["lines", "words"]))
        .collect()
}

/// The rollback plan of `maps`, every function present.
pub fn rollback(maps: &[MappingInfo]) -> SwitchPlan {
    plan_for(Mode::Rollback, maps, &functions(true), false)
}
