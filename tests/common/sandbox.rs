//! A seeded moto sandbox (`tests/support/sandbox.py`) per test, with `ccx` aimed at it
//! and `tests/support/query.py` to look behind ccx's back.

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command as StdCommand, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::{Value, json};
use tempfile::TempDir;

use super::as_aws::compose_patches;
use super::ccx::{CCX_TIMEOUT, ccx_std_in, json_output};
use super::{python, support_file, write_atomically};

const START_TIMEOUT: Duration = Duration::from_secs(60);
const FAULTS_FILE: &str = "faults.json";
const CALLS_FILE: &str = "calls.jsonl";
const AS_AWS_FILE: &str = "as_aws.json";

/// How late the bed's events may be for the drain, unless a test says otherwise: the few
/// seconds between a test choosing an event's timestamp and the event reaching moto.
pub const DRAIN_LOOKBACK: &str = "3s";

pub struct SandboxBuilder {
    scenario: String,
    stacks: Vec<String>,
    regions: Vec<String>,
    faults: Value,
    as_aws: Value,
    function_overrides: Vec<(String, Value)>,
    crowd: (usize, usize),
}

impl SandboxBuilder {
    /// Seeds each of these stacks (default: `dev`).
    pub fn stacks(mut self, stacks: &[&str]) -> Self {
        self.stacks = stacks.iter().map(|s| s.to_string()).collect();
        self
    }

    /// Seeds the stacks in each of these regions of the one account (default:
    /// `us-east-1`); `ccx` is aimed at the first. The calls log names each call's region,
    /// and the layer's rate limits count per region, as AWS's quotas do.
    pub fn regions(mut self, regions: &[&str]) -> Self {
        self.regions = regions.iter().map(|r| r.to_string()).collect();
        self
    }

    /// Fault rules in force from the first request on (see tests/support/proxy.py).
    pub fn faults(mut self, rules: Value) -> Self {
        self.faults = rules;
        self
    }

    /// Changes the "as AWS" layer's settings from the first request on: a JSON merge
    /// patch over its defaults (tests/support/README.md), e.g. a slower rate
    /// `{"rate_limits": {"FilterLogEvents": {"per_second": 1, "burst": 1}}}`, a limit
    /// removed `{"rate_limits": {"FilterLogEvents": null}}`, or the layer off
    /// `{"enabled": false}` (plain moto behind the proxy).
    pub fn layer(mut self, patch: Value) -> Self {
        self.as_aws = compose_patches(self.as_aws, &patch);
        self
    }

    /// What Lambda reports for `function` (a short name of the first stack, or a real
    /// name) from the first request on: `fields` replace moto's in GetFunction and
    /// GetFunctionConfiguration answers (`State`, `StateReason`, `StateReasonCode`,
    /// `LastUpdateStatus`, ...); `LoggingConfig` is merged into the default one and is
    /// the only one shown by ListFunctions too.
    pub fn function_override(mut self, function: &str, fields: Value) -> Self {
        self.function_overrides.push((function.to_string(), fields));
        self
    }

    /// Adds `functions` unrelated functions to the account (other teams' stacks), the
    /// first `mappings` of them each consuming a queue of its own: ListFunctions then
    /// needs `functions / 50` pages and ListEventSourceMappings `mappings / 100`.
    pub fn crowd(mut self, functions: usize, mappings: usize) -> Self {
        self.crowd = (functions, mappings);
        self
    }

    pub fn start(self) -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix("ccx-sandbox-")
            .tempdir()
            .expect("create the sandbox's tempdir");
        let stderr_path = dir.path().join("sandbox.stderr");
        write_atomically(&dir.path().join(FAULTS_FILE), &self.faults.to_string());
        write_atomically(&dir.path().join(AS_AWS_FILE), &self.as_aws.to_string());
        let mut command = StdCommand::new(python());
        command
            .arg(support_file("sandbox.py"))
            .args(["--scenario", &self.scenario])
            .args(["--stacks", &self.stacks.join(",")])
            .args(["--regions", &self.regions.join(",")])
            .arg("--proxy")
            .arg("--faults")
            .arg(dir.path().join(FAULTS_FILE))
            .arg("--calls-log")
            .arg(dir.path().join(CALLS_FILE))
            .arg("--as-aws")
            .arg(dir.path().join(AS_AWS_FILE));
        let (functions, mappings) = self.crowd;
        if functions > 0 {
            command
                .args(["--extra-functions", &functions.to_string()])
                .args(["--extra-mappings", &mappings.to_string()]);
        }
        let stderr = File::create(&stderr_path).expect("create the sandbox's stderr file");
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", python().display()));

        let stdout = child.stdout.take().expect("sandbox stdout");
        let (sender, receiver) = mpsc::channel();
        thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let line = receiver.recv_timeout(START_TIMEOUT).unwrap_or_default();
        let info: Value = match serde_json::from_str(&line) {
            Ok(info) => info,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "the {} sandbox did not start: it exited or printed no JSON line within \
                     {START_TIMEOUT:?} (stdout: {line:?}); its stderr:\n{}",
                    self.scenario,
                    fs::read_to_string(&stderr_path).unwrap_or_default()
                );
            }
        };
        let sandbox = Sandbox {
            info,
            stdin: child.stdin.take(),
            child,
            first_stack: self.stacks[0].clone(),
            dir,
        };
        // Real names are known only now; nothing has asked the proxy anything yet.
        for (function, fields) in self.function_overrides {
            sandbox.override_function(&function, fields);
        }
        sandbox
    }
}

/// A running sandbox: moto seeded with a scenario, behind the call-recording,
/// fault-injecting proxy whose "as AWS" layer answers like production AWS (pages, rate
/// limits, ListFunctions' fields, LoggingConfig; tests/support/README.md). Dropping it
/// stops the emulator and deletes its tempdir.
pub struct Sandbox {
    info: Value,
    stdin: Option<ChildStdin>,
    child: Child,
    first_stack: String,
    dir: TempDir,
}

impl Sandbox {
    /// A sandbox seeded with `scenario` for stack `dev`, the layer at its defaults.
    pub fn start(scenario: &str) -> Sandbox {
        Sandbox::builder(scenario).start()
    }

    pub fn builder(scenario: &str) -> SandboxBuilder {
        SandboxBuilder {
            scenario: scenario.to_string(),
            stacks: vec!["dev".to_string()],
            regions: vec!["us-east-1".to_string()],
            faults: Value::Array(vec![]),
            as_aws: json!({}),
            function_overrides: Vec::new(),
            crowd: (0, 0),
        }
    }

    /// The sandbox's JSON line: endpoints, region, account, stacks, mappings.
    pub fn info(&self) -> &Value {
        &self.info
    }

    /// Where ccx talks to: the proxy.
    pub fn endpoint(&self) -> &str {
        self.info["endpoint"].as_str().expect("endpoint")
    }

    pub fn moto_endpoint(&self) -> &str {
        self.info["moto_endpoint"].as_str().expect("moto_endpoint")
    }

    /// `info()["stacks"][name]`: functions, queues, table, log_groups.
    pub fn stack(&self, name: &str) -> &Value {
        let stack = &self.info["stacks"][name];
        assert!(stack.is_object(), "the sandbox has no stack {name:?}");
        stack
    }

    /// The seeded mapping from `function` to `source` (both short names; the source is a
    /// queue or `table` for the DynamoDB stream) in `stack`.
    pub fn mapping_uuid(&self, stack: &str, function: &str, source: &str) -> String {
        let stack_info = self.stack(stack);
        let function_name = stack_info["functions"][function]
            .as_str()
            .unwrap_or_else(|| panic!("no function {function:?} in stack {stack:?}"));
        let source_arn = if source == "table" {
            &stack_info["table"]["stream_arn"]
        } else {
            &stack_info["queues"][source]["arn"]
        };
        let function_suffix = format!(":function:{function_name}");
        self.info["mappings"]
            .as_array()
            .expect("mappings")
            .iter()
            .find(|m| {
                m["event_source_arn"] == *source_arn
                    && m["function_arn"]
                        .as_str()
                        .is_some_and(|arn| arn.ends_with(&function_suffix))
            })
            .and_then(|m| m["uuid"].as_str())
            .unwrap_or_else(|| panic!("no mapping {function} -> {source} in stack {stack}"))
            .to_string()
    }

    /// The mapping's State now, read from moto directly.
    pub fn mapping_state(&self, uuid: &str) -> String {
        let mappings = self.query(&["mappings"]);
        mappings
            .as_array()
            .expect("mappings")
            .iter()
            .find(|m| m["uuid"] == uuid)
            .and_then(|m| m["state"].as_str())
            .unwrap_or_else(|| panic!("no mapping {uuid} any more"))
            .to_string()
    }

    /// `ccx` (hermetic, see [`ccx_std_in`]) aimed at this sandbox: its endpoint, region
    /// and test credentials; run in the sandbox's tempdir. For tests that need a child
    /// process of their own (signals, pipes, following).
    ///
    /// The drain's late-event horizon is [`DRAIN_LOOKBACK`]: the bed makes every event
    /// searchable at once unless a test adds a late-event rule, so 2 minutes would only
    /// make every switch wait out its bound. A test of late events passes `--lookback`.
    pub fn ccx_std(&self) -> StdCommand {
        let mut command = ccx_std_in(self.dir.path());
        command
            .env("AWS_ENDPOINT_URL", self.endpoint())
            .env("AWS_REGION", self.info["region"].as_str().expect("region"))
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("CCX_DRAIN_LOOKBACK", DRAIN_LOOKBACK);
        command
    }

    /// [`Sandbox::ccx_std`] as an `assert_cmd` command, bounded by [`CCX_TIMEOUT`].
    pub fn ccx(&self) -> Command {
        let mut command = Command::from_std(self.ccx_std());
        command.timeout(CCX_TIMEOUT);
        command
    }

    /// `ccx --output json ARGS`, expecting exit `code`: its stdout as one JSON document.
    pub fn json(&self, args: &[&str], code: i32) -> Value {
        json_output(self.ccx().args(["--output", "json"]).args(args), code)
    }

    /// `ccx ARGS`, expecting exit `code`: its stdout as text.
    pub fn text(&self, args: &[&str], code: i32) -> String {
        let out = self
            .ccx()
            .args(args)
            .assert()
            .code(code)
            .get_output()
            .clone();
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Every request the proxy has seen since the start or the last `clear_calls()`:
    /// `{"t", "end", "region", "service", "action", "method", "path", "query", "uuid",
    /// "status", "fault", "throttled", "body"}` (`t`: when the request came in, `end`:
    /// when its answer went out, epoch seconds; `region`: of the request's signature;
    /// `throttled`: answered by the layer's rate limit).
    pub fn calls(&self) -> Vec<Value> {
        let text = fs::read_to_string(self.proxy_file(CALLS_FILE)).unwrap_or_default();
        text.lines()
            .map(|line| serde_json::from_str(line).expect("a calls log line"))
            .collect()
    }

    /// [`Sandbox::calls`] while ccx still runs: a line the proxy is half way through
    /// writing is left out.
    pub fn calls_so_far(&self) -> Vec<Value> {
        let text = fs::read_to_string(self.proxy_file(CALLS_FILE)).unwrap_or_default();
        text.lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect()
    }

    /// Waits until the proxy has seen `count` requests of `action` that came in after
    /// `since` (epoch seconds) and pass `also`: the way to let ccx take its next steps
    /// without guessing how long they take.
    pub fn wait_for_calls(
        &self,
        action: &str,
        since: f64,
        count: usize,
        also: impl Fn(&Value) -> bool,
    ) {
        super::wait_until(
            &format!("{count} {action} requests"),
            Duration::from_secs(60),
            || {
                self.calls_so_far()
                    .iter()
                    .filter(|c| c["action"] == action)
                    .filter(|c| c["t"].as_f64().is_some_and(|t| t > since))
                    .filter(|c| also(c))
                    .count()
                    >= count
            },
        );
    }

    /// Writes `message` into a new `stream` of `function`'s log group (a topology key or
    /// a real name), timestamped `ago_ms` before now, straight into moto.
    pub fn log_line(&self, function: &str, stream: &str, message: &str, ago_ms: i64) {
        let group = format!("/aws/lambda/{}", self.function_name(function));
        let events = json!([{"timestamp": super::now_ms() - ago_ms, "message": message}]);
        self.query(&[
            "put-events",
            &group,
            stream,
            &events.to_string(),
            "--create",
        ]);
    }

    pub fn clear_calls(&self) {
        File::create(self.proxy_file(CALLS_FILE)).expect("truncate the calls log");
    }

    /// Replaces the proxy's fault rules; they apply from the next request on.
    pub fn set_faults(&self, rules: Value) {
        write_atomically(&self.proxy_file(FAULTS_FILE), &rules.to_string());
    }

    /// Runs `query.py <args>` against moto itself (bypassing the proxy); its JSON output.
    pub fn query(&self, args: &[&str]) -> Value {
        self.query_at(self.moto_endpoint(), args)
    }

    /// The command line that runs `query.py <args>` against moto, for a process other
    /// than the test to run (e.g. the deploy `ccx guard` watches).
    pub fn query_command(&self, args: &[&str]) -> Vec<String> {
        let mut command = vec![
            python().display().to_string(),
            support_file("query.py").display().to_string(),
            "--endpoint".to_string(),
            self.moto_endpoint().to_string(),
        ];
        command.extend(args.iter().map(|a| a.to_string()));
        command
    }

    /// Runs `query.py <args>` against `endpoint`; panics with its stderr if it fails.
    pub fn query_at(&self, endpoint: &str, args: &[&str]) -> Value {
        let output = StdCommand::new(python())
            .arg(support_file("query.py"))
            .args(["--endpoint", endpoint])
            .args(args)
            .output()
            .expect("run query.py");
        assert!(
            output.status.success(),
            "query.py {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("query.py prints JSON")
    }

    /// Puts CloudWatch datapoints into moto: `series` is a JSON list of `{"namespace",
    /// "metric", "dimensions": {NAME: VALUE}, "points": [[SECONDS_AGO, VALUE], ...]}`.
    pub fn put_metrics(&self, series: Value) {
        self.query(&["put-metrics", &series.to_string()]);
    }

    /// The "as AWS" layer's settings as the tests set them (a patch over the defaults,
    /// which `info()["as_aws_defaults"]` shows).
    pub fn layer_settings(&self) -> Value {
        let text = fs::read_to_string(self.proxy_file(AS_AWS_FILE)).unwrap_or_default();
        serde_json::from_str(&text).unwrap_or_else(|_| json!({}))
    }

    /// Merges `patch` into the layer's settings; it applies from the next request on.
    /// See [`SandboxBuilder::layer`].
    pub fn update_layer(&self, patch: Value) {
        let settings = compose_patches(self.layer_settings(), &patch);
        write_atomically(&self.proxy_file(AS_AWS_FILE), &settings.to_string());
    }

    /// Replaces what Lambda reports for `function` from the next request on; see
    /// [`SandboxBuilder::function_override`]. `json!({})` removes the override.
    pub fn override_function(&self, function: &str, fields: Value) {
        let name = self.function_name(function);
        let mut settings = self.layer_settings();
        settings["functions"][name.as_str()] = fields;
        write_atomically(&self.proxy_file(AS_AWS_FILE), &settings.to_string());
    }

    /// Makes FilterLogEvents answers show the events of `group` (any group: `None`)
    /// whose message contains `contains` only `delay` after their timestamp, as events
    /// that reach CloudWatch late; until then a search does not see them.
    pub fn delay_events(&self, group: Option<&str>, contains: &str, delay: Duration) {
        let mut settings = self.layer_settings();
        let mut rules = settings["late_events"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        rules.push(json!({"group": group, "contains": contains,
                          "delay_seconds": delay.as_secs_f64()}));
        settings["late_events"] = Value::Array(rules);
        write_atomically(&self.proxy_file(AS_AWS_FILE), &settings.to_string());
    }

    /// The real name of `function`: a short name of the first seeded stack, or else the
    /// name itself.
    pub fn function_name(&self, function: &str) -> String {
        self.info["stacks"][self.first_stack.as_str()]["functions"][function]
            .as_str()
            .unwrap_or(function)
            .to_string()
    }

    /// The sandbox's own directory: ccx's working directory, HOME (`home/`), XDG dirs.
    pub fn tempdir(&self) -> &Path {
        self.dir.path()
    }

    fn proxy_file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
