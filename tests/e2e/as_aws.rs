//! The proxy's "as AWS" layer answers like production AWS (tests/support/README.md):
//! pages, ListFunctions' fields, per-function overrides, rate limits, late events; and
//! ccx on an account big enough to need several pages of everything.

use crate::common;

use std::collections::BTreeSet;
use std::thread;
use std::time::Duration;

use common::{Sandbox, filter_log_events, now_ms, raw_request};
use serde_json::{Value, json};

const FUNCTIONS: &str = "/2015-03-31/functions/";
const MAPPINGS: &str = "/2015-03-31/event-source-mappings/";

fn lambda_get(sandbox: &Sandbox, path: &str) -> (u16, String, Value) {
    raw_request(sandbox.endpoint(), "lambda", "GET", path, &[], "")
}

fn actions<'a>(calls: &'a [Value], action: &str) -> Vec<&'a Value> {
    calls.iter().filter(|c| c["action"] == action).collect()
}

#[test]
fn list_functions_pages_fifty_at_a_time_without_states() {
    let sandbox = Sandbox::builder("healthy").crowd(120, 0).start();
    // boto3's paginator through the proxy, as any client would page.
    let listed = sandbox.query_at(sandbox.endpoint(), &["functions"]);
    let listed = listed.as_array().unwrap();
    let total = 120 + sandbox.stack("dev")["functions"].as_object().unwrap().len();
    assert_eq!(listed.len(), total);
    let names: BTreeSet<&str> = listed
        .iter()
        .map(|f| f["FunctionName"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), total, "a function listed twice");
    for function in listed {
        for field in ["State", "StateReason", "LastUpdateStatus"] {
            assert!(function.get(field).is_none(), "{field} in {function}");
        }
        let name = function["FunctionName"].as_str().unwrap();
        assert_eq!(
            function["LoggingConfig"],
            json!({"LogFormat": "Text", "LogGroup": format!("/aws/lambda/{name}")})
        );
    }
    let calls = sandbox.calls();
    let pages = actions(&calls, "ListFunctions");
    assert_eq!(pages.len(), total.div_ceil(50), "{pages:?}");
    assert!(!pages[0]["query"].as_str().unwrap().contains("Marker"));
    assert!(
        pages[1..]
            .iter()
            .all(|p| p["query"].as_str().unwrap().contains("Marker="))
    );

    // A larger MaxItems is capped; a marker that is not ours is refused.
    let (status, _, page) = lambda_get(&sandbox, &format!("{FUNCTIONS}?MaxItems=1000"));
    assert_eq!(status, 200);
    assert_eq!(page["Functions"].as_array().unwrap().len(), 50);
    assert!(page["NextMarker"].is_string());
    let (status, head, error) = lambda_get(&sandbox, &format!("{FUNCTIONS}?Marker=nonsense"));
    assert_eq!(status, 400, "{head}");
    assert_eq!(error["__type"], "InvalidParameterValueException");
}

#[test]
fn list_event_source_mappings_pages_at_most_a_hundred() {
    let sandbox = Sandbox::builder("healthy").crowd(130, 130).start();
    let seeded = sandbox.info()["mappings"].as_array().unwrap().len();
    assert_eq!(seeded, 130 + 5);
    let (status, _, first) = lambda_get(&sandbox, &format!("{MAPPINGS}?MaxItems=10000"));
    assert_eq!(status, 200);
    assert_eq!(first["EventSourceMappings"].as_array().unwrap().len(), 100);
    let marker = first["NextMarker"].as_str().expect("a NextMarker");
    let (_, _, second) = lambda_get(&sandbox, &format!("{MAPPINGS}?Marker={marker}"));
    assert_eq!(
        second["EventSourceMappings"].as_array().unwrap().len(),
        seeded - 100
    );
    assert!(second.get("NextMarker").is_none(), "{second}");
    let uuids: BTreeSet<&str> = [&first, &second]
        .iter()
        .flat_map(|page| page["EventSourceMappings"].as_array().unwrap())
        .map(|m| m["UUID"].as_str().unwrap())
        .collect();
    assert_eq!(uuids.len(), seeded);

    // A smaller MaxItems is honoured; filtering by source still works.
    let (_, _, small) = lambda_get(&sandbox, &format!("{MAPPINGS}?MaxItems=3"));
    assert_eq!(small["EventSourceMappings"].as_array().unwrap().len(), 3);
    let lines = sandbox.stack("dev")["queues"]["lines"]["arn"]
        .as_str()
        .unwrap();
    let (_, _, filtered) = lambda_get(&sandbox, &format!("{MAPPINGS}?EventSourceArn={lines}"));
    assert_eq!(filtered["EventSourceMappings"].as_array().unwrap().len(), 1);
}

#[test]
fn a_mapping_without_metrics_or_provisioned_pollers_has_no_such_fields() {
    let sandbox = Sandbox::start("healthy");
    let uuid = sandbox.mapping_uuid("dev", "enhanced-compaction", "lines");
    // Lambda leaves a setting never made out of its answers; moto 5.2.5 does too (it
    // drops every null field), so the layer passes them through: this keeps it so.
    let (status, _, unset) = lambda_get(&sandbox, &format!("{MAPPINGS}{uuid}"));
    assert_eq!(status, 200);
    for field in ["MetricsConfig", "ProvisionedPollerConfig"] {
        assert!(unset.get(field).is_none(), "{field} in {unset}");
    }
    let (_, _, listed) = lambda_get(&sandbox, MAPPINGS);
    for m in listed["EventSourceMappings"].as_array().unwrap() {
        assert!(m.get("MetricsConfig").is_none(), "{m}");
        assert!(m.get("ProvisionedPollerConfig").is_none(), "{m}");
    }

    // Once set, both are answered as stored, in Get and List alike.
    let settings = json!({
        "MetricsConfig": {"Metrics": ["EventCount"]},
        "ProvisionedPollerConfig": {"MinimumPollers": 3, "MaximumPollers": 40},
    });
    sandbox.query(&["update-mapping", &uuid, "--settings", &settings.to_string()]);
    let (_, _, set) = lambda_get(&sandbox, &format!("{MAPPINGS}{uuid}"));
    assert_eq!(set["MetricsConfig"], settings["MetricsConfig"], "{set}");
    assert_eq!(
        set["ProvisionedPollerConfig"],
        settings["ProvisionedPollerConfig"]
    );
    let (_, _, listed) = lambda_get(&sandbox, MAPPINGS);
    let listed = listed["EventSourceMappings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["UUID"] == uuid.as_str())
        .expect("the mapping listed")
        .clone();
    assert_eq!(
        listed["MetricsConfig"], settings["MetricsConfig"],
        "{listed}"
    );
}

#[test]
fn function_overrides_show_in_get_answers_and_logging_config_in_lists_too() {
    let sandbox = Sandbox::builder("fallback")
        .function_override(
            "chroma-worker",
            json!({"State": "Failed", "StateReasonCode": "InvalidSubnet",
                   "StateReason": "The subnet does not exist",
                   "LoggingConfig": {"LogFormat": "JSON", "LogGroup": "/shared/compaction",
                                     "SystemLogLevel": "WARN"}}),
        )
        .start();
    let name = sandbox.function_name("chroma-worker");
    let (status, _, config) = lambda_get(&sandbox, &format!("{FUNCTIONS}{name}/configuration"));
    assert_eq!(status, 200);
    assert_eq!(config["State"], "Failed");
    assert_eq!(config["StateReasonCode"], "InvalidSubnet");
    assert_eq!(
        config["LastUpdateStatus"], "Successful",
        "moto's, untouched"
    );
    let logging = json!({"LogFormat": "JSON", "LogGroup": "/shared/compaction",
                         "SystemLogLevel": "WARN", "ApplicationLogLevel": "INFO"});
    assert_eq!(config["LoggingConfig"], logging);
    let (_, _, function) = lambda_get(&sandbox, &format!("{FUNCTIONS}{name}"));
    assert_eq!(function["Configuration"]["State"], "Failed");
    assert_eq!(function["Configuration"]["LoggingConfig"], logging);
    let (_, _, listed) = lambda_get(&sandbox, FUNCTIONS);
    let listed = listed["Functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["FunctionName"] == name.as_str())
        .cloned()
        .unwrap();
    assert!(listed.get("State").is_none(), "{listed}");
    assert_eq!(listed["LoggingConfig"], logging);

    // Overrides change while the sandbox runs; other functions are left alone.
    sandbox.override_function(
        "chroma-worker",
        json!({"State": "Pending", "LastUpdateStatus": "InProgress",
               "LastUpdateStatusReason": "Updating the function"}),
    );
    let (_, _, config) = lambda_get(&sandbox, &format!("{FUNCTIONS}{name}/configuration"));
    assert_eq!(config["State"], "Pending");
    assert_eq!(config["LastUpdateStatus"], "InProgress");
    assert_eq!(config["LoggingConfig"]["LogFormat"], "Text");
    let other = sandbox.function_name("enhanced-compaction");
    let (_, _, config) = lambda_get(&sandbox, &format!("{FUNCTIONS}{other}/configuration"));
    assert_eq!(config["State"], "Active");

    // A JSON-format run in the custom group, as such a function would log it.
    sandbox.query(&[
        "put-runs",
        "/shared/compaction",
        "--format",
        "JSON",
        "--create",
    ]);
    let events = sandbox.query(&["log-events", "/shared/compaction"]);
    let first: Value = serde_json::from_str(events[0]["message"].as_str().unwrap()).unwrap();
    assert_eq!(first["type"], "platform.start");
    let second: Value = serde_json::from_str(events[1]["message"].as_str().unwrap()).unwrap();
    assert!(
        second["message"]
            .as_str()
            .unwrap()
            .starts_with("Processing COMPACTION_RUN"),
        "{second}"
    );
}

#[test]
fn beyond_its_rate_each_service_answers_its_own_throttling_error() {
    let sandbox = Sandbox::start("healthy");
    let defaults = &sandbox.info()["as_aws_defaults"]["rate_limits"];
    assert_eq!(defaults["FilterLogEvents"]["per_second"], 5);
    assert_eq!(defaults["GetFunction"]["per_second"], 100);
    assert_eq!(defaults["Lambda control plane"]["per_second"], 15);

    // Buckets that hardly refill make the count exact.
    sandbox.update_layer(json!({"rate_limits": {
        "Lambda control plane": {"per_second": 0.01, "burst": 3},
        "FilterLogEvents": {"per_second": 0.01, "burst": 5},
    }}));
    let statuses: Vec<u16> = (0..4).map(|_| lambda_get(&sandbox, FUNCTIONS).0).collect();
    assert_eq!(statuses, [200, 200, 200, 429]);
    let (status, head, error) = lambda_get(&sandbox, MAPPINGS);
    assert_eq!(status, 429, "one bucket for the whole control plane");
    assert!(
        head.contains("x-amzn-errortype: toomanyrequestsexception"),
        "{head}"
    );
    assert_eq!(error["Reason"], "CallerRateLimitExceeded");
    assert_eq!(error["message"], "Rate exceeded");
    let name = sandbox.function_name("enhanced-compaction");
    assert_eq!(lambda_get(&sandbox, &format!("{FUNCTIONS}{name}")).0, 200);

    let group = json!({"logGroupName": "/aws/lambda/chromadb-dev-lambdas-enhanced-compaction",
                       "startTime": now_ms() - 60_000});
    let statuses: Vec<u16> = (0..6)
        .map(|_| filter_log_events(sandbox.endpoint(), &group).0)
        .collect();
    assert_eq!(statuses, [200, 200, 200, 200, 200, 400]);
    let (_, _, error) = filter_log_events(sandbox.endpoint(), &group);
    assert_eq!(error["__type"], "ThrottlingException");
    assert_eq!(error["message"], "Rate exceeded");

    let calls = sandbox.calls();
    let throttled = calls.iter().filter(|c| c["throttled"] == true).count();
    assert_eq!(throttled, 4, "the calls log marks what the layer throttled");
    assert!(calls.iter().all(|c| c["fault"] == false));
}

#[test]
fn filter_log_events_pages_by_count_and_size_in_time_order() {
    let sandbox = Sandbox::start("empty");
    let group = "/test/pages";
    let start = now_ms() - 20 * 60_000;
    // Two streams written one after the other, interleaved in time.
    for (stream, first) in [("a", start), ("b", start + 5)] {
        let first = first.to_string();
        sandbox.query(&[
            "put-log-events",
            group,
            stream,
            "--count",
            "6000",
            "--create",
            "--start-ms",
            &first,
            "--step-ms",
            "10",
            "--message",
            "event {i}",
        ]);
    }
    let search = json!({"logGroupName": group, "startTime": start - 1000});
    let (status, _, page) = filter_log_events(sandbox.endpoint(), &search);
    assert_eq!(status, 200);
    assert_eq!(
        page["events"],
        json!([]),
        "a long search starts with an empty page"
    );
    let mut token = page["nextToken"].as_str().expect("a token").to_string();
    let mut sizes = Vec::new();
    let mut last = 0;
    loop {
        let (status, _, page) = filter_log_events(
            sandbox.endpoint(),
            &json!({"logGroupName": group,
                "startTime": start - 1000, "nextToken": token}),
        );
        assert_eq!(status, 200, "{page}");
        let events = page["events"].as_array().unwrap();
        sizes.push(events.len());
        for e in events {
            let t = e["timestamp"].as_i64().unwrap();
            assert!(t >= last, "out of time order");
            last = t;
        }
        match page["nextToken"].as_str() {
            Some(next) => token = next.to_string(),
            None => break,
        }
    }
    assert_eq!(sizes, [10_000, 2_000]);

    // A short search has no empty page; a page stops before 1 MB.
    let now = now_ms().to_string();
    sandbox.query(&[
        "put-log-events",
        "/test/big",
        "s",
        "--count",
        "6",
        "--create",
        "--start-ms",
        &now,
        "--pad-to",
        "250000",
    ]);
    let search = json!({"logGroupName": "/test/big", "startTime": now_ms() - 60_000});
    let (_, _, page) = filter_log_events(sandbox.endpoint(), &search);
    assert_eq!(page["events"].as_array().unwrap().len(), 4);
    let (_, _, rest) = filter_log_events(
        sandbox.endpoint(),
        &json!({"logGroupName": "/test/big", "startTime": now_ms() - 60_000,
                "nextToken": page["nextToken"]}),
    );
    assert_eq!(rest["events"].as_array().unwrap().len(), 2);
    assert!(rest.get("nextToken").is_none());
}

#[test]
fn late_events_are_searchable_only_once_they_have_arrived() {
    let sandbox = Sandbox::start("empty");
    let group = "/test/late";
    // Long enough that a loaded machine cannot reach the first search only after the
    // late event has arrived (putting events starts a Python process).
    sandbox.delay_events(Some(group), "late", Duration::from_secs(12));
    let at = now_ms() - 1000;
    let events = json!([{"timestamp": at, "message": "late event"},
                        {"timestamp": at, "message": "prompt event"}]);
    sandbox.query(&["put-events", group, "s", &events.to_string(), "--create"]);
    let search = json!({"logGroupName": group, "startTime": at - 60_000});
    let messages = |page: &Value| -> Vec<String> {
        page["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["message"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, _, page) = filter_log_events(sandbox.endpoint(), &search);
    assert_eq!(messages(&page), ["prompt event"]);
    thread::sleep(Duration::from_millis((at + 12_500 - now_ms()).max(0) as u64));
    let (_, _, page) = filter_log_events(sandbox.endpoint(), &search);
    // Sorted by timestamp, then by arrival.
    assert_eq!(messages(&page), ["prompt event", "late event"]);
    let late = &page["events"][1];
    assert!(
        late["ingestionTime"].as_i64().unwrap() >= at + 12_000,
        "{late}"
    );
}

#[test]
fn list_queues_without_max_results_stops_at_the_page_size_without_a_token() {
    // AWS's page is 1,000 queues; a smaller page shows the cut with the seeded queues.
    let sandbox = Sandbox::builder("healthy")
        .layer(json!({"pages": {"ListQueues": 3}}))
        .start();
    let list = |body: &str| {
        raw_request(
            sandbox.endpoint(),
            "sqs",
            "POST",
            "/",
            &[
                ("X-Amz-Target", "AmazonSQS.ListQueues"),
                ("Content-Type", "application/x-amz-json-1.0"),
            ],
            body,
        )
    };
    let (status, _, all) = list("{}");
    assert_eq!(status, 200);
    assert_eq!(all["QueueUrls"].as_array().unwrap().len(), 3);
    assert!(all.get("NextToken").is_none(), "{all}");
    let (_, _, paged) = list(r#"{"MaxResults": 2}"#);
    assert_eq!(paged["QueueUrls"].as_array().unwrap().len(), 2);
    assert!(paged["NextToken"].is_string());
}

#[test]
fn on_a_250_function_account_verify_passes_and_mappings_all_lists_every_mapping() {
    let sandbox = Sandbox::builder("healthy").crowd(250, 120).start();
    let report = sandbox.json(&["verify"], 0);
    assert_eq!(report["status"], "pass", "{report:#}");
    let calls = sandbox.calls();
    let lists = actions(&calls, "ListFunctions");
    assert!(lists.len() > 5, "ListFunctions pages: {}", lists.len());

    sandbox.clear_calls();
    let listed = sandbox.json(&["mappings", "--all"], 0);
    let seeded: BTreeSet<&str> = sandbox.info()["mappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["uuid"].as_str().unwrap())
        .collect();
    assert_eq!(seeded.len(), 120 + 5);
    let ours: BTreeSet<&str> = listed["mappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["uuid"].as_str().unwrap())
        .collect();
    assert_eq!(ours, seeded);
    let calls = sandbox.calls();
    assert!(actions(&calls, "ListEventSourceMappings").len() >= 2);
}
