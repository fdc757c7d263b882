//! Two functions logging to one custom group (`LoggingConfig.LogGroup`), as Lambda names
//! their streams there (`YYYY/MM/DD/<function>[$LATEST]<guid>`): `verify`, `guard`,
//! `tail NAME` and the drain count each function's own streams only, and say so when a
//! stream names no function instead of guessing whose it is.

use crate::common;

use std::process::Stdio;

use common::{Sandbox, check, now_ms, parse_json, parse_json_lines};
use serde_json::{Value, json};

const SHARED: &str = "/shared/compaction";

/// `fallback`, with the new and the retired consumer both logging to SHARED.
fn shared_sandbox() -> Sandbox {
    let logging = json!({"LoggingConfig": {"LogGroup": SHARED}});
    Sandbox::builder("fallback")
        .function_override("enhanced-compaction", logging.clone())
        .function_override("chroma-worker", logging)
        .start()
}

/// Four compaction runs of `function` (a topology key) in a stream of SHARED named for
/// it, the last a minute ago (after the seeded takeover, 30 minutes ago).
fn runs_of(sandbox: &Sandbox, function: &str) {
    let start = (now_ms() - 240_000).to_string();
    let name = sandbox.function_name(function);
    sandbox.query(&[
        "put-runs",
        SHARED,
        "--create",
        "--function",
        &name,
        "--start-ms",
        &start,
    ]);
}

#[test]
fn the_retired_consumer_s_lines_are_no_evidence_for_the_new_one() {
    let sandbox = shared_sandbox();
    runs_of(&sandbox, "chroma-worker");
    let report = sandbox.json(&["verify"], 0);
    let watched = check(&report, "logs.enhanced-compaction");
    // Before, chroma-worker's four runs passed as enhanced-compaction's.
    assert_eq!(watched["status"], "warn", "{watched}");
    assert_eq!(watched["summary"], "no processing activity seen in 15m");
    let old = sandbox.function_name("chroma-worker");
    assert!(
        watched["details"]
            .to_string()
            .contains(&format!("log group {SHARED} is shared with {old}")),
        "{watched}"
    );
    let retired = check(&report, "logs.chroma-worker");
    assert_eq!(retired["status"], "warn", "{retired}");
    assert!(
        retired["summary"]
            .as_str()
            .unwrap()
            .starts_with("4 invocation(s) since the takeover"),
        "{retired}"
    );
}

#[test]
fn the_new_consumer_s_lines_are_no_invocations_of_the_retired_one() {
    let sandbox = shared_sandbox();
    runs_of(&sandbox, "enhanced-compaction");
    let report = sandbox.json(&["verify"], 0);
    let watched = check(&report, "logs.enhanced-compaction");
    assert_eq!(watched["status"], "pass", "{watched}");
    assert!(
        watched["summary"]
            .as_str()
            .unwrap()
            .starts_with("4 runs, 4 deltas, 4 merged (512 records)"),
        "{watched}"
    );
    // Before, enhanced-compaction's four START lines were four invocations of chroma-worker.
    let retired = check(&report, "logs.chroma-worker");
    assert_eq!(retired["status"], "pass", "{retired}");
    assert!(
        retired["summary"]
            .as_str()
            .unwrap()
            .starts_with("no invocations since the takeover"),
        "{retired}"
    );
    // One search of the shared group serves both functions.
    let searches: Vec<Value> = sandbox
        .calls()
        .into_iter()
        .filter(|c| c["action"] == "FilterLogEvents")
        .collect();
    assert!(
        searches
            .iter()
            .all(|c| c["body"].as_str().unwrap().contains(SHARED)),
        "{searches:?}"
    );

    // guard's final verify judges the same way.
    let deploy = sandbox.query_command(&["deploy", r#"[{"say": "deployed"}]"#]);
    let output = sandbox
        .ccx_std()
        .args(["--output", "json", "guard", "--interval", "400ms"])
        .args(["--until-stable", "1s", "--"])
        .args(&deploy)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json_text = stdout.strip_prefix("deployed\n").unwrap_or(&stdout);
    let guarded = parse_json(json_text.as_bytes());
    let verify = &guarded["verify"];
    assert_eq!(
        check(verify, "logs.chroma-worker")["status"],
        "pass",
        "{verify:#}"
    );
    assert_eq!(
        check(verify, "logs.enhanced-compaction")["status"],
        "pass",
        "{verify:#}"
    );
}

#[test]
fn lines_in_streams_that_name_no_function_are_not_counted_and_are_warned_about() {
    let sandbox = shared_sandbox();
    // As another writer (or an older Lambda) would name them: nobody's, for ccx.
    sandbox.query(&["put-runs", SHARED, "--create"]);
    let report = sandbox.json(&["verify"], 0);
    for id in ["logs.enhanced-compaction", "logs.chroma-worker"] {
        let c = check(&report, id);
        assert_eq!(c["status"], "warn", "{c}");
        assert!(
            c["summary"]
                .as_str()
                .unwrap()
                .contains("stream(s) of /shared/compaction that name no function"),
            "{c}"
        );
    }
}

#[test]
fn tail_of_a_function_shows_its_own_streams_of_a_shared_group() {
    let sandbox = shared_sandbox();
    runs_of(&sandbox, "enhanced-compaction");
    runs_of(&sandbox, "chroma-worker");
    let new = sandbox.function_name("enhanced-compaction");
    let old = sandbox.function_name("chroma-worker");

    let out = sandbox
        .ccx()
        .args(["-o", "json", "tail", "enhanced-compaction"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let events = parse_json_lines(&out.stdout);
    assert_eq!(events.len(), 4 * 6, "four runs of six lines");
    assert!(
        events.iter().all(|e| e["log_stream"]
            .as_str()
            .unwrap()
            .contains(&format!("/{new}["))),
        "{events:?}"
    );

    // Both functions: each line once, under its own function's label.
    sandbox.clear_calls();
    let out = sandbox
        .ccx()
        .args(["-o", "json", "tail", "enhanced-compaction", "chroma-worker"])
        .output()
        .unwrap();
    let events = parse_json_lines(&out.stdout);
    assert_eq!(events.len(), 2 * 4 * 6);
    for event in &events {
        let stream = event["log_stream"].as_str().unwrap();
        let expected = if stream.contains(&format!("/{new}[")) {
            "enhanced-compaction"
        } else {
            assert!(stream.contains(&format!("/{old}[")), "{event}");
            "chroma-worker"
        };
        assert_eq!(event["source"], expected, "{event}");
    }
    // One search of the group, not one per NAME (its first page empty, as AWS answers
    // a search of more than five minutes).
    let searches: Vec<Value> = sandbox
        .calls()
        .into_iter()
        .filter(|c| c["action"] == "FilterLogEvents")
        .collect();
    assert_eq!(searches.len(), 2, "{searches:?}");
    assert!(
        searches[1]["body"].as_str().unwrap().contains("nextToken"),
        "{searches:?}"
    );

    // The group by name: every line.
    let out = sandbox
        .ccx()
        .args(["-o", "json", "tail", SHARED])
        .output()
        .unwrap();
    assert_eq!(parse_json_lines(&out.stdout).len(), 2 * 4 * 6);

    // A stream that names no function is left out, and said so.
    sandbox.query(&["put-runs", SHARED, "--runs", "1"]);
    let out = sandbox
        .ccx()
        .args(["-o", "json", "tail", "enhanced-compaction"])
        .output()
        .unwrap();
    assert_eq!(parse_json_lines(&out.stdout).len(), 4 * 6);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("that name no function") && stderr.contains("not shown"),
        "{stderr}"
    );
}

/// When (epoch seconds, as the proxy saw it) `uuid` was first written `enabled`.
fn written(sandbox: &Sandbox, uuid: &str, enabled: bool) -> Option<f64> {
    common::mapping_writes(&sandbox.calls_so_far(), uuid, enabled)
        .next()
        .and_then(|c| c["t"].as_f64())
}

/// A platform line in a new stream of SHARED named for `function` (a topology key).
fn platform_line(sandbox: &Sandbox, function: &str, message: &str, ago_ms: i64) {
    let guid = format!("{:x}", now_ms());
    let stream = format!(
        "2026/11/29/{}[$LATEST]{guid}",
        sandbox.function_name(function)
    );
    let events = json!([{"timestamp": now_ms() - ago_ms, "message": message}]);
    sandbox.query(&[
        "put-events",
        SHARED,
        &stream,
        &events.to_string(),
        "--create",
    ]);
}

#[test]
fn the_drain_waits_for_the_old_consumer_s_own_invocations_only() {
    // A third function shares the group and is busy with a long invocation throughout.
    let logging = json!({"LoggingConfig": {"LogGroup": SHARED}});
    let sandbox = Sandbox::builder("fallback")
        .function_override(
            "enhanced-compaction",
            json!({"LoggingConfig": {"LogGroup": SHARED}, "Timeout": 20}),
        )
        .function_override("chroma-worker", logging.clone())
        .function_override("stream-processor", logging)
        .start();
    let old = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    let target = sandbox.mapping_uuid("dev", "chroma-worker", "lines");
    platform_line(
        &sandbox,
        "stream-processor",
        "START RequestId: r-busy Version: $LATEST",
        3_000,
    );
    platform_line(
        &sandbox,
        "enhanced-compaction",
        "START RequestId: r-old Version: $LATEST",
        2_000,
    );
    let child = sandbox
        .ccx_std()
        .args(["--output", "json", "rollback", "--yes", "--queue", "lines"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    common::wait_until("the disable", std::time::Duration::from_secs(30), || {
        written(&sandbox, &old, false).is_some()
    });
    // Two looks at the group after the disable, while r-old is still open.
    let disabled_at = written(&sandbox, &old, false).unwrap_or_default();
    sandbox.wait_for_calls("FilterLogEvents", disabled_at, 2, |c| {
        c["body"].as_str().is_some_and(|b| b.contains(SHARED))
    });
    assert_eq!(
        written(&sandbox, &target, true),
        None,
        "enabled while the old consumer's invocation ran"
    );
    let reported_at = now_ms() as f64 / 1000.0;
    platform_line(
        &sandbox,
        "enhanced-compaction",
        "REPORT RequestId: r-old\tDuration: 4000.00 ms",
        0,
    );
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let report = parse_json(&output.stdout);
    // Before, stream-processor's open invocation held the drain until its bound (30 s).
    let drain = &report["result"]["queues"][0]["drain"];
    assert_eq!(drain["ended"], "seen_idle", "{report:#}");
    let enabled_at = written(&sandbox, &target, true).expect("the target enabled");
    assert!(
        enabled_at - reported_at < 8.0,
        "enabled {:.1}s after the REPORT",
        enabled_at - reported_at
    );
}
