//! `ccx tail` reading invocations: `--by-request` blocks and JSON, `--errors`,
//! `--request`, the end-of-tail summary, `--local`/`--utc`, and an unfinished
//! invocation flushed under `--follow` once its function's timeout has passed. The bed
//! writes each outcome as Lambda logs it, in both log formats (`query.py
//! put-invocations`).

use crate::common;
use crate::tail::Following;

use std::time::Duration;

use common::{Sandbox, now_ms, parse_json_lines};
use serde_json::{Value, json};

const GROUP: &str = "/test/invocations";

/// One of each outcome, in this order; returns their request ids.
fn every_outcome(sandbox: &Sandbox, format: &str) -> Vec<String> {
    let specs = json!([
        {"outcome": "ok", "init_ms": 245.1},
        {"outcome": "ok", "duration_ms": 100.0, "used_mb": 90},
        {"outcome": "error"},
        {"outcome": "timeout", "timeout_s": 60},
        {"outcome": "out_of_memory"},
        {"outcome": "runtime_exit"},
        {"outcome": "init_error"},
        {"outcome": "unfinished"},
    ]);
    let start = (now_ms() - 180_000).to_string();
    let put = sandbox.query(&[
        "put-invocations",
        GROUP,
        &specs.to_string(),
        "--format",
        format,
        "--start-ms",
        &start,
        "--create",
    ]);
    put["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect()
}

fn by_request_json(sandbox: &Sandbox, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["-o", "json", "tail", GROUP, "--by-request"];
    args.extend(extra);
    let out = sandbox.ccx().args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    parse_json_lines(&out.stdout)
}

fn check_every_outcome(lines: &[Value], requests: &[String]) {
    let (summary, invocations) = lines.split_last().unwrap();
    assert_eq!(summary["type"], "summary", "{summary}");
    let outcomes: Vec<&str> = invocations
        .iter()
        .map(|i| i["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        [
            "ok",
            "ok",
            "error",
            "timeout",
            "out_of_memory",
            "runtime_exit",
            "init_error",
            "unfinished"
        ]
    );
    let ids: Vec<&str> = invocations
        .iter()
        .map(|i| i["request_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, requests);
    let cold = &invocations[0];
    assert_eq!(cold["type"], "invocation");
    assert_eq!(cold["duration_ms"], 812.33);
    assert_eq!(cold["billed_duration_ms"], 813);
    assert_eq!(cold["memory_size_mb"], 1024);
    assert_eq!(cold["max_memory_used_mb"], 187);
    assert_eq!(cold["init_duration_ms"], 245.1);
    assert_eq!(cold["cold_start"], true);
    assert_eq!(cold["log_group"], GROUP);
    // INIT_START goes with the invocation it started for.
    assert_eq!(cold["events"].as_array().unwrap().len(), 5, "{cold}");
    let warm = &invocations[1];
    assert_eq!(
        (
            &warm["duration_ms"],
            &warm["billed_duration_ms"],
            &warm["cold_start"]
        ),
        (&json!(100.0), &json!(100), &json!(false))
    );
    assert_eq!(invocations[3]["duration_ms"], 60000.0);
    assert_eq!(invocations[4]["max_memory_used_mb"], 1024);
    assert_eq!(invocations[4]["error_type"], "Runtime.OutOfMemory");
    assert_eq!(invocations[5]["error_type"], "Runtime.ExitError");
    assert_eq!(invocations[7]["end"], Value::Null);

    let f = &summary["functions"][0];
    assert_eq!(f["source"], "invocations");
    assert_eq!(f["log_group"], GROUP);
    assert_eq!(f["invocations"], 8);
    assert_eq!(f["ok"], 2);
    assert_eq!(f["failed"], 5);
    for (field, n) in [
        ("errors", 1),
        ("timeouts", 1),
        ("out_of_memory", 1),
        ("runtime_exits", 1),
        ("init_errors", 1),
        ("unfinished", 1),
        ("cold_starts", 1),
    ] {
        assert_eq!(f[field], n, "{field}: {f}");
    }
    // Seven REPORTs: 100, five of 812.33, 60000 (nearest rank).
    assert_eq!(
        f["duration_ms"],
        json!({"p50": 812.33, "p95": 60000.0, "max": 60000.0})
    );
    assert_eq!(f["max_memory_used_mb"], 1024);
    assert_eq!(f["memory_size_mb"], 1024);
    assert_eq!(f["max_init_duration_ms"], 245.1);
}

#[test]
fn by_request_reads_every_outcome_with_its_figures_in_the_text_format() {
    let sandbox = Sandbox::start("empty");
    let requests = every_outcome(&sandbox, "Text");
    check_every_outcome(&by_request_json(&sandbox, &[]), &requests);
}

#[test]
fn by_request_reads_every_outcome_with_its_figures_in_the_json_format() {
    let sandbox = Sandbox::start("empty");
    let requests = every_outcome(&sandbox, "JSON");
    check_every_outcome(&by_request_json(&sandbox, &[]), &requests);
}

#[test]
fn errors_shows_only_the_failed_invocations_and_the_summary_counts_all() {
    let sandbox = Sandbox::start("empty");
    let requests = every_outcome(&sandbox, "Text");
    let out = sandbox
        .ccx()
        .args(["tail", GROUP, "--errors"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Headers start with the time; an invocation's lines are indented (and a message's
    // own further lines follow them).
    let headers: Vec<&str> = stdout.lines().filter(|l| l.starts_with("20")).collect();
    assert_eq!(headers.len(), 5, "{stdout}");
    for (header, (id, word)) in headers.iter().zip([
        (&requests[2], "ERROR"),
        (&requests[3], "TIMED OUT"),
        (&requests[4], "OUT OF MEMORY (Runtime.OutOfMemory)"),
        (&requests[5], "RUNTIME EXITED (Runtime.ExitError)"),
        (&requests[6], "INIT FAILED (Runtime.ExitError)"),
    ]) {
        assert!(header.contains(&format!("{id} {word}")), "{header}");
    }
    assert!(
        headers[1].ends_with("60000.00 ms (billed 60000 ms), memory 187/1024 MB"),
        "{}",
        headers[1]
    );
    assert!(
        stdout.contains("Task timed out after 60.00 seconds"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("in 5 invocations"), "{stderr}");
    assert!(
        stderr.contains(
            "invocations: 8 invocations, 5 failed (1 error, 1 timeout, 1 out of memory, 1 runtime \
             exit, 1 init error), 1 unfinished, 1 cold start; duration p50 812 ms, p95 60000 \
             ms, max 60000 ms; memory up to 1024 of 1024 MB"
        ),
        "{stderr}"
    );
}

#[test]
fn request_shows_one_invocation_and_says_when_there_is_none() {
    let sandbox = Sandbox::start("empty");
    let requests = every_outcome(&sandbox, "Text");
    let lines = by_request_json(&sandbox, &["--request", &requests[3]]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["request_id"], requests[3].as_str());
    let messages: Vec<&str> = lines[0]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 5, "{messages:?}");
    assert!(messages[0].starts_with("START RequestId: "));
    assert!(messages[4].starts_with("REPORT RequestId: "));

    let out = sandbox
        .ccx()
        .args([
            "tail",
            GROUP,
            "--request",
            "00000000-0000-4000-8000-000000000000",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "no invocation with request id 00000000-0000-4000-8000-000000000000 in the range read"
    ));
    sandbox
        .ccx()
        .args(["tail", GROUP, "--request", " "])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("a request id cannot be empty"));
    sandbox
        .ccx()
        .args(["tail", GROUP, "--local", "--utc"])
        .assert()
        .code(2);
}

#[test]
fn times_are_utc_unless_local_is_asked_for() {
    let sandbox = Sandbox::start("empty");
    every_outcome(&sandbox, "Text");
    let first_time = |args: &[&str]| {
        let out = sandbox
            .ccx()
            .env("TZ", "EST5")
            .args(["tail", GROUP])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        stdout.split(' ').next().unwrap().to_string()
    };
    let utc = first_time(&[]);
    assert!(utc.ends_with('Z'), "{utc}");
    assert_eq!(first_time(&["--utc"]), utc);
    let local = first_time(&["--local"]);
    assert!(local.ends_with("-05:00"), "{local}");
    // The same instant.
    let parse = |t: &str| t.parse::<jiff::Timestamp>().unwrap();
    assert_eq!(parse(&local), parse(&utc));
}

#[test]
fn an_invocation_whose_report_never_comes_is_shown_once_its_timeout_has_passed() {
    let sandbox = Sandbox::builder("healthy")
        .function_override("enhanced-compaction", json!({"Timeout": 3}))
        .start();
    let group = format!(
        "/aws/lambda/{}",
        sandbox.function_name("enhanced-compaction")
    );
    let start = (now_ms() - 1_000).to_string();
    let put = sandbox.query(&[
        "put-invocations",
        &group,
        r#"[{"outcome": "unfinished"}]"#,
        "--start-ms",
        &start,
    ]);
    let request = put["requests"][0].as_str().unwrap().to_string();
    let mut f = Following::start(
        &sandbox,
        &[
            "-o",
            "json",
            "tail",
            "enhanced-compaction",
            "-f",
            "--by-request",
            "--lookback",
            "2s",
        ],
    );
    let unfinished = |lines: &[String]| {
        lines
            .iter()
            .any(|l| l.contains(&request) && l.contains("\"outcome\":\"unfinished\""))
    };
    // 3 s of timeout and 2 s of look-back after its start, and the next round.
    assert!(
        f.wait_for(Duration::from_secs(30), unfinished),
        "{:?}",
        f.seen
    );
    let (code, stderr) = f.interrupt();
    assert_eq!(code, Some(0), "{stderr}");
    let last: Value = serde_json::from_str(f.seen.last().unwrap()).unwrap();
    assert_eq!(last["type"], "summary", "{last}");
    let summary = &last["functions"][0];
    assert_eq!(summary["source"], "enhanced-compaction");
    assert_eq!(summary["unfinished"], 1);
    // The seeded compaction runs, each a finished invocation.
    assert_eq!(summary["ok"], 4, "{summary}");
    assert!(stderr.contains("enhanced-compaction: 5 invocations, none failed, 1 unfinished"));
}
