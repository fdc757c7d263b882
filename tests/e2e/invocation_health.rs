//! `ccx verify`'s invocation-health check (`logs.KEY.invocations`): the watched consumer's
//! own invocations read from its logs, with the figures, beside the metrics.

use crate::common;

use common::{Sandbox, now_ms};
use serde_json::{Value, json};

fn health(report: &Value) -> &Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "logs.enhanced-compaction.invocations")
        .unwrap_or_else(|| panic!("no invocation check: {report:#}"))
}

fn put(sandbox: &Sandbox, specs: Value, ago_ms: i64) {
    let group = format!(
        "/aws/lambda/{}",
        sandbox.function_name("enhanced-compaction")
    );
    let start = (now_ms() - ago_ms).to_string();
    sandbox.query(&[
        "put-invocations",
        &group,
        &specs.to_string(),
        "--start-ms",
        &start,
    ]);
}

#[test]
fn healthy_invocations_pass_with_their_figures() {
    let sandbox = Sandbox::start("healthy");
    let report = sandbox.json(&["verify"], 0);
    let check = health(&report);
    assert_eq!(check["status"], "pass", "{check}");
    assert_eq!(check["title"], "invocation health of enhanced-compaction");
    let summary = check["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("4 invocation(s) ")
            && summary.ends_with(", none failed; p95 812 ms of a 60 s timeout"),
        "{summary}"
    );
    let details = check["details"].to_string();
    assert!(details.contains("memory up to 187 of 1024 MB"), "{details}");
    assert!(details.contains("they agree with the logs"), "{details}");
}

#[test]
fn timeouts_warn_with_the_numbers_and_the_metrics_that_disagree() {
    let sandbox = Sandbox::start("healthy");
    // Two timeouts of the 60 s timeout, ending about now.
    put(
        &sandbox,
        json!([
            {"outcome": "timeout", "timeout_s": 60, "gap_ms": 0},
            {"outcome": "timeout", "timeout_s": 60}
        ]),
        125_000,
    );
    let report = sandbox.json(&["verify"], 0);
    let check = health(&report);
    assert_eq!(check["status"], "warn", "{check}");
    let summary = check["summary"].as_str().unwrap();
    assert!(
        summary.starts_with(
            "2 of 6 invocation(s) failed (2 timeouts); p95 duration 60.0 s is 100% of its 60 s \
             timeout "
        ),
        "{summary}"
    );
    let details = check["details"].to_string();
    assert!(
        details.contains("6 invocation(s): 4 ok, 2 failed (0 error, 2 timeout"),
        "{details}"
    );
    // The seeded metrics count no errors.
    assert!(details.contains("they disagree with the logs"), "{details}");
    sandbox.json(&["verify", "--strict"], 1);
}

#[test]
fn every_recent_invocation_failing_fails() {
    let sandbox = Sandbox::start("healthy");
    put(
        &sandbox,
        json!([
            {"outcome": "out_of_memory", "gap_ms": 0},
            {"outcome": "runtime_exit"}
        ]),
        10_000,
    );
    // Only the last 30 s: the two failures, not the seeded runs of minutes ago.
    let report = sandbox.json(&["verify", "--since", "30s"], 1);
    let check = health(&report);
    assert_eq!(check["status"], "fail", "{check}");
    assert_eq!(
        check["summary"],
        "every invocation in 30s failed: 2 of 2 invocation(s) failed (1 out of memory, \
         1 runtime exit); memory used up to 1024 of 1024 MB (100%)"
    );
}
