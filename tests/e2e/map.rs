//! `ccx map` end to end, for every emulator scenario: the pipeline in flow order, every
//! line within 100 columns, the graph in JSON. Snapshots have the seeded names' random
//! suffixes masked (same length, so the layout is what ccx drew).

use crate::common;

use common::Sandbox;
use serde_json::Value;

const FLOW: [&str; 4] = ["embed-ndjson", "compaction-runs", "lines", "words"];

/// Every seeded resource name of stack `dev`.
fn seeded_names(sandbox: &Sandbox) -> Vec<String> {
    let stack = sandbox.stack("dev");
    let mut names: Vec<String> = Vec::new();
    let mut add = |value: &Value| {
        if let Some(name) = value.as_str() {
            names.push(name.to_string());
        }
    };
    for function in stack["functions"].as_object().unwrap().values() {
        add(function);
    }
    for queue in stack["queues"].as_object().unwrap().values() {
        add(&queue["name"]);
        add(&queue["dlq_name"]);
    }
    add(&stack["table"]["name"]);
    names
}

/// `text` with each seeded name's 7-hex suffix written as `xxxxxxx`.
fn masked(sandbox: &Sandbox, text: &str) -> String {
    let mut out = text.to_string();
    for name in seeded_names(sandbox) {
        let Some((stem, suffix)) = name.rsplit_once('-') else {
            continue;
        };
        if suffix.len() == 7 && suffix.chars().all(|c| c.is_ascii_hexdigit()) {
            out = out.replace(&name, &format!("{stem}-xxxxxxx"));
        }
    }
    out
}

/// Draws the map of `scenario`, checks order, width and graph, and snapshots it.
fn map_of(scenario: &str, code: i32) {
    let sandbox = Sandbox::start(scenario);
    let text = sandbox.text(&["map"], code);
    for line in text.lines() {
        assert!(
            line.chars().count() <= 100,
            "{scenario}: {} columns: {line:?}\n{text}",
            line.chars().count()
        );
    }
    let headers: Vec<usize> = FLOW
        .iter()
        .map(|key| {
            text.find(&format!("{key} · "))
                .unwrap_or_else(|| panic!("{scenario}: no {key} in\n{text}"))
        })
        .collect();
    assert!(
        headers.is_sorted(),
        "{scenario}: not in flow order:\n{text}"
    );

    let report = sandbox.json(&["map"], code);
    let order: Vec<&str> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert_eq!(order, FLOW, "{scenario}");
    let ids: Vec<&str> = report["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for edge in report["edges"].as_array().unwrap() {
        for end in ["from", "to"] {
            assert!(
                ids.contains(&edge[end].as_str().unwrap()),
                "{scenario}: edge {edge} ends outside the nodes {ids:?}"
            );
        }
    }
    insta::assert_snapshot!(format!("map_{scenario}"), masked(&sandbox, &text));
}

#[test]
fn map_of_the_healthy_pipeline() {
    map_of("healthy", 0);
}

#[test]
fn map_with_messages_in_a_dlq() {
    map_of("dlq", 0);
}

#[test]
fn map_with_the_fallback_consumer_disabled() {
    map_of("fallback", 0);
}

#[test]
fn map_before_the_cutover() {
    map_of("before", 0);
}

#[test]
fn map_of_the_runbook_bug_two_consumers() {
    map_of("duplicate", 1);
}

#[test]
fn map_json_is_the_graph_of_the_pipeline() {
    let sandbox = Sandbox::start("dlq");
    let report = sandbox.json(&["map"], 0);
    let stack = sandbox.stack("dev");
    let edge = |from: &str, to: &str| {
        report["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["from"] == from && e["to"] == to)
            .unwrap_or_else(|| panic!("no edge {from} -> {to} in {report}"))
            .clone()
    };
    let mapping = edge("queue:lines", "function:enhanced-compaction");
    assert_eq!(mapping["kind"], "mapping");
    assert_eq!(mapping["state"], "Enabled");
    assert_eq!(
        mapping["uuid"],
        sandbox
            .mapping_uuid("dev", "enhanced-compaction", "lines")
            .as_str()
    );
    assert_eq!(
        edge("function:stream-processor", "queue:lines")["kind"],
        "writes"
    );
    assert_eq!(
        edge("function:embed-from-ndjson", "stream:compaction-runs")["kind"],
        "writes"
    );
    assert_eq!(edge("queue:lines", "dlq:lines")["kind"], "dead_letter");
    let dlq = report["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "dlq:lines")
        .unwrap();
    assert_eq!(dlq["name"], stack["queues"]["lines"]["dlq_name"]);
    assert_eq!(dlq["visible"], 3);
}

#[test]
fn map_wide_shows_every_name_whole() {
    let sandbox = Sandbox::start("duplicate");
    let text = sandbox.text(&["--wide", "map"], 1);
    for name in seeded_names(&sandbox)
        .iter()
        .filter(|n| !n.contains("thumbnails") && !n.contains("image-resizer"))
    {
        assert!(text.contains(name.as_str()), "{name} not whole in\n{text}");
    }
}

#[test]
fn map_watch_on_a_pipe_prints_one_reading_after_another() {
    let sandbox = Sandbox::start("healthy");
    let watch = ["map", "--watch", "--interval", "1s", "--count", "2"];
    let lines = sandbox
        .ccx()
        .args(["--output", "json"])
        .args(watch)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let readings = common::parse_json_lines(&lines);
    assert_eq!(readings.len(), 2);
    assert!(
        readings
            .iter()
            .all(|r| r["sources"].as_array().unwrap().len() == 4)
    );
    let text = sandbox.text(&watch, 0);
    assert_eq!(text.matches("Pipeline of stack dev").count(), 2, "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no screen control on a pipe: {text:?}"
    );
}

#[test]
fn a_watch_asks_cloudwatch_for_the_ages_once_a_minute_not_every_reading() {
    let sandbox = Sandbox::start("healthy");
    for command in ["map", "queues"] {
        sandbox.clear_calls();
        let out = sandbox
            .ccx()
            .args(["--output", "json", command, "--watch", "--interval", "1s"])
            .args(["--count", "3"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert_eq!(common::parse_json_lines(&out).len(), 3, "{command}");
        let calls = sandbox.calls();
        let count = |action: &str| calls.iter().filter(|c| c["action"] == action).count();
        assert_eq!(count("ListQueues"), 3, "{command}: three readings");
        assert_eq!(count("GetMetricData"), 1, "{command}: the ages, once");
    }
}
