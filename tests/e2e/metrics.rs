//! CloudWatch metrics end to end: datapoints put into the emulator with PutMetricData,
//! read by ccx with one GetMetricData call (CBOR, as AWS speaks it, translated by the
//! proxy), turned into `verify`'s `metrics.KEY` verdicts; no data never passes; `queues`
//! and `map` show the age of each queue's oldest message.

use crate::common;

use common::Sandbox;
use serde_json::{Value, json};

fn check<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no check {id}: {report}"))
}

fn summary<'a>(report: &'a Value, id: &str) -> &'a str {
    check(report, id)["summary"].as_str().unwrap()
}

fn queue_name(sandbox: &Sandbox, key: &str) -> String {
    sandbox.stack("dev")["queues"][key]["name"]
        .as_str()
        .unwrap()
        .to_string()
}

fn dlq_name(sandbox: &Sandbox, key: &str) -> String {
    sandbox.stack("dev")["queues"][key]["dlq_name"]
        .as_str()
        .unwrap()
        .to_string()
}

/// One series of `AWS/Lambda` or `AWS/SQS` datapoints, `[seconds ago, value]` each.
fn lambda(metric: &str, function: &str, points: Value) -> Value {
    json!({"namespace": "AWS/Lambda", "metric": metric,
           "dimensions": {"FunctionName": function}, "points": points})
}

fn sqs(metric: &str, queue: &str, points: Value) -> Value {
    json!({"namespace": "AWS/SQS", "metric": metric,
           "dimensions": {"QueueName": queue}, "points": points})
}

#[test]
fn healthy_metrics_pass_from_one_read() {
    let sandbox = Sandbox::start("healthy");
    let report = sandbox.json(&["verify"], 0);
    for id in [
        "metrics.enhanced-compaction",
        "metrics.embed-from-ndjson",
        "metrics.stream-processor",
        "metrics.lines",
        "metrics.words",
        "metrics.embed-ndjson",
    ] {
        assert_eq!(check(&report, id)["status"], "pass", "{id}: {report:#}");
    }
    assert!(
        summary(&report, "metrics.enhanced-compaction")
            .contains("30 invocations, 0 errors, 0 throttles in 15m"),
        "{report:#}"
    );
    assert!(
        summary(&report, "metrics.lines").contains("oldest message 12s; 30 received, 30 deleted"),
        "{report:#}"
    );
    let reads: Vec<Value> = sandbox
        .calls()
        .into_iter()
        .filter(|c| c["action"] == "GetMetricData")
        .collect();
    assert_eq!(reads.len(), 1, "{reads:?}");
    // The calls log keeps the first 4 KiB of the (JSON-translated) request.
    let body = reads[0]["body"].as_str().unwrap();
    assert!(
        body.starts_with(r#"{"MetricDataQueries": [{"Id": "m0""#),
        "{body}"
    );
    assert!(body.contains(r#""Period": 60"#), "{body}");
}

#[test]
fn an_error_rate_above_the_threshold_warns_with_the_numbers() {
    let sandbox = Sandbox::start("healthy");
    let enhanced = sandbox.function_name("enhanced-compaction");
    sandbox.put_metrics(json!([lambda("Errors", &enhanced, json!([[90, 6]]))]));
    let report = sandbox.json(&["verify"], 0);
    let c = check(&report, "metrics.enhanced-compaction");
    assert_eq!(c["status"], "warn", "{c}");
    assert!(
        summary(&report, "metrics.enhanced-compaction")
            .contains("error rate 20.0% (6 errors in 30 invocations) above 5.0%"),
        "{c}"
    );
    sandbox.json(&["verify", "--strict"], 1);

    // A threshold of 25% in ccx.toml lets the same numbers pass.
    std::fs::write(
        sandbox.tempdir().join("ccx.toml"),
        "[metrics]\nmax_error_rate = 0.25\n",
    )
    .unwrap();
    let report = sandbox.json(&["verify"], 0);
    assert_eq!(
        check(&report, "metrics.enhanced-compaction")["status"],
        "pass"
    );
}

#[test]
fn no_data_is_never_a_pass() {
    // The dlq scenario's account has no metrics at all.
    let sandbox = Sandbox::start("dlq");
    let report = sandbox.json(&["verify"], 0);
    let metric_checks: Vec<&Value> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"].as_str().unwrap().starts_with("metrics."))
        .collect();
    assert_eq!(metric_checks.len(), 7, "{report:#}");
    for c in metric_checks {
        if c["id"] == "metrics.chroma-worker" {
            // Absent: nothing to invoke.
            continue;
        }
        assert_eq!(c["status"], "skip", "{c}");
        assert!(c["summary"].as_str().unwrap().starts_with("no data"), "{c}");
    }
    let text = sandbox.text(&["--output", "table", "verify", "-v"], 0);
    assert!(text.contains("Errors: no data"), "{text}");
}

#[test]
fn a_queue_whose_oldest_message_grows_older_and_a_dlq_receiving_messages_warn() {
    let sandbox = Sandbox::start("dlq");
    let (lines, words_dlq) = (queue_name(&sandbox, "lines"), dlq_name(&sandbox, "words"));
    sandbox.put_metrics(json!([
        sqs(
            "ApproximateAgeOfOldestMessage",
            &lines,
            json!([[300, 60], [240, 120], [180, 180], [120, 240], [60, 300]])
        ),
        sqs("NumberOfMessagesSent", &words_dlq, json!([[120, 2]])),
    ]));
    let report = sandbox.json(&["verify"], 0);
    assert_eq!(check(&report, "metrics.lines")["status"], "warn");
    assert!(
        summary(&report, "metrics.lines").contains("oldest message 5m old and growing"),
        "{report:#}"
    );
    assert_eq!(check(&report, "metrics.words")["status"], "warn");
    assert!(
        summary(&report, "metrics.words").contains("2 messages sent to it in 15m"),
        "{report:#}"
    );
}

#[test]
fn the_retired_consumer_invoked_in_the_window_warns_and_its_logs_are_cross_checked() {
    // Before the cutover chroma-worker consumes, and its logs show recent runs.
    let sandbox = Sandbox::start("before");
    let legacy = sandbox.function_name("chroma-worker");
    sandbox.put_metrics(json!([lambda(
        "Invocations",
        &legacy,
        json!([[240, 3], [120, 1]])
    )]));
    let report = sandbox.json(&["verify"], 1);
    let c = check(&report, "metrics.chroma-worker");
    assert_eq!(c["status"], "warn", "{c}");
    let text = summary(&report, "metrics.chroma-worker");
    assert!(text.contains("invoked 4 time(s) in the window"), "{text}");
    assert!(text.contains("its logs agree"), "{text}");
}

#[test]
fn queues_and_map_show_the_age_of_the_oldest_message() {
    let sandbox = Sandbox::start("healthy");
    let queues = sandbox.json(&["queues"], 0);
    let row = |key: &str| {
        queues["queues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["key"] == key)
            .unwrap()
            .clone()
    };
    assert_eq!(row("lines")["oldest_message_age_seconds"], 12, "{queues:#}");
    let table = sandbox.text(&["--output", "table", "queues"], 0);
    assert!(table.contains("OLDEST"), "{table}");
    assert!(table.contains("12s"), "{table}");

    let map = sandbox.json(&["map"], 0);
    let lines = map["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "lines")
        .unwrap();
    assert_eq!(lines["depth"]["oldest_message_age_seconds"], 12, "{map:#}");
    let drawn = sandbox.text(&["--output", "table", "map"], 0);
    assert!(drawn.contains("oldest 12s"), "{drawn}");

    // Without data the field is null and the table says so.
    let empty = Sandbox::start("dlq");
    let queues = empty.json(&["queues"], 0);
    assert!(
        queues["queues"][0]["oldest_message_age_seconds"].is_null(),
        "{queues:#}"
    );
    assert!(
        empty
            .text(&["--output", "table", "queues"], 0)
            .contains("no data")
    );
}

#[test]
fn metrics_denied_make_verify_an_error_and_leave_queues_without_ages() {
    let sandbox = Sandbox::builder("healthy")
        .faults(json!([{
            "match": {"service": "monitoring", "action": "GetMetricData"},
            "fault": {"status": 400, "error_code": "AccessDenied",
                      "message": "not authorized to perform cloudwatch:GetMetricData"}
        }]))
        .start();
    let report = sandbox.json(&["verify"], 2);
    let c = check(&report, "metrics.lines");
    assert_eq!(c["status"], "error", "{c}");
    assert!(
        summary(&report, "metrics.lines").contains("GetMetricData"),
        "{c}"
    );
    let out = sandbox
        .ccx()
        .args(["--output", "json", "queues"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("age of the oldest messages is unknown"),
        "{stderr}"
    );
    let queues: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(queues["queues"][0]["oldest_message_age_seconds"].is_null());
}
