//! The live views in a real terminal: ccx run inside tmux (a pane of a set size), read
//! back with `capture-pane`. `queues --watch` and `map --watch` redraw in place on the
//! alternate screen and give the terminal back on Ctrl-C; names are never split; an
//! interrupted redrive offers to cancel its task.

use crate::common;

use std::path::Path;
use std::process::Command as StdCommand;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use common::Sandbox;

/// A tmux server of our own (its own socket), one session of `columns` × `rows` running
/// a shell command; killed when dropped.
struct Pane {
    socket: String,
}

static PANES: AtomicUsize = AtomicUsize::new(0);

impl Pane {
    fn start(columns: u16, rows: u16, command: &str) -> Pane {
        require_tmux();
        let socket = format!(
            "ccx-test-{}-{}",
            std::process::id(),
            PANES.fetch_add(1, Ordering::SeqCst)
        );
        let pane = Pane { socket };
        pane.tmux(&[
            "new-session",
            "-d",
            "-x",
            &columns.to_string(),
            "-y",
            &rows.to_string(),
            command,
        ]);
        pane
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = StdCommand::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// What the pane shows now.
    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p"])
    }

    /// Whether the pane is on the alternate screen.
    fn alternate(&self) -> bool {
        self.tmux(&["display-message", "-p", "#{alternate_on}"])
            .trim()
            == "1"
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Waits until the screen satisfies `ready`; the screen then.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited 60s for {what}; the screen:\n{screen}"
            );
            thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = StdCommand::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// tmux must be installed: scripts/test installs it (as root, with apt-get).
fn require_tmux() {
    let found = StdCommand::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "\n\n*** tmux is not installed: the live-view tests drive ccx in a terminal through it.\n\
         *** run scripts/test (it installs tmux when run as root), or: apt-get install -y tmux\n"
    );
}

/// A shell command running ccx against `sandbox` in a clean environment, then printing
/// its exit code and keeping the pane open.
fn ccx_command(sandbox: &Sandbox, args: &str) -> String {
    let dir = sandbox.tempdir();
    let info = sandbox.info();
    let env = [
        ("PATH", std::env::var("PATH").unwrap_or_default()),
        ("HOME", dir.join("home").display().to_string()),
        ("XDG_STATE_HOME", dir.join("state").display().to_string()),
        ("XDG_CONFIG_HOME", dir.join("config").display().to_string()),
        (
            "AWS_CONFIG_FILE",
            dir.join("aws/config").display().to_string(),
        ),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.join("aws/credentials").display().to_string(),
        ),
        ("AWS_ENDPOINT_URL", sandbox.endpoint().to_string()),
        ("AWS_REGION", info["region"].as_str().unwrap().to_string()),
        ("AWS_ACCESS_KEY_ID", "testing".into()),
        ("AWS_SECRET_ACCESS_KEY", "testing".into()),
        ("AWS_EC2_METADATA_DISABLED", "true".into()),
        ("NO_COLOR", "1".into()),
        ("TERM", "tmux-256color".into()),
    ];
    let env: Vec<String> = env
        .iter()
        .map(|(k, v)| format!("{k}={}", quote(v)))
        .collect();
    format!(
        "cd {} && env -i {} {} {args}; echo CCX_EXIT=$?; sleep 600",
        quote(&dir.display().to_string()),
        env.join(" "),
        quote(Path::new(env!("CARGO_BIN_EXE_ccx")).to_str().unwrap()),
    )
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// `text` appears exactly once on the screen.
fn once(screen: &str, text: &str) -> bool {
    screen.matches(text).count() == 1
}

#[test]
fn queues_watch_redraws_in_place_and_gives_the_terminal_back_on_ctrl_c() {
    let sandbox = Sandbox::start("dlq");
    let pane = Pane::start(
        140,
        40,
        &ccx_command(&sandbox, "queues --watch --interval 1s"),
    );
    pane.wait_for("the third reading", |s| s.contains("reading 3,"));
    assert!(pane.alternate(), "not on the alternate screen");
    let screen = pane.wait_for("the fourth reading", |s| s.contains("reading 4,"));
    // Redrawn, not appended: one header, one table, whatever the number of readings.
    assert!(once(&screen, "Queues in stack dev"), "{screen}");
    assert!(once(&screen, "QUEUE "), "{screen}");
    assert!(screen.contains("SINCE LAST"), "{screen}");
    // 140 columns: long names are shortened in the middle, never broken across lines.
    for line in screen.lines() {
        assert!(line.chars().count() <= 140, "{line:?}");
    }
    for queue in ["lines", "words", "embed-ndjson"] {
        let name = sandbox.stack("dev")["queues"][queue]["name"]
            .as_str()
            .unwrap()
            .to_string();
        let (head, tail) = (&name[..10], &name[name.len() - 7..]);
        assert!(
            screen
                .lines()
                .any(|l| l.contains(&name) || (l.contains(head) && l.contains(tail))),
            "{name} split or missing:\n{screen}"
        );
    }

    pane.keys(&["C-c"]);
    let after = pane.wait_for("ccx to exit", |s| s.contains("CCX_EXIT="));
    assert!(after.contains("CCX_EXIT=0"), "{after}");
    assert!(!pane.alternate(), "the alternate screen was not left");
    assert!(!after.contains("Queues in stack dev"), "{after}");
}

#[test]
fn map_watch_redraws_in_place_within_the_terminal() {
    let sandbox = Sandbox::start("healthy");
    let pane = Pane::start(90, 45, &ccx_command(&sandbox, "map --watch --interval 1s"));
    let screen = pane.wait_for("the second reading", |s| s.contains("reading 2,"));
    assert!(pane.alternate());
    assert!(once(&screen, "Pipeline of stack dev"), "{screen}");
    for line in screen.lines() {
        assert!(line.chars().count() <= 90, "{line:?}");
    }
    assert!(
        screen.find("embed-ndjson · ") < screen.find("lines · "),
        "{screen}"
    );
    pane.keys(&["C-c"]);
    let after = pane.wait_for("ccx to exit", |s| s.contains("CCX_EXIT="));
    assert!(after.contains("CCX_EXIT=0"), "{after}");
    assert!(!pane.alternate());
}

#[test]
fn an_interrupted_redrive_offers_to_cancel_the_task() {
    let sandbox = Sandbox::start("dlq");
    let queue = &sandbox.stack("dev")["queues"]["lines"];
    let dlq_url = queue["dlq_url"].as_str().unwrap();
    sandbox.query(&["send-messages", dlq_url, "27"]);
    let pane = Pane::start(
        120,
        30,
        &ccx_command(&sandbox, "dlq redrive lines --max-per-second 1"),
    );
    let question = pane.wait_for("the question", |s| s.contains("[y/N]"));
    // The question says where the messages are written: account, region, endpoint
    // (wrapped by the terminal at 120 columns: joined again).
    assert!(
        question
            .replace('\n', "")
            .contains("in account 123456789012, us-east-1, no profile, endpoint http://"),
        "{question}"
    );
    pane.keys(&["y", "Enter"]);
    pane.wait_for("the progress bar", |s| s.contains(" moved · "));
    pane.keys(&["C-c"]);
    pane.wait_for("the offer to cancel", |s| {
        s.contains("Cancel the move task") && s.contains("[C/l]")
    });
    pane.keys(&["c", "Enter"]);
    let after = pane.wait_for("ccx to exit", |s| s.contains("CCX_EXIT="));
    assert!(after.contains("CCX_EXIT=1"), "{after}");
    assert!(
        after.contains("cancelling the move task (as answered)"),
        "{after}"
    );
    assert!(after.contains("was cancelled"), "{after}");
    let attrs = sandbox.query(&["queue-attrs", dlq_url]);
    let left: u64 = attrs["ApproximateNumberOfMessages"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(left > 0 && left < 30, "{left} left in the DLQ");
}

#[test]
fn the_rollback_question_names_where_it_writes_and_ctrl_c_at_it_changes_nothing() {
    let sandbox = Sandbox::start("fallback");
    let pane = Pane::start(200, 40, &ccx_command(&sandbox, "rollback"));
    let screen = pane.wait_for("the question", |s| s.contains("[y/N]"));
    let endpoint = sandbox.endpoint();
    assert!(
        screen.contains(&format!(
            "Switch 2 queues (lines, words) of stack dev in account 123456789012, us-east-1, no profile, endpoint {endpoint}? [y/N]"
        )),
        "{screen}"
    );
    // The plan above it names the caller and where the credentials come from.
    assert!(
        screen.contains("Writes to account 123456789012 (arn:aws:sts::123456789012:user/moto)")
            && screen.contains("credentials from the environment"),
        "{screen}"
    );
    pane.keys(&["C-c"]);
    let after = pane.wait_for("ccx to exit", |s| s.contains("CCX_EXIT="));
    assert!(
        after.contains("interrupted at the question (Ctrl-C): nothing changed"),
        "{after}"
    );
    // Ctrl-C at the question is a "no": exit 1, as the README's table says.
    assert!(after.contains("CCX_EXIT=1"), "{after}");
    let writes = sandbox
        .calls()
        .iter()
        .filter(|c| c["action"] == "UpdateEventSourceMapping")
        .count();
    assert_eq!(writes, 0);
}
