//! What the IaC declares against what runs (`ccx drift`). CloudFormation end to end: the
//! runbook's queues, functions and mappings created by a stack in the emulator, rolled
//! back with ccx, then the stack updated to match. Pulumi and Terraform from state
//! documents written from their formats' specifications (`tests/iac/`, where each field
//! is documented: the header of `src/state/iac/pulumi.rs` and `terraform.rs`), filled
//! with the sandbox's names; they hold secrets, which ccx never prints.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::{Sandbox, dependent_waves, parse_json};
use serde_json::{Value, json};

const SECRETS: &[&str] = &["sk-live-ccx-test-secret", "CCX-TEST-SECRET"];

fn iac_doc(name: &str) -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/iac")
            .join(name),
    )
    .expect("a test state document")
}

/// A state document with the sandbox's names and UUIDs, written into its tempdir.
fn filled(sandbox: &Sandbox, name: &str) -> PathBuf {
    let dev = sandbox.stack("dev");
    let text = [
        (
            "{{enhanced_name}}",
            dev["functions"]["enhanced-compaction"]
                .as_str()
                .unwrap()
                .to_string(),
        ),
        (
            "{{embed_name}}",
            dev["functions"]["embed-from-ndjson"]
                .as_str()
                .unwrap()
                .to_string(),
        ),
        (
            "{{lines_arn}}",
            dev["queues"]["lines"]["arn"].as_str().unwrap().to_string(),
        ),
        (
            "{{words_arn}}",
            dev["queues"]["words"]["arn"].as_str().unwrap().to_string(),
        ),
        (
            "{{embed_arn}}",
            dev["queues"]["embed-ndjson"]["arn"]
                .as_str()
                .unwrap()
                .to_string(),
        ),
        (
            "{{lines_uuid}}",
            sandbox.mapping_uuid("dev", "enhanced-compaction", "lines"),
        ),
        (
            "{{words_uuid}}",
            sandbox.mapping_uuid("dev", "enhanced-compaction", "words"),
        ),
        (
            "{{embed_uuid}}",
            sandbox.mapping_uuid("dev", "embed-from-ndjson", "embed-ndjson"),
        ),
    ]
    .iter()
    .fold(iac_doc(name), |text, (from, to)| text.replace(from, to));
    let path = sandbox.tempdir().join(name);
    fs::write(&path, text).unwrap();
    path
}

/// `ccx --iac IAC [-o json] ARGS`: (exit code, stdout, stderr).
fn run(sandbox: &Sandbox, iac: &str, args: &[&str]) -> (i32, String, String) {
    let out = sandbox
        .ccx()
        .args(["--iac", iac])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn drift_json(sandbox: &Sandbox, iac: &str, code: i32) -> Value {
    let (got, stdout, stderr) = run(sandbox, iac, &["-o", "json", "drift"]);
    assert_eq!(got, code, "drift exited {got}: {stderr}\n{stdout}");
    parse_json(stdout.as_bytes())
}

fn queue<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["queues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["queue"] == key)
        .unwrap_or_else(|| panic!("no queue {key} in {report}"))
}

fn fields(q: &Value) -> Vec<(String, String)> {
    q["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["field"].as_str().unwrap().to_string(),
                d["function_name"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn drift_check<'a>(verify: &'a Value, queue: &str) -> &'a Value {
    let id = format!("drift.{queue}");
    verify["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id.as_str())
        .unwrap_or_else(|| panic!("no {id} in {verify}"))
}

fn operations(calls: &[Value]) -> BTreeSet<String> {
    calls
        .iter()
        .map(|c| {
            format!(
                "{}:{}",
                c["service"].as_str().unwrap(),
                c["action"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn cloudformation_drift_after_a_rollback_and_clean_once_the_stack_matches() {
    let sandbox = Sandbox::start("cloudformation");
    let dev = sandbox.stack("dev").clone();
    let stack = dev["cloudformation"]["stack"].as_str().unwrap().to_string();
    let iac = format!("cloudformation:{stack}");
    let worker = dev["functions"]["chroma-worker"]
        .as_str()
        .unwrap()
        .to_string();
    let enhanced = dev["functions"]["enhanced-compaction"]
        .as_str()
        .unwrap()
        .to_string();

    let clean = drift_json(&sandbox, &iac, 0);
    assert_eq!(clean["ok"], true, "{clean}");
    assert_eq!(
        clean["iac"],
        json!({"kind": "cloudformation", "stack": stack})
    );
    let lines = queue(&clean, "lines");
    assert_eq!(lines["declared"].as_array().unwrap().len(), 2, "{lines}");

    // verify adds a drift check per queue, at most one round trip dearer than without.
    // Every request waits the same while these two run, large beside the bed's own time
    // per request: without it, on a busy machine, a request sent late (not because it
    // waited for an answer) would count as a round trip of its own.
    sandbox.set_faults(json!([{"match": {}, "fault": {"delay_ms": 300}}]));
    sandbox.clear_calls();
    let (_, stdout, stderr) = run(&sandbox, &iac, &["-o", "json", "verify"]);
    let with_iac = dependent_waves(&sandbox.calls());
    let report = parse_json(stdout.as_bytes());
    assert_eq!(
        drift_check(&report, "lines")["status"],
        "pass",
        "{stderr}{report}"
    );
    sandbox.clear_calls();
    let plain = sandbox
        .ccx()
        .args(["-o", "json", "verify"])
        .output()
        .unwrap();
    let without = dependent_waves(&sandbox.calls());
    sandbox.set_faults(json!([]));
    assert!(
        with_iac <= without + 1,
        "verify: {with_iac} round trips with the IaC, {without} without"
    );
    let plain = parse_json(&plain.stdout);
    assert!(
        plain["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| !c["id"].as_str().unwrap().starts_with("drift."))
    );

    // Only the three reads of the stack, beside the listings; exactly what the policy grants.
    sandbox.clear_calls();
    drift_json(&sandbox, &iac, 0);
    let seen = operations(&sandbox.calls());
    let policy = sandbox
        .ccx()
        .args(["--iac", &iac, "policy", "--command", "drift"])
        .output()
        .unwrap();
    let document = parse_json(&policy.stdout);
    let granted: BTreeSet<String> = document["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["Action"].as_array().unwrap().clone())
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    assert_eq!(seen, granted, "drift's calls against its policy");
    assert!(
        document.to_string().contains(&format!(":stack/{stack}/*")),
        "{document}"
    );

    // The dry run and the applied rollback tell what the next deploy does, computed
    // from the stack: it re-enables enhanced-compaction and disables the worker.
    let undone = |queue: &str| {
        format!(
            "the IaC declares {enhanced} on {queue}; the next deploy re-enables {enhanced} and disables {worker} (cloudformation stack {stack}): change these resources: "
        )
    };
    let (code, _, stderr) = run(&sandbox, &iac, &["rollback", "--dry-run"]);
    assert_eq!(code, 0, "{stderr}");
    for queue in ["lines", "words"] {
        assert!(stderr.contains(&undone(queue)), "{stderr}");
    }
    let (code, stdout, stderr) = run(&sandbox, &iac, &["-o", "json", "rollback", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    for queue in ["lines", "words"] {
        let line = stderr
            .lines()
            .find(|l| l.contains(&undone(queue)))
            .unwrap_or_else(|| panic!("{stderr}"));
        let resources = line.rsplit(": ").next().unwrap();
        let mut named: Vec<&str> = resources.split(", ").collect();
        named.sort();
        let title = if queue == "lines" { "Lines" } else { "Words" };
        assert_eq!(
            named,
            [
                format!("ChromaWorker{title}Mapping"),
                format!("EnhancedCompaction{title}Mapping")
            ],
            "{line}"
        );
    }
    assert!(!stderr.contains("is expected to declare"), "{stderr}");
    let report = parse_json(stdout.as_bytes());
    let next = &report["next_deploy"];
    assert_eq!(next["keeps"], false, "{next}");
    assert_eq!(
        next["iac"],
        json!({"kind": "cloudformation", "stack": stack})
    );
    let lines = &next["queues"][0];
    assert_eq!(lines["queue"], "lines");
    assert_eq!(lines["consumers"], json!([worker]));
    assert_eq!(lines["reenables"], json!([enhanced]));
    assert_eq!(lines["disables"], json!([worker]));
    assert!(report["iac_steps"].is_string(), "the existing field stays");
    let drifted = drift_json(&sandbox, &iac, 1);
    for key in ["lines", "words"] {
        let q = queue(&drifted, key);
        let mut named = fields(q);
        named.sort();
        let mut expected = vec![
            ("enabled".to_string(), enhanced.clone()),
            ("enabled".to_string(), worker.clone()),
        ];
        expected.sort();
        assert_eq!(named, expected, "{q}");
        for d in q["differences"].as_array().unwrap() {
            let (declared, live) = if d["function_name"] == enhanced.as_str() {
                ("enabled", "Disabled")
            } else {
                ("disabled", "Enabled")
            };
            assert_eq!(d["declared"], declared, "{d}");
            assert_eq!(d["live"], live, "{d}");
            assert!(d["resource"].as_str().unwrap().ends_with("Mapping"), "{d}");
        }
    }
    assert!(
        queue(&drifted, "embed-ndjson")["differences"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let (_, stdout, _) = run(&sandbox, &iac, &["-o", "json", "verify"]);
    let failed = drift_check(&parse_json(stdout.as_bytes()), "lines").clone();
    assert_eq!(failed["status"], "fail", "{failed}");
    assert_eq!(failed["details"].as_array().unwrap().len(), 2, "{failed}");
    let (_, stdout, _) = run(&sandbox, &iac, &["-o", "json", "verify", "--rolled-back"]);
    let warned = drift_check(&parse_json(stdout.as_bytes()), "words").clone();
    assert_eq!(warned["status"], "warn", "{warned}");
    let (code, text, _) = run(&sandbox, &iac, &["drift"]);
    assert_eq!(code, 1);
    assert!(
        text.contains("4 differences between the IaC and the live consumers"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{worker}: the IaC declares it disabled, it is Enabled"
        )),
        "{text}"
    );

    // The IaC changed to match the rollback, and deployed.
    let mut template = dev["cloudformation"]["template"].clone();
    for (id, resource) in template["Resources"].as_object_mut().unwrap() {
        if id.contains("Lines") || id.contains("Words") {
            let on = id.starts_with("ChromaWorker");
            resource["Properties"]["Enabled"] = json!(on);
        }
    }
    let updated = sandbox.query(&["update-stack", &stack, &template.to_string()]);
    assert_eq!(updated["status"], "UPDATE_COMPLETE", "{updated}");
    let matched = drift_json(&sandbox, &iac, 0);
    assert_eq!(matched["ok"], true, "{matched}");

    // Cut over by hand again, then roll back: now the IaC declares the rollback.
    for queue in ["lines", "words"] {
        let on = sandbox.mapping_uuid("dev", "enhanced-compaction", queue);
        let off = sandbox.mapping_uuid("dev", "chroma-worker", queue);
        sandbox.query(&["update-mapping", &off, "--enabled", "false"]);
        sandbox.query(&["update-mapping", &on, "--enabled", "true"]);
    }
    drift_json(&sandbox, &iac, 1);
    let (code, _, stderr) = run(&sandbox, &iac, &["rollback", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "The IaC (cloudformation stack {stack}) already declares this on lines, words: the next deploy keeps it."
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("the next deploy re-enables"), "{stderr}");
    assert_eq!(drift_json(&sandbox, &iac, 0)["ok"], true);
}

#[test]
fn a_stack_that_does_not_exist_is_one_line_and_exit_2() {
    let sandbox = Sandbox::start("fallback");
    let (code, stdout, stderr) = run(&sandbox, "cloudformation:no-such-stack", &["drift"]);
    assert_eq!(code, 2, "{stdout}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("ccx: error:"), "{stderr}");
    assert!(
        stderr.contains("`no-such-stack` does not exist"),
        "{stderr}"
    );
}

#[test]
fn pulumi_and_terraform_documents_against_the_live_stack_never_print_secrets() {
    let sandbox = Sandbox::start("fallback");
    let worker = sandbox.function_name("chroma-worker");
    for name in [
        "pulumi-export.json",
        "terraform-show.json",
        "terraform.tfstate",
    ] {
        let path = filled(&sandbox, name);
        let kind = if name.starts_with("pulumi") {
            "pulumi"
        } else {
            "terraform"
        };
        let iac = format!("{kind}:{}", path.display());
        let report = drift_json(&sandbox, &iac, 0);
        assert_eq!(report["ok"], true, "{name}: {report}");
        assert_eq!(report["iac"]["kind"], kind);
        let (code, text, stderr) = run(&sandbox, &iac, &["drift"]);
        assert_eq!(code, 0, "{stderr}");
        for secret in SECRETS {
            assert!(
                !text.contains(secret) && !stderr.contains(secret),
                "{name}: {text}{stderr}"
            );
            assert!(!report.to_string().contains(secret), "{name}");
        }
    }
    // The worker turned on by hand beside enhanced-compaction: both documents say so.
    let uuid = sandbox.mapping_uuid("dev", "chroma-worker", "lines");
    sandbox.query(&["update-mapping", &uuid, "--enabled", "true"]);
    for name in ["pulumi-export.json", "terraform.tfstate"] {
        let path = sandbox.tempdir().join(name);
        let kind = if name.starts_with("pulumi") {
            "pulumi"
        } else {
            "terraform"
        };
        let report = drift_json(&sandbox, &format!("{kind}:{}", path.display()), 1);
        let lines = queue(&report, "lines");
        assert_eq!(
            fields(lines),
            [("undeclared".to_string(), worker.clone())],
            "{lines}"
        );
        assert_eq!(lines["differences"][0]["uuid"], uuid.as_str());
    }
}

#[test]
fn a_document_of_another_format_or_version_or_a_failing_pulumi_is_exit_2() {
    let sandbox = Sandbox::start("fallback");
    let dir = sandbox.tempdir();
    let v3 = dir.join("old.tfstate");
    fs::write(
        &v3,
        r#"{"version": 3, "terraform_version": "0.11.14", "serial": 1, "modules": []}"#,
    )
    .unwrap();
    let pulumi_as_terraform = filled(&sandbox, "pulumi-export.json");
    for (iac, says) in [
        (
            format!("terraform:{}", v3.display()),
            "version 3; ccx reads version 4",
        ),
        (
            format!("terraform:{}", pulumi_as_terraform.display()),
            "not Terraform state",
        ),
        (
            format!("pulumi:{}", dir.join("missing.json").display()),
            "cannot read the IaC state file",
        ),
        ("chef:x".to_string(), "unknown IaC kind"),
    ] {
        let (code, _, stderr) = run(&sandbox, &iac, &["drift"]);
        assert_eq!(code, 2, "{iac}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{iac}: {stderr}");
    }
    // verify with an IaC it cannot read: that is the drift check's error, in one line,
    // and every other check still runs and reports.
    let iac = format!("terraform:{}", v3.display());
    let (code, stdout, stderr) = run(&sandbox, &iac, &["-o", "json", "verify"]);
    assert_eq!(code, 2, "{stderr}");
    let report = parse_json(stdout.as_bytes());
    let source = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "drift")
        .unwrap_or_else(|| panic!("no drift check in {report}"));
    assert_eq!(source["status"], "error", "{source}");
    let summary = source["summary"].as_str().unwrap();
    assert!(!summary.contains('\n'), "{summary}");
    assert!(
        summary.starts_with("could not read the IaC (terraform file ")
            && summary.contains("version 3; ccx reads version 4"),
        "{summary}"
    );
    let lines = drift_check(&report, "lines");
    assert_eq!(lines["status"], "skip", "{lines}");
    assert_eq!(lines["not_run"], "source_failed", "{lines}");
    let consumers = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "consumers.lines")
        .unwrap();
    assert_eq!(consumers["status"], "pass", "{consumers}");
    let (code, text, _) = run(&sandbox, &iac, &["verify"]);
    assert_eq!(code, 2);
    assert!(text.contains("version 3; ccx reads version 4"), "{text}");
    assert!(text.contains("one consumer on queue lines"), "{text}");

    // A rollback with an unreadable IaC source stops before it writes anything.
    sandbox.clear_calls();
    let iac = format!("terraform:{}", v3.display());
    let (code, _, stderr) = run(&sandbox, &iac, &["rollback", "--yes"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("version 3; ccx reads version 4"),
        "{stderr}"
    );
    let writes: Vec<Value> = sandbox
        .calls()
        .into_iter()
        .filter(|c| {
            c["action"]
                .as_str()
                .is_some_and(|a| !a.starts_with("List") && !a.starts_with("Get"))
        })
        .collect();
    assert!(writes.is_empty(), "{writes:?}");
    // A `pulumi` that fails, first on PATH.
    let bin = dir.join("bin");
    fs::create_dir_all(&bin).unwrap();
    let fake = bin.join("pulumi");
    fs::write(
        &fake,
        "#!/bin/sh\necho 'error: no stack named '\"$4\"' found' >&2\nexit 255\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = sandbox
        .ccx()
        .env("PATH", path)
        .args(["--iac", "pulumi:prod", "drift"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "`pulumi stack export --stack prod` failed (exit 255): error: no stack named prod found"
        ),
        "{stderr}"
    );
    // Without pulumi on PATH at all.
    let out = sandbox
        .ccx()
        .env("PATH", bin.join("none"))
        .args(["--iac", "pulumi:prod", "drift"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`pulumi` is not on PATH"));
    // No IaC source at all.
    let out = sandbox.ccx().arg("drift").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs an IaC source"));
}

/// `ccx --iac IAC [-o json] guard` around a deploy that changes nothing: (exit code,
/// stdout after the deploy's line, stderr).
fn guard(sandbox: &Sandbox, iac: &str, json: bool) -> (i32, String, String) {
    let deploy = sandbox.query_command(&["deploy", r#"[{"say": "deployed"}]"#]);
    let mut command = sandbox.ccx_std();
    command.args(["--iac", iac]);
    if json {
        command.args(["-o", "json"]);
    }
    let out = command
        .args(["guard", "--interval", "400ms", "--until-stable", "1s", "--"])
        .args(&deploy)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let rest = stdout
        .strip_prefix("deployed\n")
        .unwrap_or_else(|| panic!("the deploy's line first: {stdout}"));
    (
        out.status.code().unwrap_or(-1),
        rest.to_string(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn guard_ends_comparing_the_consumers_with_what_the_iac_declares() {
    let sandbox = Sandbox::start("fallback");
    let path = filled(&sandbox, "pulumi-export.json");
    let iac = format!("pulumi:{}", path.display());
    // The deploy left the consumers as declared: the report says so, the exit holds.
    sandbox.clear_calls();
    let (code, stdout, stderr) = guard(&sandbox, &iac, true);
    assert_eq!(code, 0, "{stderr}{stdout}");
    // The queues are listed once to resolve what guard watches, and once more at the
    // end for the final verify and the drift check together.
    let listed = |action: &str| {
        sandbox
            .calls()
            .iter()
            .filter(|c| c["action"] == action)
            .count()
    };
    assert_eq!(listed("ListQueues"), 2);
    let report = parse_json(stdout.as_bytes());
    let drift = &report["drift"];
    assert_eq!(drift["ok"], true, "{drift}");
    assert_eq!(drift["error"], Value::Null);
    assert_eq!(drift["iac"]["kind"], "pulumi");
    assert_eq!(queue(drift, "lines")["differences"], json!([]));
    assert_eq!(report["status"], "ok");

    // The IaC declares a batch size the deploy did not apply: the next deploy changes
    // words, so guard fails and names the difference and its resource.
    let mut doc: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    for resource in doc["deployment"]["resources"].as_array_mut().unwrap() {
        if resource["urn"]
            .as_str()
            .unwrap()
            .ends_with("words-event-source-mapping")
        {
            resource["inputs"]["batchSize"] = json!(25);
            resource["outputs"]["batchSize"] = json!(25);
        }
    }
    fs::write(&path, doc.to_string()).unwrap();
    let (code, stdout, stderr) = guard(&sandbox, &iac, true);
    assert_eq!(code, 1, "{stderr}{stdout}");
    let report = parse_json(stdout.as_bytes());
    assert_eq!(report["status"], "failed");
    assert_eq!(report["exit_code"], 1);
    assert!(report["windows"].as_array().unwrap().is_empty());
    let words = queue(&report["drift"], "words");
    let difference = &words["differences"][0];
    assert_eq!(difference["field"], "batch_size", "{words}");
    assert_eq!(difference["declared"], "25");
    assert_eq!(difference["live"], "10");
    assert!(
        difference["resource"]
            .as_str()
            .unwrap()
            .ends_with("words-event-source-mapping")
    );
    let (code, text, stderr) = guard(&sandbox, &iac, false);
    assert_eq!(code, 1, "{stderr}");
    let enhanced = sandbox.function_name("enhanced-compaction");
    assert!(
        text.contains(&format!(
            "✘ words: {enhanced}: batch size: the IaC declares 25, it is 10"
        )),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("Guard: FAIL — 1 difference from the IaC"),
        "{text}"
    );

    // An IaC that cannot be read: the report still comes, the drift names why, exit 2.
    let missing = format!("pulumi:{}", sandbox.tempdir().join("gone.json").display());
    let (code, stdout, stderr) = guard(&sandbox, &missing, true);
    assert_eq!(code, 2, "{stderr}{stdout}");
    let report = parse_json(stdout.as_bytes());
    assert_eq!(report["status"], "error");
    let error = report["drift"]["error"].as_str().unwrap();
    assert!(error.contains("cannot read the IaC state file"), "{error}");
    assert!(report["verify"]["checks"].as_array().is_some());
}
