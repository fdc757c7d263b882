//! `ccx tail` against the moto sandbox: bulk history, duplicate timestamps across pages,
//! following, merged sources, filtering, JSON lines and missing log groups.

use crate::common;

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use common::{Sandbox, now_ms, parse_json_lines};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(30);

/// `query.py put-log-events GROUP STREAM --count N ...`.
fn put(sandbox: &Sandbox, group: &str, stream: &str, count: usize, extra: &[&str]) -> Value {
    let count = count.to_string();
    let mut args = vec!["put-log-events", group, stream, "--count", &count];
    args.extend_from_slice(extra);
    sandbox.query(&args)
}

fn assert_time_ordered(events: &[Value]) {
    let times: Vec<&str> = events
        .iter()
        .map(|e| e["timestamp"].as_str().expect("timestamp"))
        .collect();
    // RFC 3339 UTC with fixed-width milliseconds sorts as text.
    for pair in times.windows(2) {
        assert!(
            pair[0] <= pair[1],
            "out of order: {} then {}",
            pair[0],
            pair[1]
        );
    }
}

fn assert_unique_ids(events: &[Value]) {
    let mut ids = HashSet::new();
    for e in events {
        let id = e["event_id"].as_str().expect("event_id");
        assert!(ids.insert(id.to_string()), "event {id} shown twice");
    }
}

#[test]
fn twenty_thousand_events_across_three_streams_are_printed_once_in_order() {
    let sandbox = Sandbox::start("empty");
    let group = "/test/bulk";
    let start = now_ms() - 300_000;
    // Three streams interleaved 10 ms apart, 30 ms steps.
    for (n, count) in [(0, 6_667), (1, 6_667), (2, 6_666)] {
        let first = (start + 10 * n).to_string();
        let message = format!("stream{n} event {{i}}");
        put(
            &sandbox,
            group,
            &format!("s{n}"),
            count,
            &[
                "--create",
                "--start-ms",
                &first,
                "--step-ms",
                "30",
                "--message",
                &message,
            ],
        );
    }
    let out = sandbox
        .ccx()
        .args(["tail", group, "--since", "1h", "--output", "json"])
        .output()
        .expect("run ccx");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let events = parse_json_lines(&out.stdout);
    assert_eq!(events.len(), 20_000);
    assert_time_ordered(&events);
    assert_unique_ids(&events);
    let mut per_stream: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in &events {
        assert_eq!(e["source"], "bulk");
        assert_eq!(e["log_group"], group);
        per_stream
            .entry(e["log_stream"].as_str().unwrap().to_string())
            .or_default()
            .push(e["message"].as_str().unwrap().to_string());
    }
    for (n, count) in [(0, 6_667), (1, 6_667), (2, 6_666)] {
        let expected: Vec<String> = (0..count).map(|i| format!("stream{n} event {i}")).collect();
        assert_eq!(per_stream[&format!("s{n}")], expected, "stream s{n}");
    }
    assert!(stderr.contains("20000 events shown"), "{stderr}");
}

#[test]
fn events_sharing_a_millisecond_across_a_page_boundary_are_each_shown_once() {
    // moto pages at 10,000 events: 10,010 events in one millisecond straddle the boundary.
    let sandbox = Sandbox::start("empty");
    let group = "/test/same-ms";
    let at = (now_ms() - 60_000).to_string();
    for stream in ["a", "b"] {
        let message = format!("{stream} {{i}}");
        put(
            &sandbox,
            group,
            stream,
            5_005,
            &[
                "--create",
                "--start-ms",
                &at,
                "--step-ms",
                "0",
                "--message",
                &message,
            ],
        );
    }
    let out = sandbox
        .ccx()
        .args(["tail", group, "--since", "5m", "-o", "json"])
        .output()
        .expect("run ccx");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = parse_json_lines(&out.stdout);
    assert_eq!(events.len(), 10_010);
    assert_unique_ids(&events);
    let messages: HashSet<&str> = events
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 10_010);
    assert!(messages.contains("a 5004") && messages.contains("b 0"));
}

#[test]
fn two_functions_are_merged_in_time_order_with_their_labels() {
    let sandbox = Sandbox::start("duplicate");
    let out = sandbox
        .ccx()
        .args([
            "tail",
            "enhanced-compaction",
            "chroma-worker",
            "--since",
            "10m",
        ])
        .output()
        .expect("run ccx");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 48, "{stdout}");
    let mut labels = Vec::new();
    let mut times = Vec::new();
    for line in &lines {
        let mut parts = line.split_whitespace();
        times.push(parts.next().unwrap());
        labels.push(parts.next().unwrap());
    }
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{stdout}");
    let count = |label: &str| labels.iter().filter(|l| **l == label).count();
    assert_eq!(count("enhanced-compaction"), 24, "{stdout}");
    assert_eq!(count("chroma-worker"), 24, "{stdout}");
    // Labels are padded to one width, so messages line up after the longest label.
    let column = "2026-11-29T02:36:49.391Z enhanced-compaction ".len();
    for line in &lines {
        assert!(
            line.as_bytes()[column - 1] == b' ' && line.as_bytes()[column] != b' ',
            "{line}"
        );
    }
    assert!(
        stderr.contains("48 events shown; 8 runs, 8 deltas, 8 merged (1024 records), 0 errors"),
        "{stderr}"
    );

    let json = sandbox
        .ccx()
        .args(["tail", "enhanced-compaction", "chroma-worker", "-o", "json"])
        .output()
        .expect("run ccx");
    let events = parse_json_lines(&json.stdout);
    assert_time_ordered(&events);
    let sources: HashSet<&str> = events
        .iter()
        .map(|e| e["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        HashSet::from(["enhanced-compaction", "chroma-worker"])
    );
    let functions = &sandbox.stack("dev")["functions"];
    for e in &events {
        let key = e["source"].as_str().unwrap();
        let expected = format!("/aws/lambda/{}", functions[key].as_str().unwrap());
        assert_eq!(e["log_group"], expected.as_str());
        assert!(
            e["log_stream"].as_str().unwrap().contains("[$LATEST]"),
            "{e}"
        );
        assert!(!e["message"].as_str().unwrap().ends_with('\n'), "{e}");
    }
}

#[test]
fn filter_narrows_on_the_server_and_format_detailed_adds_the_stream() {
    let sandbox = Sandbox::start("healthy");
    let out = sandbox
        .ccx()
        .args([
            "tail",
            "enhanced-compaction",
            "--filter",
            "Merged",
            "--format",
            "detailed",
        ])
        .output()
        .expect("run ccx");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    for line in &lines {
        assert!(
            line.contains("[$LATEST]") && line.contains("Merged 128 records"),
            "{line}"
        );
    }
    assert!(
        stderr.contains("4 events shown; 0 runs, 0 deltas, 4 merged (512 records)"),
        "{stderr}"
    );

    let all = sandbox
        .ccx()
        .args(["tail", "enhanced-compaction"])
        .output()
        .expect("run ccx");
    assert_eq!(String::from_utf8_lossy(&all.stdout).lines().count(), 24);
}

#[test]
fn colour_dims_lambda_lines_and_highlights_markers() {
    let sandbox = Sandbox::start("healthy");
    let out = sandbox
        .ccx()
        .args(["tail", "enhanced-compaction", "--color", "always"])
        .output()
        .expect("run ccx");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    let line = |needle: &str| {
        stdout
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} line in {stdout}"))
            .to_string()
    };
    assert!(
        line("START RequestId").contains("\u{1b}[2mSTART RequestId"),
        "dimmed"
    );
    assert!(
        line("REPORT RequestId").contains("\u{1b}[2mREPORT RequestId"),
        "dimmed"
    );
    let merged = line("records into");
    assert!(
        merged.contains("32mMerged 128\u{1b}[0m records into"),
        "{merged:?}"
    );
    let processing = line("COMPACTION_RUN");
    assert!(
        processing.contains("32mProcessing COMPACTION_RUN\u{1b}[0m"),
        "{processing:?}"
    );
}

#[test]
fn a_missing_log_group_is_a_clear_message_and_exit_1() {
    let sandbox = Sandbox::builder("healthy")
        .function_override(
            "stream-processor",
            json!({"LoggingConfig": {"LogGroup": "/never/written"}}),
        )
        .start();
    let out = sandbox
        .ccx()
        .args(["tail", "/aws/lambda/never-ran"])
        .output()
        .expect("run ccx");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains("log group /aws/lambda/never-ran does not exist yet; nothing to show"),
        "{stderr}"
    );

    // A function that never logged: the group it is configured to log to does not exist.
    let never_logged = sandbox.function_name("stream-processor");
    let out = sandbox
        .ccx()
        .args(["tail", &never_logged])
        .output()
        .expect("run ccx");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "log group /never/written does not exist yet ({never_logged} has not logged \
             anything)"
        )),
        "{stderr}"
    );

    // The other NAMEs are still shown.
    let out = sandbox
        .ccx()
        .args(["tail", "enhanced-compaction", "/nope"])
        .output()
        .expect("run ccx");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 24);
}

#[test]
fn a_topology_function_missing_from_the_stack_lists_candidates_and_exits_2() {
    let sandbox = Sandbox::builder("healthy").stacks(&["dev", "prod"]).start();
    let out = sandbox
        .ccx()
        .args(["tail", "chroma-worker"])
        .output()
        .expect("run ccx");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("no function in stack `dev` contains `chroma-worker`"),
        "{stderr}"
    );
    let out = sandbox
        .ccx()
        .args([
            "tail",
            "enhanced-compaction",
            "--stack",
            "prod",
            "-o",
            "json",
        ])
        .output()
        .expect("run ccx");
    assert!(out.status.success());
    let events = parse_json_lines(&out.stdout);
    assert_eq!(events.len(), 24);
    assert!(events[0]["log_group"].as_str().unwrap().contains("-prod-"));
}

#[test]
fn bad_times_are_usage_errors() {
    let sandbox = Sandbox::start("empty");
    for args in [
        vec!["tail", "/g", "--since", "yesterday"],
        vec!["tail", "/g", "--since", "5m", "--until", "10m"],
    ] {
        let out = sandbox.ccx().args(&args).output().expect("run ccx");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("ccx: error:"), "{stderr}");
    }
}

/// `ccx tail -f` running in the background, its stdout lines and stderr collected.
struct Following {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
    stderr: Arc<Mutex<String>>,
}

impl Following {
    fn start(sandbox: &Sandbox, args: &[&str]) -> Following {
        Following::start_with_env(sandbox, args, &[])
    }

    fn start_with_env(sandbox: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Following {
        let mut command = sandbox.ccx_std();
        command.args(args).envs(env.iter().copied());
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ccx");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    return;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().expect("stderr");
        let collected = Arc::clone(&stderr);
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    return;
                }
                collected
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Following {
            child,
            lines,
            seen: Vec::new(),
            stderr,
        }
    }

    /// Collects stdout lines until `done(all lines so far)` holds or `timeout` passes.
    fn wait_for(&mut self, timeout: Duration, done: impl Fn(&[String]) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        while !done(&self.seen) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(_) => return false,
            }
        }
        true
    }

    fn wait_for_stderr(&self, needle: &str) -> bool {
        self.wait_for_stderr_within(needle, WAIT)
    }

    fn wait_for_stderr_within(&self, needle: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.stderr.lock().unwrap().contains(needle) {
                return true;
            }
            thread::sleep(Duration::from_millis(20));
        }
        false
    }

    fn messages(&self) -> Vec<String> {
        self.seen
            .iter()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
                v["message"].as_str().unwrap().to_string()
            })
            .collect()
    }

    /// Ctrl-C; the exit code and everything on stderr.
    fn interrupt(&mut self) -> (Option<i32>, String) {
        let killed = StdCommand::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill -INT");
        assert!(killed.success());
        let status = self.child.wait().expect("ccx exits");
        // Whatever it printed before exiting.
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.seen.push(line);
        }
        assert!(self.wait_for_stderr("events shown"), "no summary");
        let stderr = self.stderr.lock().unwrap().clone();
        (status.code(), stderr)
    }
}

impl Drop for Following {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn follow_prints_new_events_within_seconds_exactly_once() {
    let sandbox = Sandbox::start("empty");
    let group = "/test/live";
    put(
        &sandbox,
        group,
        "s1",
        100,
        &["--create", "--message", "old {i}"],
    );
    let mut f = Following::start(&sandbox, &["tail", group, "-f", "-o", "json"]);
    assert!(
        f.wait_for(WAIT, |l| l.len() >= 100),
        "history: {:?}",
        f.seen.len()
    );

    put(
        &sandbox,
        group,
        "s1",
        50,
        &["--message", "live {i}", "--step-ms", "10"],
    );
    let put_done = Instant::now();
    assert!(
        f.wait_for(WAIT, |l| l.iter().filter(|m| m.contains("live ")).count()
            >= 50),
        "live events missing"
    );
    let latency = put_done.elapsed();
    assert!(latency < Duration::from_secs(3), "took {latency:?}");

    // Events in a millisecond already shown, written after it was shown.
    let at = (now_ms() - 500).to_string();
    let same = |message: &'static str| {
        [
            "--start-ms",
            at.as_str(),
            "--step-ms",
            "0",
            "--message",
            message,
        ]
    };
    put(&sandbox, group, "s1", 5, &same("same-a {i}"));
    assert!(
        f.wait_for(WAIT, |l| l.iter().filter(|m| m.contains("same-a")).count()
            >= 5)
    );
    put(&sandbox, group, "s1", 5, &same("same-b {i}"));
    assert!(
        f.wait_for(WAIT, |l| l.iter().filter(|m| m.contains("same-b")).count()
            >= 5)
    );

    // Two rounds after the last batch: any repeat of the overlap would have shown by now.
    for sentinel in ["sentinel-1", "sentinel-2"] {
        put(
            &sandbox,
            group,
            sentinel,
            1,
            &["--create", "--message", sentinel],
        );
        assert!(f.wait_for(WAIT, |l| l.iter().any(|m| m.contains(sentinel))));
    }
    let (code, stderr) = f.interrupt();
    assert_eq!(code, Some(0), "{stderr}");
    let messages = f.messages();
    let unique: HashSet<&String> = messages.iter().collect();
    assert_eq!(unique.len(), messages.len(), "a message was shown twice");
    assert_eq!(messages.len(), 100 + 50 + 5 + 5 + 2);
    assert!(stderr.contains("162 events shown"), "{stderr}");
}

#[test]
fn follow_waits_for_a_log_group_that_does_not_exist_yet() {
    let sandbox = Sandbox::start("empty");
    let group = "/test/later";
    let mut f = Following::start(&sandbox, &["tail", group, "--follow", "-o", "json"]);
    assert!(
        f.wait_for_stderr("log group /test/later does not exist yet; waiting for it to appear"),
        "{}",
        f.stderr.lock().unwrap()
    );
    put(
        &sandbox,
        group,
        "s",
        3,
        &["--create", "--message", "hello {i}"],
    );
    assert!(f.wait_for(WAIT, |l| l.len() >= 3));
    assert!(f.wait_for_stderr("log group /test/later appeared"));
    assert_eq!(f.messages(), ["hello 0", "hello 1", "hello 2"]);
    let (code, stderr) = f.interrupt();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("3 events shown"), "{stderr}");
}

#[test]
fn follow_stops_by_itself_at_until_with_a_summary() {
    let sandbox = Sandbox::start("healthy");
    let out = sandbox
        .ccx()
        .args(["tail", "enhanced-compaction", "-f", "--until", "now"])
        .output()
        .expect("run ccx");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 24);
    assert!(
        stderr.contains("24 events shown; 4 runs, 4 deltas, 4 merged (512 records), 0 errors"),
        "{stderr}"
    );
    // An end already past is said, not silently followed for nothing.
    assert!(
        stderr.contains("--until is already past: showing the events up to it"),
        "{stderr}"
    );
}

#[test]
fn follow_slows_down_while_throttled_and_loses_nothing() {
    let sandbox = Sandbox::start("empty");
    let group = "/test/throttled";
    put(
        &sandbox,
        group,
        "s",
        10,
        &["--create", "--message", "before {i}"],
    );
    // Two attempts per call, so that eight throttled calls are more than the SDK's own
    // retries of one call absorb: tail itself must slow down and try again.
    let mut f = Following::start_with_env(
        &sandbox,
        &["tail", group, "-f", "-o", "json"],
        &[("AWS_MAX_ATTEMPTS", "2")],
    );
    assert!(f.wait_for(WAIT, |l| l.len() >= 10));
    sandbox.set_faults(serde_json::json!([{
        "match": {"service": "logs", "action": "FilterLogEvents"},
        "times": 8,
        "fault": {"status": 400, "error_code": "ThrottlingException", "message": "Rate exceeded"}
    }]));
    put(&sandbox, group, "s", 20, &["--message", "during {i}"]);
    // The SDK's seven attempts, up to 5 s apart, come first.
    assert!(
        f.wait_for_stderr_within("slowing down and retrying", Duration::from_secs(60)),
        "{}",
        f.stderr.lock().unwrap()
    );
    assert!(
        f.wait_for(Duration::from_secs(60), |l| l.len() >= 30),
        "{:?}",
        f.seen
    );
    assert!(f.wait_for_stderr("reading logs again"));
    let (code, stderr) = f.interrupt();
    assert_eq!(code, Some(0), "{stderr}");
    let messages = f.messages();
    assert_eq!(messages.len(), 30, "{messages:?}");
    assert_eq!(messages.iter().collect::<HashSet<_>>().len(), 30);
    let throttled = sandbox
        .calls()
        .iter()
        // The injected ones; the layer's own rate limit may throttle others too.
        .filter(|c| c["action"] == "FilterLogEvents" && c["fault"] == true && c["status"] == 400)
        .count();
    assert_eq!(throttled, 8);
}

#[test]
fn follow_shows_an_event_that_arrives_late_exactly_once() {
    let sandbox = Sandbox::start("empty");
    let group = "/test/late";
    // Searchable only 15 s after its timestamp: more than a follower that looks 10 s
    // behind the newest event can see.
    sandbox.delay_events(Some(group), "LATE", Duration::from_secs(15));
    let t0 = now_ms();
    // Events every half second for 30 s (stamped ahead, as if written while we follow),
    // so the newest event keeps up with the clock; the late one is stamped at t0 + 1 s.
    let mut events: Vec<Value> = (0..60)
        .map(|i| json!({"timestamp": t0 + 500 * i, "message": format!("on-time {i}")}))
        .collect();
    events.push(json!({"timestamp": t0 + 1_000, "message": "LATE"}));
    sandbox.query(&[
        "put-events",
        group,
        "s",
        &Value::Array(events).to_string(),
        "--create",
    ]);
    let mut long = Following::start(
        &sandbox,
        &["tail", group, "-f", "--lookback", "30s", "-o", "json"],
    );
    let mut short = Following::start(
        &sandbox,
        &["tail", group, "-f", "--lookback", "10s", "-o", "json"],
    );
    let has_late = |l: &[String]| l.iter().any(|m| m.contains("LATE"));
    assert!(
        long.wait_for(Duration::from_secs(45), has_late),
        "{:?}",
        long.seen.len()
    );
    let shown_at = now_ms();
    assert!(shown_at >= t0 + 15_000, "shown before it arrived");
    // Two more sweeps over its timestamp would repeat it if they could.
    let covers_late = |c: &Value| {
        c["body"]
            .as_str()
            .and_then(|b| serde_json::from_str::<Value>(b).ok())
            .and_then(|b| b["startTime"].as_i64())
            .is_some_and(|start| start <= t0 + 1_000)
    };
    sandbox.wait_for_calls("FilterLogEvents", shown_at as f64 / 1000.0, 2, covers_late);
    let (code, stderr) = long.interrupt();
    assert_eq!(code, Some(0), "{stderr}");
    let messages = long.messages();
    assert_eq!(messages.iter().filter(|m| *m == "LATE").count(), 1);
    assert_eq!(messages.len(), 61, "{messages:?}");
    assert_eq!(messages.iter().collect::<HashSet<_>>().len(), 61);

    // With a look-back shorter than the delay it is never seen.
    short.wait_for(Duration::from_secs(1), |_| false);
    let (code, stderr) = short.interrupt();
    assert_eq!(code, Some(0), "{stderr}");
    let messages = short.messages();
    assert!(!messages.iter().any(|m| m == "LATE"), "{messages:?}");
    assert_eq!(messages.len(), 60);
}

#[test]
fn followers_of_many_groups_stay_within_the_log_search_budget() {
    let sandbox = Sandbox::builder("empty")
        // No account limit: only ccx's own pacing holds it back.
        .layer(json!({"rate_limits": {"FilterLogEvents": null}}))
        .start();
    let groups: Vec<String> = (0..12).map(|i| format!("/test/none-{i}")).collect();
    let mut args = vec!["tail", "-f", "-o", "json"];
    args.extend(groups.iter().map(String::as_str));
    let started = Instant::now();
    let mut f = Following::start(&sandbox, &args);
    // Long enough to see its pace: three rounds of the twelve groups.
    sandbox.wait_for_calls("FilterLogEvents", 0.0, 36, |_| true);
    let (code, stderr) = f.interrupt();
    let took = started.elapsed();
    assert_eq!(code, Some(0), "{stderr}");
    let requests = sandbox
        .calls()
        .iter()
        .filter(|c| c["action"] == "FilterLogEvents")
        .count();
    // Twelve groups polled about every second would be twelve a second; ccx allows 5
    // in any 1.1 s.
    let windows = (took.as_secs_f64() / 1.1).floor() as usize + 1;
    assert!(requests >= 12, "{requests}");
    assert!(
        requests <= 5 * windows,
        "{requests} requests in {took:?}, more than 5 per 1.1 s"
    );
}
