//! `rollback` / `switch` across several stacks: every stack planned before anything is
//! written, one question, stacks applied one after another until one does not succeed,
//! and every stack's end in one table or one JSON document.

use crate::common;

use common::{Sandbox, parse_json};
use serde_json::{Value, json};

fn two_stacks() -> Sandbox {
    Sandbox::builder("fallback")
        .stacks(&["dev", "prod"])
        .start()
}

fn run(sandbox: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let out = sandbox.ccx().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// The uuids of every mapping write the proxy saw, in order.
fn written_uuids(sandbox: &Sandbox) -> Vec<String> {
    sandbox
        .calls()
        .iter()
        .filter(|c| {
            matches!(
                c["action"].as_str(),
                Some("UpdateEventSourceMapping" | "CreateEventSourceMapping")
            )
        })
        .map(|c| c["uuid"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The uuids of a stack's four seeded mappings.
fn stack_uuids(sandbox: &Sandbox, stack: &str) -> Vec<String> {
    ["lines", "words"]
        .iter()
        .flat_map(|q| {
            ["enhanced-compaction", "chroma-worker"].map(|f| sandbox.mapping_uuid(stack, f, q))
        })
        .collect()
}

/// (stack, state) of each target of a combined document.
fn states(report: &Value) -> Vec<(String, String)> {
    report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["stack"].as_str().unwrap().to_string(),
                t["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pair(stack: &str, state: &str) -> (String, String) {
    (stack.to_string(), state.to_string())
}

#[test]
fn a_rollback_of_two_stacks_plans_both_then_applies_them_in_turn() {
    let sandbox = two_stacks();
    let (code, stdout, stderr) = run(
        &sandbox,
        &["-o", "json", "rollback", "--stack", "dev,prod", "--yes"],
    );
    assert_eq!(code, 0, "{stderr}");
    let report = parse_json(stdout.as_bytes());
    assert_eq!(report["command"], "rollback");
    assert_eq!(report["ok"], true);
    assert_eq!(
        states(&report),
        [pair("dev", "applied"), pair("prod", "applied")]
    );
    for (target, stack) in report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .zip(["dev", "prod"])
    {
        assert_eq!(target["account"], "123456789012");
        assert_eq!(target["region"], "us-east-1");
        assert_eq!(target["queues"], json!(["lines", "words"]));
        assert_eq!(target["exit_code"], 0);
        // Each stack's own switch document, as alone.
        assert_eq!(target["document"]["stack"], stack);
        assert_eq!(target["document"]["status"], "applied");
        assert_eq!(target["document"]["ok"], true);
    }
    // dev's writes all come before prod's first one: one stack after another.
    let (dev, prod) = (stack_uuids(&sandbox, "dev"), stack_uuids(&sandbox, "prod"));
    let written = written_uuids(&sandbox);
    assert_eq!(written.len(), 8, "{written:?}");
    assert!(written[..4].iter().all(|u| dev.contains(u)), "{written:?}");
    assert!(written[4..].iter().all(|u| prod.contains(u)), "{written:?}");
    // Every plan was read before the first write.
    let calls = sandbox.calls();
    let first_write = calls
        .iter()
        .position(|c| c["action"] == "UpdateEventSourceMapping")
        .unwrap();
    let listings = calls[..first_write]
        .iter()
        .filter(|c| c["action"] == "ListEventSourceMappings")
        .count();
    assert!(listings >= 2, "both stacks planned before writing");
    // One audit record per stack.
    let audit = std::fs::read_to_string(
        sandbox
            .tempdir()
            .join("state")
            .join("ccx")
            .join("audit.jsonl"),
    )
    .unwrap();
    let stacks: Vec<String> = audit
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["stack"].to_string())
        .collect();
    assert_eq!(stacks, ["\"dev\"", "\"prod\""]);

    // Again: nothing to do in either, and the text names both.
    let (code, text, stderr) = run(&sandbox, &["rollback", "--stack", "dev,prod", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        text.contains("── dev · us-east-1 · 123456789012 ──"),
        "{text}"
    );
    assert!(
        text.contains("── prod · us-east-1 · 123456789012 ──"),
        "{text}"
    );
    assert!(text.contains("ccx rollback on 2 stacks"), "{text}");
    let summary = &text[text.find("ccx rollback on 2 stacks").unwrap()..];
    let rows: Vec<&str> = summary
        .lines()
        .filter(|l| l.contains("nothing to do"))
        .collect();
    assert_eq!(rows.len(), 2, "{summary}");
    assert!(
        rows[0].starts_with("dev ") && rows[1].starts_with("prod "),
        "{summary}"
    );
}

#[test]
fn a_stack_that_fails_leaves_the_stacks_after_it_not_started() {
    let sandbox = two_stacks();
    let dev_old_lines = sandbox.mapping_uuid("dev", "chroma-worker", "lines");
    sandbox.set_faults(json!([{
        "match": {"service": "lambda", "action": "UpdateEventSourceMapping", "uuid": dev_old_lines,
                  "body_contains": "\"Enabled\":true"},
        "fault": {"status": 400, "error_code": "InvalidParameterValueException",
                  "message": "injected: the update is refused"}
    }]));
    let (code, stdout, stderr) = run(
        &sandbox,
        &[
            "-o",
            "json",
            "rollback",
            "--stack",
            "dev,prod",
            "--yes",
            "--timeout",
            "10s",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    let report = parse_json(stdout.as_bytes());
    assert_eq!(report["ok"], false);
    assert_eq!(
        states(&report),
        [pair("dev", "failed"), pair("prod", "not_started")]
    );
    assert_eq!(report["targets"][1]["document"]["status"], "not_started");
    assert!(
        stderr.contains("not started: stack dev did not succeed"),
        "{stderr}"
    );
    // Nothing was written in prod.
    let prod = stack_uuids(&sandbox, "prod");
    assert!(
        written_uuids(&sandbox).iter().all(|u| !prod.contains(u)),
        "prod was written"
    );
}

#[test]
fn a_plan_that_cannot_be_made_or_is_refused_in_one_stack_writes_nowhere() {
    let sandbox = two_stacks();
    // A stack that does not exist: its error, and dev not started.
    let (code, stdout, stderr) = run(
        &sandbox,
        &["-o", "json", "rollback", "--stack", "dev,prdo", "--yes"],
    );
    assert_eq!(code, 2, "{stderr}");
    let report = parse_json(stdout.as_bytes());
    assert_eq!(
        states(&report),
        [pair("dev", "not_started"), pair("prdo", "error")]
    );
    assert!(
        report["targets"][1]["error"]
            .as_str()
            .unwrap()
            .contains("prdo"),
        "{report}"
    );
    assert!(stderr.contains("stack prdo: cannot plan"), "{stderr}");
    assert_eq!(written_uuids(&sandbox), Vec::<String>::new());

    // prod's fallback is gone: its rollback is refused, so dev's is not started either.
    let fallback = sandbox.stack("prod")["functions"]["chroma-worker"]
        .as_str()
        .unwrap()
        .to_string();
    sandbox.query(&["delete-function", &fallback]);
    let (code, text, stderr) = run(&sandbox, &["rollback", "--stack", "dev,prod", "--yes"]);
    assert_eq!(code, 1, "{stderr}");
    let row = |stack: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{stack} ")) && l.contains("us-east-1"))
            .unwrap_or_else(|| panic!("no {stack} row in {text}"))
            .to_string()
    };
    assert!(row("dev").contains("not started"), "{text}");
    assert!(row("prod").contains("REFUSED"), "{text}");
    assert!(
        stderr.contains("the plan of stack prod was refused"),
        "{stderr}"
    );
    assert_eq!(written_uuids(&sandbox), Vec::<String>::new());
}

#[test]
fn a_dry_run_shows_every_plan_and_without_yes_nothing_is_asked_off_a_terminal() {
    let sandbox = two_stacks();
    let (code, text, stderr) = run(&sandbox, &["rollback", "--stack", "dev,prod", "--dry-run"]);
    assert_eq!(code, 0, "{stderr}");
    let dev = text.find("── dev · ").expect("dev's heading");
    let prod = text.find("── prod · ").expect("prod's heading");
    assert!(dev < prod);
    // Each heading is followed by its own plan.
    assert!(text[dev..prod].contains("disable"), "{text}");
    assert!(text[prod..].contains("disable"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.contains("dry run")).count(),
        2,
        "{text}"
    );

    let out = sandbox
        .ccx()
        .args(["rollback", "--stack", "dev,prod"])
        .write_stdin("y\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pass --yes"), "{stderr}");
    assert_eq!(written_uuids(&sandbox), Vec::<String>::new());
}
