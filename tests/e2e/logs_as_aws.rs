//! Functions' logging configuration as Lambda reports it, end to end: a custom log group,
//! JSON log format and a system log level that hides Lambda's own lines, in `verify` and
//! `tail`; and `tail` NAMEs that are nothing at all.

use crate::common;

use common::{Sandbox, check, parse_json_lines};
use serde_json::{Value, json};

const SHARED_GROUP: &str = "/shared/compaction";

/// The log groups ccx searched, in order.
fn searched_groups(sandbox: &Sandbox) -> Vec<String> {
    sandbox
        .calls()
        .iter()
        .filter(|c| c["action"] == "FilterLogEvents")
        .map(|c| {
            let body: Value = serde_json::from_str(c["body"].as_str().unwrap()).unwrap();
            body["logGroupName"].as_str().unwrap().to_string()
        })
        .collect()
}

/// `healthy`, with enhanced-compaction logging in JSON format to a group of its own that
/// holds two runs (its default group still holds the seeded four, in Text format).
fn json_logs_in_a_custom_group(system_level: &str, platform: bool) -> Sandbox {
    let sandbox = Sandbox::builder("healthy")
        .function_override(
            "enhanced-compaction",
            json!({"LoggingConfig": {"LogGroup": SHARED_GROUP, "LogFormat": "JSON",
                                     "SystemLogLevel": system_level}}),
        )
        .start();
    // Lambda names its streams in a custom group after the function.
    let function = sandbox.function_name("enhanced-compaction");
    let mut args = vec![
        "put-runs",
        SHARED_GROUP,
        "--runs",
        "2",
        "--format",
        "JSON",
        "--create",
        "--function",
        &function,
    ];
    if !platform {
        args.push("--no-platform");
    }
    sandbox.query(&args);
    sandbox
}

#[test]
fn verify_reads_the_configured_group_in_json_format() {
    let sandbox = json_logs_in_a_custom_group("INFO", true);
    let report = sandbox.json(&["verify"], 0);
    let logs = check(&report, "logs.enhanced-compaction");
    assert_eq!(logs["status"], "pass", "{logs}");
    assert_eq!(
        logs["summary"],
        "2 runs, 2 deltas, 2 merged (256 records), 0 errors in 15m"
    );
    let details = logs["details"].to_string();
    assert!(details.contains("invocations: 2"), "{details}");
    assert!(
        details.contains("log group /shared/compaction (from its logging configuration), JSON"),
        "{details}"
    );
    let groups = searched_groups(&sandbox);
    assert!(
        !groups.is_empty() && groups.iter().all(|g| g == SHARED_GROUP),
        "{groups:?}"
    );
}

#[test]
fn a_system_log_level_that_hides_platform_lines_is_said_never_no_invocations() {
    // The watched consumer: markers still count, invocations are said to be invisible.
    let sandbox = json_logs_in_a_custom_group("WARN", false);
    let report = sandbox.json(&["verify"], 0);
    let logs = check(&report, "logs.enhanced-compaction");
    assert_eq!(logs["status"], "pass", "{logs}");
    assert!(
        logs["details"]
            .to_string()
            .contains("invocations: not visible (system log level WARN hides Lambda's own lines)"),
        "{logs}"
    );

    // The retired function that is still deployed: its invocations cannot be seen, and
    // its logs are not searched for what they cannot show.
    let sandbox = Sandbox::builder("fallback")
        .function_override(
            "chroma-worker",
            json!({"LoggingConfig": {"LogFormat": "JSON", "SystemLogLevel": "WARN"}}),
        )
        .start();
    let report = sandbox.json(&["verify"], 0);
    let retired = check(&report, "logs.chroma-worker");
    assert_eq!(retired["status"], "warn", "{retired}");
    assert_eq!(
        retired["summary"],
        "cannot see invocations: chroma-worker's system log level WARN hides Lambda's \
         START/REPORT lines"
    );
    let legacy_group = format!("/aws/lambda/{}", sandbox.function_name("chroma-worker"));
    assert!(!searched_groups(&sandbox).contains(&legacy_group));
}

#[test]
fn invocations_in_json_format_after_the_takeover_warn() {
    let sandbox = Sandbox::builder("fallback")
        .function_override(
            "chroma-worker",
            json!({"LoggingConfig": {"LogFormat": "JSON"}}),
        )
        .start();
    let group = format!("/aws/lambda/{}", sandbox.function_name("chroma-worker"));
    // A run after the takeover (the sandbox's mappings changed 30 minutes ago).
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string();
    sandbox.query(&[
        "put-runs",
        &group,
        "--runs",
        "1",
        "--format",
        "JSON",
        "--start-ms",
        &now_ms,
    ]);
    let report = sandbox.json(&["verify"], 0);
    let retired = check(&report, "logs.chroma-worker");
    assert_eq!(retired["status"], "warn", "{retired}");
    assert!(
        retired["summary"]
            .as_str()
            .unwrap()
            .starts_with("1 invocation(s)"),
        "{retired}"
    );
    assert!(
        retired["details"][0]
            .as_str()
            .unwrap()
            .starts_with("START RequestId: "),
        "{retired}"
    );
}

#[test]
fn tail_follows_the_configured_group_and_reads_json_lines() {
    let sandbox = json_logs_in_a_custom_group("INFO", true);
    let out = sandbox
        .ccx()
        .args(["tail", "enhanced-compaction"])
        .output()
        .expect("run ccx");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    // Two runs of start, three application lines and a report.
    assert_eq!(lines.len(), 10, "{stdout}");
    let message = |line: &str| line.split_once(' ').unwrap().1.to_string();
    assert!(
        message(lines[0]).starts_with("START RequestId: "),
        "{stdout}"
    );
    assert!(
        message(lines[1]).starts_with("[INFO] Processing COMPACTION_RUN run_id="),
        "{stdout}"
    );
    assert!(
        message(lines[4]).starts_with("REPORT RequestId: ")
            && lines[4].contains("Duration: 812.33 ms"),
        "{stdout}"
    );
    assert!(!stdout.contains('{'), "JSON shown raw: {stdout}");
    assert!(
        stderr.contains("10 events shown; 2 runs, 2 deltas, 2 merged (256 records), 0 errors"),
        "{stderr}"
    );

    // Detailed keeps each line whole; so does JSON output.
    let detailed = sandbox.text(&["tail", "enhanced-compaction", "--format", "detailed"], 0);
    assert!(
        detailed
            .lines()
            .all(|l| l.contains("[$LATEST]") && l.contains(" {\"")),
        "{detailed}"
    );
    let out = sandbox
        .ccx()
        .args(["tail", "enhanced-compaction", "-o", "json"])
        .output()
        .expect("run ccx");
    let events = parse_json_lines(&out.stdout);
    assert_eq!(events.len(), 10);
    for event in &events {
        assert_eq!(event["log_group"], SHARED_GROUP);
        let inner: Value = serde_json::from_str(event["message"].as_str().unwrap())
            .unwrap_or_else(|e| panic!("{e}: {event}"));
        assert!(inner.is_object());
    }
}

#[test]
fn tail_of_a_name_that_is_nothing_names_the_closest_candidates() {
    let sandbox = Sandbox::start("healthy");
    let out = sandbox
        .ccx()
        .args(["tail", "enhnced-compaction"])
        .output()
        .expect("run ccx");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let real = sandbox.function_name("enhanced-compaction");
    assert_eq!(
        stderr.trim_end(),
        format!(
            "ccx: error: `enhnced-compaction` is not a topology function, a function in this \
             account and region, or a log group (those start with `/`); closest: \
             enhanced-compaction, {real}"
        )
    );
    // Nothing was read from the logs.
    assert!(searched_groups(&sandbox).is_empty());

    // A real function outside the topology is still fine.
    let out = sandbox
        .ccx()
        .args(["tail", &real, "-o", "json"])
        .output()
        .expect("run ccx");
    assert!(out.status.success());
    assert_eq!(parse_json_lines(&out.stdout).len(), 24);
}
