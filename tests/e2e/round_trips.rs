//! How many round trips an operator waits for, one after the other: the longest chain
//! of requests in the proxy's record in which each came in only after the previous
//! one's answer went out. Every request is slowed down by the same latency, so requests
//! sent together also answer together and the record shows the waves clearly.
//!
//! `verify`, `queues` and `map` read the listings first and then, at once, everything
//! the listings name: two dependent round trips. A log search whose first page is empty
//! (as CloudWatch answers a long search) needs its next page, and a DLQ outside the
//! stack is read after its queue's attributes name it: one more each. A run that
//! remembers the log groups of an earlier one starts their searches with the listings.

use crate::common;

use common::{Sandbox, dependent_waves, waves};
use serde_json::{Value, json};

/// Large beside the bed's own time per request, so waves do not blur on a busy machine.
const LATENCY_MS: u64 = 300;

fn latency() -> Value {
    json!([{"match": {}, "fault": {"delay_ms": LATENCY_MS}}])
}

/// The layer with searches answering in their first page.
fn searches_in_one_page() -> Value {
    json!({"empty_first_page_after_seconds": null})
}

fn actions(calls: &[Value]) -> Vec<String> {
    calls
        .iter()
        .map(|c| c["action"].as_str().unwrap_or("?").to_string())
        .collect()
}

/// Each call with when it came in and when it answered, in ms from the first: for the
/// failure messages.
fn timeline(calls: &[Value]) -> String {
    let start = calls
        .iter()
        .map(|c| c["t"].as_f64().unwrap())
        .fold(f64::INFINITY, f64::min);
    let ms = |c: &Value, field: &str| ((c[field].as_f64().unwrap() - start) * 1000.0).round();
    calls
        .iter()
        .map(|c| format!("\n{:>6} {:>6} {}", ms(c, "t"), ms(c, "end"), c["action"]))
        .collect()
}

/// The actions of the calls in wave `n`.
fn wave(calls: &[Value], n: usize) -> Vec<String> {
    calls
        .iter()
        .zip(waves(calls))
        .filter(|(_, w)| *w == n)
        .map(|(c, _)| c["action"].as_str().unwrap_or("?").to_string())
        .collect()
}

#[test]
fn verify_reads_the_listings_then_everything_they_name() {
    let sandbox = Sandbox::builder("fallback")
        .layer(searches_in_one_page())
        .faults(latency())
        .start();
    sandbox.json(&["verify"], 0);
    let calls = sandbox.calls();
    assert_eq!(dependent_waves(&calls), 2, "{}", timeline(&calls));
    let mut first = wave(&calls, 1);
    first.sort();
    assert_eq!(
        first,
        ["ListEventSourceMappings", "ListFunctions", "ListQueues"],
        "{}",
        timeline(&calls)
    );
    // The second wave holds every other read, the DLQs and the metrics among them.
    let second = wave(&calls, 2);
    for action in [
        "GetFunction",
        "GetQueueAttributes",
        "FilterLogEvents",
        "GetMetricData",
    ] {
        assert!(second.iter().any(|a| a == action), "{action}: {second:?}");
    }
    assert_eq!(
        second.iter().filter(|a| *a == "GetQueueAttributes").count(),
        7,
        "three topology queues, their three DLQs and the stack's thumbnails queue: {second:?}"
    );
}

#[test]
fn a_log_search_that_starts_with_an_empty_page_adds_its_next_page() {
    // The layer's default: a search over more than 5 minutes answers an empty first page.
    let sandbox = Sandbox::builder("fallback").faults(latency()).start();
    sandbox.json(&["verify"], 0);
    let calls = sandbox.calls();
    assert_eq!(dependent_waves(&calls), 3, "{}", timeline(&calls));
    // The third wave is the searches' next pages alone.
    let third: Vec<&Value> = calls
        .iter()
        .zip(waves(&calls))
        .filter(|(_, w)| *w == 3)
        .map(|(c, _)| c)
        .collect();
    assert!(!third.is_empty());
    for call in third {
        assert_eq!(call["action"], "FilterLogEvents", "{call}");
        assert!(
            call["body"].as_str().unwrap().contains("nextToken"),
            "{call}"
        );
    }
}

#[test]
fn a_dlq_outside_the_stack_is_read_after_its_queue_alone() {
    let sandbox = Sandbox::builder("fallback")
        .stacks(&["dev", "prod"])
        .layer(searches_in_one_page())
        .start();
    let lines = sandbox.stack("dev")["queues"]["lines"].clone();
    let prod_dlq = sandbox.stack("prod")["queues"]["lines"]["dlq_arn"].clone();
    let prod_dlq_name = sandbox.stack("prod")["queues"]["lines"]["dlq_name"].clone();
    // dev's lines queue names prod's DLQ in its redrive policy.
    let redrive = json!({"deadLetterTargetArn": prod_dlq, "maxReceiveCount": 3});
    sandbox.set_faults(json!([
        {"match": {"service": "sqs", "action": "GetQueueAttributes",
                   "body_contains": lines["url"]},
         "fault": {"delay_ms": LATENCY_MS, "rewrite": {"Attributes": {
             "QueueArn": lines["arn"],
             "ApproximateNumberOfMessages": "0",
             "ApproximateNumberOfMessagesNotVisible": "0",
             "ApproximateNumberOfMessagesDelayed": "0",
             "VisibilityTimeout": "360",
             "RedrivePolicy": redrive.to_string()}}}},
        {"match": {}, "fault": {"delay_ms": LATENCY_MS}}
    ]));
    let report = sandbox.json(&["verify"], 0);
    let calls = sandbox.calls();
    assert_eq!(dependent_waves(&calls), 3, "{}", timeline(&calls));
    let mut third = wave(&calls, 3);
    third.sort();
    assert_eq!(
        third,
        ["GetMetricData", "GetQueueAttributes"],
        "the DLQ and its metrics: {}",
        timeline(&calls)
    );
    let details = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "queues.lines")
        .unwrap()
        .to_string();
    assert!(
        details.contains(prod_dlq_name.as_str().unwrap()),
        "{details}"
    );
}

#[test]
fn nothing_waits_for_the_last_page_of_a_large_account() {
    // 205 functions: five pages of ListFunctions, the topology's on the first.
    let sandbox = Sandbox::builder("fallback")
        .crowd(200, 0)
        .layer(searches_in_one_page())
        .faults(latency())
        .start();
    sandbox.json(&["verify"], 0);
    let calls = sandbox.calls();
    let pages = calls
        .iter()
        .filter(|c| c["action"] == "ListFunctions")
        .count();
    assert_eq!(pages, 5, "{:?}", actions(&calls));
    // The pages follow each other; every other read overlaps them.
    assert_eq!(dependent_waves(&calls), pages, "{}", timeline(&calls));
}

#[test]
fn queues_and_map_read_in_two_dependent_round_trips() {
    let sandbox = Sandbox::builder("fallback").faults(latency()).start();
    for command in ["queues", "map"] {
        sandbox.clear_calls();
        sandbox.json(&[command], 0);
        let calls = sandbox.calls();
        assert_eq!(
            dependent_waves(&calls),
            2,
            "{command}: {:?}",
            actions(&calls)
        );
        assert!(
            actions(&calls).iter().any(|a| a == "GetMetricData"),
            "{command}: the age of the oldest messages"
        );
    }
}

/// Each check's id and status, for comparing two runs.
fn statuses(report: &Value) -> Vec<(String, String)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].to_string(), c["status"].to_string()))
        .collect()
}

/// The log groups whose search a run started (a request without a `nextToken`).
fn searched_groups(calls: &[Value]) -> Vec<String> {
    let mut groups: Vec<String> = calls
        .iter()
        .filter(|c| c["action"] == "FilterLogEvents")
        .map(|c| serde_json::from_str::<Value>(c["body"].as_str().unwrap()).unwrap())
        .filter(|body| body.get("nextToken").is_none())
        .map(|body| body["logGroupName"].as_str().unwrap().to_string())
        .collect();
    groups.sort();
    groups
}

#[test]
fn a_second_verify_searches_the_remembered_log_groups_with_the_listings() {
    // Searches start with an empty page (the layer's default): after the listing, a
    // search costs two more round trips; started with the listing, one more.
    let sandbox = Sandbox::builder("fallback").faults(latency()).start();
    let first = sandbox.json(&["verify"], 0);
    let first_calls = sandbox.calls();
    assert_eq!(
        dependent_waves(&first_calls),
        3,
        "{}",
        timeline(&first_calls)
    );
    sandbox.clear_calls();
    let second = sandbox.json(&["verify"], 0);
    let calls = sandbox.calls();
    assert_eq!(dependent_waves(&calls), 2, "{}", timeline(&calls));
    assert!(
        wave(&calls, 1).iter().any(|a| a == "FilterLogEvents"),
        "{}",
        timeline(&calls)
    );
    // The same groups searched, once each, and the same verdicts.
    assert_eq!(searched_groups(&calls), searched_groups(&first_calls));
    assert_eq!(statuses(&second), statuses(&first));
}

#[test]
fn a_remembered_log_group_that_is_no_longer_the_functions_is_not_evidence() {
    let sandbox = Sandbox::builder("fallback")
        .layer(searches_in_one_page())
        .start();
    let first = sandbox.json(&["verify"], 0);
    let first_calls = sandbox.calls();
    // Every remembered group now names a group that does not exist (functions
    // redeployed under new names, say).
    let cache = sandbox.tempdir().join("cache/ccx/log-groups.json");
    let remembered = std::fs::read_to_string(&cache).expect("the first run remembers");
    assert!(remembered.contains("/aws/lambda/"), "{remembered}");
    std::fs::write(
        &cache,
        remembered.replace("/aws/lambda/", "/aws/lambda/gone-"),
    )
    .unwrap();
    sandbox.clear_calls();
    let second = sandbox.json(&["verify"], 0);
    let calls = sandbox.calls();
    // The stale groups were searched for nothing, the right ones after the listing,
    // and the verdicts are those of the first run.
    let searched = searched_groups(&calls);
    for group in searched_groups(&first_calls) {
        assert!(searched.contains(&group), "{group}: {searched:?}");
        let stale = group.replace("/aws/lambda/", "/aws/lambda/gone-");
        assert!(searched.contains(&stale), "{stale}: {searched:?}");
    }
    assert_eq!(statuses(&second), statuses(&first));
    // And the cache is right again.
    let mended = std::fs::read_to_string(&cache).unwrap();
    assert!(!mended.contains("gone-"), "{mended}");
}
