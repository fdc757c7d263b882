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
use serde_json::Value;
use tempfile::TempDir;

use super::ccx::{CCX_TIMEOUT, ccx_std_in, json_output};
use super::{python, support_file, write_atomically};

const START_TIMEOUT: Duration = Duration::from_secs(60);
const FAULTS_FILE: &str = "faults.json";
const CALLS_FILE: &str = "calls.jsonl";

pub struct SandboxBuilder {
    scenario: String,
    stacks: Vec<String>,
    proxy: bool,
    faults: Value,
}

impl SandboxBuilder {
    /// Seeds each of these stacks (default: `dev`).
    pub fn stacks(mut self, stacks: &[&str]) -> Self {
        self.stacks = stacks.iter().map(|s| s.to_string()).collect();
        self
    }

    /// Puts the fault-injecting, call-recording proxy between ccx and moto.
    pub fn proxy(mut self) -> Self {
        self.proxy = true;
        self
    }

    /// Fault rules in force from the first request on (see tests/support/proxy.py);
    /// implies `proxy()`.
    pub fn faults(mut self, rules: Value) -> Self {
        self.faults = rules;
        self.proxy()
    }

    pub fn start(self) -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix("ccx-sandbox-")
            .tempdir()
            .expect("create the sandbox's tempdir");
        let stderr_path = dir.path().join("sandbox.stderr");
        let mut command = StdCommand::new(python());
        command.arg(support_file("sandbox.py")).args([
            "--scenario",
            &self.scenario,
            "--stacks",
            &self.stacks.join(","),
        ]);
        if self.proxy {
            write_atomically(&dir.path().join(FAULTS_FILE), &self.faults.to_string());
            command
                .arg("--proxy")
                .arg("--faults")
                .arg(dir.path().join(FAULTS_FILE))
                .arg("--calls-log")
                .arg(dir.path().join(CALLS_FILE));
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
        Sandbox {
            info,
            stdin: child.stdin.take(),
            child,
            proxy: self.proxy,
            dir,
        }
    }
}

/// A running sandbox; dropping it stops the emulator and deletes its tempdir.
pub struct Sandbox {
    info: Value,
    stdin: Option<ChildStdin>,
    child: Child,
    proxy: bool,
    dir: TempDir,
}

impl Sandbox {
    /// A sandbox seeded with `scenario` for stack `dev`, without the proxy.
    pub fn start(scenario: &str) -> Sandbox {
        Sandbox::builder(scenario).start()
    }

    pub fn builder(scenario: &str) -> SandboxBuilder {
        SandboxBuilder {
            scenario: scenario.to_string(),
            stacks: vec!["dev".to_string()],
            proxy: false,
            faults: Value::Array(vec![]),
        }
    }

    /// The sandbox's JSON line: endpoints, region, account, stacks, mappings.
    pub fn info(&self) -> &Value {
        &self.info
    }

    /// Where ccx talks to: the proxy if there is one, else moto.
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
    pub fn ccx_std(&self) -> StdCommand {
        let mut command = ccx_std_in(self.dir.path());
        command
            .env("AWS_ENDPOINT_URL", self.endpoint())
            .env("AWS_REGION", self.info["region"].as_str().expect("region"))
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing");
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
    /// `{"t", "service", "action", "method", "path", "query", "uuid", "status", "fault",
    /// "body"}`.
    pub fn calls(&self) -> Vec<Value> {
        let text = fs::read_to_string(self.proxy_file(CALLS_FILE)).unwrap_or_default();
        text.lines()
            .map(|line| serde_json::from_str(line).expect("a calls log line"))
            .collect()
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

    /// The sandbox's own directory: ccx's working directory, HOME (`home/`), XDG dirs.
    pub fn tempdir(&self) -> &Path {
        self.dir.path()
    }

    fn proxy_file(&self, name: &str) -> PathBuf {
        assert!(
            self.proxy,
            "calls and faults need the proxy: use Sandbox::builder(..).proxy()"
        );
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
