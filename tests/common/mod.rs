//! Test harness: `ccx` run hermetically (`ccx_in`, or `Sandbox::ccx` against a seeded
//! emulator), JSON helpers, and the Python support in `tests/support/`.
//!
//! ```ignore
//! let sandbox = Sandbox::builder("fallback")
//!     .function_override("chroma-worker", json!({"State": "Inactive"}))
//!     .start();
//! let report = sandbox.json(&["mappings"], 0);
//! let listed = sandbox.calls(); // every request ccx made, as the proxy saw it
//! ```

// Each area of the e2e binary uses only part of the harness.
#![allow(dead_code, unused_imports)]

mod as_aws;
mod ccx;
mod raw;
mod sandbox;
mod waves;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::sync::OnceLock;

pub use as_aws::{compose_patches, merge_patch};
pub use ccx::{CCX_TIMEOUT, ccx_in, ccx_std_in, json_output, parse_json, parse_json_lines};
pub use raw::{filter_log_events, raw_request};
pub use sandbox::{Sandbox, SandboxBuilder};
pub use waves::{dependent_waves, waves};

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

/// The check `id` of a verify report (`verify -o json`); fails the test when it is not there.
pub fn check<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["checks"]
        .as_array()
        .expect("a verify report has checks")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no check {id} in {report:#}"))
}

/// Polls `done` every 50 ms until it holds; fails the test naming `what` after `limit`.
pub fn wait_until(what: &str, limit: std::time::Duration, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + limit;
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Now, in epoch milliseconds (CloudWatch Logs' timestamps).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as i64
}

/// The writes in `calls` (the proxy's record) that set mapping `uuid` `Enabled` to
/// `enabled`, in the order they came in, whatever Lambda answered.
pub fn mapping_writes<'a>(
    calls: &'a [serde_json::Value],
    uuid: &'a str,
    enabled: bool,
) -> impl Iterator<Item = &'a serde_json::Value> {
    let body = format!("\"Enabled\":{enabled}");
    calls.iter().filter(move |c| {
        c["action"] == "UpdateEventSourceMapping"
            && c["uuid"] == uuid
            && c["body"]
                .as_str()
                .unwrap_or_default()
                .replace(' ', "")
                .contains(&body)
    })
}

/// The Python the test bed runs on (see [`python`]), for a test's own scripts.
pub fn python_path() -> &'static Path {
    python()
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
