//! `ccx guard` end to end: a deploy (`query.py deploy`, changing the account straight
//! in moto, as a deploy tool would) runs under guard, which watches through the proxy.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command as StdCommand, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::{Sandbox, parse_json};
use serde_json::{Value, json};

/// Readings every 400ms (10 Lambda requests/s for the 4 sources); stable after 1s
/// without a change.
const FAST: [&str; 4] = ["--interval", "400ms", "--until-stable", "1s"];

fn uuid(sandbox: &Sandbox, function: &str, queue: &str) -> String {
    sandbox.mapping_uuid("dev", function, queue)
}

fn name(sandbox: &Sandbox, function: &str) -> String {
    sandbox.function_name(function)
}

/// `ccx --output json guard FAST -- query.py deploy STEPS`: its output, once it ended.
fn guard_json(sandbox: &Sandbox, steps: Value) -> Output {
    let deploy = sandbox.query_command(&["deploy", &steps.to_string()]);
    let mut command = sandbox.ccx_std();
    command
        .args(["--output", "json", "guard"])
        .args(FAST)
        .arg("--")
        .args(&deploy)
        .stdin(Stdio::null());
    command.output().expect("run ccx guard")
}

/// The JSON report at the end of stdout, after what the deploy printed (`said`).
fn report(output: &Output, said: &str) -> Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let rest = stdout
        .strip_prefix(said)
        .unwrap_or_else(|| panic!("stdout does not start with {said:?}: {stdout}"));
    parse_json(rest.as_bytes())
}

fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn windows(report: &Value) -> &Vec<Value> {
    report["windows"].as_array().expect("windows")
}

#[test]
fn a_second_consumer_for_two_seconds_is_a_window_on_lines_naming_both_functions() {
    let sandbox = Sandbox::start("fallback");
    let old = uuid(&sandbox, "chroma-worker", "lines");
    let output = guard_json(
        &sandbox,
        json!([{"say": "deploying"}, {"enable": old}, {"sleep": 2}, {"disable": old}]),
    );
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    // The deploy's own stdout comes through untouched, before the report.
    let report = report(&output, "deploying\n");
    assert_eq!(report["status"], "failed");
    assert_eq!(report["command_exit"]["code"], 0);
    assert_eq!(report["stable"], true);
    let found = windows(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    let window = &found[0];
    assert_eq!(window["source"], "lines");
    assert_eq!(window["kind"], "several");
    let mut both = vec![
        name(&sandbox, "chroma-worker"),
        name(&sandbox, "enhanced-compaction"),
    ];
    both.sort();
    assert_eq!(window["functions"], json!(both));
    let duration = window["duration_ms"].as_i64().unwrap();
    assert!((1_500..=3_000).contains(&duration), "{duration}ms");
    assert!(window["ended_at"].is_string());
    // The timeline: the old consumer's mapping went on and off, nothing else changed.
    let changes: Vec<(&str, &str, &str, &str)> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["source"].as_str().unwrap(),
                c["uuid"].as_str().unwrap(),
                c["from"].as_str().unwrap(),
                c["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("lines", old.as_str(), "Disabled", "Enabled"),
            ("lines", old.as_str(), "Enabled", "Disabled")
        ]
    );
    assert!(
        report["problems"][0]
            .as_str()
            .unwrap()
            .starts_with("lines: 2 enabled consumers for ")
    );
    // The final verify ran once the mappings were stable, and holds.
    assert_eq!(report["verify"]["status"], "warn", "{:#}", report["verify"]);
    let lines = &report["sources"][1];
    assert_eq!(lines["source"], "lines");
    assert_eq!(
        lines["consumers_at_start"],
        json!([name(&sandbox, "enhanced-compaction")])
    );
    assert_eq!(lines["consumers_at_end"], lines["consumers_at_start"]);
}

#[test]
fn a_moment_without_the_only_consumer_is_a_zero_window() {
    let sandbox = Sandbox::start("fallback");
    let only = uuid(&sandbox, "enhanced-compaction", "words");
    let output = guard_json(
        &sandbox,
        json!([{"disable": only}, {"sleep": 1}, {"enable": only}]),
    );
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    let report = report(&output, "");
    let found = windows(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["source"], "words");
    assert_eq!(found[0]["kind"], "zero");
    assert_eq!(
        found[0]["functions"],
        json!([name(&sandbox, "enhanced-compaction")])
    );
    let duration = found[0]["duration_ms"].as_i64().unwrap();
    assert!((500..=2_500).contains(&duration), "{duration}ms");
}

#[test]
fn a_clean_deploy_passes_and_says_so() {
    let sandbox = Sandbox::start("healthy");
    let deploy = sandbox.query_command(&["deploy", r#"[{"say": "no changes"}, {"sleep": 0.5}]"#]);
    let output = sandbox
        .ccx()
        .arg("guard")
        .args(FAST)
        .arg("--")
        .args(&deploy)
        .assert()
        .success()
        .get_output()
        .clone();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("no changes\nccx guard: stack dev, `"),
        "{text}"
    );
    assert!(
        text.contains("exited with 0; stable for 1.0s at the end"),
        "{text}"
    );
    assert!(
        text.contains("✔ exactly one enabled consumer per source at every reading"),
        "{text}"
    );
    assert!(text.contains("Final verify"), "{text}");
    assert!(text.contains("Result: PASS"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("Guard: PASS — one consumer per source throughout"),
        "{text}"
    );
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("ccx guard: watching 4 sources every 400ms while `"),
        "{err}"
    );
    assert!(
        err.contains("ccx guard: the command exited with 0; watching until"),
        "{err}"
    );
    // Readings are one filtered listing per source.
    let listings: Vec<Value> = sandbox
        .calls()
        .into_iter()
        .filter(|c| c["action"] == "ListEventSourceMappings")
        .collect();
    let filtered = listings
        .iter()
        .filter(|c| {
            c["query"]
                .as_str()
                .unwrap_or_default()
                .contains("EventSourceArn")
        })
        .count();
    assert!(filtered >= 4 * 3, "{} filtered listings", filtered);
    assert!(listings.iter().all(|c| c["throttled"] != true));
}

#[test]
fn a_failing_deploy_passes_its_exit_code_on_with_the_report() {
    let sandbox = Sandbox::start("healthy");
    let output = guard_json(&sandbox, json!([{"say": "boom"}, {"exit": 3}]));
    assert_eq!(code(&output), Some(3), "{}", stderr(&output));
    let report = report(&output, "boom\n");
    assert_eq!(report["status"], "command_failed");
    assert_eq!(report["exit_code"], 3);
    assert_eq!(report["command_exit"], json!({"code": 3, "signal": null}));
    assert!(windows(&report).is_empty());
    assert_eq!(report["verify"]["status"], "pass");
}

#[test]
fn a_command_that_cannot_start_is_one_line_and_exit_2() {
    let sandbox = Sandbox::start("healthy");
    let output = sandbox
        .ccx()
        .args(["guard", "--", "/nonexistent/deploy-tool", "up"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(output.stdout.is_empty());
    let err = String::from_utf8(output.stderr).unwrap();
    let last = err.lines().last().unwrap();
    assert!(
        last.starts_with("ccx: error: cannot start `/nonexistent/deploy-tool`: "),
        "{err}"
    );
}

#[test]
fn an_interval_below_200ms_is_refused() {
    let sandbox = Sandbox::start("healthy");
    let output = sandbox
        .ccx()
        .args(["guard", "--interval", "50ms"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("at least 200ms"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(sandbox.calls().is_empty());
}

/// Lambda reports `fields` for the mapping of enhanced-compaction on lines (through the
/// proxy's rewrite of ListEventSourceMappings answers).
fn lambda_reports(sandbox: &Sandbox, fields: Value) {
    sandbox.set_faults(json!([{
        "match": {"service": "lambda", "action": "ListEventSourceMappings",
                  "uuid": uuid(sandbox, "enhanced-compaction", "lines")},
        "fault": {"rewrite": fields}
    }]));
}

#[test]
fn guard_reports_a_problem_lambda_has_with_a_mapping() {
    let sandbox = Sandbox::start("healthy");
    lambda_reports(
        &sandbox,
        json!({"LastProcessingResult": "PROBLEM: Function call failed"}),
    );
    let output = guard_json(&sandbox, json!([]));
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    let report = report(&output, "");
    assert!(windows(&report).is_empty());
    let trouble: Vec<&Value> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "trouble")
        .collect();
    assert_eq!(trouble.len(), 1, "{report:#}");
    assert_eq!(trouble[0]["source"], "lines");
    assert_eq!(
        trouble[0]["to"],
        "last batch: PROBLEM: Function call failed"
    );
    assert_eq!(report["verify"]["status"], "fail");
}

/// A running `ccx guard` whose stderr is read line by line.
struct Running {
    child: Child,
    stderr: mpsc::Receiver<String>,
}

impl Running {
    fn start(sandbox: &Sandbox, command: &[&str]) -> Running {
        let mut ccx = sandbox.ccx_std();
        ccx.args(["--output", "json", "guard"])
            .args(FAST)
            .arg("--")
            .args(command)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = ccx.spawn().expect("start ccx guard");
        let (sender, stderr) = mpsc::channel();
        let pipe = child.stderr.take().unwrap();
        thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        Running { child, stderr }
    }

    /// Waits for a stderr line that is exactly `text` (the command's, not ccx's note
    /// that quotes the command).
    fn wait_for_line(&self, text: &str) {
        self.wait_until(text, |line| line == text);
    }

    /// Waits until each of `texts` has been seen in a stderr line, in any order.
    fn wait_for_all(&self, texts: &[&str]) {
        let mut missing: Vec<&str> = texts.to_vec();
        let mut seen = Vec::new();
        while !missing.is_empty() {
            let line = self
                .stderr
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|e| panic!("never saw {missing:?} on stderr ({e}); saw {seen:#?}"));
            missing.retain(|text| !line.contains(text));
            seen.push(line);
        }
    }

    fn wait_until(&self, what: &str, wanted: impl Fn(&str) -> bool) {
        let mut seen = Vec::new();
        loop {
            let line = self
                .stderr
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|e| panic!("never saw {what:?} on stderr ({e}); saw {seen:#?}"));
            if wanted(&line) {
                return;
            }
            seen.push(line);
        }
    }

    fn interrupt(&self) {
        let sent = StdCommand::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(sent.success());
    }

    /// ccx's exit code and JSON report; a ccx still running after 90 s is killed and the
    /// test fails, rather than hanging the suite.
    fn finish(mut self) -> (Option<i32>, Value) {
        let deadline = Instant::now() + Duration::from_secs(90);
        while self.child.try_wait().expect("ccx status").is_none() {
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let rest: Vec<String> = self.stderr.try_iter().collect();
                panic!("ccx guard still running after 90 s; stderr: {rest:#?}");
            }
            thread::sleep(Duration::from_millis(50));
        }
        let output = self.child.wait_with_output().expect("ccx output");
        (output.status.code(), parse_json(&output.stdout))
    }
}

/// A command that says `ready` on stderr, then on each SIGINT says `interrupted` and
/// keeps running, until the `stop_at`-th one, when it exits with `code`; after two
/// minutes it gives up (exit 70), so a test that fails leaves nothing behind. ccx writes
/// each of its lines in one write, and so does the command: their lines never mix.
fn stubborn_command(stop_at: u32, code: i32) -> Vec<String> {
    let program = format!(
        "import os, signal, sys, time\n\
         seen = 0\n\
         def on_int(*_):\n\
         \x20   global seen\n\
         \x20   seen += 1\n\
         \x20   os.write(2, b'interrupted\\n')\n\
         \x20   if seen >= {stop_at}: sys.exit({code})\n\
         signal.signal(signal.SIGINT, on_int)\n\
         print('ready', file=sys.stderr, flush=True)\n\
         deadline = time.time() + 120\n\
         while time.time() < deadline: time.sleep(1)\n\
         sys.exit(70)\n"
    );
    vec![
        common::python_path().display().to_string(),
        "-c".into(),
        program,
    ]
}

#[test]
fn ctrl_c_goes_to_the_command_and_guard_watches_on_until_stable() {
    let sandbox = Sandbox::start("healthy");
    let command = stubborn_command(1, 5);
    let args: Vec<&str> = command.iter().map(String::as_str).collect();
    let running = Running::start(&sandbox, &args);
    running.wait_for_line("ready");
    running.interrupt();
    // The command exits with 5 on its first SIGINT: ccx passed the Ctrl-C on.
    let (code, report) = running.finish();
    assert_eq!(code, Some(5));
    assert_eq!(report["command_exit"]["code"], 5);
    assert_eq!(report["interrupted"], false);
    assert_eq!(report["stable"], true);
    assert_eq!(report["verify"]["status"], "pass");
}

#[test]
fn a_second_ctrl_c_stops_watching_and_guard_waits_for_the_command() {
    let sandbox = Sandbox::start("healthy");
    let command = stubborn_command(2, 9);
    let args: Vec<&str> = command.iter().map(String::as_str).collect();
    let running = Running::start(&sandbox, &args);
    running.wait_for_line("ready");
    running.interrupt();
    // Both the note and the command's own word that it saw the first Ctrl-C: a second
    // SIGINT that reached it before it handled the first would be merged with it.
    running.wait_for_all(&["press Ctrl-C again to stop watching", "interrupted"]);
    running.interrupt();
    let (code, report) = running.finish();
    assert_eq!(code, Some(9));
    assert_eq!(report["interrupted"], true);
    assert_eq!(report["stable"], false);
    assert_eq!(report["verify"], Value::Null);
    assert!(
        report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.as_str().unwrap().contains("no final verify"))
    );
}

#[test]
fn guard_sees_a_mapping_s_pollers_change_and_its_final_verify_judges_the_event_counts() {
    let sandbox = Sandbox::start("healthy");
    let lines = uuid(&sandbox, "enhanced-compaction", "lines");
    let words = uuid(&sandbox, "enhanced-compaction", "words");
    let metrics_on = json!({"MetricsConfig": {"Metrics": ["EventCount"]}});
    sandbox.query(&[
        "update-mapping",
        &lines,
        "--settings",
        &metrics_on.to_string(),
    ]);
    sandbox.put_metrics(json!([
        {"namespace": "AWS/Lambda", "metric": "FailedInvokeEventCount",
         "dimensions": {"EventSourceMappingUUID": lines}, "points": [[60, 3]]},
    ]));
    sandbox.clear_calls();

    let pollers = json!({"ProvisionedPollerConfig": {"MinimumPollers": 3, "MaximumPollers": 40}});
    let output = guard_json(
        &sandbox,
        json!([{"sleep": 0.5}, {"update": words, "settings": pollers}]),
    );
    // A change of pollers and a warning of the final verify fail nothing.
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let report = report(&output, "");
    let changes = report["changes"].as_array().unwrap();
    let change = changes
        .iter()
        .find(|c| c["uuid"] == words.as_str())
        .unwrap_or_else(|| panic!("no change of {words}: {report:#}"));
    assert_eq!(
        (&change["change"], &change["from"], &change["to"]),
        (&json!("pollers"), &json!("on-demand"), &json!("3–40")),
        "{change:#}"
    );

    let verify = &report["verify"];
    let on_lines = common::check(verify, "metrics.lines.mappings");
    assert_eq!(on_lines["status"], "warn", "{on_lines}");
    assert!(
        on_lines["summary"]
            .as_str()
            .unwrap()
            .contains("3 events failed to invoke"),
        "{on_lines}"
    );
    let hint = verify["hints"][0].as_str().unwrap_or_default();
    assert!(
        hint.contains("off for 2 mapping(s)") && hint.contains(&words),
        "{verify:#}"
    );
    // The final verify read those counts (the warning above) in its one metrics call.
    let reads = sandbox
        .calls()
        .into_iter()
        .filter(|c| c["action"] == "GetMetricData")
        .count();
    assert_eq!(reads, 1);

    let text = sandbox.text(
        &[
            "guard",
            "--interval",
            "400ms",
            "--until-stable",
            "1s",
            "--",
            "true",
        ],
        0,
    );
    assert!(text.contains("hint: per-mapping event counts"), "{text}");
}

#[test]
fn one_function_consumed_unqualified_and_by_a_version_is_a_window_of_two_consumers() {
    let sandbox = Sandbox::start("healthy");
    let enhanced = name(&sandbox, "enhanced-compaction");
    let lines_arn = sandbox.stack("dev")["queues"]["lines"]["arn"]
        .as_str()
        .unwrap()
        .to_string();
    let version = sandbox.query(&["publish-version", &enhanced]);
    let qualified = version["function_arn"].as_str().unwrap().to_string();
    let created = sandbox.query(&["create-mapping", &qualified, &lines_arn]);
    let second = created["uuid"].as_str().unwrap().to_string();
    let (unqualified, _) = qualified.rsplit_once(':').unwrap();

    let output = guard_json(&sandbox, json!([{"sleep": 0.5}, {"disable": second}]));
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    let report = report(&output, "");
    let found = windows(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(
        (
            &found[0]["source"],
            &found[0]["kind"],
            &found[0]["from_start"]
        ),
        (&json!("lines"), &json!("several"), &json!(true)),
        "{report:#}"
    );
    assert_eq!(found[0]["functions"], json!([unqualified, qualified]));
}

#[test]
fn guard_skip_metrics_leaves_cloudwatch_out_of_the_final_verify() {
    let sandbox = Sandbox::start("healthy");
    sandbox.clear_calls();
    let mut command = sandbox.ccx_std();
    command
        .args(["--output", "json", "guard", "--skip", "metrics"])
        .args(FAST)
        .args(["--", "true"])
        .stdin(Stdio::null());
    let output = command.output().expect("run ccx guard");
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let report = report(&output, "");
    let verify = &report["verify"];
    let c = common::check(verify, "metrics.lines");
    assert_eq!(c["not_run"], "skipped", "{c}");
    assert_eq!(verify["skipped"], json!(["metrics"]), "{verify:#}");
    assert_eq!(verify["hints"], json!([]), "{verify:#}");
    assert!(
        sandbox
            .calls()
            .iter()
            .all(|c| c["action"] != "GetMetricData")
    );
}
