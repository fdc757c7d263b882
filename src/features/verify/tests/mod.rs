//! The checks against hand-built evidence: each scenario's verdict, and that missing
//! data never turns into a pass.

mod drift;
mod mapping_metrics;
mod metrics;

use std::collections::BTreeMap;

use crate::aws::AwsError;
use crate::base::topology::Topology;
use crate::fixtures::{
    EMBED, ENHANCED, LEGACY, LINES, STREAM_PROCESSOR, WORDS, function, healthy_mappings, mapping,
    queue_arn, topology_queues,
};
use crate::state::functions::LogConfig;
use crate::state::logs::{LogLine, LogSearch};
use crate::state::mapping_state::MappingState;

use super::checks::run_all;
use super::evidence::{
    Evidence, FunctionEvidence, FunctionsEvidence, QueueEvidence, QueuesEvidence,
};
use super::report::{Check, CheckStatus, VerifyReport};

pub(super) const NOW_MS: i64 = 1_800_000_000_000;

fn search(lines: &[&str]) -> Result<LogSearch, AwsError> {
    search_in("2026/12/01/[$LATEST]0a1b", lines)
}

/// A search whose lines are all in `stream`.
fn search_in(stream: &str, lines: &[&str]) -> Result<LogSearch, AwsError> {
    Ok(LogSearch {
        group_exists: true,
        lines: lines
            .iter()
            .enumerate()
            .map(|(i, m)| LogLine {
                timestamp_ms: NOW_MS - 1000 + i as i64,
                event_id: format!("e{i}-{m}"),
                stream: stream.into(),
                message: (*m).into(),
            })
            .collect(),
        truncated: false,
    })
}

/// The `healthy` scenario: legacy gone, enhanced consuming lines and words, logs busy.
pub(super) fn healthy() -> (Topology, Evidence) {
    let topology = Topology::builtin();
    let names = [
        ("enhanced-compaction", Some(ENHANCED), 60),
        ("chroma-worker", None, 900),
        ("embed-from-ndjson", Some(EMBED), 300),
        ("stream-processor", Some(STREAM_PROCESSOR), 60),
    ];
    let mut by_key = BTreeMap::new();
    for (key, name, timeout) in names {
        by_key.insert(
            key.to_string(),
            FunctionEvidence {
                name: Ok(name.map(String::from)),
                info: Ok(name.map(|n| function(n, timeout))),
                logging: LogConfig::default(),
            },
        );
    }
    let logs = BTreeMap::from([(
        format!("/aws/lambda/{ENHANCED}"),
        search(&[
            "START RequestId: 1 Version: $LATEST",
            "[INFO] Processing COMPACTION_RUN run_id=1",
            "[INFO] Downloaded delta s3://b/k",
            "[INFO] Merged 128 records into lines",
            "[INFO] Merged 2 records into words",
            "REPORT RequestId: 1\tDuration: 812.33 ms",
        ]),
    )]);
    let read = topology_queues(0, 0);
    let queues = read
        .queues
        .into_iter()
        .map(|(key, found)| {
            let found = found.expect("every topology queue is found");
            let evidence = QueueEvidence {
                name: Ok(Some(found.name)),
                attributes: Ok(Some(found.attributes)),
                dlq: Ok(found.dlq),
                second_reading: None,
            };
            (key, evidence)
        })
        .collect();
    let evidence = Evidence {
        stack: "dev".into(),
        since_ms: NOW_MS - 15 * 60 * 1000,
        functions: Ok(FunctionsEvidence {
            all_names: names
                .iter()
                .filter_map(|(_, n, _)| n.map(String::from))
                .collect(),
            by_key,
            logs,
        }),
        mappings: Ok(healthy_mappings()),
        queues: Ok(QueuesEvidence {
            all_names: read.listing.names,
            by_key: queues,
        }),
        metrics: Some(Ok(metrics::healthy_metrics())),
        iac: None,
    };
    (topology, evidence)
}

pub(super) fn report(topology: &Topology, evidence: &Evidence) -> VerifyReport {
    VerifyReport::new("dev", false, run_all(topology, evidence, "15m"))
}

pub(super) fn check<'a>(report: &'a VerifyReport, id: &str) -> &'a Check {
    report
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id}"))
}

/// Asserts that check `id` warns with `text` in its summary.
fn assert_warns(report: &VerifyReport, id: &str, text: &str) {
    let c = check(report, id);
    assert_eq!(c.status, CheckStatus::Warn, "{c:?}");
    assert!(c.summary().contains(text), "{}", c.summary());
}

fn function_mut<'a>(ev: &'a mut Evidence, key: &str) -> &'a mut FunctionEvidence {
    ev.functions.as_mut().unwrap().by_key.get_mut(key).unwrap()
}

/// Makes `lines` what the search of `key`'s log group found.
/// `lines` in a stream Lambda names for `key`'s function, in its log group.
fn set_logs(ev: &mut Evidence, key: &str, lines: &[&str]) {
    let f = function_mut(ev, key);
    let group = f.log_group().expect("a resolved function");
    let stream = format!("2026/12/01/{}[$LATEST]0a1b", f.real_name().unwrap());
    ev.functions
        .as_mut()
        .unwrap()
        .logs
        .insert(group, search_in(&stream, lines));
}

pub(super) fn queue_mut<'a>(ev: &'a mut Evidence, key: &str) -> &'a mut QueueEvidence {
    ev.queues.as_mut().unwrap().by_key.get_mut(key).unwrap()
}

fn status_of(report: &VerifyReport, id: &str) -> CheckStatus {
    check(report, id).status
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
        .map(|c| (&c.id, c.summary()))
        .collect();
    assert!(not_passing.is_empty(), "{not_passing:?}");
    assert_eq!(r.status, CheckStatus::Pass);
    let logs = check(&r, "logs.enhanced-compaction");
    assert!(logs.summary().contains("130 records"), "{}", logs.summary());
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
    let lines = queue_arn(LINES);
    ev.mappings
        .as_mut()
        .unwrap()
        .push(mapping("m9", LEGACY, &lines, MappingState::Enabled));
    let r = report(&t, &ev);
    let c = check(&r, "consumers.lines");
    assert_eq!(c.status, CheckStatus::Fail);
    assert!(
        c.summary().contains(LEGACY) && c.summary().contains(ENHANCED),
        "{}",
        c.summary()
    );
}

#[test]
fn a_mapping_in_transition_warns_and_is_worth_waiting_for() {
    let (t, mut ev) = healthy();
    ev.mappings.as_mut().unwrap()[0].state = MappingState::Enabling;
    let r = report(&t, &ev);
    assert_eq!(status_of(&r, "consumers.lines"), CheckStatus::Warn);
    assert!(r.worth_waiting());
}

#[test]
fn a_wrong_or_missing_consumer_fails() {
    let (t, mut ev) = healthy();
    ev.mappings.as_mut().unwrap()[0].state = MappingState::Disabled;
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
    let legacy = function_mut(&mut ev, "chroma-worker");
    legacy.name = Ok(Some(LEGACY.into()));
    legacy.info = Ok(Some(function(LEGACY, 900)));
    set_logs(&mut ev, "chroma-worker", &[]);
    ev.mappings.as_mut().unwrap().push(mapping(
        "m9",
        LEGACY,
        &queue_arn(WORDS),
        MappingState::Disabled,
    ));
    let r = report(&t, &ev);
    assert_eq!(status_of(&r, "functions.chroma-worker"), CheckStatus::Warn);
    assert_eq!(r.status, CheckStatus::Warn);

    ev.mappings.as_mut().unwrap().last_mut().unwrap().state = MappingState::Enabled;
    let r = report(&t, &ev);
    assert_eq!(status_of(&r, "functions.chroma-worker"), CheckStatus::Fail);
}

#[test]
fn a_non_empty_dlq_warns_with_the_count() {
    let (t, mut ev) = healthy();
    let q = queue_mut(&mut ev, "lines");
    if let Ok(Some(dlq)) = &mut q.dlq {
        dlq.attributes.visible = 3;
    }
    let r = report(&t, &ev);
    assert_warns(&r, "queues.lines", "3 message");
}

#[test]
fn parity_warns_on_short_visibility_timeout_and_missing_dlq() {
    let (t, mut ev) = healthy();
    let q = queue_mut(&mut ev, "words");
    if let Ok(Some(a)) = &mut q.attributes {
        a.visibility_timeout_seconds = Some(300);
        a.dlq_arn = None;
    }
    let r = report(&t, &ev);
    let c = check(&r, "config.words");
    assert_eq!(c.status, CheckStatus::Warn);
    assert!(
        c.summary().contains("300s < 6 × function timeout 60s"),
        "{}",
        c.summary()
    );
    assert!(
        c.summary().contains("no dead-letter queue"),
        "{}",
        c.summary()
    );
}

#[test]
fn silent_logs_and_error_lines_warn() {
    let (t, mut ev) = healthy();
    set_logs(&mut ev, "enhanced-compaction", &["START RequestId: 1"]);
    let r = report(&t, &ev);
    assert_warns(
        &r,
        "logs.enhanced-compaction",
        "no processing activity seen in 15m",
    );

    set_logs(
        &mut ev,
        "enhanced-compaction",
        &["[ERROR] boom", "Traceback (most recent call last):"],
    );
    let r = report(&t, &ev);
    let c = check(&r, "logs.enhanced-compaction");
    assert!(
        c.summary().starts_with("2 error line(s)"),
        "{}",
        c.summary()
    );
    assert!(c.details().iter().any(|d| d.contains("[ERROR] boom")));
}

#[test]
fn a_queue_that_does_not_drain_for_a_minute_while_consumed_warns() {
    let (t, mut ev) = healthy();
    let q = queue_mut(&mut ev, "lines");
    if let Ok(Some(a)) = &mut q.attributes {
        a.visible = 40;
    }
    q.second_reading = Some(Ok((42, 61.0)));
    let r = report(&t, &ev);
    assert_warns(
        &r,
        "queues.lines",
        "not draining: 40 → 42 visible (approximate) in 61s",
    );
    let c = check(&r, "queues.lines");
    assert!(
        c.details()
            .iter()
            .any(|d| d.contains("approximate counts, -0.03 msg/s")),
        "{:?}",
        c.details()
    );
}

#[test]
fn readings_seconds_apart_raise_no_alarm_and_say_why() {
    let (t, mut ev) = healthy();
    let q = queue_mut(&mut ev, "lines");
    if let Ok(Some(a)) = &mut q.attributes {
        a.visible = 40;
    }
    q.second_reading = Some(Ok((42, 10.0)));
    let r = report(&t, &ev);
    let c = check(&r, "queues.lines");
    assert_eq!(c.status, CheckStatus::Pass, "{c:?}");
    assert!(
        c.details().iter().any(|d| d
            .starts_with("sampled over 10s: 40 → 42 visible; too short to judge draining")
            && d.ends_with("(use --sample 60s or more)")),
        "{:?}",
        c.details()
    );
}

#[test]
fn a_draining_sample_gives_the_rate_and_the_eta() {
    let (t, mut ev) = healthy();
    let q = queue_mut(&mut ev, "words");
    if let Ok(Some(a)) = &mut q.attributes {
        a.visible = 100;
    }
    q.second_reading = Some(Ok((40, 60.0)));
    let r = report(&t, &ev);
    let c = check(&r, "queues.words");
    assert_eq!(c.status, CheckStatus::Pass, "{c:?}");
    assert!(
        c.details().contains(&"drain ETA about 40s".to_string()),
        "{:?}",
        c.details()
    );
}

#[test]
fn a_function_without_a_state_warns_with_the_reason() {
    let (t, mut ev) = healthy();
    if let Ok(Some(info)) = &mut function_mut(&mut ev, "enhanced-compaction").info {
        info.state = None;
    }
    let r = report(&t, &ev);
    let c = check(&r, "functions.enhanced-compaction");
    assert_eq!(c.status, CheckStatus::Warn);
    assert_eq!(
        c.summary(),
        format!("{ENHANCED}: Lambda reported no state: health unknown")
    );
    assert!(
        c.details().contains(&"state: ?".to_string()),
        "{:?}",
        c.details()
    );
    assert_eq!(r.status, CheckStatus::Warn);
}

#[test]
fn a_missing_expected_function_fails_and_names_other_stacks() {
    let (t, mut ev) = healthy();
    ev.functions.as_mut().unwrap().all_names =
        vec!["chromadb-prod-lambdas-stream-processor-3333333".into()];
    let sp = function_mut(&mut ev, "stream-processor");
    sp.name = Ok(None);
    sp.info = Ok(None);
    let r = report(&t, &ev);
    let c = check(&r, "functions.stream-processor");
    assert_eq!(c.status, CheckStatus::Fail);
    assert_eq!(c.summary(), "not found: the expected function is missing");
    assert!(
        c.details()[0].contains("other stacks have: chromadb-prod-lambdas-stream-processor"),
        "{:?}",
        c.details()
    );
}

/// Sets what Lambda reports for function `key`'s state and last update.
fn set_state(ev: &mut Evidence, key: &str, state: &str, update: &str, reason: Option<&str>) {
    if let Ok(Some(info)) = &mut function_mut(ev, key).info {
        info.state = Some(state.into());
        info.last_update_status = Some(update.into());
        info.state_reason = reason.map(String::from);
        info.last_update_status_reason = reason.map(String::from);
    }
}

#[test]
fn an_expected_consumer_that_cannot_run_fails_with_lambdas_reason() {
    for (state, update, says, settling) in [
        (
            "Failed",
            "Successful",
            "state is Failed: broken image",
            false,
        ),
        (
            "Active",
            "Failed",
            "last update failed: broken image",
            false,
        ),
        (
            "Pending",
            "Successful",
            "state is Pending: broken image",
            true,
        ),
        (
            "Active",
            "InProgress",
            "update in progress: broken image",
            true,
        ),
    ] {
        let (t, mut ev) = healthy();
        set_state(
            &mut ev,
            "enhanced-compaction",
            state,
            update,
            Some("broken image"),
        );
        let r = report(&t, &ev);
        let c = check(&r, "functions.enhanced-compaction");
        assert_eq!(c.status, CheckStatus::Fail, "{state}/{update}: {c:?}");
        assert_eq!(c.summary(), format!("{ENHANCED}: {says}"));
        assert_eq!(c.settling, settling, "{state}/{update}");
        assert_eq!(r.status, CheckStatus::Fail);
    }
}

#[test]
fn an_inactive_standby_warns_and_explains_the_wake_up() {
    let (t, mut ev) = healthy();
    let legacy = function_mut(&mut ev, "chroma-worker");
    legacy.name = Ok(Some(LEGACY.into()));
    legacy.info = Ok(Some(function(LEGACY, 900)));
    set_logs(&mut ev, "chroma-worker", &[]);
    set_state(&mut ev, "chroma-worker", "Inactive", "Successful", None);
    let r = report(&t, &ev);
    assert_warns(&r, "functions.chroma-worker", "fast rollback available");
    assert_warns(
        &r,
        "functions.chroma-worker",
        "Inactive: its next invocation wakes it, and the first may fail while it does",
    );
    assert_eq!(r.status, CheckStatus::Warn);

    // After a rollback the same function is the expected consumer: still a warning.
    let r = VerifyReport::new("dev", false, run_all(&t.rolled_back(), &ev, "15m"));
    assert_eq!(status_of(&r, "functions.chroma-worker"), CheckStatus::Warn);
}

#[test]
fn the_stream_is_found_through_its_consumer_or_said_to_be_missing_with_how_to_name_it() {
    let (t, mut ev) = healthy();
    let r = report(&t, &ev);
    let c = check(&r, "consumers.compaction-runs");
    assert_eq!(c.status, CheckStatus::Pass);
    assert!(
        c.details()
            .iter()
            .any(|d| d.ends_with("found through stream-processor's mapping")),
        "{:?}",
        c.details()
    );

    ev.mappings
        .as_mut()
        .unwrap()
        .retain(|m| !m.event_source_arn.contains(":dynamodb:"));
    let r = report(&t, &ev);
    let c = check(&r, "consumers.compaction-runs");
    assert_eq!(c.status, CheckStatus::Fail);
    assert!(
        c.summary().starts_with("not found in this stack: "),
        "{}",
        c.summary()
    );
    assert!(c.summary().contains("`table_pattern`"), "{}", c.summary());
    assert!(
        !c.summary().contains("NO enabled consumer"),
        "{}",
        c.summary()
    );
}

/// The retired function deployed again, its mappings disabled, with `logging`.
fn with_idle_legacy(ev: &mut Evidence, logging: LogConfig) {
    let legacy = function_mut(ev, "chroma-worker");
    legacy.name = Ok(Some(LEGACY.into()));
    legacy.info = Ok(Some(function(LEGACY, 900)));
    legacy.logging = logging;
    ev.mappings.as_mut().unwrap().push(mapping(
        "m9",
        LEGACY,
        &queue_arn(WORDS),
        MappingState::Disabled,
    ));
}

#[test]
fn json_format_logs_in_a_configured_group_are_read_by_their_messages() {
    let (t, mut ev) = healthy();
    function_mut(&mut ev, "enhanced-compaction").logging = LogConfig {
        group: Some("/shared/compaction".into()),
        format: Some("JSON".into()),
        ..LogConfig::default()
    };
    let app = |message: &str| {
        format!(r#"{{"timestamp":"x","level":"INFO","message":"{message}","requestId":"1"}}"#)
    };
    set_logs(
        &mut ev,
        "enhanced-compaction",
        &[
            r#"{"time":"x","type":"platform.start","record":{"requestId":"1"}}"#,
            &app("Processing COMPACTION_RUN run_id=1"),
            &app("Downloaded delta s3://b/k"),
            &app("Merged 64 records into lines"),
            r#"{"time":"x","type":"platform.report","record":{"requestId":"1"}}"#,
        ],
    );
    assert!(
        ev.functions
            .as_ref()
            .unwrap()
            .logs
            .contains_key("/shared/compaction")
    );
    let r = report(&t, &ev);
    let c = check(&r, "logs.enhanced-compaction");
    assert_eq!(c.status, CheckStatus::Pass, "{c:?}");
    assert_eq!(
        c.summary(),
        "1 run, 1 delta, 1 merged (64 records), 0 errors in 15m"
    );
    assert!(c.details().contains(&"invocations: 1".to_string()), "{c:?}");
    assert!(
        c.details()
            .iter()
            .any(|d| d
                == "log group /shared/compaction (from its logging configuration), JSON format"),
        "{c:?}"
    );
}

#[test]
fn a_missing_configured_group_is_named_as_configured() {
    let (t, mut ev) = healthy();
    function_mut(&mut ev, "enhanced-compaction").logging.group = Some("/shared/gone".into());
    ev.functions.as_mut().unwrap().logs.insert(
        "/shared/gone".into(),
        Ok(LogSearch {
            group_exists: false,
            ..LogSearch::default()
        }),
    );
    let r = report(&t, &ev);
    assert_warns(
        &r,
        "logs.enhanced-compaction",
        "log group /shared/gone (from its logging configuration) does not exist",
    );
}

#[test]
fn invocations_of_the_retired_function_warn_in_either_format() {
    let (t, mut ev) = healthy();
    with_idle_legacy(&mut ev, LogConfig::default());
    set_logs(
        &mut ev,
        "chroma-worker",
        &[
            "START RequestId: a Version: $LATEST",
            "END RequestId: a",
            r#"{"time":"x","type":"platform.start","record":{"requestId":"b","version":"$LATEST"}}"#,
        ],
    );
    let r = report(&t, &ev);
    let c = check(&r, "logs.chroma-worker");
    assert_eq!(c.status, CheckStatus::Warn, "{c:?}");
    assert_eq!(
        c.summary(),
        "2 invocation(s) since the takeover at 2026-11-29T01:00:00.000Z"
    );
    assert_eq!(
        c.details(),
        [
            "START RequestId: a Version: $LATEST",
            "START RequestId: b Version: $LATEST"
        ]
    );

    set_logs(&mut ev, "chroma-worker", &["END RequestId: a"]);
    let r = report(&t, &ev);
    assert_eq!(status_of(&r, "logs.chroma-worker"), CheckStatus::Pass);
}

#[test]
fn a_system_log_level_that_hides_invocations_is_never_no_invocations() {
    let (t, mut ev) = healthy();
    with_idle_legacy(
        &mut ev,
        LogConfig {
            format: Some("JSON".into()),
            system_level: Some("WARN".into()),
            ..LogConfig::default()
        },
    );
    // Nothing was searched: there is nothing to see.
    let r = report(&t, &ev);
    let c = check(&r, "logs.chroma-worker");
    assert_eq!(c.status, CheckStatus::Warn, "{c:?}");
    assert_eq!(
        c.summary(),
        "cannot see invocations: chroma-worker's system log level WARN hides Lambda's \
         START/REPORT lines"
    );
    assert!(!c.summary().contains("no invocations"));

    // The watched function says so in its details.
    function_mut(&mut ev, "enhanced-compaction")
        .logging
        .system_level = Some("WARN".into());
    let r = report(&t, &ev);
    let c = check(&r, "logs.enhanced-compaction");
    assert!(
        c.details().contains(
            &"invocations: not visible (system log level WARN hides Lambda's own lines)"
                .to_string()
        ),
        "{c:?}"
    );
}

#[test]
fn in_a_shared_group_each_function_counts_only_its_own_streams() {
    let (t, mut ev) = healthy();
    let shared = LogConfig {
        group: Some("/shared/compaction".into()),
        ..LogConfig::default()
    };
    function_mut(&mut ev, "enhanced-compaction").logging = shared.clone();
    let legacy = function_mut(&mut ev, "chroma-worker");
    legacy.name = Ok(Some(LEGACY.into()));
    legacy.info = Ok(Some(function(LEGACY, 900)));
    legacy.logging = shared;
    // The retired consumer ran the whole window; the new one logged nothing.
    let busy = [
        "START RequestId: 1 Version: $LATEST",
        "[INFO] Processing COMPACTION_RUN run_id=1",
        "[INFO] Merged 12 records into lines",
        "REPORT RequestId: 1\tDuration: 3.0 ms",
    ];
    let mut search = search_in(&format!("2026/12/01/{LEGACY}[$LATEST]0a1b"), &busy).unwrap();
    ev.functions
        .as_mut()
        .unwrap()
        .logs
        .insert("/shared/compaction".into(), Ok(search.clone()));
    let r = report(&t, &ev);
    let watched = check(&r, "logs.enhanced-compaction");
    assert_eq!(watched.status, CheckStatus::Warn, "{watched:?}");
    assert_eq!(watched.summary(), "no processing activity seen in 15m");
    assert!(
        watched
            .details()
            .iter()
            .any(|d| d.contains(&format!("shared with {LEGACY}"))),
        "{watched:?}"
    );
    let retired = check(&r, "logs.chroma-worker");
    assert_eq!(retired.status, CheckStatus::Warn, "{retired:?}");
    assert!(
        retired.summary().starts_with("1 invocation(s)"),
        "{retired:?}"
    );

    // The other way round: the new consumer's lines are no invocations of the old one.
    for line in &mut search.lines {
        line.stream = format!("2026/12/01/{ENHANCED}[$LATEST]0a1b");
    }
    ev.functions
        .as_mut()
        .unwrap()
        .logs
        .insert("/shared/compaction".into(), Ok(search.clone()));
    let r = report(&t, &ev);
    assert_eq!(
        check(&r, "logs.enhanced-compaction").status,
        CheckStatus::Pass
    );
    let retired = check(&r, "logs.chroma-worker");
    assert_eq!(retired.status, CheckStatus::Pass, "{retired:?}");

    // Streams that name no function cannot be told apart: a warning, never a count.
    for line in &mut search.lines {
        line.stream = "2026/12/01/[$LATEST]0a1b".into();
    }
    ev.functions
        .as_mut()
        .unwrap()
        .logs
        .insert("/shared/compaction".into(), Ok(search));
    let r = report(&t, &ev);
    for id in ["logs.enhanced-compaction", "logs.chroma-worker"] {
        let c = check(&r, id);
        assert_eq!(c.status, CheckStatus::Warn, "{c:?}");
        assert!(c.summary().contains("cannot be told apart"), "{c:?}");
    }
}
