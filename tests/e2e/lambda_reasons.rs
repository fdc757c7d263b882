//! What Lambda says of a mapping besides its state (`StateTransitionReason`,
//! `LastProcessingResult`), set through the proxy's rewrite of ListEventSourceMappings
//! answers: `verify` and `mappings` fail with Lambda's reason.

use crate::common;

use common::Sandbox;
use serde_json::{Value, json};

/// Lambda reports `fields` for the mapping of enhanced-compaction on lines.
fn lambda_reports(sandbox: &Sandbox, fields: Value) {
    sandbox.set_faults(json!([{
        "match": {"service": "lambda", "action": "ListEventSourceMappings",
                  "uuid": sandbox.mapping_uuid("dev", "enhanced-compaction", "lines")},
        "fault": {"rewrite": fields}
    }]));
}

fn lines_check(report: &Value) -> &Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "consumers.lines")
        .unwrap()
}

#[test]
fn a_problem_lambda_reports_fails_verify_and_mappings_though_the_state_looks_fine() {
    let sandbox = Sandbox::start("healthy");
    lambda_reports(
        &sandbox,
        json!({"LastProcessingResult": "PROBLEM: Function call failed"}),
    );
    let report = sandbox.json(&["verify"], 1);
    let check = lines_check(&report);
    assert_eq!(check["status"], "fail", "{check}");
    assert!(
        check["summary"]
            .as_str()
            .unwrap()
            .ends_with("(Enabled): last batch: PROBLEM: Function call failed"),
        "{check}"
    );
    let mappings = sandbox.json(&["mappings"], 1);
    assert_eq!(
        mappings["problems"].as_array().unwrap().len(),
        1,
        "{mappings:#}"
    );
    assert!(
        mappings["problems"][0]
            .as_str()
            .unwrap()
            .contains("Lambda reports")
    );
    let text = sandbox.text(&["mappings"], 1);
    assert!(
        text.contains("last batch: PROBLEM: Function call failed"),
        "{text}"
    );
}

#[test]
fn a_consumer_lambda_disabled_fails_with_lambdas_reason() {
    let sandbox = Sandbox::start("healthy");
    lambda_reports(
        &sandbox,
        json!({"State": "Disabled", "StateTransitionReason": "PROBLEM: Function not found"}),
    );
    let report = sandbox.json(&["verify"], 1);
    let check = lines_check(&report);
    let summary = check["summary"].as_str().unwrap();
    assert!(summary.contains("has no enabled consumer"), "{summary}");
    assert!(
        summary.ends_with("Lambda changed its state itself (PROBLEM: Function not found)"),
        "{summary}"
    );
}

#[test]
fn a_switched_off_old_consumer_with_lambdas_reason_is_history_not_a_failure() {
    let sandbox = Sandbox::start("fallback");
    sandbox.set_faults(json!([{
        "match": {"service": "lambda", "action": "ListEventSourceMappings",
                  "uuid": sandbox.mapping_uuid("dev", "chroma-worker", "lines")},
        "fault": {"rewrite": {"StateTransitionReason": "Lambda initiated",
                              "LastProcessingResult": "PROBLEM: Function call failed"}}
    }]));
    let report = sandbox.json(&["verify"], 0);
    assert_eq!(lines_check(&report)["status"], "pass", "{report:#}");
    let mappings = sandbox.json(&["mappings"], 0);
    let row = mappings["mappings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["function"] == "chroma-worker" && m["source"] == "lines")
        .unwrap();
    // Lambda's words are shown, but do not fail a source whose consumer is fine.
    assert_eq!(row["troubles"].as_array().unwrap().len(), 2, "{row}");
    assert!(mappings["problems"].as_array().unwrap().is_empty());
}
