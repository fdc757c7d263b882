//! `ccx dlq show` and `ccx dlq redrive` end to end, and the test bed's message move
//! tasks they run on (tests/support/move_tasks.py).

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command as StdCommand, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::{Sandbox, parse_json, raw_request};
use serde_json::{Value, json};

/// The seeded `lines` queue (`dlq` scenario: 5 messages, 3 in its DLQ).
fn lines(sandbox: &Sandbox) -> Value {
    sandbox.stack("dev")["queues"]["lines"].clone()
}

fn field<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("no {key} in {value}"))
}

/// Messages a queue holds, visible, as SQS counts them.
fn depth(sandbox: &Sandbox, url: &str) -> u64 {
    let attrs = sandbox.query(&["queue-attrs", url]);
    field(&attrs, "ApproximateNumberOfMessages")
        .parse()
        .unwrap()
}

fn actions(sandbox: &Sandbox, action: &str) -> Vec<Value> {
    sandbox
        .calls()
        .into_iter()
        .filter(|c| c["action"] == action)
        .collect()
}

/// The audit log ccx writes in the sandbox's state dir.
fn audit_lines(sandbox: &Sandbox) -> Vec<Value> {
    let path = sandbox.tempdir().join("state/ccx/audit.jsonl");
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn show_leaves_every_message_in_place_and_says_a_look_is_a_receive() {
    let sandbox = Sandbox::start("dlq");
    let queue = lines(&sandbox);
    let dlq_url = field(&queue, "dlq_url");
    let report = sandbox.json(&["dlq", "show", "lines"], 0);
    assert_eq!(report["queue"]["key"], "lines");
    assert_eq!(report["queue"]["name"], queue["name"]);
    assert_eq!(report["dlq"]["name"], queue["dlq_name"]);
    assert_eq!(report["dlq"]["visible"], 3);
    assert_eq!(report["max_receive_count"], 3);
    let messages = report["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 3);
    for m in messages {
        assert!(field(m, "body").contains("COMPACTION_RUN"), "{m}");
        assert_eq!(m["receive_count"], 1, "{m}");
        assert!(m["sent_at"].is_string() && m["first_received_at"].is_string());
    }
    assert_eq!(report["oldest"]["exact"], true);
    assert!(field(&report, "note").contains("receive count"));
    // Still there, visible at once; the next look sees each once more.
    assert_eq!(depth(&sandbox, dlq_url), 3);
    let again = sandbox.json(&["dlq", "show", "lines"], 0);
    for m in again["messages"].as_array().unwrap() {
        assert_eq!(m["receive_count"], 2, "{m}");
    }
    assert_eq!(depth(&sandbox, dlq_url), 3);

    let text = sandbox.text(&["dlq", "show", field(&queue, "name"), "--max", "2"], 0);
    assert!(text.contains("2 of 3 shown (--max 2)."), "{text}");
    assert!(text.contains("Each look is a receive"), "{text}");
    assert!(text.contains("the oldest of those shown"), "{text}");
    assert_eq!(depth(&sandbox, dlq_url), 3);
}

#[test]
fn show_of_a_queue_without_a_dlq_or_of_no_queue_is_one_line_exit_2() {
    let sandbox = Sandbox::start("dlq");
    let thumbnails = field(&sandbox.stack("dev")["queues"]["thumbnails"], "name").to_string();
    for (args, says) in [
        (
            vec!["dlq", "show", thumbnails.as_str()],
            "has no dead-letter queue",
        ),
        (vec!["dlq", "show", "lnes"], "neither a topology queue"),
        (
            vec!["dlq", "redrive", "lnes", "--yes"],
            "neither a topology queue",
        ),
    ] {
        let out = sandbox
            .ccx()
            .args(&args)
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

#[test]
fn redrive_moves_them_all_reports_the_count_and_writes_the_audit_record() {
    let sandbox = Sandbox::start("dlq");
    let queue = lines(&sandbox);
    let report = sandbox.json(
        &["dlq", "redrive", "lines", "--yes", "--max-per-second", "50"],
        0,
    );
    assert_eq!(report["status"], "completed", "{report}");
    assert_eq!(report["ok"], true);
    assert_eq!(report["moved"], 3);
    assert_eq!(report["task"]["status"], "COMPLETED");
    assert_eq!(report["plan"]["messages"], 3);
    assert_eq!(report["plan"]["action"], "start");
    assert_eq!(report["plan"]["consumer"]["health"], "ok");
    assert_eq!(depth(&sandbox, field(&queue, "dlq_url")), 0);
    assert_eq!(depth(&sandbox, field(&queue, "url")), 5 + 3);

    let starts = actions(&sandbox, "StartMessageMoveTask");
    assert_eq!(starts.len(), 1);
    let request: Value = serde_json::from_str(field(&starts[0], "body")).unwrap();
    assert_eq!(request["SourceArn"], queue["dlq_arn"]);
    assert_eq!(request["DestinationArn"], queue["arn"]);
    assert_eq!(request["MaxNumberOfMessagesPerSecond"], 50);

    let audit = audit_lines(&sandbox);
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["command"], "dlq redrive");
    assert_eq!(audit[0]["outcome"], "completed");
    assert_eq!(audit[0]["task"]["moved"], 3);
    assert_eq!(audit[0]["plan"]["dlq"]["name"], queue["dlq_name"]);
    assert_eq!(
        report["audit_log"]
            .as_str()
            .map(|p| p.ends_with("audit.jsonl")),
        Some(true)
    );

    // An empty DLQ: nothing to do, nothing started.
    let again = sandbox.json(&["dlq", "redrive", "lines", "--yes"], 0);
    assert_eq!(again["status"], "nothing_to_do");
    assert_eq!(actions(&sandbox, "StartMessageMoveTask").len(), 1);
}

#[test]
fn a_redrive_whose_audit_record_cannot_be_written_says_so_and_exits_1_as_a_switch_does() {
    let sandbox = Sandbox::start("dlq");
    let queue = lines(&sandbox);
    // The audit log's path is a directory: it cannot be opened for appending.
    let not_a_file = sandbox.tempdir().join("audit-dir");
    std::fs::create_dir_all(&not_a_file).unwrap();
    let out = sandbox
        .ccx()
        .args(["--output", "json", "dlq", "redrive", "lines", "--yes"])
        .arg("--audit-log")
        .arg(&not_a_file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("THE REDRIVE RAN, BUT ITS AUDIT RECORD WAS NOT WRITTEN"),
        "{stderr}"
    );
    assert!(stderr.contains("ccx exits 1"), "{stderr}");
    assert!(
        stderr.contains("\"command\":\"dlq redrive\"")
            && stderr.contains("\"outcome\":\"completed\""),
        "the record is shown: {stderr}"
    );
    let report = parse_json(&out.stdout);
    assert_eq!(report["status"], "completed", "{report}");
    assert_eq!(report["ok"], false);
    assert_eq!(report["audit_log"], Value::Null);
    assert!(
        field(&report, "audit_error").contains("audit-dir"),
        "{report}"
    );
    // The messages moved all the same: nothing is undone.
    assert_eq!(depth(&sandbox, field(&queue, "dlq_url")), 0);
}

#[test]
fn dry_run_starts_nothing_and_confirmation_is_required_off_a_terminal() {
    let sandbox = Sandbox::start("dlq");
    let queue = lines(&sandbox);
    let report = sandbox.json(&["dlq", "redrive", "lines", "--dry-run"], 0);
    assert_eq!(report["status"], "dry_run");
    assert!(report["task"].is_null());
    assert_eq!(
        report["destination"]["account"], "123456789012",
        "{report:#}"
    );
    assert_eq!(report["destination"]["endpoint"], sandbox.endpoint());
    let text = sandbox.text(&["dlq", "redrive", "lines", "--dry-run"], 0);
    assert!(
        text.contains("Writes to account 123456789012 (arn:aws:sts::123456789012:user/moto) · region us-east-1"),
        "{text}"
    );
    // The queue already holds 5 messages: the plan says the redriven 3 join them.
    let name = field(&queue, "name");
    assert!(
        text.contains(&format!(
            "  to        {name} (5 visible · 0 in flight · 0 delayed now)"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "! {name} already has a backlog of 5 messages: the 3 redriven messages join it"
        )),
        "{text}"
    );
    assert_eq!(report["plan"]["queue_depth"]["visible"], 5, "{report:#}");
    let out = sandbox
        .ccx()
        .args(["dlq", "redrive", "lines"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("pass --yes"), "{stderr}");
    assert!(actions(&sandbox, "StartMessageMoveTask").is_empty());
    assert_eq!(depth(&sandbox, field(&queue, "dlq_url")), 3);
}

#[test]
fn a_queue_with_two_consumers_is_refused_unless_forced() {
    let sandbox = Sandbox::start("duplicate");
    let queue = lines(&sandbox);
    let dlq_url = field(&queue, "dlq_url");
    sandbox.query(&["send-messages", dlq_url, "4"]);
    let report = sandbox.json(&["dlq", "redrive", "lines", "--yes"], 1);
    assert_eq!(report["status"], "refused");
    assert_eq!(report["plan"]["action"], "refuse");
    let why = field(&report["plan"], "refusal");
    assert!(why.contains("2 enabled consumers"), "{why}");
    assert_eq!(
        report["plan"]["consumer"]["enabled"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(actions(&sandbox, "StartMessageMoveTask").is_empty());
    assert_eq!(depth(&sandbox, dlq_url), 4);
    assert!(audit_lines(&sandbox).is_empty());

    let out = sandbox
        .ccx()
        .args(["dlq", "redrive", "lines", "--yes", "--force"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--force: redriving although"), "{stderr}");
    assert_eq!(depth(&sandbox, dlq_url), 0);
    assert_eq!(audit_lines(&sandbox)[0]["plan"]["forced"], true);
}

#[test]
fn a_failing_consumer_is_refused_with_its_reason() {
    let sandbox = Sandbox::builder("dlq")
        .function_override(
            "enhanced-compaction",
            json!({"State": "Failed", "StateReason": "The image manifest is invalid",
                   "StateReasonCode": "InvalidImage"}),
        )
        .start();
    let text = sandbox.text(&["dlq", "redrive", "lines", "--yes"], 1);
    assert!(text.contains("REFUSED"), "{text}");
    assert!(text.contains("The image manifest is invalid"), "{text}");
    assert!(actions(&sandbox, "StartMessageMoveTask").is_empty());
}

#[test]
fn a_task_already_running_is_followed_not_duplicated() {
    let sandbox = Sandbox::start("dlq");
    let queue = lines(&sandbox);
    let dlq_arn = field(&queue, "dlq_arn");
    // Someone else's task, moving one message a second.
    sandbox.query_at(
        sandbox.endpoint(),
        &[
            "start-move-task",
            dlq_arn,
            "--destination",
            field(&queue, "arn"),
            "--rate",
            "2",
        ],
    );
    sandbox.clear_calls();
    let report = sandbox.json(&["dlq", "redrive", "lines", "--yes"], 0);
    assert_eq!(report["plan"]["action"], "follow");
    assert_eq!(report["plan"]["running_task"]["status"], "RUNNING");
    assert_eq!(report["status"], "completed");
    assert_eq!(report["moved"], 3);
    assert!(actions(&sandbox, "StartMessageMoveTask").is_empty());
    assert!(actions(&sandbox, "ListMessageMoveTasks").len() >= 2);
    assert_eq!(depth(&sandbox, field(&queue, "dlq_url")), 0);
}

#[test]
fn a_failed_task_shows_its_reason_and_exits_1() {
    let sandbox = Sandbox::start("dlq");
    let queue = lines(&sandbox);
    // 20 messages at one a second: the queue is gone long before they are.
    sandbox.query(&["send-messages", field(&queue, "dlq_url"), "17"]);
    let mut child = redrive_child(&sandbox, &["--max-per-second", "1"]);
    wait_for_line(&mut child, "move task RUNNING", Duration::from_secs(30));
    sandbox.query(&["delete-queue", field(&queue, "url")]);
    let (output, stderr) = child.finish();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let report = parse_json(&output.stdout);
    assert_eq!(report["status"], "failed");
    assert_eq!(report["task"]["status"], "FAILED");
    assert!(
        field(&report["task"], "failure_reason").contains("NonExistentQueue"),
        "{report}"
    );
}

#[test]
fn an_interrupt_off_a_terminal_leaves_the_task_running_or_cancels_it_as_told() {
    let sandbox = Sandbox::start("dlq");
    let queue = lines(&sandbox);
    let dlq_url = field(&queue, "dlq_url");
    // 30 messages at one a second: running for as long as the test needs.
    sandbox.query(&["send-messages", dlq_url, "27"]);

    let mut child = redrive_child(&sandbox, &["--max-per-second", "1"]);
    wait_for_line(&mut child, "move task RUNNING", Duration::from_secs(30));
    interrupt(&child);
    let (output, stderr) = child.finish();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("leaving the move task running (no terminal to ask"),
        "{stderr}"
    );
    assert_eq!(parse_json(&output.stdout)["status"], "left_running");
    let tasks = sandbox.query_at(
        sandbox.endpoint(),
        &["move-tasks", field(&queue, "dlq_arn")],
    );
    assert_eq!(tasks[0]["Status"], "RUNNING", "{tasks}");

    // The same redrive again follows that task; interrupted with `cancel`, it cancels.
    let mut child = redrive_child(&sandbox, &["--on-interrupt", "cancel"]);
    wait_for_line(&mut child, "move task RUNNING", Duration::from_secs(30));
    interrupt(&child);
    let (output, stderr) = child.finish();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cancelling the move task (--on-interrupt cancel)"),
        "{stderr}"
    );
    let report = parse_json(&output.stdout);
    assert_eq!(report["status"], "cancelled", "{report}");
    assert_eq!(report["plan"]["action"], "follow");
    let moved = report["moved"].as_u64().unwrap();
    assert!(moved < 30, "{report}");
    assert_eq!(depth(&sandbox, dlq_url), 30 - moved);
}

#[test]
fn the_test_bed_answers_the_move_task_api_with_its_shapes_and_errors() {
    let sandbox = Sandbox::start("dlq");
    let queue = lines(&sandbox);
    let call = |action: &str, body: Value| {
        let target = format!("AmazonSQS.{action}");
        let (status, head, answer) = raw_request(
            sandbox.endpoint(),
            "sqs",
            "POST",
            "/",
            &[
                ("X-Amz-Target", target.as_str()),
                ("Content-Type", "application/x-amz-json-1.0"),
            ],
            &body.to_string(),
        );
        (status, head, answer)
    };
    let source = json!({"SourceArn": queue["dlq_arn"], "MaxResults": 10});
    let (status, _, answer) = call("ListMessageMoveTasks", source.clone());
    assert_eq!((status, answer), (200, json!({"Results": []})));

    let start = json!({"SourceArn": queue["dlq_arn"], "DestinationArn": queue["arn"],
                       "MaxNumberOfMessagesPerSecond": 1});
    let (status, _, answer) = call("StartMessageMoveTask", start.clone());
    assert_eq!(status, 200, "{answer}");
    let handle = field(&answer, "TaskHandle").to_string();

    let (status, head, answer) = call("StartMessageMoveTask", start);
    assert_eq!(status, 400);
    assert!(
        head.contains("x-amzn-query-error: invalidparametervalue;sender"),
        "{head}"
    );
    assert!(
        field(&answer, "message").contains("Only one active task"),
        "{answer}"
    );

    let (_, _, listed) = call("ListMessageMoveTasks", source.clone());
    let task = &listed["Results"][0];
    assert_eq!(task["Status"], "RUNNING");
    assert_eq!(task["TaskHandle"], handle.as_str());
    assert_eq!(task["ApproximateNumberOfMessagesToMove"], 3);
    assert_eq!(task["MaxNumberOfMessagesPerSecond"], 1);
    assert!(task["StartedTimestamp"].as_i64().unwrap() > 1_700_000_000_000);

    let (status, _, answer) = call("CancelMessageMoveTask", json!({"TaskHandle": "nope"}));
    assert_eq!(status, 400);
    assert_eq!(
        answer["__type"],
        "com.amazonaws.sqs#ResourceNotFoundException"
    );
    let (status, _, answer) = call("CancelMessageMoveTask", json!({"TaskHandle": handle}));
    assert_eq!(status, 200, "{answer}");
    assert!(answer["ApproximateNumberOfMessagesMoved"].is_number());

    let deadline = Instant::now() + Duration::from_secs(10);
    let ended = loop {
        let (_, _, listed) = call("ListMessageMoveTasks", source.clone());
        let task = listed["Results"][0].clone();
        if task["Status"] == "CANCELLED" || Instant::now() > deadline {
            break task;
        }
        thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(ended["Status"], "CANCELLED", "{ended}");
    assert!(
        ended.get("TaskHandle").is_none(),
        "only a running task shows its handle"
    );

    let (status, _, answer) = call("StartMessageMoveTask", json!({"SourceArn": queue["arn"]}));
    assert_eq!(status, 400);
    assert!(
        field(&answer, "message").contains("Dead Letter Queue"),
        "{answer}"
    );
    let (status, _, answer) = call(
        "ListMessageMoveTasks",
        json!({"SourceArn": queue["dlq_arn"], "MaxResults": 11}),
    );
    assert_eq!(status, 400, "{answer}");
}

/// `ccx --output json dlq redrive lines --yes ARGS` as a child process, its stderr read
/// line by line.
struct Child {
    process: std::process::Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Child {
    /// Waits for ccx to exit: its output (stdout) and all its stderr.
    fn finish(mut self) -> (std::process::Output, String) {
        let output = self.process.wait_with_output().expect("wait for ccx");
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.seen.push(line);
        }
        (output, self.seen.join("\n"))
    }
}

fn redrive_child(sandbox: &Sandbox, args: &[&str]) -> Child {
    let mut process = sandbox
        .ccx_std()
        .args(["--output", "json", "dlq", "redrive", "lines", "--yes"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ccx");
    let stderr = process.stderr.take().unwrap();
    let (sender, lines) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    Child {
        process,
        lines,
        seen: Vec::new(),
    }
}

fn wait_for_line(child: &mut Child, text: &str, within: Duration) {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if let Ok(line) = child.lines.recv_timeout(Duration::from_millis(200)) {
            let found = line.contains(text);
            child.seen.push(line);
            if found {
                return;
            }
        }
    }
    let _ = child.process.kill();
    panic!(
        "no line with {text:?} within {within:?}; stderr:\n{}",
        child.seen.join("\n")
    );
}

fn interrupt(child: &Child) {
    let status = StdCommand::new("kill")
        .args(["-INT", &child.process.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
}
