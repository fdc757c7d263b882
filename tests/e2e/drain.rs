//! Drain before make, end to end: after the old consumer's mapping reads `Disabled`,
//! ccx enables the target only once the old consumer's logs show no invocation still
//! running (a `START` without its `REPORT`), or once its timeout plus the margin has
//! passed; `--no-drain` enables at once; Ctrl-C during the drain finishes the queue.

use crate::common;

use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use common::{Sandbox, mapping_writes, now_ms, parse_json, wait_until};
use serde_json::{Value, json};

fn start_without_report(sandbox: &Sandbox) {
    sandbox.log_line(
        "enhanced-compaction",
        "2026/11/29/[$LATEST]open",
        "START RequestId: r-open Version: $LATEST",
        2_000,
    );
}

fn report_the_end(sandbox: &Sandbox) {
    sandbox.log_line(
        "enhanced-compaction",
        "2026/11/29/[$LATEST]end",
        "REPORT RequestId: r-open\tDuration: 4000.00 ms\tBilled Duration: 4000 ms",
        0,
    );
}

/// When (epoch seconds, as the proxy saw it) `uuid` was first written `enabled`.
fn written(sandbox: &Sandbox, uuid: &str, enabled: bool) -> Option<f64> {
    mapping_writes(&sandbox.calls_so_far(), uuid, enabled)
        .next()
        .and_then(|c| c["t"].as_f64())
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

fn finish(child: Child) -> (Option<i32>, Value, String) {
    let output = child.wait_with_output().expect("ccx output");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let report = parse_json(&output.stdout);
    (output.status.code(), report, stderr)
}

fn epoch_seconds() -> f64 {
    now_ms() as f64 / 1000.0
}

#[test]
fn the_target_is_enabled_only_after_the_old_consumers_invocation_reports_and_soon_after() {
    let sandbox = Sandbox::start("fallback");
    let old = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    let target = sandbox.mapping_uuid("dev", "chroma-worker", "lines");
    start_without_report(&sandbox);
    let child = spawn(&sandbox, &["rollback", "--yes", "--queue", "lines"]);

    wait_until("the disable", Duration::from_secs(30), || {
        written(&sandbox, &old, false).is_some()
    });
    // The mapping settles (the test bed's transition) and the drain looks a few times.
    let disabled_at = written(&sandbox, &old, false).expect("the disable");
    sandbox.wait_for_calls("FilterLogEvents", disabled_at, 2, |_| true);
    assert_eq!(
        written(&sandbox, &target, true),
        None,
        "enabled while an invocation of the old consumer was running"
    );
    let reported_at = epoch_seconds();
    report_the_end(&sandbox);

    let (code, report, stderr) = finish(child);
    assert_eq!(code, Some(0), "{stderr}");
    let enabled_at = written(&sandbox, &target, true).expect("the target enabled");
    assert!(enabled_at >= reported_at, "{enabled_at} < {reported_at}");
    assert!(
        enabled_at - reported_at < 6.0,
        "enabled {:.1}s after the REPORT",
        enabled_at - reported_at
    );
    let drain = &report["result"]["queues"][0]["drain"];
    assert_eq!(drain["ended"], "seen_idle", "{report:#}");
    assert!(drain["duration_ms"].as_u64().unwrap() >= 2_000, "{drain}");
    let function = &drain["functions"][0];
    assert_eq!(
        function["function_name"],
        sandbox.function_name("enhanced-compaction")
    );
    assert_eq!(
        (
            function["timeout_seconds"].as_u64(),
            function["bound_seconds"].as_u64()
        ),
        (Some(60), Some(70))
    );
    // What was waited for, and for how long at most, was said on the way.
    assert!(stderr.contains("lines: draining"), "{stderr}");
    assert!(stderr.contains("at most 1m 10s"), "{stderr}");
    assert!(stderr.contains("r-open"), "{stderr}");

    // The audit record carries the drain too.
    let audit = std::fs::read_to_string(sandbox.tempdir().join("state/ccx/audit.jsonl")).unwrap();
    let line: Value = serde_json::from_str(audit.lines().last().unwrap()).unwrap();
    assert_eq!(line["result"]["queues"][0]["drain"]["ended"], "seen_idle");
}

#[test]
fn no_drain_enables_at_once_and_says_both_may_have_run_together() {
    let sandbox = Sandbox::start("fallback");
    start_without_report(&sandbox);
    let started = Instant::now();
    let output = sandbox
        .ccx()
        .args([
            "--output",
            "json",
            "rollback",
            "--yes",
            "--queue",
            "lines",
            "--no-drain",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    let report = parse_json(&output.stdout);
    let drain = &report["result"]["queues"][0]["drain"];
    assert_eq!(drain["ended"], "skipped", "{report:#}");
    assert_eq!(drain["duration_ms"], 0);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--no-drain"), "{stderr}");
    // No look at the logs between the disable and the enable.
    let searches_after_disable = sandbox
        .calls_so_far()
        .iter()
        .skip_while(|c| c["action"] != "UpdateEventSourceMapping")
        .filter(|c| c["action"] == "FilterLogEvents")
        .count();
    assert_eq!(searches_after_disable, 0);

    // In the table, the outcome says how long both may have run together.
    let sandbox = Sandbox::start("fallback");
    let text = sandbox.text(&["rollback", "--yes", "--queue", "lines", "--no-drain"], 0);
    assert!(
        text.contains("may have run together with the new one for up to 1m (its timeout)"),
        "{text}"
    );
    assert!(text.contains("skipped"), "{text}");
}

#[test]
fn a_consumer_that_never_reports_is_waited_for_no_longer_than_its_timeout_plus_the_margin() {
    let sandbox = Sandbox::builder("fallback")
        .function_override("enhanced-compaction", json!({"Timeout": 3}))
        .start();
    start_without_report(&sandbox);
    let started = Instant::now();
    let output = sandbox
        .ccx()
        .args(["--output", "json", "rollback", "--yes", "--queue", "lines"])
        .assert()
        .success()
        .get_output()
        .clone();
    let took = started.elapsed();
    let report = parse_json(&output.stdout);
    let drain = &report["result"]["queues"][0]["drain"];
    assert_eq!(drain["ended"], "timeout_reached", "{report:#}");
    assert_eq!(drain["functions"][0]["timeout_seconds"], 3);
    assert_eq!(drain["functions"][0]["bound_seconds"], 13);
    let waited = drain["duration_ms"].as_u64().unwrap();
    assert!((12_000..16_000).contains(&waited), "{drain}");
    assert!(took < Duration::from_secs(40), "{took:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("at most 13s"), "{stderr}");
    assert!(stderr.contains("every invocation has ended"), "{stderr}");
}

#[test]
fn ctrl_c_during_the_drain_finishes_the_queue_and_starts_no_other() {
    let sandbox = Sandbox::start("fallback");
    let old = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    start_without_report(&sandbox);
    let mut child = spawn(&sandbox, &["rollback", "--yes"]);
    let stderr = follow_stderr(&mut child);
    wait_until("the disable", Duration::from_secs(30), || {
        written(&sandbox, &old, false).is_some()
    });
    // The drain has looked and found r-open running.
    wait_until("the drain to see r-open", Duration::from_secs(30), || {
        stderr.lock().unwrap().contains("r-open")
    });
    let killed = StdCommand::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    wait_until("the interrupt to be told", Duration::from_secs(30), || {
        stderr.lock().unwrap().contains("interrupted")
    });
    report_the_end(&sandbox);
    let output = child.wait_with_output().expect("ccx output");
    let (code, report) = (output.status.code(), parse_json(&output.stdout));
    let stderr = stderr.lock().unwrap().clone();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    let queues = report["result"]["queues"].as_array().unwrap();
    assert_eq!(queues[0]["outcome"], "switched", "{report:#}");
    assert_eq!(queues[0]["drain"]["ended"], "seen_idle");
    assert_eq!(queues[1]["outcome"], "not_started");
    assert_eq!(report["result"]["interrupted"], true);
}

#[test]
fn a_custom_log_group_in_json_format_is_where_the_drain_looks() {
    let group = "/custom/enhanced-compaction";
    let sandbox = Sandbox::builder("fallback")
        .function_override(
            "enhanced-compaction",
            json!({"LoggingConfig": {"LogGroup": group, "LogFormat": "JSON"}}),
        )
        .start();
    let old = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    let target = sandbox.mapping_uuid("dev", "chroma-worker", "lines");
    let platform = |kind: &str, ago_ms: i64, stream: &str| {
        let record = json!({"time": "2026-11-29T12:00:00.000Z", "type": kind,
                            "record": {"requestId": "r-json", "version": "$LATEST"}});
        let events = json!([{"timestamp": now_ms() - ago_ms, "message": record.to_string()}]);
        sandbox.query(&["put-events", group, stream, &events.to_string(), "--create"]);
    };
    // Lambda names its streams in a custom group after the function.
    let stream = format!(
        "2026/11/29/{}[$LATEST]",
        sandbox.function_name("enhanced-compaction")
    );
    platform("platform.start", 2_000, &format!("{stream}s1"));
    let child = spawn(&sandbox, &["rollback", "--yes", "--queue", "lines"]);
    wait_until("the disable", Duration::from_secs(30), || {
        written(&sandbox, &old, false).is_some()
    });
    let disabled_at = written(&sandbox, &old, false).expect("the disable");
    sandbox.wait_for_calls("FilterLogEvents", disabled_at, 2, |_| true);
    assert_eq!(
        written(&sandbox, &target, true),
        None,
        "enabled while r-json ran"
    );
    platform("platform.report", 0, &format!("{stream}s2"));
    let (code, report, stderr) = finish(child);
    assert_eq!(code, Some(0), "{stderr}");
    let drain = &report["result"]["queues"][0]["drain"];
    assert_eq!(drain["ended"], "seen_idle", "{report:#}");
    assert!(drain["duration_ms"].as_u64().unwrap() >= 1_000, "{drain}");
    assert!(stderr.contains("r-json"), "{stderr}");
}

#[test]
fn platform_lines_hidden_by_the_log_level_leave_the_metrics_and_then_the_bound() {
    let sandbox = Sandbox::builder("fallback")
        .function_override(
            "enhanced-compaction",
            json!({"Timeout": 2, "LoggingConfig": {"LogFormat": "JSON", "SystemLogLevel": "WARN"}}),
        )
        .start();
    let output = sandbox
        .ccx()
        .args(["--output", "json", "rollback", "--yes", "--queue", "lines"])
        .assert()
        .success()
        .get_output()
        .clone();
    let report = parse_json(&output.stdout);
    let drain = &report["result"]["queues"][0]["drain"];
    // No metrics either: nothing tells, so the bound (2s + 10s) decides.
    assert_eq!(drain["ended"], "timeout_reached", "{report:#}");
    let evidence = drain["functions"][0]["evidence"].as_str().unwrap();
    assert!(evidence.contains("system log level (WARN)"), "{evidence}");
    assert!(evidence.contains("no ConcurrentExecutions"), "{evidence}");
    let waited = drain["duration_ms"].as_u64().unwrap();
    assert!((11_000..15_000).contains(&waited), "{drain}");
}

#[test]
fn a_start_that_reaches_cloudwatch_a_minute_late_keeps_the_target_disabled() {
    let sandbox = Sandbox::start("fallback");
    let old = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    let target = sandbox.mapping_uuid("dev", "chroma-worker", "lines");
    let function = sandbox.function_name("enhanced-compaction");
    let group = format!("/aws/lambda/{function}");
    // The bed's late-event rule: the START of r-late becomes searchable a minute after
    // its own timestamp, as CloudWatch may make it.
    sandbox.delay_events(
        Some(&group),
        "START RequestId: r-late",
        Duration::from_secs(60),
    );
    let mut child = spawn(
        &sandbox,
        &["rollback", "--yes", "--queue", "lines", "--lookback", "90s"],
    );
    let stderr = follow_stderr(&mut child);
    wait_until("the disable", Duration::from_secs(30), || {
        written(&sandbox, &old, false).is_some()
    });
    // An invocation that started 55 s ago, well within the old consumer's 60 s timeout:
    // its START reaches CloudWatch 5 s from now, after the drain's first looks (which
    // find nothing, and before would have enabled the target at once).
    let logged_at = epoch_seconds();
    sandbox.log_line(
        "enhanced-compaction",
        "2026/11/29/[$LATEST]late",
        "START RequestId: r-late Version: $LATEST",
        55_000,
    );
    sandbox.wait_for_calls("FilterLogEvents", logged_at, 1, |_| true);
    assert_eq!(
        written(&sandbox, &target, true),
        None,
        "enabled while r-late's START was on its way"
    );
    wait_until("the drain to see r-late", Duration::from_secs(40), || {
        stderr.lock().unwrap().contains("r-late")
    });
    assert_eq!(
        written(&sandbox, &target, true),
        None,
        "enabled before the late START arrived"
    );
    // Silence was not taken for idle while the START could still be on its way.
    assert!(
        stderr
            .lock()
            .unwrap()
            .contains("a START may reach CloudWatch up to 90s after its time"),
        "{}",
        stderr.lock().unwrap()
    );

    // r-late ends. Its logs now show every invocation ended, but a START stamped before
    // the disable may still be on its way for 90 s: the drain looks on.
    let reported_at = epoch_seconds();
    report_the_end_of(&sandbox, "r-late");
    sandbox.wait_for_calls("FilterLogEvents", reported_at + 0.5, 2, |_| true);
    assert_eq!(
        written(&sandbox, &target, true),
        None,
        "enabled on the logs' silence before the late-event horizon"
    );
    // CloudWatch publishes a quiet minute: the metrics tell before the logs can.
    let metrics_at = epoch_seconds();
    sandbox.put_metrics(
        json!([{"namespace": "AWS/Lambda", "metric": "ConcurrentExecutions",
                                "dimensions": {"FunctionName": function},
                                "points": [[0, 0]]}]),
    );

    let output = child.wait_with_output().expect("ccx output");
    let stderr = stderr.lock().unwrap().clone();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let report = parse_json(&output.stdout);
    let drain = &report["result"]["queues"][0]["drain"];
    assert_eq!(drain["ended"], "seen_idle", "{report:#}");
    let function_drain = &drain["functions"][0];
    assert_eq!(function_drain["evidence_source"], "metrics", "{drain}");
    assert_eq!(function_drain["late_event_horizon_seconds"], 90, "{drain}");
    assert!(
        function_drain["evidence"]
            .as_str()
            .unwrap()
            .contains("about 60s after each minute"),
        "{drain}"
    );
    let enabled_at = written(&sandbox, &target, true).expect("the target enabled");
    assert!(enabled_at >= metrics_at, "{enabled_at} < {metrics_at}");
    assert!(stderr.contains("seen idle in its metrics"), "{stderr}");
    assert!(
        stderr.contains("its log lines may reach CloudWatch up to 1m 30s late"),
        "{stderr}"
    );
}

#[test]
fn silence_in_the_logs_counts_only_after_the_late_event_horizon_and_each_look_reads_what_is_new() {
    let sandbox = Sandbox::start("fallback");
    let old = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    let target = sandbox.mapping_uuid("dev", "chroma-worker", "lines");
    let output = sandbox
        .ccx()
        .args([
            "--output",
            "json",
            "rollback",
            "--yes",
            "--queue",
            "lines",
            "--lookback",
            "8s",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let report = parse_json(&output.stdout);
    let drain = &report["result"]["queues"][0]["drain"];
    assert_eq!(drain["ended"], "seen_idle", "{report:#}");
    let function = &drain["functions"][0];
    assert_eq!(function["evidence_source"], "logs", "{drain}");
    assert_eq!(function["late_event_horizon_seconds"], 8, "{drain}");
    // Nothing ran, yet idle only once a line stamped before the disable had 8 s to
    // arrive.
    let waited = drain["duration_ms"].as_u64().unwrap();
    assert!(waited >= 8_000, "{drain}");
    let disabled_at = mapping_writes(&sandbox.calls(), &old, false)
        .next()
        .and_then(|c| c["t"].as_f64())
        .expect("the disable");
    let enabled_at = written(&sandbox, &target, true).expect("the enable");
    assert!(
        enabled_at - disabled_at >= 8.0,
        "{disabled_at} {enabled_at}"
    );

    // The first look reads from a timeout before the disable; the later ones only from
    // a little before the newest line, or a look-back behind the last sweep: never the
    // whole range again.
    let searches: Vec<(f64, i64)> = sandbox
        .calls()
        .into_iter()
        .filter(|c| c["action"] == "FilterLogEvents")
        .filter(|c| c["t"].as_f64().is_some_and(|t| t > disabled_at))
        .filter_map(|c| {
            let body: Value = serde_json::from_str(c["body"].as_str()?).ok()?;
            body["nextToken"]
                .is_null()
                .then(|| Some((c["t"].as_f64()?, body["startTime"].as_i64()?)))?
        })
        .collect();
    assert!(searches.len() >= 3, "{searches:?}");
    let (first_at, first_start) = searches[0];
    assert!(
        first_start as f64 <= first_at * 1000.0 - 60_000.0,
        "{searches:?}"
    );
    for (at, start) in &searches[1..] {
        let reach = at * 1000.0 - *start as f64;
        assert!(
            reach < 30_000.0,
            "a later look reached {reach} ms back: {searches:?}"
        );
    }
}

/// `REPORT` of `request` in a new stream of the old consumer's group, stamped now.
fn report_the_end_of(sandbox: &Sandbox, request: &str) {
    sandbox.log_line(
        "enhanced-compaction",
        "2026/11/29/[$LATEST]report",
        &format!("REPORT RequestId: {request}\tDuration: 58000.00 ms"),
        0,
    );
}

/// The child's stderr as it comes, in a buffer a test can wait on.
fn follow_stderr(child: &mut Child) -> std::sync::Arc<std::sync::Mutex<String>> {
    use std::io::BufRead;
    let buffer = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let pipe = child.stderr.take().expect("piped stderr");
    let filled = buffer.clone();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
            let mut text = filled.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
    buffer
}
