//! Mapping-level evidence: each mapping's `MetricsConfig` and `ProvisionedPollerConfig`
//! as `ccx mappings` shows them, the per-mapping event counts Lambda publishes by
//! `EventSourceMappingUUID` as `verify` and `guard` judge them, and both settings
//! carried over by `--create-missing`.

use crate::common;

use common::{Sandbox, check};
use serde_json::{Value, json};

/// Turns on a mapping's event counts and provisioned mode (`pollers`: min, max).
fn configure(sandbox: &Sandbox, uuid: &str, metrics: bool, pollers: Option<(i32, i32)>) {
    let mut settings = json!({});
    if metrics {
        settings["MetricsConfig"] = json!({"Metrics": ["EventCount"]});
    }
    if let Some((minimum, maximum)) = pollers {
        settings["ProvisionedPollerConfig"] =
            json!({"MinimumPollers": minimum, "MaximumPollers": maximum});
    }
    sandbox.query(&["update-mapping", uuid, "--settings", &settings.to_string()]);
}

fn row<'a>(report: &'a Value, uuid: &str) -> &'a Value {
    report["mappings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["uuid"] == uuid)
        .unwrap_or_else(|| panic!("{uuid} not in {report:#}"))
}

#[test]
fn mappings_shows_each_mapping_s_metrics_and_pollers() {
    let sandbox = Sandbox::start("healthy");
    let lines = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    let words = sandbox.mapping_uuid("dev", "enhanced-compaction", "words");
    configure(&sandbox, &lines, true, Some((3, 40)));

    let report = sandbox.json(&["mappings"], 0);
    let configured = row(&report, &lines);
    assert_eq!(
        configured["metrics"],
        json!(["EventCount"]),
        "{configured:#}"
    );
    assert_eq!(
        configured["provisioned_pollers"],
        json!({"minimum": 3, "maximum": 40})
    );
    let plain = row(&report, &words);
    assert_eq!(plain["metrics"], json!([]), "{plain:#}");
    assert_eq!(plain["provisioned_pollers"], Value::Null);

    let text = sandbox.text(&["mappings"], 0);
    let line_of = |uuid: &str| {
        text.lines()
            .find(|l| l.contains(uuid))
            .unwrap_or_else(|| panic!("{uuid} not in\n{text}"))
            .to_string()
    };
    assert!(
        text.contains("POLLERS") && text.contains("METRICS"),
        "{text}"
    );
    let configured = line_of(&lines);
    assert!(
        configured.contains("3–40") && configured.contains("EventCount"),
        "{text}"
    );
    let plain = line_of(&words);
    assert!(
        plain.contains("on-demand") && plain.contains(" off "),
        "{text}"
    );
}

/// One series of a mapping's own event counts, `[seconds ago, value]` each.
fn event_count(metric: &str, uuid: &str, points: Value) -> Value {
    json!({"namespace": "AWS/Lambda", "metric": metric,
           "dimensions": {"EventSourceMappingUUID": uuid}, "points": points})
}

fn metric_reads(sandbox: &Sandbox) -> Vec<Value> {
    sandbox
        .calls()
        .into_iter()
        .filter(|c| c["action"] == "GetMetricData")
        .collect()
}

#[test]
fn verify_judges_each_mapping_s_event_counts_in_the_same_single_read() {
    let sandbox = Sandbox::start("healthy");
    let lines = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    let words = sandbox.mapping_uuid("dev", "enhanced-compaction", "words");
    let embed = sandbox.mapping_uuid("dev", "embed-from-ndjson", "embed-ndjson");

    // Before: metrics off everywhere, one read, one hint naming the command.
    let before = sandbox.json(&["verify"], 0);
    assert_eq!(metric_reads(&sandbox).len(), 1);
    let hints = before["hints"].as_array().unwrap();
    assert_eq!(hints.len(), 1, "{before:#}");
    let hint = hints[0].as_str().unwrap();
    assert!(
        hint.contains("off for 3 mapping(s)") && hint.contains(&lines),
        "{hint}"
    );
    assert!(
        hint.contains(
            r#"aws lambda update-event-source-mapping --uuid UUID --metrics-config '{"Metrics":["EventCount"]}'"#
        ),
        "{hint}"
    );
    assert!(
        before["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| !c["id"].as_str().unwrap().ends_with(".mappings")),
        "metrics off is a hint, never a check"
    );

    // lines: failed invokes and drops; words: polled nothing while messages wait.
    configure(&sandbox, &lines, true, None);
    configure(&sandbox, &words, true, None);
    sandbox.put_metrics(json!([
        event_count("PolledEventCount", &lines, json!([[120, 12], [60, 8]])),
        event_count("InvokedEventCount", &lines, json!([[120, 12], [60, 8]])),
        event_count("FailedInvokeEventCount", &lines, json!([[60, 3]])),
        event_count("DroppedEventCount", &lines, json!([[60, 1]])),
        event_count("DeletedEventCount", &lines, json!([[60, 16]])),
    ]));
    let words_url = sandbox.stack("dev")["queues"]["words"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    sandbox.query(&["send-messages", &words_url, "5"]);
    sandbox.clear_calls();

    let report = sandbox.json(&["verify"], 0);
    let reads = metric_reads(&sandbox);
    assert_eq!(reads.len(), 1, "the round trips did not grow: {reads:?}");
    let body = reads[0]["body"].as_str().unwrap();
    assert!(body.contains("EventSourceMappingUUID"), "{body}");

    let on_lines = check(&report, "metrics.lines.mappings");
    assert_eq!(on_lines["status"], "warn", "{on_lines}");
    let summary = on_lines["summary"].as_str().unwrap();
    assert!(
        summary.contains(&format!("{lines} ("))
            && summary.contains("3 events failed to invoke, 1 dropped in 15m"),
        "{summary}"
    );
    assert!(
        on_lines["details"][0]
            .as_str()
            .unwrap()
            .contains("PolledEventCount 20 · InvokedEventCount 20"),
        "{on_lines}"
    );
    let on_words = check(&report, "metrics.words.mappings");
    assert_eq!(on_words["status"], "warn", "{on_words}");
    assert!(
        on_words["summary"]
            .as_str()
            .unwrap()
            .contains("polled no events in 15m (PolledEventCount: no data) while the queue holds 5 visible messages"),
        "{on_words}"
    );
    // Only the mapping still without metrics is hinted at, with its own UUID.
    let hint = report["hints"][0].as_str().unwrap();
    assert!(
        hint.contains("off for 1 mapping(s)") && hint.contains(&format!("--uuid {embed}")),
        "{hint}"
    );
    sandbox.json(&["verify", "--strict"], 1);

    // --skip metrics: nothing read, no mapping check judged, no hint.
    sandbox.clear_calls();
    let skipped = sandbox.json(&["verify", "--skip", "metrics"], 0);
    assert!(metric_reads(&sandbox).is_empty());
    assert_eq!(skipped["hints"], json!([]), "{skipped:#}");
    let c = check(&skipped, "metrics.lines.mappings");
    assert_eq!(c["not_run"], "skipped", "{c}");

    let text = sandbox.text(&["--output", "table", "verify"], 0);
    assert!(text.contains("hint: per-mapping event counts"), "{text}");
}

#[test]
fn one_function_mapped_unqualified_and_by_a_version_is_two_consumers_shown_by_their_arns() {
    let sandbox = Sandbox::start("healthy");
    let enhanced = sandbox.function_name("enhanced-compaction");
    let lines_arn = sandbox.stack("dev")["queues"]["lines"]["arn"]
        .as_str()
        .unwrap()
        .to_string();
    let version = sandbox.query(&["publish-version", &enhanced]);
    let qualified = version["function_arn"].as_str().unwrap().to_string();
    let created = sandbox.query(&["create-mapping", &qualified, &lines_arn]);
    assert_eq!(created["function_arn"], qualified.as_str(), "{created}");
    let uuid = created["uuid"].as_str().unwrap().to_string();
    let (unqualified, _) = qualified.rsplit_once(':').unwrap();
    let both = format!("2 enabled consumers: {unqualified}, {qualified}");

    let report = sandbox.json(&["verify"], 1);
    let c = check(&report, "consumers.lines");
    assert_eq!(c["status"], "fail", "{c}");
    assert!(c["summary"].as_str().unwrap().ends_with(&both), "{c}");
    let details: Vec<&str> = c["details"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        details.contains(&format!("{uuid} {qualified} Enabled").as_str()),
        "{details:?}"
    );
    let text = sandbox.text(&["verify"], 1);
    assert!(text.contains(&both), "{text}");

    let mappings = sandbox.json(&["mappings"], 1);
    let lines = mappings["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "lines")
        .unwrap();
    assert_eq!(lines["verdict"], "duplicate", "{lines:#}");
    assert_eq!(
        lines["consumer_arns"],
        json!([unqualified, qualified]),
        "{lines:#}"
    );

    // The switch's plan keeps one of the two and names the qualified one by its ARN.
    let plan = sandbox.text(
        &[
            "switch",
            "--to",
            "enhanced-compaction",
            "--queue",
            "lines",
            "--dry-run",
        ],
        0,
    );
    let row = plan
        .lines()
        .find(|l| l.contains(&uuid))
        .unwrap_or_else(|| panic!("{uuid} not in\n{plan}"));
    assert!(row.contains(&qualified), "{plan}");
}
