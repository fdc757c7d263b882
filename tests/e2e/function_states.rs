//! What ccx does with the function states Lambda reports on a real account (`Pending`,
//! `Inactive`, `Failed`, an update in progress or failed), which moto never shows: the
//! sandbox's "as AWS" layer reports them per function (GetFunction and
//! GetFunctionConfiguration only, as AWS does).

use crate::common;

use std::thread;

use common::{Sandbox, check, parse_json};
use predicates::prelude::*;
use serde_json::{Value, json};

/// State of the four lines/words mappings (enhanced, chroma-worker on each), from moto.
fn states(sandbox: &Sandbox) -> Vec<String> {
    [
        ("enhanced-compaction", "lines"),
        ("chroma-worker", "lines"),
        ("enhanced-compaction", "words"),
        ("chroma-worker", "words"),
    ]
    .iter()
    .map(|(f, q)| sandbox.mapping_state(&sandbox.mapping_uuid("dev", f, q)))
    .collect()
}

const CUT_OVER: [&str; 4] = ["Enabled", "Disabled", "Enabled", "Disabled"];
const ROLLED_BACK: [&str; 4] = ["Disabled", "Enabled", "Disabled", "Enabled"];

fn count(sandbox: &Sandbox, action: &str) -> usize {
    sandbox
        .calls()
        .iter()
        .filter(|c| c["action"] == action)
        .count()
}

fn function<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("no function {key} in {report}"))
}

/// The motivating bug: rollback switched both queues onto a `Failed` fallback
/// and said `switched`, exit 0.
#[test]
fn rollback_onto_a_failed_fallback_is_refused_and_changes_nothing() {
    let sandbox = Sandbox::builder("fallback")
        .function_override(
            "chroma-worker",
            json!({"State": "Failed", "StateReasonCode": "ImageDeleted",
                   "StateReason": "The image for the function was deleted"}),
        )
        .start();
    sandbox
        .ccx()
        .args(["rollback", "--yes"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("refused"))
        .stdout(predicate::str::contains(
            "cannot run (state is Failed: The image for the function was deleted)",
        ))
        .stdout(predicate::str::contains("switched").not())
        .stderr(predicate::str::contains("nothing changed"));
    assert_eq!(states(&sandbox), CUT_OVER);
    assert_eq!(count(&sandbox, "UpdateEventSourceMapping"), 0);
    // The state came from GetFunction: ListFunctions does not carry it.
    assert!(count(&sandbox, "GetFunction") >= 1);
}

#[test]
fn a_failed_last_update_refuses_the_switch_in_json_too() {
    let sandbox = Sandbox::builder("fallback")
        .function_override(
            "chroma-worker",
            json!({"LastUpdateStatus": "Failed", "LastUpdateStatusReasonCode": "EniLimitExceeded",
                   "LastUpdateStatusReason": "ENI limit reached"}),
        )
        .start();
    let report = sandbox.json(&["rollback", "--yes"], 1);
    assert_eq!(report["status"], "refused", "{report}");
    for q in report["plan"]["queues"].as_array().unwrap() {
        assert_eq!(q["action"], "refuse", "{q}");
        assert_eq!(q["code"], "function_failed", "{q}");
        assert_eq!(q["target"]["status"]["readiness"], "broken", "{q}");
        assert_eq!(
            q["target"]["status"]["reason"],
            "last update failed: ENI limit reached"
        );
    }
    assert_eq!(states(&sandbox), CUT_OVER);
}

#[test]
fn a_pending_target_is_waited_for_and_switched_to_once_active() {
    let sandbox = Sandbox::builder("fallback")
        .function_override(
            "chroma-worker",
            json!({"State": "Pending", "StateReasonCode": "Creating",
                   "StateReason": "The function is being created"}),
        )
        .start();
    let output = thread::scope(|scope| {
        scope.spawn(|| {
            // Active once ccx has read it Pending four times (its waits double from
            // 250 ms, so about 1.75 s in).
            sandbox.wait_for_calls("GetFunction", 0.0, 4, |c| {
                c["path"]
                    .as_str()
                    .is_some_and(|p| p.contains("chroma-worker"))
            });
            sandbox.override_function("chroma-worker", json!({}));
        });
        sandbox
            .ccx()
            .args(["--output", "json", "rollback", "--yes", "--timeout", "60s"])
            .output()
            .expect("run ccx")
    });
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("Waiting up to 1m for")
            && stderr.contains("(state is Pending: The function is being created)"),
        "{stderr}"
    );
    let report = parse_json(&output.stdout);
    assert_eq!(report["status"], "applied");
    let status = &report["plan"]["queues"][0]["target"]["status"];
    assert_eq!(status["readiness"], "ready", "{status}");
    assert!(status["waited_seconds"].as_u64().unwrap() >= 2, "{status}");
    assert_eq!(states(&sandbox), ROLLED_BACK);
    // Re-read while waiting, once for both queues' common target each time.
    assert!(count(&sandbox, "GetFunction") >= 3);
}

#[test]
fn an_update_that_stays_in_progress_is_refused_when_the_wait_ends() {
    let sandbox = Sandbox::builder("fallback")
        .function_override(
            "chroma-worker",
            json!({"LastUpdateStatus": "InProgress", "LastUpdateStatusReason": "Deploying"}),
        )
        .start();
    sandbox
        .ccx()
        .args(["rollback", "--yes", "--timeout", "3s"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "did not settle in 3s (update in progress: Deploying)",
        ));
    assert_eq!(states(&sandbox), CUT_OVER);
    assert_eq!(count(&sandbox, "UpdateEventSourceMapping"), 0);
    assert!(count(&sandbox, "GetFunction") >= 3);

    // A dry run does not wait: the plan says that a run would.
    sandbox.clear_calls();
    sandbox
        .ccx()
        .args(["rollback", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("waits up to --timeout"));
    assert_eq!(count(&sandbox, "GetFunction"), 1);
}

#[test]
fn an_inactive_fallback_is_switched_to_and_the_plan_says_the_first_batches_wake_it() {
    let sandbox = Sandbox::builder("fallback")
        .function_override(
            "chroma-worker",
            json!({"State": "Inactive", "StateReasonCode": "Idle",
                   "StateReason": "The function is idle"}),
        )
        .start();
    sandbox
        .ccx()
        .args(["rollback", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "is Inactive (idle): the first batches wake it (a cold start)",
        ))
        .stdout(predicate::str::contains("switched"));
    assert_eq!(states(&sandbox), ROLLED_BACK);
}

#[test]
fn an_inactive_standby_warns_in_verify_and_functions() {
    let sandbox = Sandbox::builder("fallback")
        .function_override(
            "chroma-worker",
            json!({"State": "Inactive", "StateReason": "The function is idle"}),
        )
        .start();
    let report = sandbox.json(&["verify"], 0);
    let legacy = check(&report, "functions.chroma-worker");
    assert_eq!(legacy["status"], "warn", "{legacy}");
    let summary = legacy["summary"].as_str().unwrap();
    assert!(
        summary.contains("fast rollback available")
            && summary.contains("Inactive: its next invocation wakes it"),
        "{summary}"
    );
    assert!(
        legacy["details"]
            .to_string()
            .contains("state: Inactive (The function is idle)"),
        "{legacy}"
    );

    let functions = sandbox.json(&["functions"], 0);
    let row = function(&functions, "chroma-worker");
    assert_eq!(
        (&row["health"], &row["state"]),
        (&json!("warn"), &json!("Inactive"))
    );
}

#[test]
fn an_expected_consumer_that_cannot_run_fails_verify_and_functions_with_the_reason() {
    let sandbox = Sandbox::builder("healthy")
        .function_override(
            "enhanced-compaction",
            json!({"State": "Failed", "StateReason": "Function code is missing"}),
        )
        .start();
    let report = sandbox.json(&["verify"], 1);
    let enhanced = check(&report, "functions.enhanced-compaction");
    assert_eq!(enhanced["status"], "fail");
    assert!(
        enhanced["summary"]
            .as_str()
            .unwrap()
            .ends_with("state is Failed: Function code is missing"),
        "{enhanced}"
    );
    let functions = sandbox.json(&["functions"], 1);
    assert_eq!(
        function(&functions, "enhanced-compaction")["health"],
        "fail"
    );

    for (fields, says) in [
        (
            json!({"State": "Pending", "StateReason": "Creating"}),
            "state is Pending: Creating",
        ),
        (
            json!({"LastUpdateStatus": "InProgress"}),
            "update in progress",
        ),
    ] {
        sandbox.override_function("enhanced-compaction", fields);
        let report = sandbox.json(&["verify"], 1);
        let enhanced = check(&report, "functions.enhanced-compaction");
        assert_eq!(enhanced["status"], "fail", "{enhanced}");
        assert!(
            enhanced["summary"].as_str().unwrap().ends_with(says),
            "{enhanced}"
        );
    }
}

/// A caller whose policy predates GetFunction (allowed GetFunctionConfiguration only)
/// still gets every state: each function is read the other way, and nothing else
/// changes.
#[test]
fn a_caller_denied_get_function_is_read_through_get_function_configuration() {
    let sandbox = Sandbox::builder("fallback")
        .function_override(
            "chroma-worker",
            json!({"State": "Inactive", "StateReason": "The function is idle"}),
        )
        .faults(json!([{
            "match": {"service": "lambda", "action": "GetFunction"},
            "fault": {"status": 403, "error_code": "AccessDeniedException",
                      "message": "User is not authorized to perform: lambda:GetFunction"}
        }]))
        .start();
    let functions = sandbox.json(&["functions"], 0);
    let row = function(&functions, "chroma-worker");
    assert_eq!(
        (&row["health"], &row["state"]),
        (&json!("warn"), &json!("Inactive")),
        "{row}"
    );
    let denied = count(&sandbox, "GetFunction");
    assert!(denied >= 1, "GetFunction was not tried");
    assert_eq!(count(&sandbox, "GetFunctionConfiguration"), denied);

    let report = sandbox.json(&["verify"], 0);
    let legacy = check(&report, "functions.chroma-worker");
    assert_eq!(legacy["status"], "warn", "{legacy}");
    assert!(
        legacy["details"]
            .to_string()
            .contains("state: Inactive (The function is idle)"),
        "{legacy}"
    );
}
