//! The one way tests run the `ccx` binary: hermetic, rooted in a directory, so nothing
//! from the machine running the tests (AWS profiles and credentials, `AWS_*` variables,
//! a `ccx.toml`, colour settings) reaches it.

use std::fs;
use std::path::Path;
use std::process::Command as StdCommand;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

pub const CCX_TIMEOUT: Duration = Duration::from_secs(90);

/// `ccx` with an empty environment except: `PATH`; `HOME` (`dir/home`, created) and the
/// XDG config, state and cache dirs under `dir`; `AWS_CONFIG_FILE` and
/// `AWS_SHARED_CREDENTIALS_FILE` under `dir/aws` (absent unless a test writes them);
/// no instance metadata; `NO_COLOR=1`. Runs in `dir`, so `./ccx.toml` is `dir/ccx.toml`.
/// No region, endpoint or credentials: a sandbox adds its own (`Sandbox::ccx`).
pub fn ccx_std_in(dir: &Path) -> StdCommand {
    let home = dir.join("home");
    fs::create_dir_all(&home).expect("create the test's HOME");
    let mut command = StdCommand::new(env!("CARGO_BIN_EXE_ccx"));
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("AWS_CONFIG_FILE", dir.join("aws").join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.join("aws").join("credentials"),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .current_dir(dir);
    command
}

/// [`ccx_std_in`] as an `assert_cmd` command, bounded by [`CCX_TIMEOUT`].
pub fn ccx_in(dir: &Path) -> Command {
    let mut command = Command::from_std(ccx_std_in(dir));
    command.timeout(CCX_TIMEOUT);
    command
}

/// Runs `command`, asserts its exit code and parses its stdout as one JSON document.
pub fn json_output(command: &mut Command, code: i32) -> Value {
    let out = command.assert().code(code).get_output().clone();
    parse_json(&out.stdout)
}

/// `bytes` as one JSON document; panics showing the text when it is not.
pub fn parse_json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}

/// `bytes` as JSON lines (one document per line); panics on a line that is not JSON.
pub fn parse_json_lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}
