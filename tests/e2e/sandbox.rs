//! Smoke tests of the test harness itself: the seeded scenarios and the fault proxy
//! (the proxy's "as AWS" layer has tests of its own in tests/as_aws.rs).

use crate::common;

use std::collections::BTreeSet;

use common::Sandbox;
use serde_json::{Value, json};

/// Every mapping in `stack` as "function -> source: State", read back through query.py,
/// with short names (the source is a queue or `table`).
fn consumers(sandbox: &Sandbox, stack: &str) -> BTreeSet<String> {
    let info = sandbox.stack(stack);
    let short_name = |kind: &str, field: &str, wanted: &str| -> Option<String> {
        info[kind].as_object()?.iter().find_map(|(short, entry)| {
            let value = if field.is_empty() {
                entry
            } else {
                &entry[field]
            };
            (value.as_str()? == wanted).then(|| short.clone())
        })
    };
    sandbox
        .query(&["mappings"])
        .as_array()
        .expect("mappings")
        .iter()
        .filter_map(|m| {
            let function = short_name("functions", "", m["function_name"].as_str()?)?;
            let source_arn = m["event_source_arn"].as_str()?;
            let source = short_name("queues", "arn", source_arn).or_else(|| {
                (info["table"]["stream_arn"].as_str()? == source_arn).then(|| "table".into())
            })?;
            Some(format!("{function} -> {source}: {}", m["state"].as_str()?))
        })
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

const REST_OF_TOPOLOGY: [&str; 3] = [
    "embed-from-ndjson -> embed-ndjson: Enabled",
    "stream-processor -> table: Enabled",
    "image-resizer -> thumbnails: Enabled",
];

fn with_rest(items: &[&str]) -> BTreeSet<String> {
    let mut all = set(items);
    all.extend(set(&REST_OF_TOPOLOGY));
    all
}

fn function_names(sandbox: &Sandbox) -> BTreeSet<String> {
    let functions = sandbox.stack("dev")["functions"].as_object().unwrap();
    functions.keys().cloned().collect()
}

#[test]
fn healthy_has_only_the_new_consumer() {
    let sandbox = Sandbox::start("healthy");
    assert_eq!(
        consumers(&sandbox, "dev"),
        with_rest(&[
            "enhanced-compaction -> lines: Enabled",
            "enhanced-compaction -> words: Enabled",
        ])
    );
    assert!(!function_names(&sandbox).contains("chroma-worker"));
}

#[test]
fn fallback_keeps_the_old_consumer_disabled() {
    let sandbox = Sandbox::start("fallback");
    assert_eq!(
        consumers(&sandbox, "dev"),
        with_rest(&[
            "enhanced-compaction -> lines: Enabled",
            "enhanced-compaction -> words: Enabled",
            "chroma-worker -> lines: Disabled",
            "chroma-worker -> words: Disabled",
        ])
    );
}

#[test]
fn before_is_the_pre_cutover_state() {
    let sandbox = Sandbox::start("before");
    assert_eq!(
        consumers(&sandbox, "dev"),
        with_rest(&[
            "chroma-worker -> lines: Enabled",
            "chroma-worker -> words: Enabled",
            "enhanced-compaction -> lines: Disabled",
            "enhanced-compaction -> words: Disabled",
        ])
    );
}

#[test]
fn duplicate_has_two_enabled_consumers_on_lines() {
    let sandbox = Sandbox::start("duplicate");
    assert_eq!(
        consumers(&sandbox, "dev"),
        with_rest(&[
            "chroma-worker -> lines: Enabled",
            "enhanced-compaction -> lines: Enabled",
            "chroma-worker -> words: Disabled",
            "enhanced-compaction -> words: Enabled",
        ])
    );
}

#[test]
fn dlq_has_messages_in_the_lines_queue_and_its_dlq() {
    let sandbox = Sandbox::start("dlq");
    let lines = &sandbox.stack("dev")["queues"]["lines"];
    let queue = sandbox.query(&["queue-attrs", lines["url"].as_str().unwrap()]);
    let dlq = sandbox.query(&["queue-attrs", lines["dlq_url"].as_str().unwrap()]);
    assert_eq!(queue["ApproximateNumberOfMessages"], "5");
    assert_eq!(dlq["ApproximateNumberOfMessages"], "3");
    let redrive: Value = serde_json::from_str(queue["RedrivePolicy"].as_str().unwrap()).unwrap();
    assert_eq!(redrive["deadLetterTargetArn"], lines["dlq_arn"]);
    assert!(!lines["dlq_name"].as_str().unwrap().contains("lines-queue"));
}

#[test]
fn messages_sent_to_a_consumed_queue_stay_there() {
    let sandbox = Sandbox::start("healthy");
    let url = sandbox.stack("dev")["queues"]["lines"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    for _ in 0..4 {
        sandbox.query(&["send-messages", &url, "3"]);
    }
    let attributes = sandbox.query(&["queue-attrs", &url]);
    assert_eq!(attributes["ApproximateNumberOfMessages"], "12");
}

#[test]
fn empty_has_nothing() {
    let sandbox = Sandbox::start("empty");
    assert_eq!(sandbox.query(&["mappings"]), json!([]));
    assert_eq!(function_names(&sandbox), BTreeSet::new());
}

#[test]
fn healthy_logs_show_recent_compaction_runs() {
    let sandbox = Sandbox::start("healthy");
    let group = sandbox.stack("dev")["log_groups"]["enhanced-compaction"]
        .as_str()
        .unwrap();
    let events = sandbox.query(&["log-events", group, "--filter", "Merged"]);
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 4);
    assert!(
        events
            .iter()
            .all(|e| e["message"] == "[INFO] Merged 128 records into lines\n"
                || e["message"] == "[INFO] Merged 128 records into words\n")
    );
    let streams: BTreeSet<_> = events
        .iter()
        .map(|e| e["stream"].as_str().unwrap())
        .collect();
    assert_eq!(streams.len(), 2);
}

#[test]
fn two_stacks_get_separate_resources() {
    let sandbox = Sandbox::builder("fallback")
        .stacks(&["dev", "prod"])
        .start();
    for stack in ["dev", "prod"] {
        let info = sandbox.stack(stack);
        let names = info["functions"].as_object().unwrap().values().chain(
            info["queues"]
                .as_object()
                .unwrap()
                .values()
                .map(|q| &q["name"]),
        );
        for name in names {
            let name = name.as_str().unwrap();
            assert!(
                name.split('-').any(|token| token == stack),
                "{name} is not in {stack}"
            );
        }
        assert_eq!(consumers(&sandbox, stack).len(), 7);
    }
    assert_ne!(
        sandbox.stack("dev")["queues"]["lines"]["arn"],
        sandbox.stack("prod")["queues"]["lines"]["arn"]
    );
    assert_eq!(sandbox.query(&["mappings"]).as_array().unwrap().len(), 14);
}

/// One Lambda request straight to `endpoint`.
fn raw_request(endpoint: &str, method: &str, path: &str, body: &str) -> (u16, String, Value) {
    common::raw_request(endpoint, "lambda", method, path, &[], body)
}

#[test]
fn proxy_records_calls_and_injects_errors_and_rewrites() {
    let sandbox = Sandbox::start("fallback");
    let endpoint = sandbox.endpoint().to_string();
    let uuid = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    let mapping_path = format!("/2015-03-31/event-source-mappings/{uuid}");

    let (status, _, listed) =
        raw_request(&endpoint, "GET", "/2015-03-31/event-source-mappings/", "");
    assert_eq!(status, 200);
    assert_eq!(listed["EventSourceMappings"].as_array().unwrap().len(), 7);
    let calls = sandbox.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0]["service"], "lambda");
    assert_eq!(calls[0]["action"], "ListEventSourceMappings");
    assert_eq!(calls[0]["status"], 200);
    assert_eq!(calls[0]["fault"], false);

    sandbox.set_faults(json!([{
        "match": {"action": "GetEventSourceMapping", "uuid": uuid},
        "times": 1,
        "fault": {"status": 500, "error_code": "ServiceException", "message": "boom"}
    }]));
    let (status, head, error) = raw_request(&endpoint, "GET", &mapping_path, "");
    assert_eq!(status, 500);
    assert!(
        head.contains("x-amzn-errortype: serviceexception"),
        "{head}"
    );
    assert_eq!(error["__type"], "ServiceException");
    let (status, _, mapping) = raw_request(&endpoint, "GET", &mapping_path, "");
    assert_eq!(status, 200, "the fault applies only once");
    assert_eq!(mapping["State"], "Enabled");

    sandbox.set_faults(json!([{
        "match": {"uuid": uuid}, "times": 2, "fault": {"rewrite": {"State": "Enabling"}}
    }]));
    let (_, _, mapping) = raw_request(&endpoint, "GET", &mapping_path, "");
    assert_eq!(mapping["State"], "Enabling");
    let (_, _, listed) = raw_request(&endpoint, "GET", "/2015-03-31/event-source-mappings/", "");
    for m in listed["EventSourceMappings"].as_array().unwrap() {
        let expected = if m["UUID"] == uuid.as_str() {
            "Enabling"
        } else {
            m["State"].as_str().unwrap()
        };
        assert_eq!(m["State"], expected);
    }
    let (_, _, mapping) = raw_request(&endpoint, "GET", &mapping_path, "");
    assert_eq!(
        mapping["State"], "Enabled",
        "the rewrite applies twice only"
    );

    let calls = sandbox.calls();
    let faulted: Vec<_> = calls
        .iter()
        .map(|c| c["fault"].as_bool().unwrap())
        .collect();
    assert_eq!(faulted, [false, true, false, true, true, false]);
    assert_eq!(calls[1]["uuid"], uuid.as_str());
    assert_eq!(calls[1]["status"], 500);
    sandbox.clear_calls();
    assert!(sandbox.calls().is_empty());
}

#[test]
fn proxy_can_fail_an_update_that_moto_applied() {
    let sandbox = Sandbox::start("fallback");
    let uuid = sandbox.mapping_uuid("dev", "chroma-worker", "lines");
    sandbox.set_faults(json!([{
        "match": {"action": "UpdateEventSourceMapping", "uuid": uuid, "body_contains": "\"Enabled\":true"},
        "fault": {"status": 500, "error_code": "ServiceException", "forward": true}
    }]));
    let path = format!("/2015-03-31/event-source-mappings/{uuid}");
    let (status, _, _) = raw_request(sandbox.endpoint(), "PUT", &path, r#"{"Enabled": true}"#);
    assert_eq!(status, 500);
    assert_eq!(sandbox.mapping_state(&uuid), "Enabled");
    let (status, _, _) = raw_request(sandbox.endpoint(), "PUT", &path, r#"{"Enabled":false}"#);
    assert_eq!(status, 202, "a disable does not match the rule");
    assert_eq!(sandbox.mapping_state(&uuid), "Disabled");
}

#[test]
fn proxy_classifies_the_rust_sdk_calls_of_ccx() {
    let sandbox = Sandbox::start("healthy");
    sandbox.ccx().args(["mappings"]).output().unwrap();
    sandbox.ccx().args(["queues"]).output().unwrap();
    let calls = sandbox.calls();
    let seen: BTreeSet<String> = calls
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c["service"].as_str().unwrap_or("?"),
                c["action"].as_str().unwrap()
            )
        })
        .collect();
    assert!(seen.contains("lambda ListEventSourceMappings"), "{seen:?}");
    assert!(seen.contains("sqs GetQueueAttributes"), "{seen:?}");
}

/// `scripts/demo`'s sandbox, started as the demo starts it (`start_demo_sandbox` in
/// `scripts/lib.sh`): `verify` reads everything it needs there, CloudWatch's metrics
/// included, so the demo's main job is not an error.
#[test]
fn the_demo_sandbox_answers_every_read_of_verify() {
    let python = common::python_path();
    let venv = python
        .parent()
        .and_then(|bin| bin.parent())
        .expect("a venv");
    let home = tempfile::tempdir().unwrap();
    let script = format!(
        "source scripts/lib.sh && start_demo_sandbox && '{}' verify",
        env!("CARGO_BIN_EXE_ccx")
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &script])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("CCX_VENV", venv)
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("AWS_CONFIG_FILE", home.path().join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.path().join("none"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("Result: "), "{stdout}");
    assert!(
        !stdout.contains("? ERROR") && !stdout.contains("could not"),
        "a check could not run:\n{stdout}"
    );
    // The metrics were read (no data in this scenario), not refused by the protocol.
    assert!(
        stdout.contains("- skip  CloudWatch metrics of queue lines"),
        "{stdout}"
    );
}
