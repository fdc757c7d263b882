//! Several targets in one command: `--stack a,b` (and repeated), `--region` repeated,
//! `--all-stacks`: every target's verdict in one table or one JSON document, each
//! target's document exactly as it would be alone, a failing target never hiding the
//! others, the worst exit code, and one target exactly as before.

use crate::common;

use common::{Sandbox, parse_json};
use serde_json::Value;

fn two_stacks() -> Sandbox {
    Sandbox::builder("healthy").stacks(&["dev", "prod"]).start()
}

fn run(sandbox: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let out = sandbox.ccx().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// The ids and statuses of a verify document's checks.
fn verdicts(document: &Value) -> Vec<(String, String)> {
    document["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn verify_of_two_stacks_is_one_json_document_holding_each_stack_s_own() {
    let sandbox = two_stacks();
    let (code, stdout, stderr) = run(&sandbox, &["-o", "json", "verify", "--stack", "dev,prod"]);
    assert_eq!(code, 0, "{stderr}");
    let report = parse_json(stdout.as_bytes());
    assert_eq!(report["command"], "verify");
    let targets = report["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 2);
    for (target, stack) in targets.iter().zip(["dev", "prod"]) {
        assert_eq!(target["stack"], stack);
        assert_eq!(target["region"], "us-east-1");
        assert_eq!(target["account"], "123456789012");
        assert_eq!(target["exit_code"], 0);
        assert_eq!(target["verdict"], "pass");
        assert_eq!(target["failing"], serde_json::json!([]));
        // The same document the stack gives alone.
        let alone = sandbox.json(&["verify", "--stack", stack], 0);
        assert_eq!(target["document"]["stack"], stack);
        assert_eq!(verdicts(&target["document"]), verdicts(&alone));
    }
    // Who the account is was asked of STS once for the two stacks of the one profile and
    // region, not once a stack.
    sandbox.clear_calls();
    let (code, _, _) = run(&sandbox, &["-o", "json", "verify", "--stack", "dev,prod"]);
    assert_eq!(code, 0);
    assert_eq!(calls_of(&sandbox, "GetCallerIdentity"), 1);
    // Repeated flags are the same as a list.
    let (code, repeated, _) = run(
        &sandbox,
        &[
            "-o",
            "json",
            "functions",
            "--stack",
            "dev",
            "--stack",
            "prod",
        ],
    );
    assert_eq!(code, 0);
    let repeated = parse_json(repeated.as_bytes());
    assert_eq!(repeated["targets"].as_array().unwrap().len(), 2);
    assert_eq!(repeated["targets"][1]["document"]["stack"], "prod");
}

#[test]
fn a_target_that_cannot_run_is_its_own_error_and_the_others_still_show() {
    let sandbox = two_stacks();
    let (code, stdout, _) = run(&sandbox, &["verify", "--stack", "dev,prdo"]);
    assert_eq!(code, 2, "{stdout}");
    let rows: Vec<&str> = stdout.lines().collect();
    let dev = rows
        .iter()
        .find(|l| l.starts_with("dev "))
        .expect("a dev row");
    assert!(dev.contains("us-east-1") && dev.contains("123456789012") && dev.contains("pass"));
    let prdo = rows
        .iter()
        .find(|l| l.starts_with("prdo "))
        .expect("a prdo row");
    assert!(prdo.contains("ERROR"), "{prdo}");
    // The failing target's own words follow the table.
    assert!(
        stdout.contains("── prdo · us-east-1 · 123456789012 ──"),
        "{stdout}"
    );
    assert!(
        stdout.contains("no resource of stack `prdo` found"),
        "{stdout}"
    );
    assert!(stdout.contains("stacks seen: "), "{stdout}");

    let (code, json, _) = run(&sandbox, &["-o", "json", "verify", "--stack", "dev,prdo"]);
    assert_eq!(code, 2);
    let report = parse_json(json.as_bytes());
    assert_eq!(report["targets"][0]["verdict"], "pass");
    assert_eq!(report["targets"][1]["verdict"], "error");
    assert!(
        report["targets"][1]["error"]
            .as_str()
            .unwrap()
            .contains("no resource of stack `prdo`")
    );
}

#[test]
fn a_region_without_the_stack_is_that_target_s_error() {
    let sandbox = two_stacks();
    let (code, json, stderr) = run(
        &sandbox,
        &["-o", "json", "mappings", "--region", "us-east-1,eu-west-1"],
    );
    assert_eq!(code, 2, "{stderr}");
    let report = parse_json(json.as_bytes());
    let targets = report["targets"].as_array().unwrap();
    assert_eq!(targets[0]["region"], "us-east-1");
    assert_eq!(targets[0]["exit_code"], 0);
    assert_eq!(targets[1]["region"], "eu-west-1");
    assert_eq!(targets[1]["exit_code"], 2);
    assert!(
        targets[1]["error"]
            .as_str()
            .unwrap()
            .contains("check --region"),
        "{}",
        targets[1]
    );
}

#[test]
fn all_stacks_finds_the_stacks_by_the_topology_s_patterns() {
    let sandbox = two_stacks();
    let (code, stdout, stderr) = run(&sandbox, &["queues", "--all-stacks"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(
            "stacks found by the topology's name patterns: dev (6 resources), prod (6 resources)"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("ccx queues on 2 targets"), "{stdout}");
    // Named in ccx.toml: those, and no search.
    let config = sandbox.tempdir().join("ccx.toml");
    std::fs::write(&config, "stacks = [\"prod\"]\n").unwrap();
    let config = config.to_str().unwrap();
    let (code, json, _) = run(
        &sandbox,
        &["-o", "json", "--config", config, "map", "--all-stacks"],
    );
    assert_eq!(code, 0);
    let report = parse_json(json.as_bytes());
    assert_eq!(report["targets"].as_array().unwrap().len(), 1);
    assert_eq!(report["targets"][0]["stack"], "prod");
    assert!(
        report["found"][0]
            .as_str()
            .unwrap()
            .contains("stacks named in")
    );
}

/// `--all-stacks` over three regions: each region's search runs at once with the others
/// (the first region's listing answers last, yet the other regions asked theirs before
/// it answered), the lines and rows still come in the order the regions were given, and
/// a region whose search fails is its own line and error while the others show.
#[test]
fn all_stacks_searches_the_regions_at_once_and_keeps_their_order() {
    let sandbox = Sandbox::builder("healthy")
        .stacks(&["dev", "prod"])
        .regions(&["us-east-1", "eu-west-1"])
        .faults(serde_json::json!([
            {"match": {"action": "ListFunctions", "region": "eu-west-1"}, "times": 1,
             "fault": {"delay_ms": 1500}},
            {"match": {"action": "ListFunctions", "region": "ap-south-1"},
             "fault": {"status": 403, "error_code": "AccessDeniedException",
                       "message": "not allowed in ap-south-1"}},
        ]))
        .start();
    let regions = "eu-west-1,ap-south-1,us-east-1";
    let (code, json, stderr) = run(
        &sandbox,
        &["-o", "json", "queues", "--all-stacks", "--region", regions],
    );
    assert_eq!(code, 2, "{stderr}");
    let report = parse_json(json.as_bytes());
    let found: Vec<&str> = report["found"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(
        found[0],
        "eu-west-1: stacks found by the topology's name patterns: dev (6 resources), prod (6 \
         resources)"
    );
    assert!(
        found[1].starts_with("ap-south-1: could not look for stacks:")
            && found[1].contains("not allowed in ap-south-1"),
        "{}",
        found[1]
    );
    assert_eq!(
        found[2],
        "us-east-1: stacks found by the topology's name patterns: dev (6 resources), prod (6 \
         resources)"
    );
    let rows: Vec<(String, String, i64)> = report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["region"].as_str().unwrap().to_string(),
                t["stack"].as_str().unwrap().to_string(),
                t["exit_code"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("eu-west-1", "dev", 0),
        ("eu-west-1", "prod", 0),
        ("ap-south-1", "dev", 2),
        ("us-east-1", "dev", 0),
        ("us-east-1", "prod", 0),
    ];
    let expected: Vec<(String, String, i64)> = expected
        .iter()
        .map(|(r, s, c)| (r.to_string(), s.to_string(), *c))
        .collect();
    assert_eq!(rows, expected);
    // Each region's own queues: eu-west-1's rows hold eu-west-1's queues.
    let eu_dev = &sandbox.info()["regions"]["eu-west-1"]["stacks"]["dev"];
    let lines_queue = eu_dev["queues"]["lines"]["name"].as_str().unwrap();
    assert!(
        report["targets"][0]["document"]
            .to_string()
            .contains(lines_queue),
        "{}",
        report["targets"][0]["document"]
    );

    // The search's requests: the first ListFunctions of each region. The slow region's
    // answer came after the other two regions had asked.
    let calls = sandbox.calls();
    let first_listing = |region: &str| {
        calls
            .iter()
            .find(|c| c["action"] == "ListFunctions" && c["region"] == region)
            .unwrap_or_else(|| panic!("a ListFunctions in {region}"))
    };
    let slow_answered = first_listing("eu-west-1")["end"].as_f64().unwrap();
    for region in ["ap-south-1", "us-east-1"] {
        let asked = first_listing(region)["t"].as_f64().unwrap();
        assert!(
            asked < slow_answered,
            "{region} searched only after eu-west-1's listing answered"
        );
    }
    // One STS question per region, however many stacks each holds.
    for region in ["eu-west-1", "ap-south-1", "us-east-1"] {
        let asked = calls
            .iter()
            .filter(|c| c["action"] == "GetCallerIdentity" && c["region"] == region)
            .count();
        assert_eq!(asked, 1, "GetCallerIdentity in {region}");
    }
}

fn calls_of(sandbox: &Sandbox, action: &str) -> usize {
    sandbox
        .calls()
        .iter()
        .filter(|c| c["action"] == action)
        .count()
}

#[test]
fn one_target_prints_exactly_what_it_printed_before() {
    let sandbox = two_stacks();
    let (_, listed, _) = run(&sandbox, &["-o", "json", "mappings", "--stack", "prod"]);
    let report = parse_json(listed.as_bytes());
    assert!(report.get("targets").is_none(), "{report}");
    assert_eq!(report["stack"], "prod");
}

#[test]
fn commands_that_follow_stay_one_target() {
    let sandbox = two_stacks();
    for args in [
        &["dlq", "show", "lines", "--stack", "dev,prod"][..],
        &["queues", "--watch", "--stack", "dev,prod"][..],
        &["tail", "enhanced-compaction", "--stack", "dev,prod"][..],
    ] {
        let (code, stdout, stderr) = run(&sandbox, args);
        assert_eq!(code, 2, "{args:?}: {stdout}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("give one --stack"), "{stderr}");
    }
}

/// Three stacks in each of two regions: each region's listings (functions, mappings,
/// queues), asked for by its three targets at the same moment, are read once there, and
/// with every function read by GetFunction (its own quota) nothing is throttled; each
/// target's verdicts are still exactly those of its stack alone.
#[test]
fn targets_of_one_region_share_its_listings_and_nothing_is_throttled() {
    let stacks = ["dev", "staging", "prod"];
    let regions = ["us-east-1", "eu-west-1"];
    let sandbox = Sandbox::builder("healthy")
        .stacks(&stacks)
        .regions(&regions)
        // Every answer takes a while, as on AWS, so the targets' listings overlap for sure.
        .faults(serde_json::json!([{"match": {}, "fault": {"delay_ms": 300}}]))
        .start();
    let (code, stdout, stderr) = run(
        &sandbox,
        &[
            "-o",
            "json",
            "verify",
            "--stack",
            "dev,staging,prod",
            "--region",
            "us-east-1,eu-west-1",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let report = parse_json(stdout.as_bytes());
    assert_eq!(report["targets"].as_array().unwrap().len(), 6);
    let calls = sandbox.calls();
    for region in regions {
        for listing in ["ListFunctions", "ListEventSourceMappings", "ListQueues"] {
            let made = calls
                .iter()
                .filter(|c| c["action"] == listing && c["region"] == region)
                .count();
            assert_eq!(made, 1, "{listing} in {region}");
        }
    }
    let throttled: Vec<&Value> = calls.iter().filter(|c| c["throttled"] == true).collect();
    assert!(throttled.is_empty(), "{throttled:?}");
    assert!(
        calls
            .iter()
            .all(|c| c["action"] != "GetFunctionConfiguration")
    );
    sandbox.set_faults(serde_json::json!([]));
    for target in report["targets"].as_array().unwrap() {
        let stack = target["stack"].as_str().unwrap();
        let region = target["region"].as_str().unwrap();
        let alone = sandbox.json(&["verify", "--stack", stack, "--region", region], 0);
        assert_eq!(
            verdicts(&target["document"]),
            verdicts(&alone),
            "{stack} {region}"
        );
    }
}
