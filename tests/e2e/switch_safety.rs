//! Switching when things go wrong around ccx: a rollback killed half-way is finished by
//! the next run, which says so; two operators switching the same queues in opposite
//! directions at once never leave two consumers enabled; and an applied switch whose
//! audit record cannot be written says so loudly and exits 1.

use crate::common;

use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use common::{Sandbox, parse_json, raw_request, wait_until};
use serde_json::{Value, json};

const QUEUES: [&str; 2] = ["lines", "words"];

/// The state of the (function, queue) mapping, from moto itself.
fn state(sandbox: &Sandbox, function: &str, queue: &str) -> String {
    sandbox.mapping_state(&sandbox.mapping_uuid("dev", function, queue))
}

#[test]
fn a_rollback_killed_after_its_first_write_is_finished_by_the_next_run() {
    let sandbox = Sandbox::start("fallback");
    // The enable is held by the proxy long enough to kill ccx while it waits for it.
    sandbox.set_faults(json!([{
        "match": {"action": "UpdateEventSourceMapping", "body_contains": "\"Enabled\":true"},
        "times": 1,
        "fault": {"delay_ms": 15000}
    }]));
    let mut child = sandbox
        .ccx_std()
        .args(["rollback", "--yes"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_until(
        "the first write (the disable)",
        Duration::from_secs(60),
        || {
            sandbox.calls().iter().any(|c| {
                c["action"] == "UpdateEventSourceMapping"
                    && c["body"].as_str().is_some_and(|b| b.contains("false"))
                    && c["status"].as_u64().is_some_and(|s| s < 300)
            })
        },
    );
    // The old consumer drains, then the switch lease is tagged on right before the enable
    // (which the proxy holds): kill -9 once the lease is there.
    wait_until("the switch lease", Duration::from_secs(60), || {
        sandbox
            .calls()
            .iter()
            .any(|c| c["action"] == "TagResource" && c["status"].as_u64().is_some_and(|s| s < 300))
    });
    thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(state(&sandbox, "enhanced-compaction", "lines"), "Disabled");
    assert_eq!(state(&sandbox, "chroma-worker", "lines"), "Disabled");
    assert_eq!(state(&sandbox, "enhanced-compaction", "words"), "Enabled");

    sandbox.set_faults(json!([]));
    let out = sandbox.ccx().args(["rollback", "--yes"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("lines: found a half-done switch"),
        "the re-run says what it found: {stderr}"
    );
    // Killed while its enable was on the way, the run left its switch lease behind; its
    // process is gone, so the lease does not hold the re-run up.
    assert!(
        stderr.contains("removing a stale switch lease"),
        "the killed run's lease is recognised: {stderr}"
    );
    for queue in QUEUES {
        assert_eq!(
            state(&sandbox, "chroma-worker", queue),
            "Enabled",
            "{queue}"
        );
        assert_eq!(
            state(&sandbox, "enhanced-compaction", queue),
            "Disabled",
            "{queue}"
        );
    }
}

/// Polls moto (not the proxy: the calls log and rate limits stay ccx's) as fast as it
/// answers, and records the most enabled consumers any queue had at one moment.
struct Watcher {
    stop: Arc<AtomicBool>,
    handle: thread::JoinHandle<(usize, usize, Vec<String>)>,
}

impl Watcher {
    fn start(sandbox: &Sandbox) -> Watcher {
        let endpoint = sandbox.moto_endpoint().to_string();
        let arns: Vec<String> = QUEUES
            .iter()
            .map(|q| {
                sandbox.stack("dev")["queues"][q]["arn"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = thread::spawn(move || {
            let (mut readings, mut most, mut seen) = (0, 0, Vec::new());
            while !flag.load(Ordering::SeqCst) {
                let (status, _, body) = raw_request(
                    &endpoint,
                    "lambda",
                    "GET",
                    "/2015-03-31/event-source-mappings/",
                    &[],
                    "",
                );
                assert_eq!(status, 200, "{body}");
                readings += 1;
                for arn in &arns {
                    let on: Vec<String> = body["EventSourceMappings"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|m| m["EventSourceArn"] == arn.as_str() && m["State"] != "Disabled")
                        .map(|m| format!("{} {}", m["FunctionArn"], m["State"]))
                        .collect();
                    if on.len() > most {
                        most = on.len();
                        seen = on;
                    }
                }
            }
            (readings, most, seen)
        });
        Watcher { stop, handle }
    }

    /// (readings, the most consumers seen on one queue at once, who they were).
    fn finish(self) -> (usize, usize, Vec<String>) {
        self.stop.store(true, Ordering::SeqCst);
        self.handle.join().unwrap()
    }
}

/// One operator's run, in JSON.
fn spawn(sandbox: &Sandbox, args: &[&str]) -> std::process::Child {
    sandbox
        .ccx_std()
        .args(["--output", "json"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn two_operators_switching_in_opposite_directions_never_leave_two_consumers_on() {
    let sandbox = Sandbox::start("fallback");
    // Every enable takes a while on its way to Lambda: the moment between "no other
    // consumer is on" and the enable landing is wide, as it is on AWS.
    sandbox.set_faults(json!([{
        "match": {"action": "UpdateEventSourceMapping", "body_contains": "\"Enabled\":true"},
        "fault": {"delay_ms": 700}
    }]));
    for round in 0..3 {
        // Both queues without a consumer (as after an interrupted switch): each
        // operator's plan is to switch its target on.
        for queue in QUEUES {
            for function in ["enhanced-compaction", "chroma-worker"] {
                let uuid = sandbox.mapping_uuid("dev", function, queue);
                sandbox.query(&["update-mapping", &uuid, "--enabled", "false"]);
            }
        }
        let watcher = Watcher::start(&sandbox);
        let back = spawn(&sandbox, &["rollback", "--yes"]);
        let forward = spawn(
            &sandbox,
            &["switch", "--to", "enhanced-compaction", "--yes"],
        );
        let outputs = [
            back.wait_with_output().unwrap(),
            forward.wait_with_output().unwrap(),
        ];
        let (readings, most, seen) = watcher.finish();
        assert!(
            readings > 20,
            "round {round}: the watcher read only {readings} times"
        );
        assert!(
            most <= 1,
            "round {round}: {most} consumers were enabled on one queue at once: {seen:?}"
        );
        let reports: Vec<Value> = outputs
            .iter()
            .map(|out| {
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(
                    matches!(out.status.code(), Some(0 | 1)),
                    "round {round}: exit {:?}: {stderr}",
                    out.status.code()
                );
                parse_json(&out.stdout)
            })
            .collect();
        for queue in QUEUES {
            let on: Vec<&str> = ["enhanced-compaction", "chroma-worker"]
                .into_iter()
                .filter(|f| state(&sandbox, f, queue) == "Enabled")
                .collect();
            assert_eq!(on.len(), 1, "round {round}: {queue} ends with {on:?}");
            // Each run says what became of the queue: switched by one of them; the other
            // stopped (it found the first one's consumer on) or switched it after it.
            let outcomes: Vec<&str> = reports
                .iter()
                .map(|r| {
                    r["result"]["queues"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|q| q["queue"] == queue)
                        .map_or("absent", |q| q["outcome"].as_str().unwrap())
                })
                .collect();
            assert!(
                outcomes.contains(&"switched"),
                "round {round}: {queue}: {outcomes:?}"
            );
            for outcome in &outcomes {
                assert!(
                    ["switched", "stopped", "not_started", "nothing_to_do"].contains(outcome),
                    "round {round}: {queue}: {outcomes:?}"
                );
            }
        }
    }
}

#[test]
fn an_applied_switch_whose_audit_record_cannot_be_written_says_so_and_exits_1() {
    let sandbox = Sandbox::start("fallback");
    // The audit log's path is a directory: it cannot be opened for appending.
    let not_a_file = sandbox.tempdir().join("audit-dir");
    std::fs::create_dir_all(&not_a_file).unwrap();
    let out = sandbox
        .ccx()
        .args(["--output", "json", "rollback", "--yes", "--audit-log"])
        .arg(&not_a_file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("THE SWITCH WAS APPLIED, BUT ITS AUDIT RECORD WAS NOT WRITTEN"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\"outcome\":\"switched\""),
        "the record is shown: {stderr}"
    );
    let report = parse_json(&out.stdout);
    assert_eq!(report["status"], "applied");
    assert_eq!(report["ok"], false);
    assert!(
        report["audit_error"]
            .as_str()
            .unwrap()
            .contains("audit-dir")
    );
    // The switch stays: it is not undone.
    for queue in QUEUES {
        assert_eq!(state(&sandbox, "chroma-worker", queue), "Enabled");
        assert_eq!(state(&sandbox, "enhanced-compaction", queue), "Disabled");
    }
}
