//! Snapshots of every table and text view, drawn from fixed hand-built reports with
//! colour off: a layout change shows up as a diff to review (`cargo insta review`).

use jiff::Timestamp;

use crate::base::topology::Role;
use crate::features::verify::report::{Check, CheckStatus, VerifyReport};
use crate::features::views::functions::{FunctionRow, FunctionsReport};
use crate::features::views::mappings::{MappingRow, MappingsReport, SourceRow};
use crate::features::views::queues::{DlqRow, QueueRow, QueuesReport, TrendWindow};
use crate::judgements::consumers::{SourceKind, Verdict};
use crate::judgements::health::Health;
use crate::state::mapping_config::ProvisionedPollers;
use crate::state::mapping_state::MappingState;

use super::at_widths::snapshots;

const ENHANCED: &str = "chromadb-dev-lambdas-enhanced-compaction";
const LEGACY: &str = "chroma-worker-lambda-dev-ed34dbe";
const LINES_QUEUE: &str = "chromadb-dev-lines-queue-e7d1b90";
const LINES_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:chromadb-dev-lines-queue-e7d1b90";
const WORDS_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:chromadb-dev-words-queue-a857498";
/// The names `queue_row` gives.
const QUEUE_NAMES: &[&str] = &[
    ENHANCED,
    "chromadb-dev-lines-queue-e7d1b90",
    "chromadb-dev-words-queue-e7d1b90",
    "chromadb-dev-lines-dlq-e7d1b90",
];

fn now() -> Timestamp {
    "2026-11-29T02:00:00Z".parse().unwrap()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn function_row(
    key: &str,
    role: Role,
    name: Option<&str>,
    health: Health,
    note: &str,
) -> FunctionRow {
    FunctionRow {
        key: key.into(),
        name: name.map(String::from),
        arn: name.map(|n| format!("arn:aws:lambda:us-east-1:123456789012:function:{n}")),
        role,
        exists: name.is_some(),
        state: name.map(|_| "Active".into()),
        last_update_status: name.map(|_| "Successful".into()),
        runtime: name.map(|_| "python3.12".into()),
        last_modified: name.map(|_| "2026-11-29T01:57:00Z".into()),
        timeout_seconds: name.map(|_| 60),
        consumes: Vec::new(),
        fallback_for: Vec::new(),
        health,
        note: note.into(),
    }
}

#[test]
fn functions_table() {
    let mut enhanced = function_row(
        "enhanced-compaction",
        Role::Expected,
        Some(ENHANCED),
        Health::Ok,
        "active",
    );
    enhanced.consumes = strings(&["lines", "words"]);
    let mut legacy = function_row(
        "chroma-worker",
        Role::Retired,
        Some(LEGACY),
        Health::Warn,
        "retired but still deployed, mappings disabled: fast rollback available",
    );
    legacy.last_modified = Some("2026-11-25T02:00:00.000+0000".into());
    let mut stateless = function_row(
        "embed-from-ndjson",
        Role::Expected,
        Some("embed-from-ndjson-lambda-dev-1111111"),
        Health::Warn,
        "Lambda reported no state: health unknown",
    );
    stateless.state = None;
    let missing = function_row(
        "stream-processor",
        Role::Expected,
        None,
        Health::Fail,
        "not found: the expected function is missing",
    );
    let report = FunctionsReport {
        stack: "dev".into(),
        functions: vec![legacy, stateless, enhanced, missing],
    };
    snapshots(
        "functions_table",
        &[ENHANCED, LEGACY, "embed-from-ndjson-lambda-dev-1111111"],
        |width| super::functions::render(&report, now(), width),
    );
}

fn mapping_row(
    uuid: &str,
    function: &str,
    key: Option<&str>,
    source: &str,
    state: MappingState,
) -> MappingRow {
    MappingRow {
        uuid: uuid.into(),
        function_name: function.into(),
        function_arn: format!("arn:aws:lambda:us-east-1:123456789012:function:{function}"),
        function: key.map(String::from),
        event_source_arn: source.into(),
        source: Some(
            if source == LINES_ARN {
                "lines"
            } else {
                "words"
            }
            .into(),
        ),
        state,
        batch_size: Some(10),
        maximum_concurrency: None,
        maximum_batching_window_seconds: None,
        function_response_types: strings(&["ReportBatchItemFailures"]),
        last_modified: Some("2026-11-29T01:59:30Z".into()),
        state_transition_reason: Some("USER_INITIATED".into()),
        last_processing_result: None,
        troubles: Vec::new(),
        metrics: Vec::new(),
        provisioned_pollers: None,
    }
}

fn source_row(key: &str, arn: &str, consumers: &[&str], verdict: Verdict) -> SourceRow {
    SourceRow {
        source: Some(key.into()),
        kind: SourceKind::Queue,
        name: Some(arn.rsplit(':').next().unwrap().into()),
        event_source_arn: Some(arn.into()),
        expected_consumer: Some("enhanced-compaction".into()),
        enabled_consumers: strings(consumers),
        problem: verdict.is_consumer_count_problem(),
        failing_mappings: Vec::new(),
        summary: verdict.describe(),
        verdict,
    }
}

#[test]
fn mappings_text_with_a_duplicate_consumer() {
    let duplicate = Verdict::Duplicate {
        consumers: strings(&[LEGACY, ENHANCED]),
        consumer_arns: [LEGACY, ENHANCED]
            .map(|f| format!("arn:aws:lambda:us-east-1:123456789012:function:{f}"))
            .to_vec(),
    };
    let report = MappingsReport {
        stack: "dev".into(),
        all: false,
        mappings: vec![
            MappingRow {
                metrics: strings(&["EventCount"]),
                provisioned_pollers: Some(ProvisionedPollers {
                    minimum: Some(2),
                    maximum: Some(10),
                }),
                ..mapping_row(
                    "6f1c2a44-0b7e-4d8e-9a51-3c2d1e0f9a01",
                    ENHANCED,
                    Some("enhanced-compaction"),
                    LINES_ARN,
                    MappingState::Enabled,
                )
            },
            mapping_row(
                "6f1c2a44-0b7e-4d8e-9a51-3c2d1e0f9a02",
                LEGACY,
                Some("chroma-worker"),
                LINES_ARN,
                MappingState::Enabled,
            ),
            mapping_row(
                "6f1c2a44-0b7e-4d8e-9a51-3c2d1e0f9a03",
                ENHANCED,
                Some("enhanced-compaction"),
                WORDS_ARN,
                MappingState::Enabling,
            ),
        ],
        sources: vec![
            source_row("lines", LINES_ARN, &[LEGACY, ENHANCED], duplicate.clone()),
            source_row("words", WORDS_ARN, &[ENHANCED], Verdict::Ok),
        ],
        problems: vec![format!(
            "lines (chromadb-dev-lines-queue-e7d1b90): {}",
            duplicate.describe()
        )],
    };
    snapshots(
        "mappings_text_with_a_duplicate_consumer",
        &[
            ENHANCED,
            LEGACY,
            "chromadb-dev-lines-queue-e7d1b90",
            "6f1c2a44-0b7e-4d8e-9a51-3c2d1e0f9a01",
            "6f1c2a44-0b7e-4d8e-9a51-3c2d1e0f9a02",
            "6f1c2a44-0b7e-4d8e-9a51-3c2d1e0f9a03",
        ],
        |width| super::mappings::render(&report, now(), width),
    );
}

fn queue_row(key: &str, visible: u64, dlq_visible: Option<u64>) -> QueueRow {
    let name = format!("chromadb-dev-{key}-queue-e7d1b90");
    let url = |name: &str| format!("https://sqs.us-east-1.amazonaws.com/123456789012/{name}");
    QueueRow {
        key: key.into(),
        url: Some(url(&name)),
        exists: true,
        visible,
        in_flight: 2,
        delayed: 0,
        visibility_timeout_seconds: Some(360),
        oldest_message_age_seconds: (visible > 0).then_some(visible * 3),
        consumers: strings(&[ENHANCED]),
        dlq: dlq_visible.map(|visible| DlqRow {
            name: format!("chromadb-dev-{key}-dlq-e7d1b90"),
            url: url(&format!("chromadb-dev-{key}-dlq-e7d1b90")),
            visible,
            max_receive_count: Some(3),
        }),
        drain_rate_per_second: None,
        drain_eta_seconds: None,
        name: Some(name),
    }
}

fn queues_report() -> QueuesReport {
    let missing = QueueRow {
        name: None,
        url: None,
        exists: false,
        visible: 0,
        in_flight: 0,
        visibility_timeout_seconds: None,
        consumers: Vec::new(),
        dlq: None,
        ..queue_row("embed-ndjson", 0, None)
    };
    let mut unconsumed = queue_row("words", 7, None);
    unconsumed.consumers.clear();
    QueuesReport {
        stack: "dev".into(),
        queues: vec![missing, queue_row("lines", 120, Some(3)), unconsumed],
        problems: strings(&["embed-ndjson: no queue in stack dev contains `embed-ndjson-queue`"]),
        trend: None,
    }
}

#[test]
fn queues_table() {
    let report = queues_report();
    snapshots("queues_table", QUEUE_NAMES, |width| {
        super::queues::render(&report, width)
    });
}

#[test]
fn queues_table_under_watch_with_the_trend() {
    let mut report = queues_report();
    report.queues[1].drain_rate_per_second = Some(2.5);
    report.queues[1].drain_eta_seconds = Some(48);
    report.queues[2].drain_rate_per_second = Some(-0.4);
    report.trend = Some(TrendWindow {
        window_seconds: Some(65),
        min_window_seconds: 60,
        watched_seconds: 310,
    });
    snapshots(
        "queues_table_under_watch_with_the_trend",
        QUEUE_NAMES,
        |width| super::queues::render(&report, width),
    );
}

#[test]
fn queues_table_under_watch_before_the_window_is_long_enough() {
    let mut report = queues_report();
    report.trend = Some(TrendWindow {
        window_seconds: None,
        min_window_seconds: 60,
        watched_seconds: 15,
    });
    snapshots(
        "queues_table_under_watch_before_the_window_is_long_enough",
        QUEUE_NAMES,
        |width| super::queues::render(&report, width),
    );
}

fn verify_report() -> VerifyReport {
    let checks = vec![
        Check::new(
            "functions.enhanced-compaction",
            "function enhanced-compaction (expected)",
            CheckStatus::Pass,
            format!("{ENHANCED}: active"),
        )
        .with_details(strings(&["state: Active", "last update: Successful"])),
        Check::new(
            "functions.chroma-worker",
            "function chroma-worker (retired)",
            CheckStatus::Warn,
            format!(
                "{LEGACY}: retired but still deployed, mappings disabled: fast rollback available"
            ),
        )
        .with_details(strings(&["state: Active"])),
        Check::new(
            "consumers.lines",
            "one consumer on queue lines",
            CheckStatus::Fail,
            format!("{LINES_QUEUE}: 2 enabled consumers: {LEGACY}, {ENHANCED}"),
        )
        .with_details(vec![
            format!("u-1 {ENHANCED} Enabled"),
            format!("u-2 {LEGACY} Enabled"),
        ]),
        Check::new(
            "queues.words",
            "queue words depth",
            CheckStatus::Error,
            "could not read the DLQ: access denied",
        ),
        Check::new(
            "logs.chroma-worker",
            "no invocations of retired chroma-worker",
            CheckStatus::Skip,
            "function absent",
        ),
    ];
    VerifyReport::new("dev", false, checks)
}

#[test]
fn verify_checklist() {
    let report = verify_report();
    snapshots(
        "verify_checklist",
        &[ENHANCED, LEGACY, LINES_QUEUE],
        |width| super::verify::render(&report, false, width),
    );
}

#[test]
fn verify_checklist_verbose_under_strict_and_rolled_back() {
    let mut report = verify_report();
    report.checks.retain(|c| c.status <= CheckStatus::Warn);
    report = VerifyReport {
        rolled_back: true,
        ..VerifyReport::new("dev", true, report.checks)
    };
    snapshots(
        "verify_checklist_verbose_under_strict_and_rolled_back",
        &[ENHANCED, LEGACY],
        |width| super::verify::render(&report, true, width),
    );
}
