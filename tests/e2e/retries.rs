//! Retries as the AWS tools do them: the environment and the profile decide, and with
//! nothing configured ccx's own default survives a throttled account.

use crate::common;

use std::fs;

use common::Sandbox;
use serde_json::json;

/// Every ListFunctions call is throttled `times` times before moto answers.
fn throttle_list_functions(sandbox: &Sandbox, times: u64) {
    sandbox.set_faults(json!([{
        "match": {"service": "lambda", "action": "ListFunctions"},
        "times": times,
        "fault": {"status": 429, "error_code": "TooManyRequestsException", "message": "Rate exceeded"}
    }]));
}

fn list_functions_calls(sandbox: &Sandbox) -> usize {
    sandbox
        .calls()
        .iter()
        .filter(|c| c["action"] == "ListFunctions")
        .count()
}

#[test]
fn aws_max_attempts_bounds_the_tries_of_each_call() {
    let sandbox = Sandbox::start("healthy");
    throttle_list_functions(&sandbox, 5);
    sandbox.clear_calls();
    let out = sandbox
        .ccx()
        .env("AWS_MAX_ATTEMPTS", "2")
        .args(["functions"])
        .output()
        .expect("run ccx");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("listing Lambda functions"), "{stderr}");
    assert!(stderr.contains("throttled"), "{stderr}");
    assert_eq!(list_functions_calls(&sandbox), 2);
}

#[test]
fn the_profile_max_attempts_applies_when_the_environment_says_nothing() {
    let sandbox = Sandbox::start("healthy");
    let aws_dir = sandbox.tempdir().join("aws");
    fs::create_dir_all(&aws_dir).unwrap();
    fs::write(
        aws_dir.join("config"),
        "[profile ops]\nmax_attempts = 3\nretry_mode = standard\n",
    )
    .unwrap();
    throttle_list_functions(&sandbox, 5);
    sandbox.clear_calls();
    sandbox
        .ccx()
        .args(["--profile", "ops", "functions"])
        .assert()
        .code(2);
    assert_eq!(list_functions_calls(&sandbox), 3);
}

#[test]
fn with_nothing_configured_six_throttled_answers_in_a_row_are_survived() {
    let sandbox = Sandbox::start("healthy");
    throttle_list_functions(&sandbox, 6);
    sandbox.clear_calls();
    let report = sandbox.json(&["functions"], 0);
    assert!(
        report["functions"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );
    assert_eq!(list_functions_calls(&sandbox), 7);
}

#[test]
fn an_unknown_profile_is_refused_before_any_call() {
    let sandbox = Sandbox::start("healthy");
    sandbox.clear_calls();
    let out = sandbox
        .ccx()
        .args(["--profile", "no-such-profile", "functions"])
        .output()
        .expect("run ccx");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("`no-such-profile` could not be found"),
        "{stderr}"
    );
    assert!(sandbox.calls().is_empty());
}

#[test]
fn a_nonsense_retry_setting_is_one_line_and_exit_2() {
    let sandbox = Sandbox::start("healthy");
    let out = sandbox
        .ccx()
        .env("AWS_RETRY_MODE", "eventually")
        .args(["functions"])
        .output()
        .expect("run ccx");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("AWS_RETRY_MODE is `eventually`"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// One throttled log search costs its own retry, a second or so at most (the first
/// backoff), and holds nothing else back. (Adaptive retry mode's client-side limiter,
/// once ccx's default, held a whole `verify` back for 5 to 20 seconds after a throttle.)
#[test]
fn a_throttled_log_search_is_retried_within_the_first_backoff() {
    let sandbox = Sandbox::start("healthy");
    sandbox.set_faults(json!([{
        "match": {"service": "logs", "action": "FilterLogEvents"},
        "times": 1,
        "fault": {"status": 400, "error_code": "ThrottlingException", "message": "Rate exceeded"}
    }]));
    sandbox.clear_calls();
    sandbox.json(&["verify"], 0);
    let calls = sandbox.calls();
    let time = |c: &serde_json::Value, field: &str| c[field].as_f64().unwrap();
    let throttled = calls
        .iter()
        .find(|c| c["action"] == "FilterLogEvents" && c["status"] == 400)
        .expect("the throttled search");
    let retry = calls
        .iter()
        .filter(|c| c["action"] == "FilterLogEvents" && c["body"] == throttled["body"])
        .filter(|c| time(c, "t") >= time(throttled, "end"))
        .min_by(|a, b| time(a, "t").total_cmp(&time(b, "t")))
        .expect("the search tried again");
    let waited = time(retry, "t") - time(throttled, "end");
    // The first backoff is at most 1 s; the rest is room for a busy machine.
    assert!(
        waited < 2.5,
        "the retry came {waited:.1} s after the throttled answer"
    );
    let first = calls
        .iter()
        .map(|c| time(c, "t"))
        .fold(f64::INFINITY, f64::min);
    let last = calls.iter().map(|c| time(c, "t")).fold(0.0, f64::max);
    assert!(
        last - first < 2.5 + 1.0,
        "the run's requests spread over {:.1} s",
        last - first
    );
}
