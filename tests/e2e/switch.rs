//! `ccx rollback` / `ccx switch` against the moto sandbox, through the call-recording,
//! fault-injecting proxy.

use crate::common;

use std::path::PathBuf;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use common::{Sandbox, parse_json};
use predicates::prelude::*;
use serde_json::{Value, json};

const WRITES: [&str; 3] = [
    "UpdateEventSourceMapping",
    "CreateEventSourceMapping",
    "DeleteEventSourceMapping",
];

/// Every write call the proxy saw: (action, uuid, body).
fn writes(sandbox: &Sandbox) -> Vec<(String, String, String)> {
    sandbox
        .calls()
        .iter()
        .filter(|c| c["action"].as_str().is_some_and(|a| WRITES.contains(&a)))
        .map(|c| {
            (
                c["action"].as_str().unwrap_or_default().to_string(),
                c["uuid"].as_str().unwrap_or_default().to_string(),
                c["body"].as_str().unwrap_or_default().replace(' ', ""),
            )
        })
        .collect()
}

fn uuid(sandbox: &Sandbox, function: &str, queue: &str) -> String {
    sandbox.mapping_uuid("dev", function, queue)
}

fn update(uuid: &str, enabled: bool) -> (String, String, String) {
    (
        "UpdateEventSourceMapping".into(),
        uuid.into(),
        format!("{{\"Enabled\":{enabled}}}"),
    )
}

fn audit_path(sandbox: &Sandbox) -> PathBuf {
    sandbox
        .tempdir()
        .join("state")
        .join("ccx")
        .join("audit.jsonl")
}

/// The audit log's lines, each parsed (a malformed line fails the test).
fn audit_lines(sandbox: &Sandbox) -> Vec<Value> {
    let text = std::fs::read_to_string(audit_path(sandbox)).unwrap_or_default();
    text.lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("malformed audit line {l:?}: {e}"))
        })
        .collect()
}

/// State of each (function, queue) mapping, read from moto directly.
fn states(sandbox: &Sandbox, pairs: &[(&str, &str)]) -> Vec<String> {
    pairs
        .iter()
        .map(|(f, q)| sandbox.mapping_state(&uuid(sandbox, f, q)))
        .collect()
}

const ALL: [(&str, &str); 4] = [
    ("enhanced-compaction", "lines"),
    ("chroma-worker", "lines"),
    ("enhanced-compaction", "words"),
    ("chroma-worker", "words"),
];

#[test]
fn rollback_breaks_before_it_makes_is_idempotent_and_switch_rolls_forward() {
    let sandbox = Sandbox::start("fallback");
    let new_lines = uuid(&sandbox, "enhanced-compaction", "lines");
    let old_lines = uuid(&sandbox, "chroma-worker", "lines");
    let new_words = uuid(&sandbox, "enhanced-compaction", "words");
    let old_words = uuid(&sandbox, "chroma-worker", "words");

    sandbox
        .ccx()
        .args(["rollback", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("switched"))
        .stderr(predicate::str::contains(
            "the next deploy will undo this rollback to the fallback",
        ))
        .stderr(predicate::str::contains(
            "enable_enhanced_sqs_mappings=False",
        ))
        .stderr(predicate::str::contains("pulumi up"));
    assert_eq!(
        states(&sandbox, &ALL),
        ["Disabled", "Enabled", "Disabled", "Enabled"]
    );
    // Break before make, queue by queue, and nothing else written.
    assert_eq!(
        writes(&sandbox),
        [
            update(&new_lines, false),
            update(&old_lines, true),
            update(&new_words, false),
            update(&old_words, true)
        ]
    );
    // The enable went out only after a read saw the disabled mapping settled.
    let calls = sandbox.calls();
    let position = |action: &str, uuid: &str, body: &str| {
        calls
            .iter()
            .position(|c| {
                c["action"] == action
                    && c["uuid"] == uuid
                    && c["body"]
                        .as_str()
                        .unwrap_or_default()
                        .replace(' ', "")
                        .contains(body)
            })
            .unwrap_or_else(|| panic!("no {action} {uuid} {body}"))
    };
    let disable = position("UpdateEventSourceMapping", &new_lines, "false");
    let enable = position("UpdateEventSourceMapping", &old_lines, "true");
    assert!(
        calls[disable + 1..enable]
            .iter()
            .any(|c| c["action"] == "GetEventSourceMapping" && c["uuid"] == new_lines.as_str())
    );

    // The audit record: one line, with who, where, the plan and each step's timing.
    let audit = audit_lines(&sandbox);
    assert_eq!(audit.len(), 1);
    let record = &audit[0];
    assert_eq!(record["caller"]["account"], sandbox.info()["account"]);
    assert_eq!(record["region"], sandbox.info()["region"]);
    assert_eq!(record["stack"], "dev");
    assert_eq!(record["plan"]["command"], "rollback");
    assert_eq!(record["outcome"], "switched");
    assert_eq!(record["exit_code"], 0);
    assert!(record["time"].as_str().is_some_and(|t| t.ends_with('Z')));
    let queues = record["result"]["queues"].as_array().expect("queues");
    assert_eq!(queues.len(), 2);
    for q in queues {
        assert_eq!(q["outcome"], "switched");
        let steps = q["steps"].as_array().expect("steps");
        assert_eq!(
            steps
                .iter()
                .map(|s| s["kind"].as_str().unwrap())
                .collect::<Vec<_>>(),
            ["disable", "enable"]
        );
        assert!(
            steps
                .iter()
                .all(|s| s["duration_ms"].is_u64() && s["outcome"] == "done")
        );
    }

    // A second rollback has nothing to do, writes nothing and exits 0.
    sandbox.clear_calls();
    sandbox
        .ccx()
        .args(["rollback", "--yes"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Nothing to change"));
    assert_eq!(writes(&sandbox), []);
    assert_eq!(audit_lines(&sandbox).len(), 1);

    // And forward again restores the original state.
    sandbox
        .ccx()
        .args(["switch", "--to", "enhanced-compaction", "--yes"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "enable_enhanced_sqs_mappings=True",
        ))
        // Forward to the topology's consumer is what the IaC is expected to declare.
        .stderr(predicate::str::contains(
            "is the consumer the topology expects on lines, words, which is what the IaC is expected to declare",
        ))
        .stderr(predicate::str::contains("still declares chroma").not())
        .stderr(predicate::str::contains("will undo").not());
    assert_eq!(
        states(&sandbox, &ALL),
        ["Enabled", "Disabled", "Enabled", "Disabled"]
    );
    assert_eq!(
        writes(&sandbox),
        [
            update(&old_lines, false),
            update(&new_lines, true),
            update(&old_words, false),
            update(&new_words, true)
        ]
    );
    let audit = audit_lines(&sandbox);
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[1]["plan"]["command"], "switch");
    assert_eq!(audit[1]["plan"]["to"], "enhanced-compaction");
}

#[test]
fn rollback_is_refused_when_the_fallback_was_deleted() {
    let sandbox = Sandbox::start("healthy");
    sandbox
        .ccx()
        .args(["rollback", "--yes"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("refused"))
        .stderr(predicate::str::contains("chroma-worker"))
        .stderr(predicate::str::contains(
            "uncomment the chroma_worker_lambda",
        ))
        .stderr(predicate::str::contains("pulumi up"));
    assert_eq!(writes(&sandbox), []);
    assert!(!audit_path(&sandbox).exists());
    // The readings happened (so this is a refusal, not a crash before the plan).
    assert!(
        sandbox
            .calls()
            .iter()
            .any(|c| c["action"] == "ListEventSourceMappings")
    );
}

#[test]
fn without_a_terminal_or_yes_nothing_is_applied() {
    let sandbox = Sandbox::start("fallback");
    sandbox
        .ccx()
        .arg("rollback")
        .write_stdin("y\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"))
        .stderr(predicate::str::contains(
            "stdin and stderr are not terminals",
        ));
    assert_eq!(writes(&sandbox), []);
    assert_eq!(
        states(&sandbox, &ALL),
        ["Enabled", "Disabled", "Enabled", "Disabled"]
    );
    assert!(!audit_path(&sandbox).exists());
}

#[test]
fn dry_run_shows_the_plan_and_writes_nothing() {
    let sandbox = Sandbox::start("fallback");
    let new_lines = uuid(&sandbox, "enhanced-compaction", "lines");
    let old_lines = uuid(&sandbox, "chroma-worker", "lines");
    sandbox
        .ccx()
        .args(["rollback", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains(new_lines.as_str()))
        .stdout(predicate::str::contains(old_lines.as_str()))
        .stdout(predicate::str::contains("1. disable"))
        .stdout(predicate::str::contains("2. enable"))
        .stderr(predicate::str::contains("Dry run"));

    let output = sandbox
        .ccx()
        .args(["switch", "--to", "chroma-worker", "--dry-run", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report = parse_json(&output.stdout);
    assert_eq!(report["status"], "dry_run");
    assert_eq!(report["result"], Value::Null);
    let lines = &report["plan"]["queues"][0];
    assert_eq!(lines["queue"], "lines");
    assert_eq!(lines["action"], "switch");
    assert_eq!(lines["target_role"], "fallback");
    assert_eq!(lines["disable"][0]["uuid"], new_lines.as_str());
    assert_eq!(lines["enable"]["uuid"], old_lines.as_str());
    assert_eq!(writes(&sandbox), []);
}

#[test]
fn a_rollback_onto_a_fallback_whose_timeout_outlasts_the_visibility_timeout_warns_in_the_plan() {
    // The runbook's chroma-worker runs up to 900 s; lines and words hide a message 360 s.
    let sandbox = Sandbox::start("fallback");
    let text = sandbox.text(&["rollback", "--dry-run"], 0);
    for queue in ["lines", "words"] {
        let warning = format!(
            "! {queue}: {} may run a batch for up to 900s, longer than the 360s visibility timeout of {queue}",
            sandbox.function_name("chroma-worker")
        );
        assert!(text.contains(&warning), "{text}");
    }
    assert!(text.contains("delivered a second time"), "{text}");
    // The plan names where it writes.
    assert!(
        text.contains(&format!(
            "Writes to account 123456789012 (arn:aws:sts::123456789012:user/moto) · region us-east-1 · no profile · credentials from the environment (AWS_ACCESS_KEY_ID) · endpoint {}",
            sandbox.endpoint()
        )),
        "{text}"
    );
    let report = sandbox.json(&["rollback", "--dry-run"], 0);
    let destination = &report["destination"];
    assert_eq!(destination["account"], "123456789012", "{report:#}");
    assert_eq!(destination["region"], "us-east-1");
    assert_eq!(destination["endpoint"], sandbox.endpoint());
    assert_eq!(destination["profile"], Value::Null);
    assert_eq!(destination["credentials"], "environment");
    let lines = &report["plan"]["queues"][0];
    assert_eq!(lines["visibility_timeout_seconds"], 360, "{report:#}");
    assert_eq!(lines["target"]["status"]["timeout_seconds"], 900);
    assert!(
        lines["notes"][0]
            .as_str()
            .is_some_and(|n| n.contains("5400s")),
        "{report:#}"
    );
    // The roll forward onto the 60 s consumer fits 360 s (6 × 60 s): nothing to warn of.
    sandbox.ccx().args(["rollback", "--yes"]).assert().success();
    let text = sandbox.text(&["switch", "--to", "enhanced-compaction", "--dry-run"], 0);
    assert!(!text.contains("visibility timeout"), "{text}");
    assert_eq!(
        writes(&sandbox).len(),
        4,
        "only the rollback wrote: {:?}",
        writes(&sandbox)
    );
}

#[test]
fn a_failed_enable_re_enables_the_original_consumer_and_exits_1() {
    let sandbox = Sandbox::start("fallback");
    let new_lines = uuid(&sandbox, "enhanced-compaction", "lines");
    let old_lines = uuid(&sandbox, "chroma-worker", "lines");
    sandbox.set_faults(json!([{
        "match": {"service": "lambda", "action": "UpdateEventSourceMapping", "uuid": old_lines,
                  "body_contains": "\"Enabled\":true"},
        "fault": {"status": 400, "error_code": "InvalidParameterValueException",
                  "message": "injected: the update is refused"}
    }]));
    sandbox
        .ccx()
        .args(["rollback", "--yes", "--timeout", "10s"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("reverted"))
        .stdout(predicate::str::contains("not started"));
    // lines is back as it was; words was never touched.
    assert_eq!(
        states(&sandbox, &ALL),
        ["Enabled", "Disabled", "Enabled", "Disabled"]
    );
    assert_eq!(
        writes(&sandbox),
        [
            update(&new_lines, false),
            update(&old_lines, true),
            update(&new_lines, true)
        ]
    );
    let audit = audit_lines(&sandbox);
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["outcome"], "reverted");
    assert_eq!(audit[0]["exit_code"], 1);
    let steps = audit[0]["result"]["queues"][0]["steps"].as_array().unwrap();
    let kinds: Vec<&str> = steps.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["disable", "enable", "revert_enable"]);
    assert_eq!(steps[1]["outcome"], "failed");
    assert!(
        steps[1]["error"]
            .as_str()
            .unwrap()
            .contains("InvalidParameterValueException")
    );
}

#[test]
fn a_refused_disable_fails_with_nothing_changed_and_no_revert() {
    let sandbox = Sandbox::start("fallback");
    let new_lines = uuid(&sandbox, "enhanced-compaction", "lines");
    sandbox.set_faults(json!([{
        "match": {"service": "lambda", "action": "UpdateEventSourceMapping", "uuid": new_lines,
                  "body_contains": "\"Enabled\":false"},
        "fault": {"status": 403, "error_code": "AccessDeniedException",
                  "message": "injected: not allowed"}
    }]));
    let output = sandbox
        .ccx()
        .args(["rollback", "--yes", "--timeout", "10s"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(text.contains("nothing was changed"), "{text}");
    assert!(!text.contains("revert failed"), "{text}");
    assert!(!text.contains("revert_failed"), "{text}");
    // The original consumer was never off; words was never touched.
    assert_eq!(
        states(&sandbox, &ALL),
        ["Enabled", "Disabled", "Enabled", "Disabled"]
    );
    assert_eq!(writes(&sandbox), [update(&new_lines, false)]);
    let audit = audit_lines(&sandbox);
    assert_eq!(audit[0]["outcome"], "failed");
}

#[test]
fn an_enable_that_landed_although_its_answer_was_an_error_completes_the_switch() {
    let sandbox = Sandbox::start("fallback");
    let new_lines = uuid(&sandbox, "enhanced-compaction", "lines");
    let old_lines = uuid(&sandbox, "chroma-worker", "lines");
    let enable = json!({"service": "lambda", "action": "UpdateEventSourceMapping",
                        "uuid": old_lines, "body_contains": "\"Enabled\":true"});
    // The first attempt lands but answers 500; the SDK's retry then finds the mapping
    // busy, as real Lambda does while it is `Enabling`.
    sandbox.set_faults(json!([
        {"match": enable, "times": 1,
         "fault": {"status": 500, "error_code": "ServiceException", "forward": true}},
        {"match": enable,
         "fault": {"status": 400, "error_code": "ResourceInUseException",
                   "message": "injected: an update is in progress"}}
    ]));
    sandbox
        .ccx()
        .args(["rollback", "--yes", "--timeout", "10s", "--queue", "lines"])
        .assert()
        .success();
    assert_eq!(states(&sandbox, &ALL[..2]), ["Disabled", "Enabled"]);
    let updates: Vec<_> = writes(&sandbox)
        .into_iter()
        .filter(|w| w.1 == new_lines)
        .collect();
    assert_eq!(updates, [update(&new_lines, false)], "never re-enabled");
}

#[test]
fn transitional_states_are_waited_through_before_the_enable() {
    let sandbox = Sandbox::start("fallback");
    let new_lines = uuid(&sandbox, "enhanced-compaction", "lines");
    let old_lines = uuid(&sandbox, "chroma-worker", "lines");
    // After the re-read before the write, the next three reads say Disabling (as AWS
    // does for a while after an update).
    sandbox.set_faults(json!([{
        "match": {"service": "lambda", "action": "GetEventSourceMapping", "uuid": new_lines},
        "skip": 1, "times": 3,
        "fault": {"rewrite": {"State": "Disabling"}}
    }]));
    sandbox
        .ccx()
        .args(["rollback", "--yes", "--queue", "lines"])
        .assert()
        .success()
        .stderr(predicate::str::contains(": Disabling"));
    let calls = sandbox.calls();
    let enable = calls
        .iter()
        .position(|c| c["action"] == "UpdateEventSourceMapping" && c["uuid"] == old_lines.as_str())
        .expect("the enable");
    let reads_before = calls[..enable]
        .iter()
        .filter(|c| c["action"] == "GetEventSourceMapping" && c["uuid"] == new_lines.as_str())
        .count();
    assert!(
        reads_before >= 5,
        "{reads_before} reads of the disabled mapping before the enable"
    );
    assert_eq!(
        writes(&sandbox),
        [update(&new_lines, false), update(&old_lines, true)]
    );
    // --queue lines leaves words alone.
    assert_eq!(states(&sandbox, &ALL[2..]), ["Enabled", "Disabled"]);
}

#[test]
fn a_mapping_changed_since_the_plan_stops_without_writing() {
    let sandbox = Sandbox::start("fallback");
    let new_lines = uuid(&sandbox, "enhanced-compaction", "lines");
    // The re-read right before the first write sees someone else's change.
    sandbox.set_faults(json!([{
        "match": {"service": "lambda", "action": "GetEventSourceMapping", "uuid": new_lines},
        "times": 1,
        "fault": {"rewrite": {"State": "Disabled"}}
    }]));
    sandbox
        .ccx()
        .args(["rollback", "--yes"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("stopped"))
        .stdout(predicate::str::contains("changed since the plan"));
    assert_eq!(writes(&sandbox), []);
    assert_eq!(
        states(&sandbox, &ALL),
        ["Enabled", "Disabled", "Enabled", "Disabled"]
    );
}

#[test]
fn the_duplicate_scenario_ends_with_one_consumer_per_queue() {
    let sandbox = Sandbox::start("duplicate");
    let old_lines = uuid(&sandbox, "chroma-worker", "lines");
    let new_lines = uuid(&sandbox, "enhanced-compaction", "lines");
    let output = sandbox
        .ccx()
        .args([
            "switch",
            "--to",
            "enhanced-compaction",
            "--yes",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Only the extra consumer on lines is turned off; the target was already on.
    assert_eq!(writes(&sandbox), [update(&old_lines, false)]);
    assert_eq!(
        states(&sandbox, &ALL),
        ["Enabled", "Disabled", "Enabled", "Disabled"]
    );
    assert_eq!(sandbox.mapping_state(&new_lines), "Enabled");

    // The JSON report: plan, per-queue result, and every source re-read afterwards.
    let report: Value = parse_json(&output.stdout);
    assert_eq!(report["status"], "applied");
    assert_eq!(report["ok"], true);
    assert_eq!(report["plan"]["queues"][0]["action"], "switch");
    assert_eq!(report["plan"]["queues"][1]["action"], "nothing_to_do");
    let results = report["result"]["queues"].as_array().unwrap();
    assert_eq!(results[0]["outcome"], "switched");
    let kinds: Vec<&str> = results[0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["done", "already_done"]);
    assert_eq!(results[1]["outcome"], "nothing_to_do");
    let lines = report["after"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "lines")
        .expect("lines after");
    assert_eq!(lines["in_scope"], true);
    assert_eq!(lines["problem"], false);
    assert_eq!(
        lines["enabled_consumers"],
        json!([sandbox.stack("dev")["functions"]["enhanced-compaction"]])
    );
    assert_eq!(
        report["audit_log"].as_str().map(PathBuf::from),
        Some(audit_path(&sandbox)),
        "the audit log is under XDG_STATE_HOME"
    );
    assert!(
        report["iac_steps"]
            .as_str()
            .unwrap()
            .contains("enable_enhanced_sqs_mappings=True")
    );
}

#[test]
fn a_target_the_topology_does_not_name_for_the_queue_is_refused_unless_forced() {
    let sandbox = Sandbox::start("fallback");
    // The runbook's enhanced-compaction is neither consumer nor fallback of embed-ndjson.
    let args = [
        "switch",
        "--to",
        "enhanced-compaction",
        "--queue",
        "embed-ndjson",
        "--create-missing",
        "--yes",
    ];
    let out = sandbox.ccx().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("neither as the consumer nor as the fallback of embed-ndjson")
            && said.contains("its consumer is embed-from-ndjson"),
        "{said}"
    );
    // The refusal is for the topology's sake: no flag is suggested to get around it.
    assert!(
        !said.contains("--force") && !said.contains("pass --create-missing"),
        "{said}"
    );
    assert_eq!(writes(&sandbox), []);
    let report = sandbox.json(&args, 1);
    assert_eq!(
        report["plan"]["queues"][0]["code"], "off_topology",
        "{report:#}"
    );
    assert_eq!(report["plan"]["force"], false);

    // --force goes on, and the plan says it was forced.
    let text = sandbox.text(&[&args[..6], &["--force", "--dry-run"]].concat(), 0);
    assert!(text.contains("forced (--force)"), "{text}");
    assert!(text.contains("create+switch"), "{text}");
    assert_eq!(writes(&sandbox), []);
}

#[test]
fn a_missing_mapping_is_created_only_when_asked_with_the_replaced_settings() {
    let sandbox = Sandbox::start("healthy");
    // Roll forward to a function that exists but has no mapping on the queues (and is
    // outside the topology: --force).
    let target = sandbox.stack("dev")["functions"]["image-resizer"]
        .as_str()
        .unwrap()
        .to_string();
    sandbox
        .ccx()
        .args([
            "switch", "--to", &target, "--queue", "lines", "--force", "--yes",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("--create-missing"));
    assert_eq!(writes(&sandbox), []);

    let new_lines = uuid(&sandbox, "enhanced-compaction", "lines");
    sandbox
        .ccx()
        .args([
            "switch",
            "--to",
            &target,
            "--queue",
            "lines",
            "--yes",
            "--create-missing",
            "--force",
        ])
        .assert()
        .success();
    let w = writes(&sandbox);
    assert_eq!(w.len(), 3, "{w:?}");
    assert_eq!(w[0].0, "CreateEventSourceMapping");
    assert!(w[0].2.contains("\"Enabled\":false"), "{}", w[0].2);
    assert_eq!(w[1], update(&new_lines, false));
    assert_eq!(w[2].0, "UpdateEventSourceMapping");
    assert!(w[2].2.contains("\"Enabled\":true"));
    let mappings = sandbox.query(&["mappings"]);
    let lines_arn = &sandbox.stack("dev")["queues"]["lines"]["arn"];
    let created = mappings
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["event_source_arn"] == *lines_arn && m["function_name"] == target.as_str())
        .expect("the created mapping");
    assert_eq!(created["state"], "Enabled");
    let replaced = mappings
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["uuid"] == new_lines.as_str())
        .unwrap();
    assert_eq!(created["batch_size"], replaced["batch_size"]);
}

#[test]
fn ctrl_c_during_apply_finishes_the_queue_in_progress_and_stops() {
    signal_during_apply("INT", "interrupted");
}

#[test]
fn sigterm_during_apply_finishes_the_queue_in_progress_and_stops() {
    signal_during_apply("TERM", "terminated (SIGTERM)");
}

#[test]
fn a_hang_up_during_apply_finishes_the_queue_in_progress_and_stops() {
    signal_during_apply("HUP", "hung up (SIGHUP)");
}

/// Sends `signal` once the first disable has gone out: the queue in progress is
/// finished, the next one not started, and a second run finishes the job.
fn signal_during_apply(signal: &str, says: &str) {
    let sandbox = Sandbox::start("fallback");
    let new_lines = uuid(&sandbox, "enhanced-compaction", "lines");
    // A slow enable on lines leaves time to interrupt mid-queue.
    sandbox.set_faults(json!([{
        "match": {"service": "lambda", "action": "UpdateEventSourceMapping",
                  "uuid": uuid(&sandbox, "chroma-worker", "lines"), "body_contains": "\"Enabled\":true"},
        "fault": {"delay_ms": 1500}
    }]));
    let mut command = sandbox.ccx_std();
    command.args(["rollback", "--yes"]);
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ccx");

    // Interrupt once the disable of lines has gone out.
    let deadline = Instant::now() + Duration::from_secs(30);
    let calls_log = sandbox.tempdir().join("calls.jsonl");
    let disabled = || {
        // Read tolerantly: the proxy may be half way through a line.
        std::fs::read_to_string(&calls_log)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .any(|c| c["action"] == "UpdateEventSourceMapping" && c["uuid"] == new_lines.as_str())
    };
    while !disabled() {
        assert!(
            Instant::now() < deadline,
            "ccx never disabled the lines mapping"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let killed = StdCommand::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let output = child.wait_with_output().expect("ccx output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(says), "{stderr}");
    // lines finished its switch; words was not started.
    assert_eq!(
        states(&sandbox, &ALL),
        ["Disabled", "Enabled", "Enabled", "Disabled"]
    );
    let audit = audit_lines(&sandbox);
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["result"]["interrupted"], true);
    assert_eq!(audit[0]["result"]["queues"][1]["outcome"], "not_started");

    // A second run finishes the job: only words is switched.
    sandbox.set_faults(json!([]));
    sandbox.clear_calls();
    sandbox.ccx().args(["rollback", "--yes"]).assert().success();
    assert_eq!(
        states(&sandbox, &ALL),
        ["Disabled", "Enabled", "Disabled", "Enabled"]
    );
    assert_eq!(
        writes(&sandbox),
        [
            update(&uuid(&sandbox, "enhanced-compaction", "words"), false),
            update(&uuid(&sandbox, "chroma-worker", "words"), true)
        ]
    );
}

#[test]
fn a_throttled_write_is_retried_by_the_sdk_and_the_switch_completes() {
    let sandbox = Sandbox::start("fallback");
    let new_lines = uuid(&sandbox, "enhanced-compaction", "lines");
    sandbox.set_faults(json!([{
        "match": {"service": "lambda", "action": "UpdateEventSourceMapping", "uuid": new_lines},
        "times": 1,
        "fault": {"status": 429, "error_code": "TooManyRequestsException"}
    }]));
    sandbox.ccx().args(["rollback", "--yes"]).assert().success();
    assert_eq!(
        states(&sandbox, &ALL),
        ["Disabled", "Enabled", "Disabled", "Enabled"]
    );
    let disables: Vec<Value> = sandbox
        .calls()
        .into_iter()
        .filter(|c| c["action"] == "UpdateEventSourceMapping" && c["uuid"] == new_lines.as_str())
        .collect();
    assert_eq!(
        disables.len(),
        2,
        "one throttled attempt, one retry: {disables:?}"
    );
    assert_eq!(disables[0]["status"], 429);
}

/// Changes a mapping behind ccx's back, on moto directly.
fn set_enabled(sandbox: &Sandbox, uuid: &str, enabled: bool) {
    let answer = sandbox.query(&[
        "update-mapping",
        uuid,
        "--enabled",
        if enabled { "true" } else { "false" },
    ]);
    assert_eq!(answer["uuid"], uuid);
}

#[test]
fn a_half_done_switch_is_finished_by_the_next_run() {
    let sandbox = Sandbox::start("fallback");
    let new_lines = uuid(&sandbox, "enhanced-compaction", "lines");
    let old_lines = uuid(&sandbox, "chroma-worker", "lines");
    // An earlier run stopped between the disable and the enable: lines has no consumer.
    set_enabled(&sandbox, &new_lines, false);
    sandbox
        .ccx()
        .args(["rollback", "--yes", "--queue", "lines"])
        .assert()
        .success();
    assert_eq!(writes(&sandbox), [update(&old_lines, true)]);
    assert_eq!(states(&sandbox, &ALL[..2]), ["Disabled", "Enabled"]);
}

#[test]
fn a_deleted_fallback_mapping_is_refused_for_its_queue_or_recreated_on_request() {
    let sandbox = Sandbox::start("fallback");
    let new_lines = uuid(&sandbox, "enhanced-compaction", "lines");
    let old_lines = uuid(&sandbox, "chroma-worker", "lines");
    let new_words = uuid(&sandbox, "enhanced-compaction", "words");
    let old_words = uuid(&sandbox, "chroma-worker", "words");
    sandbox.query(&["delete-mapping", &old_lines]);

    // lines is refused (with the IaC steps), words is still rolled back: exit 1.
    sandbox
        .ccx()
        .args(["rollback", "--yes"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("--create-missing"))
        .stderr(predicate::str::contains(
            "lines could not be switched by ccx",
        ))
        .stderr(predicate::str::contains(
            "enable_enhanced_sqs_mappings=False",
        ));
    assert_eq!(
        writes(&sandbox),
        [update(&new_words, false), update(&old_words, true)]
    );
    assert_eq!(sandbox.mapping_state(&new_lines), "Enabled");
    assert_eq!(audit_lines(&sandbox)[0]["outcome"], "partly_refused");

    // With --create-missing the mapping is created (disabled, with the replaced
    // mapping's settings) before the old consumer is turned off.
    sandbox.clear_calls();
    sandbox
        .ccx()
        .args(["rollback", "--yes", "--create-missing"])
        .assert()
        .success();
    let w = writes(&sandbox);
    assert_eq!(w.len(), 3, "{w:?}");
    assert_eq!(w[0].0, "CreateEventSourceMapping");
    assert!(w[0].2.contains("\"Enabled\":false"), "{}", w[0].2);
    assert_eq!(w[1], update(&new_lines, false));
    assert!(w[2].0 == "UpdateEventSourceMapping" && w[2].2.contains("\"Enabled\":true"));
    let all = sandbox.query(&["mappings"]);
    let worker = sandbox.stack("dev")["functions"]["chroma-worker"]
        .as_str()
        .unwrap();
    let lines_arn = &sandbox.stack("dev")["queues"]["lines"]["arn"];
    let on_lines: Vec<&Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["event_source_arn"] == *lines_arn)
        .collect();
    let created = on_lines
        .iter()
        .find(|m| m["function_name"] == worker)
        .expect("created");
    let replaced = on_lines
        .iter()
        .find(|m| m["uuid"] == new_lines.as_str())
        .expect("replaced");
    assert_eq!(created["state"], "Enabled");
    assert_eq!(replaced["state"], "Disabled");
    assert_eq!(created["batch_size"], replaced["batch_size"]);
    // The seeded enhanced mapping's settings went into the create request.
    for setting in [
        "\"BatchSize\":10",
        "\"MaximumConcurrency\":5",
        "\"FunctionResponseTypes\":[\"ReportBatchItemFailures\"]",
    ] {
        assert!(w[0].2.contains(setting), "{setting} not in {}", w[0].2);
    }
}

#[test]
fn streams_and_unknown_queues_are_bad_input() {
    let sandbox = Sandbox::start("fallback");
    sandbox
        .ccx()
        .args([
            "switch",
            "--to",
            "stream-processor",
            "--queue",
            "compaction-runs",
            "--yes",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("DynamoDB stream"));
    sandbox
        .ccx()
        .args(["rollback", "--queue", "nope", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("lines, words"));
    sandbox
        .ccx()
        .args(["rollback", "--timeout", "0s", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--timeout"));
}
