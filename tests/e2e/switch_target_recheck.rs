//! The target function re-read right before its enable, end to end: a deploy that
//! leaves the target `Failed` while the old consumer drains stops the rollback before
//! the enable; the old consumer is put back, later queues are left alone, and the
//! report, the progress and the audit record say why.

use crate::common;

use std::process::{Child, Stdio};
use std::time::Duration;

use common::{Sandbox, mapping_writes, parse_json, wait_until};
use serde_json::{Value, json};

/// Whether ccx wrote `uuid` `enabled` and Lambda accepted it.
fn written(sandbox: &Sandbox, uuid: &str, enabled: bool) -> bool {
    mapping_writes(&sandbox.calls_so_far(), uuid, enabled)
        .any(|c| c["status"].as_u64().is_some_and(|s| s < 300))
}

fn spawn(sandbox: &Sandbox, args: &[&str]) -> Child {
    sandbox
        .ccx_std()
        .args(["--output", "json"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ccx")
}

#[test]
fn a_target_that_fails_while_the_old_consumer_drains_is_not_enabled_and_the_old_one_comes_back() {
    let sandbox = Sandbox::start("fallback");
    let mapping = |function: &str, queue: &str| sandbox.mapping_uuid("dev", function, queue);
    let (old, target) = (
        mapping("enhanced-compaction", "lines"),
        mapping("chroma-worker", "lines"),
    );
    // An invocation of the old consumer is still running: the drain waits for its end.
    sandbox.log_line(
        "enhanced-compaction",
        "2026/11/29/[$LATEST]open",
        "START RequestId: r-open Version: $LATEST",
        2_000,
    );
    let child = spawn(&sandbox, &["rollback", "--yes"]);

    wait_until(
        "the disable of the old consumer",
        Duration::from_secs(60),
        || written(&sandbox, &old, false),
    );
    // A deploy lands while ccx drains: the fallback is Failed from now on.
    let reason = "The image manifest or layer media type for the source image is not supported.";
    sandbox.override_function(
        "chroma-worker",
        json!({"State": "Failed", "StateReasonCode": "ImageAccessDenied", "StateReason": reason}),
    );
    sandbox.log_line(
        "enhanced-compaction",
        "2026/11/29/[$LATEST]end",
        "REPORT RequestId: r-open\tDuration: 4000.00 ms\tBilled Duration: 4000 ms",
        0,
    );

    let output = child.wait_with_output().expect("ccx output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");

    // Lines: the target was never enabled; the old consumer is back. Words: untouched.
    assert!(
        !written(&sandbox, &target, true),
        "the failed target was enabled"
    );
    let state = |uuid: &str| sandbox.mapping_state(uuid);
    assert_eq!(state(&target), "Disabled");
    assert_eq!(state(&old), "Enabled");
    for function in ["enhanced-compaction", "chroma-worker"] {
        let uuid = mapping(function, "words");
        assert!(
            !sandbox
                .calls_so_far()
                .iter()
                .any(|c| c["action"] == "UpdateEventSourceMapping" && c["uuid"] == uuid.as_str()),
            "{function} on words was written"
        );
    }
    assert_eq!(state(&mapping("enhanced-compaction", "words")), "Enabled");

    // The report says why, naming the function, its state and Lambda's reason.
    let report = parse_json(&output.stdout);
    let fallback = sandbox.function_name("chroma-worker");
    let lines = &report["result"]["queues"][0];
    assert_eq!(lines["outcome"], "reverted", "{report:#}");
    let detail = lines["detail"].as_str().unwrap();
    assert!(
        detail.starts_with(&format!(
            "{fallback} cannot run since the plan (state is Failed: {reason}), so it was not enabled"
        )),
        "{detail}"
    );
    assert!(
        detail.ends_with(&format!(
            "; {} is enabled again",
            sandbox.function_name("enhanced-compaction")
        )),
        "{detail}"
    );
    let check = &lines["target_check"];
    assert_eq!(check["outcome"], "refused", "{check}");
    assert_eq!(check["function_name"], fallback.as_str());
    assert_eq!(check["status"]["state"], "Failed");
    assert_eq!(check["status"]["readiness"], "broken");
    assert_eq!(lines["drain"]["ended"], "seen_idle");
    assert_eq!(report["result"]["queues"][1]["outcome"], "not_started");
    assert_eq!(
        report["plan"]["queues"][0]["target"]["status"]["readiness"],
        "ready"
    );
    assert_eq!(report["ok"], false);

    // The progress showed the refusal as it happened.
    assert!(
        stderr.contains(&format!(
            "lines: {fallback} re-read before the enable: state is Failed: {reason}; not enabling it"
        )),
        "{stderr}"
    );

    // And the audit record keeps the re-check.
    let audit = std::fs::read_to_string(sandbox.tempdir().join("state/ccx/audit.jsonl")).unwrap();
    let line: Value = serde_json::from_str(audit.lines().last().unwrap()).unwrap();
    assert_eq!(line["outcome"], "reverted");
    assert_eq!(line["exit_code"], 1);
    assert_eq!(
        line["result"]["queues"][0]["target_check"]["outcome"],
        "refused"
    );
}
