//! Operators' scripts read ccx's JSON: a field that exists must stay (add, never break).
//! Each command's document in a seeded sandbox is flattened into its field paths
//! (`checks[].status`), and every path pinned in `tests/e2e/json_fields/NAME.txt` must
//! still be there. A new field is fine; run with `CCX_PIN_JSON_FIELDS=1` to add it to
//! the pin (and review the diff: a path that disappears there is a broken script).

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use serde_json::Value;

use crate::common::Sandbox;

/// `{"a": {"b": 1}, "c": [{"d": 2}]}` → `a`, `a.b`, `c`, `c[]`, `c[].d`.
fn paths(value: &Value, prefix: &str, into: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                into.insert(path.clone());
                paths(child, &path, into);
            }
        }
        Value::Array(items) => {
            let path = format!("{prefix}[]");
            for item in items {
                if item.is_object() || item.is_array() {
                    into.insert(path.clone());
                }
                paths(item, &path, into);
            }
        }
        _ => {}
    }
}

/// Checks (or, with CCX_PIN_JSON_FIELDS=1, writes) the pin of `name`.
fn holds_its_fields(name: &str, documents: &[Value]) {
    let mut seen = BTreeSet::new();
    for document in documents {
        paths(document, "", &mut seen);
    }
    let pin = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/e2e/json_fields")
        .join(format!("{name}.txt"));
    if std::env::var_os("CCX_PIN_JSON_FIELDS").is_some() {
        let mut all: BTreeSet<String> = fs::read_to_string(&pin)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect();
        all.extend(seen.iter().cloned());
        let text: Vec<String> = all.into_iter().collect();
        fs::write(&pin, text.join("\n") + "\n").expect("write the pin");
        return;
    }
    let pinned = fs::read_to_string(&pin)
        .unwrap_or_else(|e| panic!("{}: {e} (CCX_PIN_JSON_FIELDS=1 writes it)", pin.display()));
    let missing: Vec<&str> = pinned
        .lines()
        .filter(|path| !path.is_empty() && !seen.contains(*path))
        .collect();
    assert!(
        missing.is_empty(),
        "`{name}` no longer has these JSON fields, which scripts may read:\n{}",
        missing.join("\n")
    );
}

/// `ccx --output json ARGS`'s document, from a run that ran (exit 0 or 1).
fn document(sandbox: &Sandbox, args: &[&str]) -> Value {
    let out = sandbox
        .ccx()
        .args(["--output", "json"])
        .args(args)
        .output()
        .expect("run ccx");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {stderr}"
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {stderr}"))
}

#[test]
fn the_views_keep_every_json_field() {
    let sandbox = Sandbox::start("fallback");
    holds_its_fields("functions", &[document(&sandbox, &["functions"])]);
    holds_its_fields("mappings", &[document(&sandbox, &["mappings", "--all"])]);
    holds_its_fields("queues", &[document(&sandbox, &["queues"])]);
    holds_its_fields("map", &[document(&sandbox, &["map"])]);
    holds_its_fields("config", &[document(&sandbox, &["config", "show"])]);
}

#[test]
fn verify_keeps_every_json_field_of_a_pass_and_of_a_failure() {
    let healthy = Sandbox::start("healthy");
    let fallback = Sandbox::start("fallback");
    let documents = [
        document(&healthy, &["verify"]),
        document(&fallback, &["verify"]),
        document(&fallback, &["verify", "--rolled-back", "--strict"]),
    ];
    holds_its_fields("verify", &documents);
}

#[test]
fn the_switch_keeps_every_json_field_of_its_plan_and_of_its_run() {
    let sandbox = Sandbox::start("healthy");
    let dry_run = document(&sandbox, &["rollback", "--dry-run"]);
    let applied = document(&sandbox, &["rollback", "--yes"]);
    holds_its_fields("rollback", &[dry_run, applied]);
}

#[test]
fn several_targets_keep_every_json_field_of_the_combined_documents() {
    let sandbox = Sandbox::builder("fallback")
        .stacks(&["dev", "prod"])
        .start();
    holds_its_fields(
        "targets",
        &[document(&sandbox, &["verify", "--stack", "dev,prod"])],
    );
    holds_its_fields(
        "rollback_stacks",
        &[
            document(&sandbox, &["rollback", "--stack", "dev,prod", "--dry-run"]),
            document(&sandbox, &["rollback", "--stack", "dev,prod", "--yes"]),
        ],
    );
}
