//! The binary's behaviour on bad input and broken environments (no AWS, or an endpoint
//! that does not answer as AWS): exit code 2 and one clear line on stderr, never a panic.

use crate::common;

use std::process::Stdio;

use common::{Sandbox, ccx_in, ccx_std_in, json_output};
use predicates::prelude::*;

fn one_error_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr).to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line on stderr, got: {text}");
    assert!(
        lines[0].starts_with("ccx: error: "),
        "not a ccx error line: {text}"
    );
    assert!(!text.contains("panicked"), "{text}");
    lines[0].to_string()
}

#[test]
fn an_unknown_output_format_is_a_one_line_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = ccx_in(dir.path())
        .args(["--output", "xml", "functions"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let line = one_error_line(&out.stderr);
    assert!(
        line.contains("xml") && line.contains("table, json"),
        "{line}"
    );
}

#[test]
fn an_unknown_subcommand_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = ccx_in(dir.path())
        .arg("rollbak")
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(one_error_line(&out.stderr).contains("rollbak"));
}

#[test]
fn a_bad_stack_name_is_rejected_before_any_call() {
    let dir = tempfile::tempdir().unwrap();
    let out = ccx_in(dir.path())
        .args(["--stack", "dev stack", "mappings"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(one_error_line(&out.stderr).contains("invalid stack name"));
}

#[test]
fn a_bad_config_file_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ccx.toml"),
        "stack = \"dev\"\n[queues.lines]\npatern = \"x\"\n",
    )
    .unwrap();
    let out = ccx_in(dir.path())
        .args(["config", "show"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let line = one_error_line(&out.stderr);
    assert!(
        line.contains("ccx.toml") && line.contains("line 3") && line.contains("patern"),
        "{line}"
    );
}

#[test]
fn a_missing_explicit_config_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = ccx_in(dir.path())
        .args(["--config", "nope.toml", "config", "show"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(one_error_line(&out.stderr).contains("nope.toml"));
}

#[test]
fn config_show_prints_the_builtin_topology_as_toml_and_json() {
    let dir = tempfile::tempdir().unwrap();
    ccx_in(dir.path())
        .args(["config", "show"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("[queues.lines]")
                .and(predicate::str::contains("built-in default")),
        );
    let v = json_output(
        ccx_in(dir.path()).args(["--output", "json", "--stack", "prod", "config", "show"]),
        0,
    );
    assert_eq!(v["queues"]["words"]["fallback"], "chroma-worker");
    assert_eq!(v["effective_stack"], "prod");
    assert_eq!(v["stack"], "dev");
}

#[test]
fn config_init_writes_the_default_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    ccx_in(dir.path())
        .args(["config", "init"])
        .assert()
        .success();
    let written = std::fs::read_to_string(dir.path().join("ccx.toml")).unwrap();
    assert!(written.contains("[functions.enhanced-compaction]"));

    std::fs::write(dir.path().join("ccx.toml"), "broken = [").unwrap();
    let out = ccx_in(dir.path())
        .args(["config", "init"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(one_error_line(&out.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ccx.toml")).unwrap(),
        "broken = ["
    );

    ccx_in(dir.path())
        .args(["config", "init", "--force"])
        .assert()
        .success();
    ccx_in(dir.path())
        .args(["config", "show"])
        .assert()
        .success();
}

#[test]
fn a_config_override_changes_the_effective_topology() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("custom.toml"), "stack = \"qa\"\n[queues.lines]\npattern = \"lines-q\"\nconsumer = \"enhanced-compaction\"\n").unwrap();
    let v = json_output(
        ccx_in(dir.path())
            .env("CCX_CONFIG", dir.path().join("custom.toml"))
            .args(["-o", "json", "config", "show"]),
        0,
    );
    assert_eq!(v["stack"], "qa");
    assert_eq!(v["queues"]["lines"]["pattern"], "lines-q");
    assert_eq!(v["queues"]["words"]["pattern"], "words-queue");
}

#[test]
fn no_region_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = ccx_in(dir.path())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .arg("mappings")
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(one_error_line(&out.stderr).contains("no AWS region"));
}

#[test]
fn missing_credentials_are_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = ccx_in(dir.path())
        .env("AWS_REGION", "us-east-1")
        .args(["--endpoint-url", "http://127.0.0.1:9", "mappings"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let line = one_error_line(&out.stderr);
    assert!(line.contains("no usable AWS credentials"), "{line}");
}

#[test]
fn an_unreachable_endpoint_is_a_clear_error() {
    // Port 9 (discard) is closed on loopback: connection refused, retried by the SDK, then reported.
    let dir = tempfile::tempdir().unwrap();
    for command in ["queues", "verify"] {
        let out = ccx_in(dir.path())
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .arg(command)
            .assert()
            .code(2)
            .get_output()
            .clone();
        let line = one_error_line(&out.stderr);
        assert!(
            line.contains("cannot reach the AWS endpoint"),
            "{command}: {line}"
        );
        assert!(
            !line.contains("DispatchFailure("),
            "debug dump leaked: {line}"
        );
        // The innermost cause in words, not the HTTP client's layers.
        assert!(line.ends_with("the connection was refused"), "{line}");
        assert!(!line.contains("dispatch failure"), "{line}");
        assert!(
            out.stdout.is_empty(),
            "{command} printed a report without any data"
        );
    }
}

#[test]
fn an_answer_that_is_not_an_aws_answer_says_so_with_its_http_status() {
    // A web server's 404 page and a proxy's HTML where AWS was expected (a wrong
    // --endpoint-url, a wrong region's captive page): typed by status and content type.
    let sandbox = Sandbox::start("healthy");
    for (status, content_type, body) in [
        (
            404,
            Some("text/html"),
            "<html><body>Not Found</body></html>",
        ),
        (404, None, ""),
        (
            403,
            Some("text/html; charset=utf-8"),
            "<html>Access to this site is blocked</html>",
        ),
    ] {
        let mut raw = serde_json::json!({"body": body});
        if let Some(kind) = content_type {
            raw["content_type"] = kind.into();
        }
        sandbox.set_faults(
            serde_json::json!([{"match": {}, "fault": {"status": status, "raw": raw}}]),
        );
        let out = sandbox
            .ccx()
            .env("AWS_MAX_ATTEMPTS", "1")
            .arg("mappings")
            .assert()
            .code(2)
            .get_output()
            .clone();
        let line = one_error_line(&out.stderr);
        assert!(
            line.contains("is this an AWS endpoint?")
                && line.contains(&format!("HTTP {status}, "))
                && line.contains(content_type.unwrap_or("no content type")),
            "{line}"
        );
        for jargon in ["unhandled error", "unexpected token", "Error at offset"] {
            assert!(!line.contains(jargon), "{jargon}: {line}");
        }
    }
}

#[test]
fn a_subcommands_help_keeps_the_global_flags_apart_after_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let out = ccx_in(dir.path())
        .args(["tail", "--help"])
        .assert()
        .success()
        .get_output()
        .clone();
    let help = String::from_utf8(out.stdout).unwrap();
    let own = help.find("Options:").expect("tail's own options");
    let global = help
        .find("Global options:")
        .expect("a heading of their own");
    let at = |flag: &str| {
        help.find(flag)
            .unwrap_or_else(|| panic!("{flag} in {help}"))
    };
    assert!(own < at("--follow") && at("--follow") < global, "{help}");
    for flag in [
        "--profile",
        "--region",
        "--stack",
        "--output",
        "--log-search-rate",
    ] {
        assert!(
            at(flag) > global,
            "{flag} among tail's own options:\n{help}"
        );
    }
}

#[test]
fn an_invalid_endpoint_url_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = ccx_in(dir.path())
        .args(["--endpoint-url", "localhost:5000", "mappings"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(one_error_line(&out.stderr).contains("invalid endpoint URL"));
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader); // every write to stdout now fails with EPIPE
    let out = ccx_std_in(dir.path())
        .args(["config", "show"])
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_error_line_is_coloured_as_color_says_even_on_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let run = |color: &str| {
        let out = ccx_in(dir.path())
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .env("CLICOLOR_FORCE", "1")
            .args(["--color", color, "queues"])
            .assert()
            .code(2)
            .get_output()
            .clone();
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let always = run("always");
    assert!(always.starts_with("\u{1b}["), "{always:?}");
    assert!(always.contains("ccx: error:"), "{always:?}");
    // `never` wins over the environment forcing colour.
    let never = run("never");
    assert!(never.starts_with("ccx: error:"), "{never:?}");
    assert!(!never.contains('\u{1b}'), "{never:?}");
}
