//! Mapping transitions take time, as on AWS: after a write the test bed's "as AWS"
//! layer reports `Enabling`/`Disabling`/`Updating`/`Creating` for a while and refuses
//! another update meanwhile; every switch test runs under it, and the switch waits
//! each transition out before the next step.

use crate::common;

use std::time::{Duration, Instant};

use common::{Sandbox, raw_request};
use serde_json::{Value, json};

const MAPPINGS: &str = "/2015-03-31/event-source-mappings/";

fn put(sandbox: &Sandbox, uuid: &str, body: Value) -> (u16, Value) {
    let (status, _, answer) = raw_request(
        sandbox.endpoint(),
        "lambda",
        "PUT",
        &format!("{MAPPINGS}{uuid}"),
        &[],
        &body.to_string(),
    );
    (status, answer)
}

fn state(sandbox: &Sandbox, uuid: &str) -> String {
    let (_, _, answer) = raw_request(
        sandbox.endpoint(),
        "lambda",
        "GET",
        &format!("{MAPPINGS}{uuid}"),
        &[],
        "",
    );
    answer["State"].as_str().unwrap_or_default().to_string()
}

#[test]
fn a_write_starts_a_transition_that_refuses_updates_until_it_ends() {
    let sandbox = Sandbox::builder("healthy")
        .layer(json!({"mapping_transition_seconds": 1.5}))
        .start();
    let uuid = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    let (status, answer) = put(&sandbox, &uuid, json!({"Enabled": false}));
    assert_eq!(
        (status, answer["State"].as_str()),
        (202, Some("Disabling")),
        "{answer}"
    );
    assert_eq!(state(&sandbox, &uuid), "Disabling");
    let listed = sandbox.json(&["mappings"], 1);
    let mapping = listed["mappings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["uuid"] == uuid.as_str())
        .unwrap()
        .clone();
    assert_eq!(mapping["state"], "Disabling", "{mapping}");

    let (status, refused) = put(&sandbox, &uuid, json!({"Enabled": true}));
    assert_eq!(status, 400, "{refused}");
    assert_eq!(refused["__type"], "ResourceInUseException");

    let started = Instant::now();
    while state(&sandbox, &uuid) != "Disabled" {
        assert!(started.elapsed() < Duration::from_secs(5), "never settled");
        std::thread::sleep(Duration::from_millis(100));
    }
    // A change of settings alone is `Updating`.
    let (_, answer) = put(&sandbox, &uuid, json!({"BatchSize": 5}));
    assert_eq!(answer["State"], "Updating", "{answer}");
}

#[test]
fn a_switch_waits_each_transition_out_before_the_next_write() {
    let sandbox = Sandbox::builder("healthy")
        .layer(json!({"mapping_transition_seconds": 1.0}))
        .start();
    let target = sandbox.function_name("image-resizer");
    let report = sandbox.json(
        &[
            "switch",
            "--to",
            &target,
            "--queue",
            "lines",
            "--yes",
            "--create-missing",
            "--force",
        ],
        0,
    );
    let steps = report["result"]["queues"][0]["steps"]
        .as_array()
        .unwrap()
        .clone();
    let kinds: Vec<&str> = steps.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    // image-resizer has no mapping on lines: it is created, then the switch runs.
    assert_eq!(kinds, ["create", "disable", "enable"], "{report:#}");
    for step in &steps {
        assert!(
            step["duration_ms"].as_u64().unwrap() >= 900,
            "a step that did not wait for its transition: {step}"
        );
    }
    // Each write came only after the previous one had settled.
    let writes: Vec<f64> = sandbox
        .calls()
        .iter()
        .filter(|c| {
            ["CreateEventSourceMapping", "UpdateEventSourceMapping"]
                .contains(&c["action"].as_str().unwrap_or_default())
        })
        .map(|c| c["t"].as_f64().unwrap())
        .collect();
    assert_eq!(writes.len(), 3);
    for pair in writes.windows(2) {
        assert!(pair[1] - pair[0] >= 0.9, "{writes:?}");
    }
}
