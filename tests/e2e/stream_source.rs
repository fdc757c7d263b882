//! The DynamoDB stream whose table the runbook never names: found through its consumer's
//! mappings, or reported as not found with how to name it.

use crate::common;

use common::{Sandbox, check};
use serde_json::Value;

fn stream_source(report: &Value) -> &Value {
    report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "compaction-runs")
        .unwrap_or_else(|| panic!("no stream in {report}"))
}

#[test]
fn without_a_table_pattern_the_stream_is_found_through_its_consumer() {
    let sandbox = Sandbox::start("healthy");
    let table = sandbox.stack("dev")["table"]["name"].as_str().unwrap();
    let report = sandbox.json(&["mappings"], 0);
    let stream = stream_source(&report);
    assert_eq!(stream["verdict"], "ok", "{stream}");
    assert_eq!(stream["name"], table);
    assert_eq!(
        stream["summary"],
        format!("one enabled consumer: table {table} found through stream-processor's mapping")
    );

    let verify = sandbox.json(&["verify"], 0);
    let consumers = check(&verify, "consumers.compaction-runs");
    assert_eq!(consumers["status"], "pass");
    assert!(
        consumers["details"].to_string().contains(&format!(
            "table {table} found through stream-processor's mapping"
        )),
        "{consumers}"
    );

    // The default topology names no table.
    let shown = sandbox.text(&["config", "show"], 0);
    assert!(!shown.contains("table_pattern = "), "{shown}");
    assert!(
        shown
            .contains("# a stream without `table_pattern` is the one its consumer's mappings read"),
        "{shown}"
    );
}

#[test]
fn a_table_pattern_that_matches_nothing_falls_back_to_the_consumer_and_says_so() {
    let sandbox = Sandbox::start("healthy");
    std::fs::write(
        sandbox.tempdir().join("ccx.toml"),
        "[streams.compaction-runs]\ntable_pattern = \"CompactionRun\"\nconsumer = \"stream-processor\"\n",
    )
    .unwrap();
    let table = sandbox.stack("dev")["table"]["name"].as_str().unwrap();
    let report = sandbox.json(&["mappings"], 0);
    let stream = stream_source(&report);
    assert_eq!(stream["name"], table);
    assert!(
        stream["summary"].as_str().unwrap().contains(&format!(
            "no table in stack dev contains `CompactionRun`; table {table} found through"
        )),
        "{stream}"
    );

    // A pattern that matches finds the table by name, with nothing more to say.
    std::fs::write(
        sandbox.tempdir().join("ccx.toml"),
        "[streams.compaction-runs]\ntable_pattern = \"compaction-runs\"\nconsumer = \"stream-processor\"\n",
    )
    .unwrap();
    let report = sandbox.json(&["mappings"], 0);
    assert_eq!(stream_source(&report)["summary"], "one enabled consumer");
}

#[test]
fn a_stream_that_is_not_found_says_so_and_how_to_name_it() {
    let sandbox = Sandbox::start("healthy");
    // embed-from-ndjson reads a queue, no stream: nothing to find the table through.
    std::fs::write(
        sandbox.tempdir().join("ccx.toml"),
        "[streams.compaction-runs]\nconsumer = \"embed-from-ndjson\"\n",
    )
    .unwrap();
    let report = sandbox.json(&["mappings"], 1);
    let stream = stream_source(&report);
    assert_eq!(stream["verdict"], "source_missing", "{stream}");
    let summary = stream["summary"].as_str().unwrap();
    assert_eq!(
        summary,
        "not found in this stack: embed-from-ndjson reads no DynamoDB stream in stack dev; \
         name the table with `table_pattern` under [streams.compaction-runs] in ccx.toml"
    );

    let text = sandbox.text(&["map"], 1);
    assert!(text.contains("`table_pattern`"), "{text}");
    assert!(!text.contains("NO enabled consumer"), "{text}");

    let verify = sandbox.json(&["verify"], 1);
    let consumers = check(&verify, "consumers.compaction-runs");
    assert_eq!(consumers["status"], "fail");
    assert_eq!(consumers["summary"], summary);
}
