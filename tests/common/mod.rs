//! Test harness: one seeded moto sandbox (`tests/support/sandbox.py`) per test, `ccx`
//! run hermetically against it, and `tests/support/query.py` to look behind ccx's back.
//!
//! ```ignore
//! let sandbox = Sandbox::builder("fallback").proxy().start();
//! sandbox.ccx().args(["mappings"]).assert().success();
//! ```

// Each test crate compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command as StdCommand, Stdio};
use std::sync::{OnceLock, mpsc};
use std::thread;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const START_TIMEOUT: Duration = Duration::from_secs(60);
const CCX_TIMEOUT: Duration = Duration::from_secs(90);
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
        fs::create_dir(dir.path().join("home")).expect("create the sandbox's HOME");
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

    /// The `ccx` binary with a hermetic environment aimed at this sandbox, run in the
    /// sandbox's tempdir.
    pub fn ccx(&self) -> Command {
        let dir = self.dir.path();
        let mut command = Command::cargo_bin("ccx").expect("the ccx binary");
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.join("home"))
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .env("XDG_STATE_HOME", dir.join("state"))
            .env("AWS_ENDPOINT_URL", self.endpoint())
            .env("AWS_REGION", self.info["region"].as_str().expect("region"))
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("NO_COLOR", "1")
            .current_dir(dir)
            .timeout(CCX_TIMEOUT);
        command
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

/// The proxy may read the file at any moment: it must never see half of it.
fn write_atomically(path: &Path, text: &str) {
    let partial = path.with_extension("partial");
    fs::write(&partial, text).expect("write the faults file");
    fs::rename(&partial, path).expect("move the faults file into place");
}

fn support_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support")
        .join(name)
}

/// `CCX_TEST_PYTHON`, else the repo's `.venv`; checked once to be able to import moto.
fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let python = std::env::var_os("CCX_TEST_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"));
        let has_moto = StdCommand::new(&python)
            .args(["-c", "import moto"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        assert!(
            has_moto,
            "\n\n*** moto emulator not installed: {} cannot import moto.\n\
             *** run scripts/test, or:\n\
             ***     python3 -m venv .venv && .venv/bin/pip install -r tests/support/requirements.txt\n\
             *** (or point CCX_TEST_PYTHON at a python that has moto[server]).\n",
            python.display()
        );
        python
    })
}
