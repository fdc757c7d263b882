//! Mapping-level evidence: each mapping's `MetricsConfig` and `ProvisionedPollerConfig`
//! as `ccx mappings` shows them, the per-mapping event counts Lambda publishes by
//! `EventSourceMappingUUID` as `verify` and `guard` judge them, and both settings
//! carried over by `--create-missing`.

use crate::common;

use common::Sandbox;
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
