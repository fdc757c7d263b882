//! `ccx verify` end to end: each scenario's verdict and exit code, in table and JSON,
//! how many requests it makes, and that a check without its data is never a pass.

use crate::common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::{Sandbox, check, parse_json};
use serde_json::{Value, json};

#[test]
fn healthy_passes_every_check() {
    let sandbox = Sandbox::start("healthy");
    let report = sandbox.json(&["verify"], 0);
    assert_eq!(report["status"], "pass", "{report:#}");
    assert_eq!(report["stack"], "dev");
    for c in report["checks"].as_array().unwrap() {
        assert_eq!(c["status"], "pass", "{c}");
        assert!(c["title"].is_string() && c["summary"].is_string() && c["details"].is_array());
    }
    assert!(
        check(&report, "logs.enhanced-compaction")["summary"]
            .as_str()
            .unwrap()
            .contains("records")
    );
    assert_eq!(
        check(&report, "functions.chroma-worker")["summary"],
        "absent, as the cutover intended"
    );
}

#[test]
fn healthy_table_is_a_checklist_ending_in_pass() {
    let sandbox = Sandbox::start("healthy");
    let out = sandbox
        .ccx()
        .arg("verify")
        .assert()
        .success()
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("✔ pass  one consumer on queue lines"),
        "{text}"
    );
    assert!(
        text.lines().last().unwrap().starts_with("Result: PASS"),
        "{text}"
    );
}

#[test]
fn fallback_passes_with_the_retired_function_warning() {
    let sandbox = Sandbox::start("fallback");
    let report = sandbox.json(&["verify"], 0);
    assert_eq!(report["status"], "warn");
    let legacy = check(&report, "functions.chroma-worker");
    assert_eq!(legacy["status"], "warn");
    assert!(
        legacy["summary"]
            .as_str()
            .unwrap()
            .contains("fast rollback available"),
        "{legacy}"
    );
    sandbox.json(&["verify", "--strict"], 1);
}

#[test]
fn before_the_cutover_fails() {
    let sandbox = Sandbox::start("before");
    let report = sandbox.json(&["verify"], 1);
    assert_eq!(report["status"], "fail");
    assert_eq!(check(&report, "consumers.lines")["status"], "fail");
    assert_eq!(check(&report, "consumers.words")["status"], "fail");
    assert_eq!(check(&report, "functions.chroma-worker")["status"], "fail");
    assert_eq!(check(&report, "logs.enhanced-compaction")["status"], "warn");
}

#[test]
fn duplicate_fails_naming_both_consumers() {
    let sandbox = Sandbox::start("duplicate");
    let report = sandbox.json(&["verify"], 1);
    let lines = check(&report, "consumers.lines");
    assert_eq!(lines["status"], "fail");
    let summary = lines["summary"].as_str().unwrap();
    let legacy = sandbox.stack("dev")["functions"]["chroma-worker"]
        .as_str()
        .unwrap();
    assert!(
        summary.contains(legacy) && summary.contains("chromadb-dev-lambdas-enhanced-compaction"),
        "{summary}"
    );
    assert_eq!(check(&report, "consumers.words")["status"], "pass");

    let out = sandbox
        .ccx()
        .arg("verify")
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("✘ FAIL  one consumer on queue lines") && text.contains(legacy),
        "{text}"
    );
}

#[test]
fn a_non_empty_dlq_warns_and_fails_under_strict() {
    let sandbox = Sandbox::start("dlq");
    let report = sandbox.json(&["verify"], 0);
    let lines = check(&report, "queues.lines");
    assert_eq!(lines["status"], "warn");
    // The queue's own backlog is named before the DLQ's.
    let queue = &sandbox.stack("dev")["queues"]["lines"];
    assert_eq!(
        lines["summary"],
        format!(
            "{}: 5 visible, 0 in flight, 0 delayed; 3 messages in DLQ {}",
            queue["name"].as_str().unwrap(),
            queue["dlq_name"].as_str().unwrap()
        ),
        "{lines}"
    );
    assert_eq!(report["status"], "warn");
    let strict = sandbox.json(&["verify", "--strict"], 1);
    assert_eq!(strict["status"], "warn");
    assert_eq!(strict["strict"], true);
}

#[test]
fn prod_is_checked_alone_when_two_stacks_share_the_account() {
    let sandbox = Sandbox::builder("healthy").stacks(&["dev", "prod"]).start();
    let report = sandbox.json(&["verify"], 0);
    assert_eq!(report["status"], "pass", "{report:#}");
    let prod = sandbox.json(&["verify", "--stack", "prod"], 0);
    assert_eq!(prod["stack"], "prod");
    let lines = check(&prod, "consumers.lines")["summary"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        lines.contains("chromadb-prod-lines-queue")
            && lines.contains("chromadb-prod-lambdas-enhanced-compaction"),
        "{lines}"
    );
    assert!(
        !prod.to_string().contains("-dev-"),
        "prod report mentions dev resources"
    );
}

/// The default topology's verify, counted at the proxy. A change here is a change in
/// round trips: update the number only together with the reason.
#[test]
fn verify_makes_a_fixed_number_of_read_only_requests() {
    let sandbox = Sandbox::start("healthy");
    sandbox.json(&["verify"], 0);
    let calls = sandbox.calls();
    let mut actions: Vec<String> = calls
        .iter()
        .map(|c| c["action"].as_str().unwrap_or("?").to_string())
        .collect();
    actions.sort();
    let count = |a: &str| actions.iter().filter(|x| *x == a).count();
    assert_eq!(count("ListFunctions"), 1, "{actions:?}");
    assert_eq!(count("ListEventSourceMappings"), 1, "{actions:?}");
    assert_eq!(count("ListQueues"), 1, "{actions:?}");
    // enhanced-compaction, embed-from-ndjson, stream-processor (chroma-worker is absent)
    assert_eq!(count("GetFunction"), 3, "{actions:?}");
    // Three queues, and with them every other queue of the stack: their three DLQs and
    // the thumbnails queue. Which queue is a DLQ shows only in its queue's attributes;
    // reading the stack's queues together spares that round trip.
    assert_eq!(count("GetQueueAttributes"), 7, "{actions:?}");
    // One search of the watched consumer's log group, every phrase in one pattern; as
    // on AWS, a search over more than 5 minutes answers an empty first page first.
    let searches = filter_log_events_searches(&calls);
    let group = format!(
        "/aws/lambda/{}",
        sandbox.function_name("enhanced-compaction")
    );
    assert_eq!(searches, [(group, 1)], "{actions:?}");
    assert_eq!(count("FilterLogEvents"), 2, "{actions:?}");
    assert!(busiest_second_of_filter_log_events(&calls) <= 5);
    // every function's and queue's metrics in one read
    assert_eq!(count("GetMetricData"), 1, "{actions:?}");
    assert_eq!(calls.len(), 16, "{actions:?}");
    assert!(
        calls
            .iter()
            .all(|c| c["method"] == "GET"
                || !c["action"].as_str().unwrap_or("").starts_with("Update"))
    );
    assert!(calls.iter().all(|c| c["throttled"] != true), "{calls:?}");
}

/// FilterLogEvents searches per log group (a request without `nextToken` starts one; its
/// further pages do not count), sorted by group.
fn filter_log_events_searches(calls: &[Value]) -> Vec<(String, usize)> {
    let mut searches: BTreeMap<String, usize> = BTreeMap::new();
    for call in calls.iter().filter(|c| c["action"] == "FilterLogEvents") {
        let body: Value = serde_json::from_str(call["body"].as_str().unwrap_or("{}"))
            .unwrap_or_else(|e| panic!("{e}: {call}"));
        let group = body["logGroupName"].as_str().unwrap_or("?").to_string();
        let count = searches.entry(group).or_default();
        if body.get("nextToken").is_none_or(Value::is_null) {
            *count += 1;
        }
    }
    searches.into_iter().collect()
}

/// The most FilterLogEvents requests the proxy saw within any one second.
fn busiest_second_of_filter_log_events(calls: &[Value]) -> usize {
    let mut times: Vec<f64> = calls
        .iter()
        .filter(|c| c["action"] == "FilterLogEvents")
        .map(|c| c["t"].as_f64().expect("t"))
        .collect();
    times.sort_by(f64::total_cmp);
    (0..times.len())
        .map(|i| {
            times[i..]
                .iter()
                .take_while(|t| **t < times[i] + 1.0)
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// `ccx --output json ARGS` expecting exit 0: how long it took.
fn timed(sandbox: &Sandbox, args: &[&str]) -> Duration {
    let started = Instant::now();
    sandbox
        .ccx()
        .args(["--output", "json"])
        .args(args)
        .assert()
        .success();
    started.elapsed()
}

/// Each log group costs one search however many pages it has, and ccx paces its own
/// FilterLogEvents requests even when the account does not push back: at `rate` a
/// second, request k cannot start before ⌊k / rate⌋ seconds after the first. (When they
/// reach the proxy is no measure: on a busy machine the proxy takes some late.)
#[test]
fn log_searches_are_one_per_group_and_paced_within_the_budget() {
    let sandbox = Sandbox::builder("fallback")
        // Pages of 2 events, and no account limit: only ccx's own pacing holds it back.
        .layer(json!({"pages": {"FilterLogEvents": 2},
                      "rate_limits": {"FilterLogEvents": null}}))
        .start();
    let report = sandbox.json(&["verify"], 0);
    assert_eq!(check(&report, "logs.enhanced-compaction")["status"], "pass");
    assert_eq!(check(&report, "logs.chroma-worker")["status"], "pass");
    let calls = sandbox.calls();
    let group = |key: &str| format!("/aws/lambda/{}", sandbox.function_name(key));
    let mut expected = vec![
        (group("chroma-worker"), 1),
        (group("enhanced-compaction"), 1),
    ];
    expected.sort();
    assert_eq!(filter_log_events_searches(&calls), expected);
    assert!(calls.iter().all(|c| c["throttled"] != true));

    for rate in [5, 2] {
        sandbox.clear_calls();
        let took = timed(
            &sandbox,
            &["--log-search-rate", &rate.to_string(), "verify"],
        );
        let requests = sandbox
            .calls()
            .iter()
            .filter(|c| c["action"] == "FilterLogEvents")
            .count();
        assert!(requests > 10, "paged: {requests}");
        let at_least = Duration::from_secs(((requests - 1) / rate) as u64);
        assert!(
            took >= at_least,
            "{requests} requests at {rate}/s in {took:?}, under {at_least:?}"
        );
    }
}

#[test]
fn access_denied_is_an_error_never_a_pass() {
    let sandbox = Sandbox::builder("healthy")
        .faults(json!([{
            "match": {"service": "lambda", "action": "ListEventSourceMappings"},
            "fault": {"status": 403, "error_code": "AccessDeniedException", "message": "not allowed"}
        }]))
        .start();
    let report = sandbox.json(&["verify"], 2);
    assert_eq!(report["status"], "error");
    let lines = check(&report, "consumers.lines");
    assert_eq!(lines["status"], "error");
    assert!(
        lines["summary"].as_str().unwrap().contains("access denied"),
        "{lines}"
    );
    // Checks that do not need the mappings still ran.
    assert_eq!(check(&report, "queues.lines")["status"], "pass");
}

#[test]
fn throttling_beyond_retries_is_reported_as_such() {
    let sandbox = Sandbox::builder("healthy")
        .faults(json!([{
            "match": {"service": "logs", "action": "FilterLogEvents"},
            "fault": {"status": 400, "error_code": "ThrottlingException", "message": "Rate exceeded"}
        }]))
        .start();
    let report = sandbox.json(&["verify"], 2);
    let logs = check(&report, "logs.enhanced-compaction");
    assert_eq!(logs["status"], "error");
    assert!(
        logs["summary"].as_str().unwrap().contains("throttled"),
        "{logs}"
    );
}

#[test]
fn throttling_that_clears_is_retried_by_the_sdk() {
    let sandbox = Sandbox::builder("healthy")
        .faults(json!([{
            "match": {"service": "lambda", "action": "ListEventSourceMappings"},
            "times": 1,
            "fault": {"status": 429, "error_code": "TooManyRequestsException", "message": "slow down"}
        }]))
        .start();
    let report = sandbox.json(&["verify"], 0);
    assert_eq!(report["status"], "pass");
    let lists = sandbox
        .calls()
        .iter()
        .filter(|c| c["action"] == "ListEventSourceMappings")
        .count();
    assert_eq!(lists, 2, "one throttled attempt and one retry");
}

#[test]
fn wait_rides_out_a_mapping_in_transition() {
    let sandbox = Sandbox::start("healthy");
    let uuid = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    sandbox.set_faults(json!([{
        "match": {"service": "lambda", "action": "ListEventSourceMappings", "uuid": uuid},
        "times": 1,
        "fault": {"rewrite": {"State": "Enabling"}}
    }]));
    let out = sandbox
        .ccx()
        .args(["--output", "json", "verify", "--wait", "60s"])
        .assert()
        .success()
        .get_output()
        .clone();
    let report = parse_json(&out.stdout);
    assert_eq!(report["status"], "pass");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("attempt 1: warn") && stderr.contains("consumers.lines"),
        "{stderr}"
    );
    // The second attempt waited for a mapping, not for the logs: they were searched once.
    let group = format!(
        "/aws/lambda/{}",
        sandbox.function_name("enhanced-compaction")
    );
    assert_eq!(filter_log_events_searches(&sandbox.calls()), [(group, 1)]);

    // Without --wait the same transition is a warning.
    sandbox.set_faults(json!([{
        "match": {"service": "lambda", "action": "ListEventSourceMappings", "uuid": uuid},
        "fault": {"rewrite": {"State": "Enabling"}}
    }]));
    let report = sandbox.json(&["verify"], 0);
    assert_eq!(check(&report, "consumers.lines")["status"], "warn");
}

#[test]
fn after_a_rollback_verify_rolled_back_checks_the_fallback_state() {
    let sandbox = Sandbox::start("fallback");
    sandbox.ccx().args(["rollback", "--yes"]).assert().success();
    sandbox.json(&["verify"], 1);
    let report = sandbox.json(&["verify", "--rolled-back"], 0);
    assert_eq!(report["rolled_back"], true);
    let legacy = sandbox.stack("dev")["functions"]["chroma-worker"]
        .as_str()
        .unwrap();
    let lines = check(&report, "consumers.lines");
    assert_eq!(lines["status"], "pass", "{lines}");
    assert!(
        lines["summary"].as_str().unwrap().contains(legacy),
        "{lines}"
    );
    assert_eq!(check(&report, "functions.chroma-worker")["status"], "pass");
    let enhanced = check(&report, "functions.enhanced-compaction");
    assert_eq!(enhanced["status"], "warn", "{enhanced}");
    assert!(
        enhanced["summary"]
            .as_str()
            .unwrap()
            .contains("fast rollback available")
    );
}

#[test]
fn rolled_back_fails_when_the_fallback_is_gone() {
    let sandbox = Sandbox::start("healthy");
    let report = sandbox.json(&["verify", "--rolled-back"], 1);
    assert_eq!(check(&report, "functions.chroma-worker")["status"], "fail");
    assert_eq!(check(&report, "consumers.lines")["status"], "fail");
}

/// SQS's counts are approximate: a second reading seconds later is no evidence of a
/// stall, so a short sample shows the counts and says why it judges nothing. (The
/// warning over a sample of a minute or more: tests/queue_counts.rs.)
#[test]
fn a_short_sample_of_a_queue_that_does_not_drain_raises_no_alarm() {
    // The sandbox keeps moto from delivering to Lambda, so the messages stay put.
    let sandbox = Sandbox::start("healthy");
    let lines_url = sandbox.stack("dev")["queues"]["lines"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    sandbox.query(&["send-messages", &lines_url, "4"]);
    let report = sandbox.json(&["verify", "--sample", "1s"], 0);
    let lines = check(&report, "queues.lines");
    assert_eq!(lines["status"], "pass", "{lines}");
    assert_eq!(report["status"], "pass", "{report}");
    assert!(
        lines["details"]
            .to_string()
            .contains("too short to judge draining: SQS counts are approximate"),
        "{lines}"
    );
}
