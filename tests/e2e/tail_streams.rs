//! `ccx tail`'s log conveniences against the sandbox: `--stream PREFIX` across groups
//! (the bed filters by `logStreamNamePrefix` as CloudWatch does), `--list` of the groups
//! and their recent streams, and when each event was ingested.

use crate::common;

use common::{Sandbox, filter_log_events, now_ms, parse_json, parse_json_lines};
use serde_json::{Value, json};

const LATEST: &str = "2026/11/29/[$LATEST]";

fn put(sandbox: &Sandbox, group: &str, stream: &str, events: Value) {
    sandbox.query(&["put-events", group, stream, &events.to_string(), "--create"]);
}

/// Two groups; in each a `$LATEST` stream, and in the first also one of version 3.
fn two_groups(sandbox: &Sandbox) -> i64 {
    let t = now_ms() - 60_000;
    put(
        sandbox,
        "/test/a",
        &format!("{LATEST}aaa"),
        json!([
        {"timestamp": t, "message": "a latest 1"},
        {"timestamp": t + 20, "message": "a latest 2"}]),
    );
    put(
        sandbox,
        "/test/a",
        "2026/11/29/[3]bbb",
        json!([
        {"timestamp": t + 10, "message": "a version 3"},
        {"timestamp": t + 40, "message": "a version 3 later"}]),
    );
    sandbox.query(&[
        "put-events",
        "/test/b",
        &format!("{LATEST}ccc"),
        &json!([{"timestamp": t + 30, "message": "b latest"}]).to_string(),
        "--create",
    ]);
    t
}

fn messages(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect()
}

#[test]
fn a_stream_prefix_reads_only_those_streams_in_every_group() {
    let sandbox = Sandbox::start("empty");
    two_groups(&sandbox);
    let out = sandbox
        .ccx()
        .args([
            "tail", "/test/a", "/test/b", "--since", "1h", "--stream", LATEST, "-o", "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = parse_json_lines(&out.stdout);
    assert_eq!(messages(&events), ["a latest 1", "a latest 2", "b latest"]);
    assert!(
        events
            .iter()
            .all(|e| e["log_stream"].as_str().unwrap().starts_with(LATEST))
    );
    // Without the prefix, every stream.
    let out = sandbox
        .ccx()
        .args(["tail", "/test/a", "--since", "1h", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(parse_json_lines(&out.stdout).len(), 4);
}

#[test]
fn an_empty_stream_prefix_is_bad_input() {
    let sandbox = Sandbox::start("empty");
    let out = sandbox
        .ccx()
        .args(["tail", "/test/a", "--stream", ""])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a stream name prefix cannot be empty"),
        "{stderr}"
    );
    assert!(sandbox.calls().is_empty(), "nothing asked of AWS");
}

#[test]
fn the_bed_filters_by_prefix_and_refuses_it_beside_stream_names() {
    let sandbox = Sandbox::start("empty");
    let t = two_groups(&sandbox);
    let (status, _, page) = filter_log_events(
        sandbox.endpoint(),
        &json!({"logGroupName": "/test/a", "startTime": t - 1000, "logStreamNamePrefix": "2026/11/29/[3]"}),
    );
    assert_eq!(status, 200, "{page}");
    assert_eq!(
        messages(page["events"].as_array().unwrap()),
        ["a version 3", "a version 3 later"]
    );
    let (status, _, error) = filter_log_events(
        sandbox.endpoint(),
        &json!({"logGroupName": "/test/a", "startTime": t - 1000,
            "logStreamNamePrefix": LATEST, "logStreamNames": [format!("{LATEST}aaa")]}),
    );
    assert_eq!(status, 400);
    assert_eq!(error["__type"], "InvalidParameterException");
}

#[test]
fn list_names_each_group_and_its_recent_streams_latest_event_first() {
    let sandbox = Sandbox::start("empty");
    two_groups(&sandbox);
    let out = sandbox
        .ccx()
        .args(["tail", "--list", "/test/a", "/test/missing", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a missing group: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listing = parse_json(&out.stdout);
    let groups = listing["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["log_group"], "/test/a");
    assert_eq!(groups[0]["exists"], true);
    let names: Vec<&str> = groups[0]["streams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["2026/11/29/[3]bbb", format!("{LATEST}aaa").as_str()],
        "latest event first"
    );
    assert!(
        groups[0]["streams"][0]["last_event"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    assert_eq!(groups[0]["more_streams"], false);
    assert_eq!(groups[1]["exists"], false);
    assert_eq!(
        groups[1]["note"],
        "log group /test/missing does not exist (yet)"
    );

    let one = sandbox.json(&["tail", "--list", "/test/a", "--streams", "1"], 0);
    assert_eq!(one["groups"][0]["streams"].as_array().unwrap().len(), 1);
    assert_eq!(one["groups"][0]["more_streams"], true);

    // A prefix lists by name (CloudWatch cannot order by last event then).
    let prefixed = sandbox.json(&["tail", "--list", "/test/a", "--stream", LATEST], 0);
    assert_eq!(prefixed["stream_prefix"], LATEST);
    let streams = prefixed["groups"][0]["streams"].as_array().unwrap();
    assert_eq!(streams.len(), 1);
    assert_eq!(streams[0]["name"], format!("{LATEST}aaa"));

    let text = sandbox.text(&["tail", "--list", "/test/a"], 0);
    assert!(text.contains("a: /test/a"), "{text}");
    assert!(
        text.contains("STREAM") && text.contains("2026/11/29/[3]bbb"),
        "{text}"
    );
}

#[test]
fn list_without_names_covers_every_topology_function_of_the_stack() {
    let sandbox = Sandbox::start("healthy");
    let listing = sandbox.json(&["tail", "--list"], 1);
    let groups = listing["groups"].as_array().unwrap();
    let sources: Vec<&str> = groups
        .iter()
        .map(|g| g["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        [
            "chroma-worker",
            "embed-from-ndjson",
            "enhanced-compaction",
            "stream-processor"
        ]
    );
    let compaction = &groups[2];
    assert_eq!(
        compaction["function"],
        sandbox.function_name("enhanced-compaction")
    );
    assert_eq!(
        compaction["streams"].as_array().unwrap().len(),
        2,
        "the seeded streams: {compaction}"
    );
    // The healthy stack has no chroma-worker: said on its row, and exit 1.
    assert_eq!(groups[0]["exists"], false);
    assert!(
        groups[0]["note"]
            .as_str()
            .unwrap()
            .contains("chroma-worker"),
        "{}",
        groups[0]
    );
}

#[test]
fn ingestion_time_and_lag_are_shown_detailed_and_in_json() {
    let sandbox = Sandbox::start("empty");
    let now = now_ms();
    // Timestamped five minutes ago but written now: it reaches CloudWatch five minutes late.
    put(
        &sandbox,
        "/test/late",
        "s",
        json!([
        {"timestamp": now - 300_000, "message": "came late"},
        {"timestamp": now - 1_000, "message": "on time"}]),
    );
    let events = parse_json_lines(
        &sandbox
            .ccx()
            .args(["tail", "/test/late", "--since", "1h", "-o", "json"])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(messages(&events), ["came late", "on time"]);
    let lag = |e: &Value| e["ingestion_lag_ms"].as_i64().unwrap();
    assert!(
        (300_000..360_000).contains(&lag(&events[0])),
        "{}",
        events[0]
    );
    assert!((0..10_000).contains(&lag(&events[1])), "{}", events[1]);
    assert!(
        events[0]["ingestion_time"].as_str().unwrap() > events[0]["timestamp"].as_str().unwrap()
    );

    let text = sandbox.text(
        &[
            "tail",
            "/test/late",
            "--since",
            "1h",
            "--format",
            "detailed",
        ],
        0,
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].contains(" s ")
            && lines[0].contains("m0")
            && lines[0].contains(" late) came late"),
        "{text}"
    );
    assert!(
        !lines[1].contains("late)") && lines[1].ends_with(" on time"),
        "{text}"
    );
    let fields: Vec<&str> = lines[1].split(' ').collect();
    assert_eq!(fields[1], "s");
    assert!(
        fields[2].ends_with('Z') && fields[2] >= fields[0],
        "the ingestion time: {text}"
    );
}
