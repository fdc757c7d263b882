//! No secret in any output: with distinctive credentials, ccx is run with -v and -vv, on
//! good and on failing calls (access denied, bad credentials, throttled, unreachable
//! endpoint), and nothing it prints (or writes to its audit log) holds the secret key,
//! the session token, the access key ID, a signature or an authorization header. What
//! -v and -vv do print is checked here too: where the calls go, and each call.

use crate::common;

use std::process::Command as StdCommand;

use common::Sandbox;
use serde_json::json;

const ACCESS_KEY_ID: &str = "AKIAZZCCXSECRETTEST7";
const SECRET_KEY: &str = "ccxSecretKey/DoNotPrint+0123456789abcdefWXYZ";
const SESSION_TOKEN: &str = "ccxSessionToken//DoNotPrint/IQoJb3JpZ2luX2VjEJr9876543210";

/// Texts that must never be printed.
const NEVER: &[&str] = &[
    SECRET_KEY,
    SESSION_TOKEN,
    ACCESS_KEY_ID,
    "DoNotPrint",
    "Signature=",
    "Authorization",
    "authorization:",
    "X-Amz-Security-Token",
    "x-amz-security-token",
    "Credential=",
];

fn with_secrets(mut command: StdCommand) -> StdCommand {
    command
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_SESSION_TOKEN", SESSION_TOKEN);
    command
}

/// One attempt per call, so a failing call fails fast.
fn failing_fast(mut command: StdCommand) -> StdCommand {
    command.env("AWS_MAX_ATTEMPTS", "1");
    command
}

/// Runs ccx with `args`; returns everything it printed, after checking its exit code
/// is one of `codes`.
fn output(mut command: StdCommand, args: &[&str], codes: &[i32]) -> String {
    command.args(args);
    let out = assert_cmd::Command::from_std(command)
        .timeout(std::time::Duration::from_secs(90))
        .output()
        .unwrap();
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let code = out.status.code().unwrap_or(-1);
    assert!(codes.contains(&code), "ccx {args:?} exited {code}: {text}");
    text
}

fn assert_clean(what: &str, text: &str) {
    for secret in NEVER {
        assert!(!text.contains(secret), "{what} printed `{secret}`:\n{text}");
    }
}

#[test]
fn verbose_runs_of_every_command_print_no_secret() {
    let sandbox = Sandbox::start("fallback");
    let runs: &[(&[&str], &[i32])] = &[
        (&["-v", "functions"], &[0, 1]),
        (&["-vv", "mappings", "--all"], &[0, 1]),
        (&["-vv", "--output", "json", "queues"], &[0, 1]),
        (&["-vv", "map"], &[0, 1]),
        // 2 too: FilterLogEvents' 5/s may still throttle a search beyond its retries.
        (&["-vv", "verify"], &[0, 1, 2]),
        (
            &["-vv", "tail", "enhanced-compaction", "--since", "1h"],
            &[0, 1],
        ),
        (&["-vv", "rollback", "--dry-run"], &[0, 1]),
        (&["-vv", "rollback", "--yes"], &[0]),
        (
            &[
                "-vv",
                "--output",
                "json",
                "switch",
                "--to",
                "enhanced-compaction",
                "--yes",
            ],
            &[0],
        ),
        (&["-vv", "policy"], &[0]),
        (&["-vv", "config", "show"], &[0]),
    ];
    for (args, codes) in runs {
        let text = output(with_secrets(sandbox.ccx_std()), args, codes);
        assert_clean(&format!("ccx {args:?}"), &text);
    }
    let audit = sandbox.tempdir().join("state/ccx/audit.jsonl");
    let audit = std::fs::read_to_string(&audit).expect("the switches wrote audit records");
    assert_eq!(audit.lines().count(), 2);
    assert_clean("the audit log", &audit);
}

#[test]
fn failing_calls_print_no_secret() {
    let sandbox = Sandbox::start("fallback");
    let faults = [
        // Access denied on everything.
        json!([{"match": {}, "fault": {"status": 403, "error_code": "AccessDeniedException",
            "message": "User: arn:aws:sts::123456789012:assumed-role/ops/x is not authorized"}}]),
        // The credentials are refused.
        json!([{"match": {}, "fault": {"status": 403, "error_code": "UnrecognizedClientException",
            "message": "The security token included in the request is invalid."}}]),
        json!([{"match": {}, "fault": {"status": 403, "error_code": "InvalidSignatureException",
            "message": "The request signature we calculated does not match the signature you provided."}}]),
        // Throttled beyond the one attempt.
        json!([{"match": {}, "fault": {"status": 429, "error_code": "TooManyRequestsException",
            "message": "Rate exceeded"}}]),
        // A 5xx, and a connection closed without an answer.
        json!([{"match": {}, "fault": {"status": 500, "error_code": "ServiceException"}}]),
        json!([{"match": {}, "fault": {"reset": true}}]),
    ];
    for rules in faults {
        sandbox.set_faults(rules.clone());
        for args in [
            &["-vv", "functions"][..],
            &["-vv", "verify"],
            &["-vv", "rollback", "--yes"],
            &["-vv", "tail", "enhanced-compaction"],
        ] {
            let text = output(failing_fast(with_secrets(sandbox.ccx_std())), args, &[1, 2]);
            assert_clean(&format!("ccx {args:?} under {rules}"), &text);
        }
    }
    sandbox.set_faults(json!([]));
    // An endpoint nothing listens on.
    let mut command = with_secrets(sandbox.ccx_std());
    command.env("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
    let text = output(command, &["-vv", "functions"], &[2]);
    assert!(text.contains("cannot reach the AWS endpoint"), "{text}");
    assert_clean("an unreachable endpoint", &text);
}

#[test]
fn credentials_from_a_profile_are_not_printed_either() {
    let sandbox = Sandbox::start("healthy");
    let aws = sandbox.tempdir().join("aws");
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(
        aws.join("credentials"),
        format!(
            "[ops]\naws_access_key_id = {ACCESS_KEY_ID}\naws_secret_access_key = {SECRET_KEY}\n\
             aws_session_token = {SESSION_TOKEN}\n"
        ),
    )
    .unwrap();
    std::fs::write(aws.join("config"), "[profile ops]\n").unwrap();
    let mut command = sandbox.ccx_std();
    command
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY");
    let text = output(command, &["-vv", "--profile", "ops", "mappings"], &[0, 1]);
    assert_clean("a profile's credentials", &text);

    sandbox.set_faults(json!([{"match": {}, "fault": {"status": 403,
        "error_code": "ExpiredTokenException", "message": "The security token included in the request is expired"}}]));
    let mut command = sandbox.ccx_std();
    command
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY");
    let text = output(
        failing_fast(command),
        &["-vv", "--profile", "ops", "functions"],
        &[2],
    );
    assert!(text.contains("credentials"), "{text}");
    assert_clean("an expired profile token", &text);
}

#[test]
fn verbose_names_where_the_calls_go_and_very_verbose_every_call() {
    let sandbox = Sandbox::start("healthy");
    let endpoint = sandbox.endpoint().to_string();
    let text = output(with_secrets(sandbox.ccx_std()), &["-v", "mappings"], &[0]);
    assert!(
        text.contains(&format!(
            "ccx: AWS: account 123456789012 (arn:aws:sts::123456789012:user/moto) · region us-east-1 · no profile · credentials from the environment (AWS_ACCESS_KEY_ID) · endpoint {endpoint}"
        )),
        "{text}"
    );
    assert!(
        !text.contains("ListEventSourceMappings →"),
        "-v lists calls: {text}"
    );

    // -vv: each attempt of each call, answered or throttled and retried.
    sandbox.set_faults(json!([{"match": {"action": "ListQueues"}, "times": 1,
        "fault": {"status": 400, "error_code": "ThrottlingException", "message": "slow down"}}]));
    let text = output(with_secrets(sandbox.ccx_std()), &["-vv", "mappings"], &[0]);
    assert_clean("-vv mappings", &text);
    for call in [
        "ccx: STS GetCallerIdentity → 200 in ",
        "ccx: Lambda ListEventSourceMappings → 200 in ",
        "ccx: SQS ListQueues → 400 in ",
    ] {
        assert!(text.contains(call), "{call} missing: {text}");
    }
    let retried = text
        .lines()
        .any(|l| l.starts_with("ccx: SQS ListQueues → 200 in ") && l.ends_with("(attempt 2)"));
    assert!(retried, "{text}");
    sandbox.set_faults(json!([]));

    // From a profile: named, and the credentials said to come from it.
    let aws = sandbox.tempdir().join("aws");
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(
        aws.join("credentials"),
        format!(
            "[ops]\naws_access_key_id = {ACCESS_KEY_ID}\naws_secret_access_key = {SECRET_KEY}\n"
        ),
    )
    .unwrap();
    let mut command = sandbox.ccx_std();
    command
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY");
    let text = output(command, &["-v", "--profile", "ops", "queues"], &[0]);
    assert!(
        text.contains("· profile ops · credentials from the profile · endpoint "),
        "{text}"
    );
    assert_clean("-v with a profile", &text);
}
