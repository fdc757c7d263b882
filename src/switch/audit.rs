//! The audit log: one JSON line per applied switch — who, when, where, the plan, and
//! what each step did — appended to `$XDG_STATE_HOME/ccx/audit.jsonl` (or `--audit-log`).

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::Serialize;

use super::plan::SwitchPlan;
use super::report::ApplyReport;
use crate::aws::{Aws, AwsError, AwsResultExt};

/// The AWS identity that made the calls (STS `GetCallerIdentity`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Caller {
    pub account: Option<String>,
    pub arn: Option<String>,
    pub user_id: Option<String>,
}

pub async fn caller_identity(aws: &Aws) -> Result<Caller, AwsError> {
    let out = aws
        .sts
        .get_caller_identity()
        .send()
        .await
        .aws_context(|| "asking STS who the caller is")?;
    Ok(Caller {
        account: out.account,
        arn: out.arn,
        user_id: out.user_id,
    })
}

/// One line of the audit log.
#[derive(Debug, Serialize)]
pub struct AuditRecord<'a> {
    /// RFC 3339, when the apply started.
    pub time: String,
    pub ccx_version: &'static str,
    /// The caller, or null when STS could not say (`caller_error` then says why).
    pub caller: Option<&'a Caller>,
    pub caller_error: Option<String>,
    pub region: &'a str,
    pub stack: &'a str,
    pub plan: &'a SwitchPlan,
    /// Per queue: outcome and each step with its timings.
    pub result: &'a ApplyReport,
    /// `switched`, `reverted`, `stopped`, `failed`, `revert_failed`, `interrupted`, `partly_refused`.
    pub outcome: &'static str,
    pub exit_code: u8,
}

/// Where the audit log goes without `--audit-log`: the user's state directory
/// (`$XDG_STATE_HOME`, `~/.local/state`), else the local data directory (macOS, Windows).
pub fn default_path() -> Option<PathBuf> {
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .map(|dir| dir.join("ccx").join("audit.jsonl"))
}

/// Appends `record` as one line, creating the file and its directory as needed. The
/// line is written with a single call so concurrent runs do not interleave.
pub fn append<T: Serialize>(path: &Path, record: &T) -> Result<()> {
    let mut line = serde_json::to_string(record).context("cannot encode the audit record")?;
    line.push('\n');
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open the audit log {}", path.display()))?;
    file.write_all(line.as_bytes())
        .with_context(|| format!("cannot write the audit log {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_appended_one_line_each() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("audit.jsonl");
        append(&path, &serde_json::json!({"n": 1, "text": "two\nlines"})).unwrap();
        append(&path, &serde_json::json!({"n": 2})).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(first["text"], "two\nlines");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(lines[1]).unwrap()["n"],
            2
        );
    }

    #[test]
    fn the_default_path_ends_in_ccx_audit_jsonl() {
        let path = default_path().expect("a state (or local data) directory");
        assert!(path.ends_with("ccx/audit.jsonl"), "{}", path.display());
    }
}
