//! The checks against hand-built evidence: each scenario's verdict, and that missing
//! data never turns into a pass.

use std::collections::BTreeMap;

use crate::aws::{AwsError, arn};
use crate::resolve::Resolution;
use crate::state::functions::FunctionInfo;
use crate::state::logs::{LogLine, LogSearch};
use crate::state::mappings::MappingInfo;
use crate::state::queues::QueueAttributes;
use crate::topology::Topology;

use super::checks::run_all;
use super::evidence::{
    Evidence, FunctionEvidence, FunctionsEvidence, QueueEvidence, QueuesEvidence,
};
use super::report::{CheckStatus, VerifyReport};

const NOW_MS: i64 = 1_800_000_000_000;
const ENHANCED: &str = "chromadb-dev-lambdas-enhanced-compaction";
const LEGACY: &str = "chroma-worker-lambda-dev-ed34dbe";

fn function(name: &str, timeout: i32) -> FunctionInfo {
    FunctionInfo {
        name: name.into(),
        arn: format!("arn:aws:lambda:us-east-1:123456789012:function:{name}"),
        state: Some("Active".into()),
        state_reason: None,
        last_update_status: Some("Successful".into()),
        runtime: Some("python3.12".into()),
        last_modified: Some("2026-11-29T01:00:00.000+0000".into()),
        timeout_seconds: Some(timeout),
    }
}

fn mapping(uuid: &str, function: &str, source_arn: &str, state: &str) -> MappingInfo {
    let function_arn = format!("arn:aws:lambda:us-east-1:123456789012:function:{function}");
    MappingInfo {
        uuid: uuid.into(),
        function_name: arn::function_name(&function_arn).into(),
        function_arn,
        event_source_arn: source_arn.into(),
        state: state.into(),
        state_transition_reason: None,
        batch_size: Some(10),
        maximum_batching_window_seconds: None,
        maximum_concurrency: Some(5),
        function_response_types: vec!["ReportBatchItemFailures".into()],
        last_modified: Some("2026-11-29T01:00:00Z".into()),
        last_processing_result: None,
    }
}

fn queue_arn(name: &str) -> String {
    format!("arn:aws:sqs:us-east-1:123456789012:{name}")
}

fn search(lines: &[&str]) -> Result<LogSearch, AwsError> {
    Ok(LogSearch {
        group_exists: true,
        lines: lines
            .iter()
            .enumerate()
            .map(|(i, m)| LogLine {
                timestamp_ms: NOW_MS - 1000 + i as i64,
                event_id: format!("e{i}-{m}"),
                message: (*m).into(),
            })
            .collect(),
        truncated: false,
    })
}

/// The `healthy` scenario: legacy gone, enhanced consuming lines and words, logs busy.
fn healthy() -> (Topology, Evidence) {
    let topology = Topology::builtin();
    let names = [
        ("enhanced-compaction", Some(ENHANCED), 60),
        ("chroma-worker", None, 900),
        (
            "embed-from-ndjson",
            Some("embed-from-ndjson-lambda-dev-1111111"),
            300,
        ),
        (
            "stream-processor",
            Some("chromadb-dev-lambdas-stream-processor-2222222"),
            60,
        ),
    ];
    let mut by_key = BTreeMap::new();
    for (key, name, timeout) in names {
        let watched = key == "enhanced-compaction";
        by_key.insert(
            key.to_string(),
            FunctionEvidence {
                resolution: name.map_or(Resolution::Missing, |n| Resolution::Found {
                    name: n.into(),
                }),
                info: Ok(name.map(|n| function(n, timeout))),
                marker_searches: if watched {
                    vec![
                        search(&["[INFO] Processing COMPACTION_RUN run_id=1"]),
                        search(&["[INFO] Downloaded delta s3://b/k"]),
                        search(&[
                            "[INFO] Merged 128 records into lines",
                            "[INFO] Merged 2 records into words",
                        ]),
                    ]
                } else {
                    vec![]
                },
                error_searches: if watched {
                    vec![search(&[]), search(&[]), search(&[])]
                } else {
                    vec![]
                },
                invocations: None,
            },
        );
    }
    let queue_names = [
        "chromadb-dev-lines-queue-a",
        "chromadb-dev-words-queue-b",
        "upload-images-dev-embed-ndjson-queue-c",
    ];
    let mut queues = BTreeMap::new();
    for (key, name) in ["lines", "words", "embed-ndjson"]
        .into_iter()
        .zip(queue_names)
    {
        queues.insert(
            key.to_string(),
            QueueEvidence {
                resolution: Resolution::Found { name: name.into() },
                attributes: Ok(Some(QueueAttributes {
                    arn: Some(queue_arn(name)),
                    visible: 0,
                    in_flight: 0,
                    delayed: 0,
                    visibility_timeout_seconds: Some(1800),
                    dlq_arn: Some(queue_arn(&format!("{name}-dlq"))),
                    max_receive_count: Some(3),
                })),
                dlq: Ok(Some((
                    format!("{name}-dlq"),
                    QueueAttributes {
                        arn: None,
                        visible: 0,
                        in_flight: 0,
                        delayed: 0,
                        visibility_timeout_seconds: None,
                        dlq_arn: None,
                        max_receive_count: None,
                    },
                ))),
                second_reading: None,
            },
        );
    }
    let stream =
        "arn:aws:dynamodb:us-east-1:123456789012:table/chromadb-dev-compaction-runs-x/stream/2026";
    let mappings = vec![
        mapping("m1", ENHANCED, &queue_arn(queue_names[0]), "Enabled"),
        mapping("m2", ENHANCED, &queue_arn(queue_names[1]), "Enabled"),
        mapping(
            "m3",
            "embed-from-ndjson-lambda-dev-1111111",
            &queue_arn(queue_names[2]),
            "Enabled",
        ),
        mapping(
            "m4",
            "chromadb-dev-lambdas-stream-processor-2222222",
            stream,
            "Enabled",
        ),
    ];
    let evidence = Evidence {
        stack: "dev".into(),
        since_ms: NOW_MS - 15 * 60 * 1000,
        functions: Ok(FunctionsEvidence {
            all_names: names
                .iter()
                .filter_map(|(_, n, _)| n.map(String::from))
                .collect(),
            by_key,
        }),
        mappings: Ok(mappings),
        queues: Ok(QueuesEvidence {
            all_names: queue_names.map(String::from).to_vec(),
            by_key: queues,
        }),
    };
    (topology, evidence)
}

fn report(topology: &Topology, evidence: &Evidence) -> VerifyReport {
    VerifyReport::new("dev", false, run_all(topology, evidence, "15m"))
}

fn status_of(report: &VerifyReport, id: &str) -> CheckStatus {
    report
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id}"))
        .status
}

fn denied() -> AwsError {
    AwsError {
        action: "listing".into(),
        kind: crate::aws::error::AwsErrorKind::AccessDenied,
        code: Some("AccessDeniedException".into()),
        detail: "no".into(),
    }
}

#[test]
fn the_healthy_system_passes_every_check() {
    let (t, ev) = healthy();
    let r = report(&t, &ev);
    let not_passing: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.status != CheckStatus::Pass)
        .map(|c| (&c.id, &c.summary))
        .collect();
    assert!(not_passing.is_empty(), "{not_passing:?}");
    assert_eq!(r.status, CheckStatus::Pass);
    let logs = r
        .checks
        .iter()
        .find(|c| c.id == "logs.enhanced-compaction")
        .unwrap();
    assert!(logs.summary.contains("130 records"), "{}", logs.summary);
}

#[test]
fn a_denied_mapping_listing_is_an_error_never_a_pass() {
    let (t, mut ev) = healthy();
    ev.mappings = Err(denied());
    let r = report(&t, &ev);
    assert_eq!(status_of(&r, "consumers.lines"), CheckStatus::Error);
    assert_eq!(
        status_of(&r, "consumers.compaction-runs"),
        CheckStatus::Error
    );
    assert_eq!(r.status, CheckStatus::Error);
}

#[test]
fn a_denied_function_listing_is_an_error_for_function_and_log_checks() {
    let (t, mut ev) = healthy();
    ev.functions = Err(denied());
    let r = report(&t, &ev);
    assert_eq!(
        status_of(&r, "functions.enhanced-compaction"),
        CheckStatus::Error
    );
    assert_eq!(
        status_of(&r, "logs.enhanced-compaction"),
        CheckStatus::Error
    );
}

#[test]
fn two_enabled_consumers_fail_naming_both() {
    let (t, mut ev) = healthy();
    let lines = queue_arn("chromadb-dev-lines-queue-a");
    ev.mappings
        .as_mut()
        .unwrap()
        .push(mapping("m9", LEGACY, &lines, "Enabled"));
    let r = report(&t, &ev);
    let c = r.checks.iter().find(|c| c.id == "consumers.lines").unwrap();
    assert_eq!(c.status, CheckStatus::Fail);
    assert!(
        c.summary.contains(LEGACY) && c.summary.contains(ENHANCED),
        "{}",
        c.summary
    );
}

#[test]
fn a_mapping_in_transition_warns_and_is_worth_waiting_for() {
    let (t, mut ev) = healthy();
    ev.mappings.as_mut().unwrap()[0].state = "Enabling".into();
    let r = report(&t, &ev);
    assert_eq!(status_of(&r, "consumers.lines"), CheckStatus::Warn);
    assert!(r.worth_waiting());
}

#[test]
fn a_wrong_or_missing_consumer_fails() {
    let (t, mut ev) = healthy();
    ev.mappings.as_mut().unwrap()[0].state = "Disabled".into();
    ev.mappings.as_mut().unwrap()[1].function_arn =
        format!("arn:aws:lambda:us-east-1:123456789012:function:{LEGACY}");
    ev.mappings.as_mut().unwrap()[1].function_name = LEGACY.into();
    let r = report(&t, &ev);
    assert_eq!(status_of(&r, "consumers.lines"), CheckStatus::Fail);
    assert_eq!(status_of(&r, "consumers.words"), CheckStatus::Fail);
}

#[test]
fn a_retired_function_warns_when_idle_and_fails_when_consuming() {
    let (t, mut ev) = healthy();
    let f = ev.functions.as_mut().unwrap();
    let legacy = f.by_key.get_mut("chroma-worker").unwrap();
    legacy.resolution = Resolution::Found {
        name: LEGACY.into(),
    };
    legacy.info = Ok(Some(function(LEGACY, 900)));
    legacy.invocations = Some(search(&[]));
    ev.mappings.as_mut().unwrap().push(mapping(
        "m9",
        LEGACY,
        &queue_arn("chromadb-dev-words-queue-b"),
        "Disabled",
    ));
    let r = report(&t, &ev);
    assert_eq!(status_of(&r, "functions.chroma-worker"), CheckStatus::Warn);
    assert_eq!(r.status, CheckStatus::Warn);

    ev.mappings.as_mut().unwrap().last_mut().unwrap().state = "Enabled".into();
    let r = report(&t, &ev);
    assert_eq!(status_of(&r, "functions.chroma-worker"), CheckStatus::Fail);
}

#[test]
fn a_non_empty_dlq_warns_with_the_count() {
    let (t, mut ev) = healthy();
    let q = ev.queues.as_mut().unwrap().by_key.get_mut("lines").unwrap();
    if let Ok(Some((_, dlq))) = &mut q.dlq {
        dlq.visible = 3;
    }
    let r = report(&t, &ev);
    let c = r.checks.iter().find(|c| c.id == "queues.lines").unwrap();
    assert_eq!(c.status, CheckStatus::Warn);
    assert!(c.summary.contains("3 message"), "{}", c.summary);
}

#[test]
fn parity_warns_on_short_visibility_timeout_and_missing_dlq() {
    let (t, mut ev) = healthy();
    let q = ev.queues.as_mut().unwrap().by_key.get_mut("words").unwrap();
    if let Ok(Some(a)) = &mut q.attributes {
        a.visibility_timeout_seconds = Some(300);
        a.dlq_arn = None;
    }
    let r = report(&t, &ev);
    let c = r.checks.iter().find(|c| c.id == "config.words").unwrap();
    assert_eq!(c.status, CheckStatus::Warn);
    assert!(
        c.summary.contains("300s < 6 × function timeout 60s"),
        "{}",
        c.summary
    );
    assert!(c.summary.contains("no dead-letter queue"), "{}", c.summary);
}

#[test]
fn silent_logs_and_error_lines_warn() {
    let (t, mut ev) = healthy();
    let f = ev
        .functions
        .as_mut()
        .unwrap()
        .by_key
        .get_mut("enhanced-compaction")
        .unwrap();
    f.marker_searches = vec![search(&[]), search(&[]), search(&[])];
    let r = report(&t, &ev);
    let c = r
        .checks
        .iter()
        .find(|c| c.id == "logs.enhanced-compaction")
        .unwrap();
    assert_eq!(c.status, CheckStatus::Warn);
    assert!(c.summary.contains("no processing activity seen in 15m"));

    let f = ev
        .functions
        .as_mut()
        .unwrap()
        .by_key
        .get_mut("enhanced-compaction")
        .unwrap();
    f.error_searches = vec![
        search(&["[ERROR] boom"]),
        search(&[]),
        search(&["Traceback (most recent call last):"]),
    ];
    let r = report(&t, &ev);
    let c = r
        .checks
        .iter()
        .find(|c| c.id == "logs.enhanced-compaction")
        .unwrap();
    assert!(c.summary.starts_with("2 error line(s)"), "{}", c.summary);
    assert!(c.details.iter().any(|d| d.contains("[ERROR] boom")));
}

#[test]
fn a_queue_that_does_not_drain_while_consumed_warns() {
    let (t, mut ev) = healthy();
    let q = ev.queues.as_mut().unwrap().by_key.get_mut("lines").unwrap();
    if let Ok(Some(a)) = &mut q.attributes {
        a.visible = 40;
    }
    q.second_reading = Some(Ok((42, 10.0)));
    let r = report(&t, &ev);
    let c = r.checks.iter().find(|c| c.id == "queues.lines").unwrap();
    assert_eq!(c.status, CheckStatus::Warn);
    assert!(c.summary.contains("not draining"), "{}", c.summary);
}
