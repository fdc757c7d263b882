//! `ccx policy` against what ccx really calls: every command is run through the proxy
//! (each of its paths that calls something different), and the operations seen must be
//! exactly the actions `ccx policy --for COMMAND` grants for calls. An action AWS performs
//! on ccx's behalf (a message move task's sends and deletes) shows in no call log: it
//! must instead be for a call the command makes. The README's permissions table is what
//! `ccx policy --markdown` prints.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Sandbox, ccx_in, parse_json};
use serde_json::{Value, json};

/// One run of ccx: the sandbox's setup, and ccx's arguments.
type Run = (&'static str, &'static [&'static str]);

/// The commands that call AWS, each with the runs that reach all of its calls:
/// (setup, arguments); see `start` for the setups. Runs of one setup share a sandbox.
const RUNS: &[(&str, &[Run])] = &[
    ("functions", &[("dlq", &["functions"])]),
    (
        "mappings",
        &[("dlq", &["mappings"]), ("dlq", &["mappings", "--all"])],
    ),
    (
        "queues",
        &[("dlq", &["queues"]), ("dlq-unlisted", &["queues"])],
    ),
    ("map", &[("dlq", &["map"]), ("dlq-unlisted", &["map"])]),
    (
        "verify",
        &[("dlq", &["verify"]), ("dlq-unlisted", &["verify"])],
    ),
    (
        "tail",
        &[
            ("dlq", &["tail", "enhanced-compaction", "--since", "1h"]),
            ("dlq", &["tail", "--list"]),
        ],
    ),
    (
        "dlq",
        &[
            ("dlq", &["dlq", "show", "lines"]),
            ("dlq", &["dlq", "redrive", "lines", "--yes"]),
        ],
    ),
    (
        "guard",
        &[
            (
                "dlq",
                &[
                    "guard",
                    "--interval",
                    "400ms",
                    "--until-stable",
                    "1s",
                    "--",
                    "true",
                ],
            ),
            (
                "dlq-unlisted",
                &[
                    "guard",
                    "--interval",
                    "400ms",
                    "--until-stable",
                    "1s",
                    "--",
                    "true",
                ],
            ),
        ],
    ),
    (
        "rollback",
        &[
            ("fallback", &["rollback", "--yes"]),
            (
                "fallback-bare-lines",
                &["rollback", "--yes", "--create-missing"],
            ),
            ("fallback-quiet", &["rollback", "--yes", "--queue", "lines"]),
        ],
    ),
    (
        "switch",
        &[
            (
                "before",
                &["switch", "--to", "enhanced-compaction", "--yes"],
            ),
            (
                "before-quiet",
                &[
                    "switch",
                    "--to",
                    "enhanced-compaction",
                    "--yes",
                    "--queue",
                    "lines",
                ],
            ),
            (
                "before-bare-lines",
                &[
                    "switch",
                    "--to",
                    "enhanced-compaction",
                    "--yes",
                    "--create-missing",
                ],
            ),
        ],
    ),
];

/// A sandbox for a setup: a scenario, or a scenario with a change:
/// `-unlisted`: ListQueues answers only the main queues, so DLQs are found by GetQueueUrl
/// (as for a DLQ in another account); `-bare-lines`: the lines queue has no mapping at
/// all, so `--create-missing` needs the queue's ARN from its attributes.
fn start(setup: &str) -> Sandbox {
    let scenario = setup.split('-').next().unwrap();
    let sandbox = Sandbox::start(scenario);
    if setup.ends_with("-unlisted") {
        let queues = sandbox.stack("dev")["queues"].as_object().unwrap().clone();
        let urls: Vec<&Value> = queues.values().map(|q| &q["url"]).collect();
        sandbox.set_faults(json!([{
            "match": {"service": "sqs", "action": "ListQueues"},
            "fault": {"rewrite": {"QueueUrls": urls}}
        }]));
    }
    if setup.ends_with("-quiet") {
        // Platform lines hidden by the log level: the drain asks the metrics, then waits
        // out the old consumer's (short) timeout.
        for function in ["enhanced-compaction", "chroma-worker"] {
            sandbox.override_function(
                function,
                json!({"Timeout": 1, "LoggingConfig": {"LogFormat": "JSON", "SystemLogLevel": "WARN"}}),
            );
        }
    }
    if setup.ends_with("-bare-lines") {
        for function in ["enhanced-compaction", "chroma-worker"] {
            let uuid = sandbox.mapping_uuid("dev", function, "lines");
            sandbox.query(&["delete-mapping", &uuid]);
        }
    }
    sandbox
}

/// Calls only an operator at a terminal can reach, so no run here makes them:
/// cancelling a redrive's move task answers a Ctrl-C (tests/live.rs drives it in tmux).
const ONLY_INTERACTIVE: &[(&str, &str)] = &[("dlq", "sqs:CancelMessageMoveTask")];

/// Subcommands that never call AWS.
const OFFLINE: &[&str] = &["config", "completions", "man", "policy", "help"];

/// The actions `ccx policy ARGS` grants.
fn granted_by(args: &[&str]) -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let out = ccx_in(dir.path())
        .arg("policy")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let document = parse_json(&out.stdout);
    document["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["Action"].as_array().unwrap().clone())
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

fn operations(calls: &[Value]) -> BTreeSet<String> {
    calls
        .iter()
        .map(|c| {
            format!(
                "{}:{}",
                // CloudWatch signs as `monitoring`; IAM calls it `cloudwatch`.
                match c["service"].as_str().unwrap_or("?") {
                    "monitoring" => "cloudwatch",
                    service => service,
                },
                c["action"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

fn granted(command: &str) -> BTreeSet<String> {
    granted_by(&["--command", command])
}

/// The actions `ccx policy --command COMMAND` grants because AWS performs them on the
/// command's behalf, each with the call it is for, read from the Markdown table's
/// "used by" cell: "`dlq` (AWS does it for `sqs:StartMessageMoveTask`, …)".
fn implied(command: &str) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let out = ccx_in(dir.path())
        .args(["policy", "--markdown", "--command", command])
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    table
        .lines()
        .filter_map(|row| {
            let action = row.strip_prefix("| `")?.split_once('`')?.0;
            let call = row.split_once("(AWS does it for `")?.1.split_once('`')?.0;
            Some((action.to_string(), call.to_string()))
        })
        .collect()
}

/// Runs `command`'s runs and compares what it called with what its policy grants.
fn check(command: &str) {
    let (_, runs) = RUNS.iter().find(|(c, _)| *c == command).unwrap();
    let mut seen = BTreeSet::new();
    let mut sandboxes: Vec<(&str, Sandbox)> = Vec::new();
    for (scenario, args) in runs.iter() {
        if !sandboxes.iter().any(|(s, _)| s == scenario) {
            sandboxes.push((scenario, start(scenario)));
        }
        let sandbox = &sandboxes.iter().find(|(s, _)| s == scenario).unwrap().1;
        sandbox.clear_calls();
        let out = sandbox.ccx().args(*args).output().unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "ccx {args:?} ({scenario}) exited {code:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        seen.extend(operations(&sandbox.calls()));
    }
    seen.extend(
        ONLY_INTERACTIVE
            .iter()
            .filter(|(c, _)| *c == command)
            .map(|(_, action)| action.to_string()),
    );
    let implied = implied(command);
    let granted: BTreeSet<String> = granted(command)
        .into_iter()
        .filter(|action| !implied.contains_key(action))
        .collect();
    let missing: Vec<&String> = seen.difference(&granted).collect();
    let extra: Vec<&String> = granted.difference(&seen).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "`ccx policy --command {command}` drifted from what `{command}` calls.\n  \
         called but not granted as a call: {missing:?} (add `{command}` to these actions in \
         src/features/policy/grants.rs)\n  \
         granted but never called: {extra:?} (remove `{command}` from them there, or add a run \
         that reaches the call to RUNS in tests/policy.rs)"
    );
    for (action, call) in &implied {
        assert!(
            seen.contains(call),
            "`ccx policy --command {command}` grants {action} for {call}, which `{command}` \
             never calls: remove `{command}` from {action} in src/features/policy/grants.rs, or add a \
             run that reaches {call} to RUNS in tests/policy.rs"
        );
    }
}

#[test]
fn functions_calls_what_its_policy_grants() {
    check("functions");
}

#[test]
fn mappings_calls_what_its_policy_grants() {
    check("mappings");
}

#[test]
fn queues_calls_what_its_policy_grants() {
    check("queues");
}

#[test]
fn map_calls_what_its_policy_grants() {
    check("map");
}

#[test]
fn verify_calls_what_its_policy_grants() {
    check("verify");
}

#[test]
fn tail_calls_what_its_policy_grants() {
    check("tail");
}

#[test]
fn rollback_calls_what_its_policy_grants() {
    check("rollback");
}

#[test]
fn dlq_calls_what_its_policy_grants() {
    check("dlq");
}

#[test]
fn guard_calls_what_its_policy_grants() {
    check("guard");
}

#[test]
fn switch_calls_what_its_policy_grants() {
    check("switch");
}

/// Every subcommand of `ccx --help` is either checked above or known to call nothing;
/// and the scopes are unions of their commands.
#[test]
fn every_command_is_covered_and_the_scopes_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let help = ccx_in(dir.path()).arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   ")) // a wrapped description
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(commands.contains(&"verify"), "{help}");
    for command in &commands {
        assert!(
            RUNS.iter().any(|(c, _)| c == command) || OFFLINE.contains(command),
            "`ccx {command}` is neither in RUNS (with the runs that reach its AWS calls) nor \
             in OFFLINE in tests/policy.rs"
        );
    }
    let union =
        |names: &[&str]| -> BTreeSet<String> { names.iter().flat_map(|c| granted(c)).collect() };
    let reads = [
        "functions",
        "mappings",
        "queues",
        "map",
        "verify",
        "tail",
        "guard",
    ];
    assert_eq!(granted_by(&["--for", "read"]), union(&reads));
    let mut switching = reads.to_vec();
    switching.extend(["rollback", "switch", "dlq"]);
    assert_eq!(granted_by(&["--for", "switch"]), union(&switching));
    let all: Vec<&str> = RUNS.iter().map(|(c, _)| *c).collect();
    assert_eq!(granted_by(&["--for", "all"]), union(&all));
    assert_eq!(granted_by(&[]), union(&all), "all is the default");
}

#[test]
fn offline_commands_call_nothing() {
    let sandbox = Sandbox::start("healthy");
    for args in [
        &["config", "show"][..],
        &["policy"],
        &["policy", "--for", "read", "--markdown"],
        &["completions", "bash"],
        &["man"],
    ] {
        sandbox.ccx().args(args).assert().success();
    }
    assert_eq!(sandbox.calls(), Vec::<Value>::new());
}

#[test]
fn the_readme_permissions_table_is_the_generated_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = ccx_in(dir.path())
        .args(["policy", "--for", "all", "--markdown"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let begin = "<!-- permissions: generated by `ccx policy --markdown`; scripts/generate-completions -->\n";
    let end = "<!-- end of permissions -->";
    let start = readme
        .find(begin)
        .expect("README has the permissions markers")
        + begin.len();
    let stop = readme[start..]
        .find(end)
        .expect("README has the end marker")
        + start;
    assert_eq!(
        &readme[start..stop],
        table,
        "README's permissions table is stale: run scripts/generate-completions"
    );
}

#[test]
fn policy_refuses_an_unknown_scope_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = ccx_in(dir.path())
        .args(["policy", "--for", "everything"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("use read, switch or all"), "{stderr}");
}

/// A redrive's message move task sends and deletes messages with the caller's
/// permissions: the policy for the switching commands allows both on the stack's queues
/// only, in a statement of their own that says what they are for, and tells about the
/// KMS keys of encrypted queues. The looking-only policy has neither.
#[test]
fn the_switch_policy_lets_a_redrive_move_messages_within_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let policy = |scope: &str| {
        ccx_in(dir.path())
            .args(["--stack", "prod", "--region", "eu-west-1"])
            .args(["policy", "--for", scope, "--account", "123456789012"])
            .output()
            .unwrap()
    };
    let out = policy("switch");
    assert!(out.status.success());
    let document = parse_json(&out.stdout);
    let statements = document["Statement"].as_array().unwrap();
    let moves: Vec<&Value> = statements
        .iter()
        .filter(|s| {
            let actions = s["Action"].as_array().unwrap();
            actions.contains(&json!("sqs:SendMessage"))
                || actions.contains(&json!("sqs:DeleteMessage"))
        })
        .collect();
    assert_eq!(moves.len(), 1, "{document:#}");
    let moves = moves[0];
    assert_eq!(
        moves["Action"],
        json!(["sqs:DeleteMessage", "sqs:SendMessage"])
    );
    assert_eq!(moves["Effect"], "Allow");
    assert_eq!(
        moves["Resource"],
        json!([
            "arn:aws:sqs:eu-west-1:123456789012:prod",
            "arn:aws:sqs:eu-west-1:123456789012:prod-*",
            "arn:aws:sqs:eu-west-1:123456789012:*-prod-*",
            "arn:aws:sqs:eu-west-1:123456789012:*-prod"
        ])
    );
    assert!(
        moves["Sid"]
            .as_str()
            .unwrap()
            .contains("StartMessageMoveTask"),
        "{moves}"
    );
    assert!(moves.get("Condition").is_none(), "{moves}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("kms:Decrypt and kms:GenerateDataKey"),
        "{stderr}"
    );

    let read = policy("read");
    assert!(read.status.success());
    let text = String::from_utf8(read.stdout).unwrap();
    assert!(!text.contains("sqs:SendMessage"), "{text}");
    assert!(!text.contains("sqs:DeleteMessage"), "{text}");
    assert!(!String::from_utf8(read.stderr).unwrap().contains("kms:"));
}
