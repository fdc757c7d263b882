//! `--create-missing` copies every setting that decides what a consumer receives and how:
//! batch size, batching window, scaling (maximum concurrency), response types, the
//! event filters, the mapping's own metrics and its provisioned pollers, shown in the
//! plan and sent in the create call. A switch between mappings that poll differently
//! says so in the plan.

use crate::common;

use common::Sandbox;
use serde_json::{Value, json};

const FILTER: &str = r#"{"body": {"type": ["COMPACTION_RUN"]}}"#;

#[test]
fn a_created_mapping_copies_filters_scaling_and_the_batching_window() {
    let sandbox = Sandbox::start("healthy");
    let replaced = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    let settings = json!({
        "FilterCriteria": {"Filters": [{"Pattern": FILTER}]},
        "MaximumBatchingWindowInSeconds": 7,
        "ScalingConfig": {"MaximumConcurrency": 4},
        "BatchSize": 20,
        "MetricsConfig": {"Metrics": ["EventCount"]},
        "ProvisionedPollerConfig": {"MinimumPollers": 3, "MaximumPollers": 40},
    });
    sandbox.query(&[
        "update-mapping",
        &replaced,
        "--settings",
        &settings.to_string(),
    ]);
    let target = sandbox.function_name("image-resizer");
    let args = [
        "switch",
        "--to",
        &target,
        "--queue",
        "lines",
        "--create-missing",
        "--force",
    ];

    // The plan names every copied setting.
    let text = sandbox.text(&[&args[..], &["--dry-run"]].concat(), 0);
    assert!(
        text.contains(&format!(
            "batch size 20 · batching window 7s · maximum concurrency 4 · response types ReportBatchItemFailures · filters {FILTER} · metrics EventCount · pollers 3–40"
        )),
        "{text}"
    );
    let report = sandbox.json(&[&args[..], &["--yes"]].concat(), 0);
    let planned = &report["plan"]["queues"][0]["settings"];
    assert_eq!(planned["filter_patterns"], json!([FILTER]), "{report:#}");
    assert_eq!(planned["maximum_batching_window_seconds"], 7);
    assert_eq!(planned["metrics"], json!(["EventCount"]), "{report:#}");
    assert_eq!(
        planned["provisioned_pollers"],
        json!({"minimum": 3, "maximum": 40})
    );
    // The created mapping copies the pollers: nothing changes in how lines is polled.
    assert_eq!(report["plan"]["queues"][0]["pollers_change"], Value::Null);

    let create = sandbox
        .calls()
        .into_iter()
        .find(|c| c["action"] == "CreateEventSourceMapping")
        .expect("a create call");
    let body: Value = serde_json::from_str(create["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body["FilterCriteria"]["Filters"][0]["Pattern"], FILTER,
        "{body}"
    );
    assert_eq!(body["MaximumBatchingWindowInSeconds"], 7, "{body}");
    assert_eq!(body["ScalingConfig"]["MaximumConcurrency"], 4, "{body}");
    assert_eq!(body["BatchSize"], 20, "{body}");
    assert_eq!(
        body["MetricsConfig"],
        json!({"Metrics": ["EventCount"]}),
        "{body}"
    );
    assert_eq!(
        body["ProvisionedPollerConfig"],
        json!({"MinimumPollers": 3, "MaximumPollers": 40}),
        "{body}"
    );

    let lines_arn = &sandbox.stack("dev")["queues"]["lines"]["arn"];
    let mappings = sandbox.query(&["mappings"]);
    let created = mappings
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["event_source_arn"] == *lines_arn && m["function_name"] == target.as_str())
        .expect("the created mapping");
    assert_eq!(created["state"], "Enabled");
    assert_eq!(created["filter_criteria"]["Filters"][0]["Pattern"], FILTER);
    assert_eq!(created["scaling_config"]["MaximumConcurrency"], 4);
    assert_eq!(created["maximum_batching_window"], 7);
    assert_eq!(
        created["metrics_config"],
        json!({"Metrics": ["EventCount"]})
    );
    assert_eq!(
        created["provisioned_poller_config"],
        json!({"MinimumPollers": 3, "MaximumPollers": 40})
    );
    assert_eq!(
        created["function_response_types"],
        json!(["ReportBatchItemFailures"])
    );
}

#[test]
fn a_switch_to_a_mapping_that_polls_otherwise_shows_the_difference() {
    let sandbox = Sandbox::start("fallback");
    let provisioned = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    let on_demand = sandbox.mapping_uuid("dev", "chroma-worker", "lines");
    let settings = json!({"ProvisionedPollerConfig": {"MinimumPollers": 3, "MaximumPollers": 40}});
    sandbox.query(&[
        "update-mapping",
        &provisioned,
        "--settings",
        &settings.to_string(),
    ]);

    let text = sandbox.text(&["rollback", "--queue", "lines", "--dry-run"], 0);
    assert!(
        text.contains(&format!(
            "lines: the target's mapping {on_demand} polls on demand, the one it replaces ({provisioned}) runs 3–40 provisioned pollers: throughput and cost change"
        )),
        "{text}"
    );
    let report = sandbox.json(&["rollback", "--queue", "lines", "--dry-run"], 0);
    let lines = &report["plan"]["queues"][0];
    assert_eq!(lines["queue"], "lines", "{report:#}");
    assert_eq!(
        lines["pollers_change"],
        json!({"replaced_uuid": provisioned, "replaced": {"minimum": 3, "maximum": 40},
               "target_uuid": on_demand, "target": null}),
        "{report:#}"
    );
    // words polls on demand before and after: no difference to show.
    let words = sandbox.json(&["rollback", "--queue", "words", "--dry-run"], 0);
    assert_eq!(words["plan"]["queues"][0]["pollers_change"], Value::Null);
}
