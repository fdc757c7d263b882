//! SQS's approximate counts over windows long enough to mean something: a rate and a
//! "not draining" warning only from readings a minute or more apart. These tests take
//! a minute each; shorter windows (no rate, no alarm) are covered in tests/state.rs and
//! tests/verify.rs.

use crate::common;

use std::thread;
use std::time::Duration;

use common::{Sandbox, parse_json_lines};
use serde_json::Value;

fn lines_url(sandbox: &Sandbox) -> String {
    sandbox.stack("dev")["queues"]["lines"]["url"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_sample_of_a_minute_warns_about_a_consumed_queue_that_does_not_drain() {
    // The sandbox keeps moto from delivering to Lambda, so the messages stay put.
    let sandbox = Sandbox::start("healthy");
    sandbox.query(&["send-messages", &lines_url(&sandbox), "4"]);
    let report = sandbox.json(&["verify", "--sample", "60s"], 0);
    let lines = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "queues.lines")
        .unwrap();
    assert_eq!(lines["status"], "warn", "{lines}");
    let summary = lines["summary"].as_str().unwrap();
    // The warning names the queue's own backlog first, then why it is a warning.
    assert!(summary.contains(": 4 visible, 0 in flight"), "{summary}");
    assert!(
        summary.contains("not draining: 4 → 4 visible (approximate) in 6"),
        "{summary}"
    );
    assert!(
        lines["details"].to_string().contains("approximate counts"),
        "{lines}"
    );
}

#[test]
fn watch_gives_a_rate_once_its_readings_span_a_minute() {
    let sandbox = Sandbox::start("healthy");
    let url = lines_url(&sandbox);
    let out = thread::scope(|scope| {
        scope.spawn(|| {
            thread::sleep(Duration::from_secs(10));
            sandbox.query(&["send-messages", &url, "31"]);
        });
        sandbox
            .ccx()
            .args(["--output", "json", "queues", "--watch"])
            .args(["--interval", "31s", "--count", "3"])
            .output()
            .expect("run ccx")
    });
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let readings: Vec<Value> = parse_json_lines(&out.stdout);
    assert_eq!(readings.len(), 3);
    let lines = |r: &Value| {
        r["queues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["key"] == "lines")
            .unwrap()
            .clone()
    };
    // 31 seconds in: the counts have changed, but there is no rate yet.
    assert_eq!(lines(&readings[1])["visible"], 31);
    assert!(lines(&readings[1]).get("drain_rate_per_second").is_none());
    assert_eq!(readings[1]["trend"]["window_seconds"], Value::Null);
    // A minute in: 31 more messages over about 62 seconds.
    let window = readings[2]["trend"]["window_seconds"].as_u64().unwrap();
    assert!((60..70).contains(&window), "{}", readings[2]);
    assert_eq!(lines(&readings[2])["drain_rate_per_second"], -0.5);
    assert!(lines(&readings[2]).get("drain_eta_seconds").is_none());
}
