//! `ccx functions`, `ccx mappings` and `ccx queues` end to end against the emulator.

use crate::common;

use std::collections::BTreeSet;

use common::Sandbox;
use serde_json::Value;

fn uuid_states(mappings: &Value) -> BTreeSet<(String, String)> {
    mappings
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["uuid"].as_str().unwrap().to_string(),
                m["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn mappings_all_lists_exactly_what_lambda_lists() {
    let sandbox = Sandbox::start("fallback");
    let ours = sandbox.json(&["mappings", "--all"], 0);
    let theirs = sandbox.query(&["mappings"]);
    assert_eq!(uuid_states(&ours["mappings"]), uuid_states(&theirs));
    assert!(ours["mappings"].as_array().unwrap().len() >= 6);
}

#[test]
fn mappings_of_a_healthy_stack_pass_with_the_expected_fields() {
    let sandbox = Sandbox::start("healthy");
    let report = sandbox.json(&["mappings"], 0);
    assert!(
        report["problems"].as_array().unwrap().is_empty(),
        "{report}"
    );
    let lines = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    let row = report["mappings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["uuid"] == lines.as_str())
        .expect("lines mapping");
    assert_eq!(row["source"], "lines");
    assert_eq!(
        row["function_name"],
        "chromadb-dev-lambdas-enhanced-compaction"
    );
    assert_eq!(row["function"], "enhanced-compaction");
    assert_eq!(row["state"], "Enabled");
    assert_eq!(row["batch_size"], 10);
    assert_eq!(
        row["event_source_arn"],
        sandbox.stack("dev")["queues"]["lines"]["arn"]
    );
    assert!(
        row["function_arn"]
            .as_str()
            .unwrap()
            .ends_with(":function:chromadb-dev-lambdas-enhanced-compaction")
    );
    // Only topology sources without --all: the unrelated thumbnails mapping stays out.
    assert!(
        report["mappings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| !m["source"].is_null())
    );
    let stream = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "compaction-runs")
        .unwrap();
    assert_eq!(stream["verdict"], "ok");
}

#[test]
fn a_duplicated_queue_exits_1_and_names_both_consumers() {
    let sandbox = Sandbox::start("duplicate");
    let report = sandbox.json(&["mappings"], 1);
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let problem = problems[0].as_str().unwrap();
    let legacy = sandbox.stack("dev")["functions"]["chroma-worker"]
        .as_str()
        .unwrap();
    assert!(problem.starts_with("lines ("), "{problem}");
    assert!(
        problem.contains(legacy) && problem.contains("chromadb-dev-lambdas-enhanced-compaction"),
        "{problem}"
    );
    let lines = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "lines")
        .unwrap();
    assert_eq!(lines["verdict"], "duplicate");
    assert_eq!(lines["consumers"].as_array().unwrap().len(), 2);

    let text = sandbox.text(&["mappings"], 1);
    assert!(text.contains("2 ENABLED CONSUMERS"), "{text}");
    assert!(text.contains("PROBLEM: lines"), "{text}");
}

#[test]
fn before_the_cutover_the_retired_consumer_is_reported_but_not_a_count_problem() {
    let sandbox = Sandbox::start("before");
    let report = sandbox.json(&["mappings"], 0);
    let lines = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "lines")
        .unwrap();
    assert_eq!(lines["verdict"], "wrong_consumer");
    assert_eq!(
        lines["found"],
        sandbox.stack("dev")["functions"]["chroma-worker"]
    );
}

#[test]
fn a_stack_shows_only_its_own_resources() {
    let sandbox = Sandbox::builder("healthy").stacks(&["dev", "prod"]).start();
    let prod = sandbox.json(&["--stack", "prod", "mappings"], 0);
    let rows = prod["mappings"].as_array().unwrap();
    assert_eq!(rows.len(), 4, "{prod}");
    for row in rows {
        let text = row.to_string();
        assert!(text.contains("-prod-") && !text.contains("-dev-"), "{text}");
    }
    let dev = sandbox.json(&["--stack", "dev", "functions"], 0);
    for f in dev["functions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["exists"] == true)
    {
        assert!(f["name"].as_str().unwrap().contains("-dev-"), "{f}");
    }
}

#[test]
fn functions_show_roles_and_flag_a_retired_function_still_deployed() {
    let sandbox = Sandbox::start("fallback");
    let report = sandbox.json(&["functions"], 0);
    let by_key = |k: &str| {
        report["functions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["key"] == k)
            .unwrap()
            .clone()
    };
    let enhanced = by_key("enhanced-compaction");
    assert_eq!(enhanced["role"], "expected");
    assert_eq!(enhanced["exists"], true);
    assert_eq!(enhanced["state"], "Active");
    assert_eq!(enhanced["name"], "chromadb-dev-lambdas-enhanced-compaction");
    assert!(
        enhanced["arn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:lambda:")
    );
    assert_eq!(enhanced["consumes"], serde_json::json!(["lines", "words"]));
    let legacy = by_key("chroma-worker");
    assert_eq!(legacy["role"], "retired");
    assert_eq!(legacy["exists"], true);
    assert_eq!(legacy["health"], "warn");
    let text = sandbox.text(&["functions"], 0);
    assert!(text.contains("retired but still deployed"), "{text}");
}

#[test]
fn functions_fail_when_the_retired_consumer_still_consumes() {
    let sandbox = Sandbox::start("before");
    let report = sandbox.json(&["functions"], 1);
    let legacy = report["functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "chroma-worker")
        .unwrap();
    assert_eq!(legacy["health"], "fail");
    assert!(
        legacy["note"]
            .as_str()
            .unwrap()
            .contains("still consuming lines, words"),
        "{legacy}"
    );
}

#[test]
fn functions_of_a_healthy_stack_show_the_retired_one_absent() {
    let sandbox = Sandbox::start("healthy");
    let report = sandbox.json(&["functions"], 0);
    let legacy = report["functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "chroma-worker")
        .unwrap();
    assert_eq!(legacy["exists"], false);
    assert!(legacy["name"].is_null());
}

#[test]
fn an_account_without_any_resource_of_the_stack_is_one_error_line_not_a_wall_of_fails() {
    // Nothing of the pipeline at all (a wrong region, say): could not run, exit 2.
    let sandbox = Sandbox::start("empty");
    for command in ["functions", "queues", "mappings", "map", "verify"] {
        let out = sandbox
            .ccx()
            .arg(command)
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{command}: {stderr}");
        assert!(
            stderr.starts_with("ccx: error: no resource of stack `dev` found")
                && stderr.contains("no stack seen at all: check --region"),
            "{command}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{command} printed a report");
    }
    // Two stacks seeded, a third asked for: the error names the two.
    let sandbox = Sandbox::builder("healthy").stacks(&["dev", "prod"]).start();
    let out = sandbox
        .ccx()
        .args(["--stack", "prdo", "verify"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("stacks seen: dev (6 of 7 resources), prod (6 of 7 resources)"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("FAIL"));
}

#[test]
fn queues_show_depths_and_the_dlq() {
    let sandbox = Sandbox::start("dlq");
    let report = sandbox.json(&["queues"], 0);
    let lines = report["queues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["key"] == "lines")
        .unwrap();
    let seeded = &sandbox.stack("dev")["queues"]["lines"];
    assert_eq!(lines["name"], seeded["name"]);
    assert_eq!(lines["url"], seeded["url"]);
    let attrs = sandbox.query(&["queue-attrs", seeded["url"].as_str().unwrap()]);
    assert_eq!(
        lines["visible"].as_u64().unwrap().to_string(),
        attrs["ApproximateNumberOfMessages"].as_str().unwrap()
    );
    assert_eq!(lines["in_flight"], 0);
    assert_eq!(lines["delayed"], 0);
    assert_eq!(lines["dlq"]["name"], seeded["dlq_name"]);
    assert_eq!(lines["dlq"]["visible"], 3);
    let words = report["queues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["key"] == "words")
        .unwrap();
    assert_eq!(words["dlq"]["visible"], 0);
    let text = sandbox.text(&["queues"], 0);
    assert!(
        text.contains(seeded["dlq_name"].as_str().unwrap()),
        "{text}"
    );
}

#[test]
fn queues_watch_prints_one_reading_per_interval_with_a_trend() {
    let sandbox = Sandbox::start("healthy");
    let out = sandbox
        .ccx()
        .args([
            "--output",
            "json",
            "queues",
            "--watch",
            "--interval",
            "1s",
            "--count",
            "2",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let readings: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(readings.len(), 2);
    // Two readings a second apart give no rate: SQS's counts are approximate and settle
    // over about a minute (the rate itself: tests/queue_counts.rs).
    for reading in &readings {
        assert!(
            reading["queues"][0].get("drain_rate_per_second").is_none(),
            "{reading}"
        );
        assert_eq!(reading["trend"]["window_seconds"], Value::Null, "{reading}");
        assert_eq!(reading["trend"]["min_window_seconds"], 60, "{reading}");
    }
    assert_eq!(readings[0]["trend"]["watched_seconds"], 0);
}

#[test]
fn an_ambiguous_queue_is_an_error_listing_the_candidates() {
    let sandbox = Sandbox::start("healthy");
    std::fs::write(
        sandbox.tempdir().join("ccx.toml"),
        "[queues.lines]\npattern = \"queue\"\nconsumer = \"enhanced-compaction\"\n",
    )
    .unwrap();
    let out = sandbox
        .ccx()
        .arg("mappings")
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("ambiguous") && err.contains("chromadb-dev-lines-queue"),
        "{err}"
    );
}

#[test]
fn access_denied_is_one_clear_line_and_exit_2() {
    let sandbox = Sandbox::builder("healthy")
        .faults(serde_json::json!([{
            "match": {"service": "lambda", "action": "ListEventSourceMappings"},
            "fault": {"status": 403, "error_code": "AccessDeniedException", "message": "User is not authorized to perform: lambda:ListEventSourceMappings"}
        }]))
        .start();
    for command in ["mappings", "functions", "queues"] {
        let out = sandbox
            .ccx()
            .arg(command)
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{command}: {stderr}");
        assert!(
            stderr.starts_with("ccx: error: listing Lambda event source mappings: access denied"),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains("lambda:ListEventSourceMappings"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty(), "{command} printed a partial report");
    }
}

#[test]
fn map_draws_each_source_with_its_consumers_and_depth() {
    let sandbox = Sandbox::start("dlq");
    let report = sandbox.json(&["map"], 0);
    let lines = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "lines")
        .unwrap();
    assert_eq!(lines["kind"], "queue");
    assert_eq!(
        lines["name"],
        sandbox.stack("dev")["queues"]["lines"]["name"]
    );
    assert_eq!(lines["depth"]["dlq_visible"], 3);
    assert_eq!(lines["verdict"], "ok");
    let consumers = lines["consumers"].as_array().unwrap();
    assert_eq!(consumers.len(), 1);
    assert_eq!(consumers[0]["relation"], "expected");
    assert_eq!(consumers[0]["state"], "Enabled");
    let stream = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "compaction-runs")
        .unwrap();
    assert_eq!(stream["kind"], "stream");
    assert!(stream["depth"].is_null());

    let text = sandbox.text(&["map"], 0);
    assert!(text.contains("└─▶ enhanced-compaction"), "{text}");
    assert!(text.contains("DLQ 3"), "{text}");
}

#[test]
fn every_view_judges_two_consumers_the_same_and_exits_1_also_under_watch() {
    let sandbox = Sandbox::start("duplicate");
    let watch = ["--watch", "--interval", "1s", "--count", "1"];
    let views: [&[&str]; 6] = [
        &["mappings"],
        &["map"],
        &["queues"],
        &[&["map"][..], &watch[..]].concat(),
        &[&["queues"][..], &watch[..]].concat(),
        &["--output", "json", "queues"],
    ];
    for args in views {
        let text = sandbox.text(args, 1);
        assert!(
            text.contains("2 ENABLED CONSUMERS"),
            "ccx {args:?} does not flag lines:\n{text}"
        );
    }
    let report = sandbox.json(&["queues"], 1);
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .as_str()
            .unwrap()
            .starts_with("lines: 2 ENABLED CONSUMERS")
    );
    // The same views of a pipeline with one consumer per source exit 0.
    let healthy = Sandbox::start("healthy");
    for args in views {
        healthy.text(args, 0);
    }
}

#[test]
fn map_of_a_duplicate_shows_both_arrows_and_exits_1() {
    let sandbox = Sandbox::start("duplicate");
    let text = sandbox.text(&["map"], 1);
    let legacy = sandbox.stack("dev")["functions"]["chroma-worker"]
        .as_str()
        .unwrap();
    assert!(
        text.contains(&format!(
            "├─▶ chroma-worker        Enabled   fallback  {legacy}"
        )),
        "{text}"
    );
    assert!(text.contains("2 ENABLED CONSUMERS"), "{text}");
    let report = sandbox.json(&["map"], 1);
    assert_eq!(report["problems"].as_array().unwrap().len(), 1);
}

#[test]
fn colour_follows_the_color_flag_and_no_color() {
    let sandbox = Sandbox::start("duplicate");
    // The harness sets NO_COLOR=1: plain text.
    assert!(!sandbox.text(&["mappings"], 1).contains('\u{1b}'));
    let forced = sandbox.text(&["--color", "always", "mappings"], 1);
    assert!(forced.contains("\u{1b}["), "{forced}");
}
