//! Filter patterns as CloudWatch Logs reads them (tests/support/filter_patterns.py): the
//! bed narrows each FilterLogEvents search by its pattern as AWS does (moto would answer
//! an OR pattern with every event), and every line ccx counts survives the pattern it
//! sends, in Text and JSON format, while the lines it does not need are left out.

use crate::common;

use std::collections::BTreeSet;

use common::{Sandbox, filter_log_events, now_ms};
use serde_json::{Value, json};

/// A topology whose markers need escaping in a JSON record: a quote and a non-ASCII
/// letter (the built-in markers and errors otherwise).
const TOPOLOGY: &str = r#"
[logs]
watch = ["enhanced-compaction"]
markers = [
  { name = "runs", text = "Processing COMPACTION_RUN" },
  { name = "deltas", text = "Downloaded delta" },
  { name = "merged", text = "Merged ", sum_number = true },
  { name = "greeting", text = "say \"hi\"" },
  { name = "fusion", text = "Zusammenführung" },
]
errors = ["ERROR", "Task timed out", "Traceback"]
"#;

const STREAM: &str = "2026/12/01/[$LATEST]0123456789abcdef0123456789abcdef";

fn platform(kind: &str, request: &str) -> String {
    json!({"time": "2026-12-01T10:00:00.000Z", "type": kind,
           "record": {"requestId": request, "version": "$LATEST"}})
    .to_string()
}

fn app(level: &str, message: &str) -> String {
    json!({"timestamp": "2026-12-01T10:00:00.000Z", "level": level, "message": message,
           "requestId": "r2"})
    .to_string()
}

/// What verify counts, what the drain reads, and what neither needs.
struct Lines {
    verify: Vec<String>,
    drain: Vec<String>,
    neither: Vec<String>,
}

fn lines() -> Lines {
    // A JSON logger that escapes non-ASCII (Python's json.dumps does by default).
    let fusion_escaped =
        r#"{"level": "INFO", "message": "Zusammenf\u00fchrung fertig", "requestId": "r2"}"#;
    Lines {
        verify: vec![
            "[INFO] Processing COMPACTION_RUN run_id=r collection=lines\n".into(),
            "[INFO] Downloaded delta s3://deltas/lines/r.tar.gz\n".into(),
            "[INFO] Merged 7 records into lines\n".into(),
            "[ERROR] the merge failed\n".into(),
            "2026-12-01T10:00:03.000Z r1 Task timed out after 3.00 seconds\n".into(),
            "Traceback (most recent call last):\n".into(),
            app("INFO", "say \"hi\" to the merger"),
            app("INFO", "Zusammenführung fertig"),
            fusion_escaped.to_string(),
            app("ERROR", "could not upload"),
        ],
        drain: vec![
            "END RequestId: r1\n".into(),
            platform("platform.runtimeDone", "r2"),
        ],
        neither: vec![
            "[INFO] heartbeat ok\n".into(),
            "INIT_START Runtime Version: python:3.12.v18\n".into(),
            app("INFO", "cache warm"),
            app("DEBUG", "say hi"),
        ],
    }
}

/// Lambda's lines that start and report an invocation: both verify and the drain read them.
fn both() -> Vec<String> {
    vec![
        "START RequestId: r1 Version: $LATEST\n".into(),
        "REPORT RequestId: r1\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\n".into(),
        platform("platform.start", "r2"),
        platform("platform.report", "r2"),
    ]
}

/// The filter pattern of the first search of `group` the proxy saw after `after` calls.
fn pattern_sent(calls: &[Value], group: &str) -> String {
    calls
        .iter()
        .filter(|c| c["action"] == "FilterLogEvents")
        .map(|c| serde_json::from_str::<Value>(c["body"].as_str().unwrap()).unwrap())
        .find(|body| body["logGroupName"] == group)
        .and_then(|body| body["filterPattern"].as_str().map(str::to_string))
        .unwrap_or_else(|| panic!("no search of {group} with a pattern"))
}

/// Every message of STREAM that a FilterLogEvents search with `pattern` returns
/// through the proxy (the layer applies the pattern), every page.
fn kept_by(sandbox: &Sandbox, group: &str, pattern: &str) -> BTreeSet<String> {
    let mut kept = BTreeSet::new();
    let mut token: Option<String> = None;
    loop {
        let mut request = json!({"logGroupName": group, "logStreamNames": [STREAM],
                                 "filterPattern": pattern,
                                 "startTime": now_ms() - 600_000, "endTime": now_ms()});
        if let Some(token) = &token {
            request["nextToken"] = json!(token);
        }
        let (status, _, page) = filter_log_events(sandbox.endpoint(), &request);
        assert_eq!(status, 200, "{page}");
        for event in page["events"].as_array().unwrap() {
            kept.insert(event["message"].as_str().unwrap().to_string());
        }
        match page["nextToken"].as_str() {
            Some(next) if token.as_deref() != Some(next) => token = Some(next.to_string()),
            _ => return kept,
        }
    }
}

fn set(lists: &[&[String]]) -> BTreeSet<String> {
    lists.iter().flat_map(|l| l.iter().cloned()).collect()
}

#[test]
fn every_line_ccx_counts_survives_the_pattern_it_sends_and_the_rest_is_left_out() {
    // The rate limit is not what this test is about: the raw searches below are extra.
    let sandbox = Sandbox::builder("fallback")
        .layer(json!({"rate_limits": {"FilterLogEvents": null}}))
        .start();
    std::fs::write(sandbox.tempdir().join("ccx.toml"), TOPOLOGY).unwrap();
    let group = format!(
        "/aws/lambda/{}",
        sandbox.function_name("enhanced-compaction")
    );
    let Lines {
        verify,
        drain,
        neither,
    } = lines();
    let both = both();
    let all: Vec<&String> = verify
        .iter()
        .chain(&drain)
        .chain(&neither)
        .chain(&both)
        .collect();
    let at = now_ms() - 60_000;
    let events: Vec<Value> = all
        .iter()
        .enumerate()
        .map(|(i, m)| json!({"timestamp": at + i as i64, "message": m}))
        .collect();
    sandbox.query(&[
        "put-events",
        &group,
        STREAM,
        &Value::Array(events).to_string(),
        "--create",
    ]);

    // verify's search: markers, errors and invocations, nothing else.
    let report = sandbox.json(&["verify"], 0);
    let check = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "logs.enhanced-compaction")
        .unwrap()
        .clone();
    let pattern = pattern_sent(&sandbox.calls(), &group);
    assert_eq!(
        kept_by(&sandbox, &group, &pattern),
        set(&[&verify, &both]),
        "verify's pattern {pattern}"
    );
    // And what it kept is what it counted: the seeded four runs and these lines.
    let details = check["details"].to_string();
    for counted in [
        "`Processing COMPACTION_RUN`: 5 line(s)",
        "`say \\\"hi\\\"`: 1 line(s)",
        "`Zusammenführung`: 2 line(s)",
        "invocations: 6",
    ] {
        assert!(details.contains(counted), "{counted}: {details}");
    }
    assert!(
        check["summary"]
            .as_str()
            .unwrap()
            .starts_with("4 error line(s) in 15m"),
        "{check}"
    );

    // The drain's search: every start and end of an invocation, nothing else.
    sandbox.clear_calls();
    sandbox
        .ccx()
        .args(["rollback", "--yes", "--queue", "lines"])
        .assert()
        .success();
    let pattern = pattern_sent(&sandbox.calls(), &group);
    assert_eq!(
        kept_by(&sandbox, &group, &pattern),
        set(&[&drain, &both]),
        "the drain's pattern {pattern}"
    );
}

#[test]
fn the_bed_reads_terms_phrases_or_exclusions_and_json_as_cloudwatch_does() {
    let sandbox = Sandbox::builder("healthy")
        .layer(json!({"rate_limits": {"FilterLogEvents": null}}))
        .start();
    let group = "/patterns/test";
    let messages = [
        "ERROR WARN message",
        "ERROR message",
        "WARN message",
        "Exiting with ERRORCODE: -1",
        r#"{"level": "ERROR", "latency": 1200, "user": {"id": 1}, "tags": ["a", "b"]}"#,
        r#"{"level": "INFO", "latency": 80, "user": {"id": 2}, "flag": true}"#,
    ];
    let events: Vec<Value> = messages
        .iter()
        .enumerate()
        .map(|(i, m)| json!({"timestamp": now_ms() - 10_000 + i as i64, "message": m}))
        .collect();
    sandbox.query(&[
        "put-events",
        group,
        STREAM,
        &Value::Array(events).to_string(),
        "--create",
    ]);
    let search = |pattern: &str| -> Vec<usize> {
        let request = json!({"logGroupName": group, "filterPattern": pattern,
                             "startTime": now_ms() - 60_000, "endTime": now_ms()});
        let (status, _, page) = filter_log_events(sandbox.endpoint(), &request);
        assert_eq!(status, 200, "{pattern}: {page}");
        page["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let m = e["message"].as_str().unwrap();
                messages.iter().position(|x| *x == m).unwrap()
            })
            .collect()
    };
    // The guide's own examples.
    assert_eq!(search("ERROR"), [0, 1, 3, 4]);
    assert_eq!(search("ERROR WARN"), [0]);
    assert_eq!(search("?ERROR ?WARN"), [0, 1, 2, 3, 4]);
    assert_eq!(search("ERROR -WARN"), [1, 3, 4]);
    assert_eq!(search(r#""ERROR" - "Exiting""#), [0, 1, 4]);
    assert_eq!(search(r#""ERROR message""#), [1]);
    assert_eq!(search("error"), Vec::<usize>::new(), "case-sensitive");
    assert_eq!(search(""), [0, 1, 2, 3, 4, 5]);
    assert_eq!(search(r#"{ $.level = "ERROR" }"#), [4]);
    assert_eq!(search("{ $.latency > 1000 || $.flag IS TRUE }"), [4, 5]);
    assert_eq!(search("{ ($.user.id = 2) && $.level != ERR* }"), [5]);
    assert_eq!(search(r#"{ $.tags[1] = "b" }"#), [4]);
    assert_eq!(
        search("{ $.user = 1 }"),
        Vec::<usize>::new(),
        "an object is no value"
    );
    assert_eq!(search("{ $.flag NOT EXISTS }"), [4]);
    // A pattern the bed does not imitate is refused, never read as "everything".
    let request = json!({"logGroupName": group, "filterPattern": "[ip, user, ...]"});
    let (status, _, answer) = filter_log_events(sandbox.endpoint(), &request);
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["__type"], "InvalidParameterException");
}
