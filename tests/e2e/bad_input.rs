//! Bad input, table-driven: every case exits 2 with one line on stderr that says what
//! was wrong and what to do, never a panic or a backtrace, and (but for the cases that
//! need AWS to know that a name is wrong) without a single AWS call.

use crate::common;

use std::path::Path;
use std::process::Command as StdCommand;

use common::Sandbox;

/// What a case may ask of AWS before refusing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Calls {
    None,
    /// A name that is not in the topology may still be a real function's: only AWS can
    /// say it is not, so reads are made (never a write).
    ReadsOnly,
}

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
    /// Each text must appear in the error line: what was wrong, and what to do.
    says: &'static [&'static str],
    calls: Calls,
}

const fn case(
    name: &'static str,
    args: &'static [&'static str],
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        args,
        env: &[],
        says,
        calls: Calls::None,
    }
}

const fn env_case(
    name: &'static str,
    env: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        args,
        env,
        says,
        calls: Calls::None,
    }
}

/// A case only AWS can tell is wrong: reads are made, never a write.
const fn aws_case(
    name: &'static str,
    args: &'static [&'static str],
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        args,
        env: &[],
        says,
        calls: Calls::ReadsOnly,
    }
}

/// What a misspelt `--stack` is told: no resource of it, and the stacks there are.
const NO_STACK: &[&str] = &["no resource of stack `prdo` found", "stacks seen: dev ("];

/// Config files the cases name (`cfg/NAME`), written before the cases run.
const CONFIGS: &[(&str, &[u8])] = &[
    (
        "not-toml.toml",
        b"stack = \"dev\"\n[queues.lines\npattern = 1\n",
    ),
    (
        "unknown-key.toml",
        b"stack = \"dev\"\n[queues.lines]\npatern = \"x\"\n",
    ),
    ("wrong-type.toml", b"stack = 5\n"),
    (
        "ghost.toml",
        b"[queues.extra]\npattern = \"extra-queue\"\nconsumer = \"ghost\"\n",
    ),
    (
        "empty-pattern.toml",
        b"[functions.chroma-worker]\npattern = \"  \"\nrole = \"retired\"\n",
    ),
    ("empty-stack.toml", b"stack = \"\"\n"),
    ("not-utf8.toml", b"stack = \"d\xffv\"\n"),
    (
        "bad-role.toml",
        b"[functions.x]\npattern = \"x\"\nrole = \"boss\"\n",
    ),
];

const CASES: &[Case] = &[
    // Global flags, empty or blank.
    case(
        "empty --region",
        &["--region", "", "functions"],
        &["--region", "empty", "us-east-1"],
    ),
    case(
        "blank --region",
        &["--region", "  ", "mappings"],
        &["--region", "empty"],
    ),
    case(
        "empty --profile",
        &["--profile", "", "functions"],
        &["--profile", "empty", "profile name"],
    ),
    case(
        "empty --endpoint-url",
        &["--endpoint-url", "", "queues"],
        &["--endpoint-url", "empty", "http://"],
    ),
    case(
        "empty --stack",
        &["--stack", "", "verify"],
        &["stack", "letters, digits"],
    ),
    case(
        "empty --config",
        &["--config", "", "functions"],
        &["--config", "value is required"],
    ),
    env_case(
        "empty CCX_CONFIG",
        &[("CCX_CONFIG", "")],
        &["functions"],
        &["--config", "value is required"],
    ),
    env_case(
        "empty AWS_REGION",
        &[("AWS_REGION", "")],
        &["functions"],
        &["AWS_REGION", "empty"],
    ),
    env_case(
        "empty CCX_STACK",
        &[("CCX_STACK", "")],
        &["map"],
        &["stack", "letters, digits"],
    ),
    // Values that cannot be right.
    case(
        "a region with spaces",
        &["--region", "us east 1", "functions"],
        &["region `us east 1`", "us-east-1"],
    ),
    case(
        "a stack with a space",
        &["--stack", "dev prod", "functions"],
        &["stack name `dev prod`", "e.g. `dev`"],
    ),
    case(
        "an unknown profile",
        &["--profile", "nosuch", "functions"],
        &["`nosuch` could not be found", "list-profiles"],
    ),
    env_case(
        "an unknown AWS_PROFILE",
        &[("AWS_PROFILE", "ghost")],
        &["mappings"],
        &["`ghost` could not be found"],
    ),
    case(
        "an endpoint without a scheme",
        &["--endpoint-url", "localhost:4566", "functions"],
        &["localhost:4566", "http://HOST"],
    ),
    case(
        "an endpoint without a host",
        &["--endpoint-url", "http://", "functions"],
        &["http://HOST"],
    ),
    case(
        "an endpoint with a space",
        &["--endpoint-url", "http://local host:4566", "functions"],
        &["local host", "http://HOST"],
    ),
    case(
        "an endpoint with a bad port",
        &["--endpoint-url", "http://localhost:99999", "functions"],
        &["99999", "http://HOST"],
    ),
    case(
        "an unknown output format",
        &["--output", "xml", "functions"],
        &["'xml'", "table, json"],
    ),
    env_case(
        "an unknown CCX_OUTPUT",
        &[("CCX_OUTPUT", "yaml")],
        &["functions"],
        &["'yaml'", "table, json"],
    ),
    case(
        "an unknown colour choice",
        &["--color", "sometimes", "functions"],
        &["'sometimes'", "auto, always, never"],
    ),
    env_case(
        "AWS_MAX_ATTEMPTS zero",
        &[("AWS_MAX_ATTEMPTS", "0")],
        &["functions"],
        &["AWS_MAX_ATTEMPTS is `0`", "1 or more"],
    ),
    env_case(
        "an unknown AWS_RETRY_MODE",
        &[("AWS_RETRY_MODE", "fast")],
        &["functions"],
        &["`fast`", "standard"],
    ),
    // Durations and times.
    case(
        "--since with an unknown unit",
        &["tail", "enhanced-compaction", "--since", "5x"],
        &["`5x`", "30s, 15m"],
    ),
    case(
        "--since empty",
        &["tail", "enhanced-compaction", "--since", ""],
        &["--since", "30s, 15m"],
    ),
    case(
        "--since an impossible date",
        &[
            "tail",
            "enhanced-compaction",
            "--since",
            "2026-13-45T00:00:00Z",
        ],
        &["2026-13-45", "RFC 3339"],
    ),
    case(
        "--until before --since",
        &[
            "tail",
            "enhanced-compaction",
            "--since",
            "5m",
            "--until",
            "10m",
        ],
        &["--until is before --since"],
    ),
    case(
        "verify --since without a unit",
        &["verify", "--since", "15"],
        &["--since", "30s, 15m"],
    ),
    case(
        "verify --wait negative",
        &["verify", "--wait", "-5m"],
        &["--wait -5m", "cannot be negative", "write `--wait 5m`"],
    ),
    case(
        "verify --sample zero",
        &["verify", "--sample", "0s"],
        &["--sample", "more than zero"],
    ),
    case(
        "queues --interval zero",
        &["queues", "--watch", "--interval", "0s"],
        &["--interval", "at least 200ms"],
    ),
    case(
        "tail --since negative",
        &["tail", "enhanced-compaction", "--since", "-5m"],
        &["--since -5m", "counts back from now", "write `--since 5m`"],
    ),
    case(
        "verify --since zero",
        &["verify", "--since", "0s"],
        &["--since", "more than zero"],
    ),
    case(
        "tail --follow --until as far back as --since",
        &["tail", "enhanced-compaction", "-f", "--until", "10m"],
        &["--until is the same time as --since", "nothing to show"],
    ),
    case(
        "queues --interval below the minimum of guard",
        &["queues", "--watch", "--interval", "1ms"],
        &["`1ms` is too short", "at least 200ms"],
    ),
    case(
        "map --interval below the minimum",
        &["map", "--watch", "--interval", "100ms"],
        &["at least 200ms"],
    ),
    case(
        "guard --interval below the minimum",
        &["guard", "--interval", "50ms"],
        &["at least 200ms"],
    ),
    case(
        "map --count zero",
        &["map", "--watch", "--count", "0"],
        &["--count", "at least 1"],
    ),
    case(
        "queues --count not a number",
        &["queues", "--watch", "--count", "x"],
        &["--count", "not a number of readings"],
    ),
    case(
        "rollback --timeout zero",
        &["rollback", "--yes", "--timeout", "0s"],
        &["--timeout", "more than zero"],
    ),
    case(
        "switch --timeout nonsense",
        &["switch", "--to", "chroma-worker", "--timeout", "soon"],
        &["--timeout", "soon"],
    ),
    // Names.
    case(
        "rollback of an unknown queue",
        &["rollback", "--yes", "--queue", "nosuch"],
        &["no queue `nosuch`", "lines, words"],
    ),
    case(
        "switch --to empty",
        &["switch", "--to", "", "--yes"],
        &["--to", "topology key"],
    ),
    case(
        "switch --to a function of no queue",
        &["switch", "--to", "nosuch", "--yes"],
        &["`nosuch`", "--queue"],
    ),
    case(
        "policy for an unknown scope",
        &["policy", "--for", "everything"],
        &["`everything`", "read, switch or all"],
    ),
    case(
        "policy for an unknown command",
        &["policy", "--command", "deploy"],
        &["`deploy`", "verify"],
    ),
    case(
        "policy with a malformed account",
        &["policy", "--account", "12ab"],
        &["`12ab`", "12 digits"],
    ),
    // Config files.
    case(
        "a missing config file",
        &["--config", "cfg/missing.toml", "functions"],
        &["missing.toml", "does not exist", "ccx config init"],
    ),
    case(
        "a config file that is a directory",
        &["--config", "cfg", "functions"],
        &["is a directory", "ccx.toml"],
    ),
    case(
        "a config file that is not UTF-8",
        &["--config", "cfg/not-utf8.toml", "functions"],
        &["not-utf8.toml", "UTF-8"],
    ),
    case(
        "a config file that is not TOML",
        &["--config", "cfg/not-toml.toml", "functions"],
        &["not-toml.toml", "line 2", "ccx config show"],
    ),
    case(
        "a config file with an unknown key",
        &["--config", "cfg/unknown-key.toml", "functions"],
        &["line 3", "patern", "ccx config show"],
    ),
    case(
        "a config file with a wrong type",
        &["--config", "cfg/wrong-type.toml", "functions"],
        &["line 1", "string", "ccx config show"],
    ),
    case(
        "a config file with an unknown role",
        &["--config", "cfg/bad-role.toml", "functions"],
        &["boss", "expected"],
    ),
    case(
        "a config naming a function that does not exist",
        &["--config", "cfg/ghost.toml", "functions"],
        &["consumer `ghost`", "[functions]"],
    ),
    case(
        "a config with an empty pattern",
        &["--config", "cfg/empty-pattern.toml", "functions"],
        &["functions.chroma-worker", "must not be empty"],
    ),
    case(
        "a config with an empty stack",
        &["--config", "cfg/empty-stack.toml", "functions"],
        &["`stack` must not be empty"],
    ),
    // Conflicting flags.
    case(
        "--quiet with --verbose",
        &["-q", "-v", "functions"],
        &["--quiet", "--verbose"],
    ),
    case(
        "--count without --watch",
        &["queues", "--count", "2"],
        &["required", "--watch"],
    ),
    case(
        "--for with --command",
        &["policy", "--for", "read", "--command", "verify"],
        &["--for", "--command"],
    ),
    case("no subcommand", &["--region", "us-east-1"], &["subcommand"]),
    // A stack with nothing in the account (misspelt): only the listings can tell.
    aws_case(
        "verify of a misspelt stack",
        &["--stack", "prdo", "verify"],
        NO_STACK,
    ),
    aws_case(
        "functions of a misspelt stack",
        &["--stack", "prdo", "functions"],
        NO_STACK,
    ),
    aws_case(
        "mappings of a misspelt stack",
        &["--stack", "prdo", "mappings"],
        NO_STACK,
    ),
    aws_case(
        "queues of a misspelt stack",
        &["--stack", "prdo", "queues"],
        NO_STACK,
    ),
    aws_case(
        "map of a misspelt stack",
        &["--stack", "prdo", "map"],
        NO_STACK,
    ),
    aws_case(
        "rollback of a misspelt stack",
        &["--stack", "prdo", "rollback", "--yes"],
        NO_STACK,
    ),
    aws_case(
        "switch in a misspelt stack",
        &[
            "--stack",
            "prdo",
            "switch",
            "--to",
            "enhanced-compaction",
            "--yes",
        ],
        NO_STACK,
    ),
    aws_case(
        "guard of a command that does not exist",
        &["guard", "--", "/nonexistent"],
        &["cannot start `/nonexistent`", "no such program"],
    ),
    aws_case(
        "guard of a misspelt stack",
        &["--stack", "prdo", "guard", "--until-stable", "1s"],
        NO_STACK,
    ),
    case("tail without a NAME", &["tail"], &["NAME"]),
];

fn write_configs(dir: &Path) {
    let cfg = dir.join("cfg");
    std::fs::create_dir_all(&cfg).unwrap();
    for (name, bytes) in CONFIGS {
        std::fs::write(cfg.join(name), bytes).unwrap();
    }
}

/// Runs one case (bounded: a case that does not refuse may run on): its exit code,
/// stderr and the calls it made.
fn run(sandbox: &Sandbox, command: StdCommand) -> (Option<i32>, String, Vec<serde_json::Value>) {
    sandbox.clear_calls();
    let out = assert_cmd::Command::from_std(command)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        sandbox.calls(),
    )
}

/// The ways the case's outcome is wrong (empty: it is right).
fn judge(
    case_name: &str,
    says: &[&str],
    calls_allowed: Calls,
    outcome: &(Option<i32>, String, Vec<serde_json::Value>),
) -> Vec<String> {
    let (code, stderr, calls) = outcome;
    let mut wrong = Vec::new();
    if *code != Some(2) {
        wrong.push(format!("exit {code:?}, not 2"));
    }
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() != 1 || !lines[0].starts_with("ccx: error: ") {
        wrong.push("not one `ccx: error:` line".to_string());
    }
    for bad in ["panicked", "backtrace", "RUST_BACKTRACE", "{ ", "Error {"] {
        if stderr.contains(bad) {
            wrong.push(format!("stderr has `{bad}`"));
        }
    }
    for text in says {
        if !stderr.contains(text) {
            wrong.push(format!("does not say `{text}`"));
        }
    }
    let writes: Vec<&str> = calls
        .iter()
        .filter_map(|c| c["action"].as_str())
        .filter(|a| !(a.starts_with("List") || a.starts_with("Get") || a.starts_with("Filter")))
        .collect();
    match calls_allowed {
        Calls::None if !calls.is_empty() => wrong.push(format!("made {} AWS calls", calls.len())),
        Calls::ReadsOnly if !writes.is_empty() => wrong.push(format!("wrote: {writes:?}")),
        _ => {}
    }
    if wrong.is_empty() {
        Vec::new()
    } else {
        vec![format!(
            "{case_name}: {}\n    stderr: {stderr}",
            wrong.join("; ")
        )]
    }
}

#[test]
fn every_bad_input_is_refused_in_one_line_without_calling_aws() {
    assert!(CASES.len() >= 30);
    let sandbox = Sandbox::start("healthy");
    write_configs(sandbox.tempdir());
    let mut failures = Vec::new();
    for case in CASES {
        let mut command = sandbox.ccx_std();
        command.args(case.args).env("RUST_BACKTRACE", "1");
        for (key, value) in case.env {
            command.env(key, value);
        }
        let outcome = run(&sandbox, command);
        failures.extend(judge(case.name, case.says, case.calls, &outcome));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases are wrong:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// A name that is neither a topology function, a function nor a log group: only AWS
/// can say there is no such function, so reads are made (never a write), and the
/// closest names are offered.
#[test]
fn a_misspelt_tail_name_is_refused_with_its_closest_candidates() {
    let sandbox = Sandbox::start("healthy");
    let mut command = sandbox.ccx_std();
    command.args(["tail", "enhnced-compaction"]);
    let outcome = run(&sandbox, command);
    let failures = judge(
        "a misspelt tail NAME",
        &["enhnced-compaction", "enhanced-compaction"],
        Calls::ReadsOnly,
        &outcome,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A config file ccx may not read. As root every file is readable, so there the case
/// runs ccx as `nobody` (with `setpriv`) against a file only root may read.
#[test]
fn an_unreadable_config_file_is_refused_in_one_line() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::start("healthy");
    let dir = sandbox.tempdir();
    let path = dir.join("secret.toml");
    std::fs::write(&path, "stack = \"dev\"\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = std::fs::read(&path).is_ok();
    let mut command = if readable_anyway {
        // Root: let `nobody` through the directories to the file, not into it.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::create_dir_all(dir.join("home")).unwrap();
        std::fs::set_permissions(dir.join("home"), std::fs::Permissions::from_mode(0o777)).unwrap();
        let inner = sandbox.ccx_std();
        let mut command = StdCommand::new("setpriv");
        command.args([
            "--reuid",
            "65534",
            "--regid",
            "65534",
            "--clear-groups",
            "--",
        ]);
        command
            .arg(inner.get_program())
            .env_clear()
            .current_dir(dir);
        for (key, value) in inner.get_envs() {
            if let Some(value) = value {
                command.env(key, value);
            }
        }
        command
    } else {
        sandbox.ccx_std()
    };
    command.args(["--config", path.to_str().unwrap(), "functions"]);
    let outcome = run(&sandbox, command);
    let failures = judge(
        "an unreadable config file",
        &["secret.toml", "cannot read", "permission"],
        Calls::None,
        &outcome,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
