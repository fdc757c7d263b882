//! CloudWatch metrics end to end: datapoints put into the emulator with PutMetricData,
//! read by ccx with one GetMetricData call (CBOR, as AWS speaks it, translated by the
//! proxy), turned into `verify`'s `metrics.KEY` verdicts; no data never passes; `queues`
//! and `map` show the age of each queue's oldest message.

use crate::common;

use common::{Sandbox, check, json_output};
use serde_json::{Value, json};

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

/// What CloudWatch answers a caller without the permission (IAM's wording).
fn denied() -> Value {
    json!([{
        "match": {"service": "monitoring", "action": "GetMetricData"},
        "fault": {"status": 403, "error_code": "AccessDenied",
                  "message": "User: arn:aws:sts::123456789012:user/moto is not authorized to perform: cloudwatch:GetMetricData because no identity-based policy allows the cloudwatch:GetMetricData action"}
    }])
}

fn error_checks(report: &Value) -> Vec<&Value> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "error")
        .collect()
}

/// The metric checks that needed the reading: not run, because of the one error.
fn assert_metric_checks_not_run(report: &Value) {
    for id in ["metrics.lines", "metrics.enhanced-compaction"] {
        let c = check(report, id);
        assert_eq!(c["status"], "skip", "{c}");
        assert_eq!(c["not_run"], "source_failed", "{c}");
    }
}

#[test]
fn metrics_denied_are_one_error_naming_the_permission_and_the_caller() {
    let sandbox = Sandbox::builder("healthy").faults(denied()).start();
    let report = sandbox.json(&["verify"], 2);
    let errors = error_checks(&report);
    assert_eq!(errors.len(), 1, "{report:#}");
    assert_eq!(errors[0]["id"], "metrics");
    assert_eq!(
        errors[0]["summary"],
        "cloudwatch:GetMetricData denied for arn:aws:sts::123456789012:user/moto: grant it (`ccx policy` prints the policy) or `--skip metrics`"
    );
    assert_metric_checks_not_run(&report);
    assert_eq!(check(&report, "queues.lines")["status"], "pass");
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

#[test]
fn an_endpoint_that_answers_cloudwatch_in_xml_is_one_error_naming_the_setting() {
    // An emulator that speaks CloudWatch's query protocol only answers in XML.
    let sandbox = Sandbox::builder("healthy")
        .faults(json!([{
            "match": {"service": "monitoring", "action": "GetMetricData"},
            "fault": {"status": 200, "raw": {"content_type": "text/xml",
                "body": "<GetMetricDataResponse><GetMetricDataResult><MetricDataResults/></GetMetricDataResult></GetMetricDataResponse>"}}
        }]))
        .start();
    let report = sandbox.json(&["verify"], 2);
    let errors = error_checks(&report);
    assert_eq!(errors.len(), 1, "{report:#}");
    let summary = errors[0]["summary"].as_str().unwrap();
    assert!(
        summary.contains(&format!(
            "the CloudWatch endpoint {} set by AWS_ENDPOINT_URL does not answer in CloudWatch's protocol",
            sandbox.endpoint()
        )),
        "{summary}"
    );
    assert!(
        errors[0]["details"][0]
            .as_str()
            .unwrap()
            .contains("content type text/xml"),
        "{report:#}"
    );
    assert_metric_checks_not_run(&report);

    // Plain moto for CloudWatch alone: its answer to a CBOR request is an HTML page.
    let report = json_output(
        sandbox
            .ccx()
            .env("AWS_ENDPOINT_URL_CLOUDWATCH", sandbox.moto_endpoint())
            .args(["--output", "json", "verify"]),
        2,
    );
    let errors = error_checks(&report);
    assert_eq!(errors.len(), 1, "{report:#}");
    assert!(
        errors[0]["summary"]
            .as_str()
            .unwrap()
            .contains("set by AWS_ENDPOINT_URL_CLOUDWATCH"),
        "{report:#}"
    );
}

#[test]
fn skip_metrics_reads_none_and_reports_them_as_not_run_even_under_strict() {
    let sandbox = Sandbox::builder("healthy").faults(denied()).start();
    let report = sandbox.json(&["verify", "--skip", "metrics", "--strict"], 0);
    assert_eq!(report["skipped"], json!(["metrics"]), "{report:#}");
    for id in ["metrics.lines", "metrics.enhanced-compaction"] {
        let c = check(&report, id);
        assert_eq!(c["status"], "skip", "{c}");
        assert_eq!(c["not_run"], "skipped", "{c}");
    }
    assert!(error_checks(&report).is_empty(), "{report:#}");
    assert!(
        !sandbox
            .calls()
            .iter()
            .any(|c| c["action"] == "GetMetricData"),
        "no metrics read"
    );
    sandbox.clear_calls();
    let text = sandbox.text(
        &[
            "--output", "table", "verify", "--skip", "metrics", "--skip", "logs",
        ],
        0,
    );
    assert!(
        text.contains("PASS with 10 check(s) not run (--skip metrics, --skip logs)"),
        "{text}"
    );
    assert!(
        !sandbox
            .calls()
            .iter()
            .any(|c| c["action"] == "FilterLogEvents"),
        "no logs searched"
    );
    let out = sandbox
        .ccx()
        .args(["verify", "--skip", "alarms"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("ccx: error:"), "{stderr}");
}

#[test]
fn a_dlq_outside_the_stack_whose_metrics_fail_costs_only_its_queue_s_check() {
    let sandbox = Sandbox::builder("healthy").stacks(&["dev", "prod"]).start();
    let lines = sandbox.stack("dev")["queues"]["lines"].clone();
    let prod_dlq = sandbox.stack("prod")["queues"]["lines"]["dlq_arn"].clone();
    let prod_dlq_name = sandbox.stack("prod")["queues"]["lines"]["dlq_name"]
        .as_str()
        .unwrap()
        .to_string();
    let redrive = json!({"deadLetterTargetArn": prod_dlq, "maxReceiveCount": 3});
    sandbox.set_faults(json!([
        {"match": {"service": "sqs", "action": "GetQueueAttributes",
                   "body_contains": lines["url"]},
         "fault": {"rewrite": {"Attributes": {
             "QueueArn": lines["arn"],
             "ApproximateNumberOfMessages": "0",
             "ApproximateNumberOfMessagesNotVisible": "0",
             "ApproximateNumberOfMessagesDelayed": "0",
             "VisibilityTimeout": "360",
             "RedrivePolicy": redrive.to_string()}}}},
        {"match": {"service": "monitoring", "action": "GetMetricData",
                   "body_contains": prod_dlq_name},
         "fault": {"status": 500, "error_code": "InternalFailure", "message": "injected"}}
    ]));
    let report = sandbox.json(&["verify"], 2);
    let errors = error_checks(&report);
    assert_eq!(errors.len(), 1, "{report:#}");
    assert_eq!(errors[0]["id"], "metrics.lines");
    assert!(
        errors[0]["summary"].as_str().unwrap().contains(&format!(
            "could not read the metrics of DLQ {prod_dlq_name}"
        )),
        "{report:#}"
    );
    for id in ["metrics.words", "metrics.enhanced-compaction"] {
        assert_eq!(check(&report, id)["status"], "pass", "{id}: {report:#}");
    }
}
