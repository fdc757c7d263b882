//! The audit log: one JSON line per applied change — a switch (who, when, where, the
//! plan, and what each step did) or a DLQ redrive (`dlq::audit`) — appended to
//! `$XDG_STATE_HOME/ccx/audit.jsonl` (or `--audit-log`). [`keep`] is the one writer
//! both commands use.
//!
//! Safe to keep: the file is created readable by its owner only (0600, its directory
//! 0700), opened for appending only (never truncated), and each record is one `write`
//! of one whole line, so concurrent runs never interleave. A record that cannot be
//! written after a change was applied is reported loudly with the record itself, and
//! the run exits 1; the change is not undone.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use serde::Serialize;

use crate::aws::{Aws, AwsError};
use crate::features::switch::plan::SwitchPlan;
use crate::features::switch::report::ApplyReport;
use crate::ui::output::Printer;

pub use crate::aws::caller::Caller;

/// Who the caller is, for the record (asked of STS once per process).
pub async fn caller_identity(aws: &Aws) -> Result<Caller, AwsError> {
    aws.caller().await
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

/// Appends `record` as one line, creating the file (0600) and its directory (0700) as
/// needed. The line goes out in a single `write` on a file opened for appending, so
/// concurrent runs do not interleave and nothing before it is ever touched.
pub fn append<T: Serialize>(path: &Path, record: &T) -> Result<()> {
    let mut line = serde_json::to_string(record).context("cannot encode the audit record")?;
    line.push('\n');
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        private_dir_builder()
            .create(dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot open the audit log {}", path.display()))?;
    let written = file
        .write(line.as_bytes())
        .with_context(|| format!("cannot write the audit log {}", path.display()))?;
    if written != line.len() {
        bail!(
            "only {written} of the audit record's {} bytes were written to {}",
            line.len(),
            path.display()
        );
    }
    Ok(())
}

fn private_dir_builder() -> std::fs::DirBuilder {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
}

/// A warning when others may read the audit log (a file made before ccx made it 0600).
pub fn exposure(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Some(format!(
                "the audit log {} can be read by others (mode {mode:o}); `chmod 600` it",
                path.display()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    None
}

/// The change an audit record is about: what the loud message says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// `rollback` / `switch`.
    Switch,
    /// `dlq redrive`.
    Redrive,
}

impl Change {
    fn happened(self) -> &'static str {
        match self {
            Change::Switch => "THE SWITCH WAS APPLIED",
            Change::Redrive => "THE REDRIVE RAN",
        }
    }

    fn stays(self) -> &'static str {
        match self {
            Change::Switch => "The switch stays as it is (it is not undone)",
            Change::Redrive => "The messages stay where the move task put them (nothing is undone)",
        }
    }
}

/// Where an audit record went; `error` says why it could not be kept (then `path` is
/// None and the run must not exit 0).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kept {
    pub path: Option<PathBuf>,
    pub error: Option<String>,
}

/// The one writer of audit records: appends `record` of an applied `change` to
/// `audit_log` (`--audit-log`) or the default path, warns when others may read the log,
/// and, when it cannot be written, says so loudly with the record itself.
pub fn keep<T: Serialize>(
    printer: &Printer,
    change: Change,
    audit_log: Option<&Path>,
    record: &T,
) -> Kept {
    let written = audit_log
        .map(Path::to_path_buf)
        .or_else(default_path)
        .ok_or_else(|| "no state directory for the audit log; pass --audit-log PATH".to_string())
        .and_then(|path| match append(&path, record) {
            Ok(()) => Ok(path),
            Err(err) => Err(format!("{err:#}")),
        });
    match written {
        Ok(path) => {
            if let Some(warning) = exposure(&path) {
                printer.warn(&warning);
            }
            Kept {
                path: Some(path),
                error: None,
            }
        }
        Err(why) => {
            let (warning, line) = unwritten(change, &why, record);
            printer.warn(&warning);
            // The record as it is, never wrapped: it is to be copied.
            printer.stderr_data(&line);
            Kept {
                path: None,
                error: Some(why),
            }
        }
    }
}

/// What to tell when the record of an applied change could not be kept: loudly (the
/// warning), with the record itself, one JSON line, so the operator can keep it by hand.
fn unwritten<T: Serialize>(change: Change, why: &str, record: &T) -> (String, String) {
    let line = serde_json::to_string(record).unwrap_or_default();
    let warning = format!(
        "{}, BUT ITS AUDIT RECORD WAS NOT WRITTEN: {why}\n\
         {}; ccx exits 1. Keep this record by hand:",
        change.happened(),
        change.stays()
    );
    (warning, line)
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

    #[cfg(unix)]
    #[test]
    fn the_log_and_its_directory_are_private_and_earlier_lines_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state").join("audit.jsonl");
        append(&path, &serde_json::json!({"n": 1})).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(exposure(&path), None);
        append(&path, &serde_json::json!({"n": 2})).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"n\":1}\n{\"n\":2}\n"
        );

        let shared = dir.path().join("shared.jsonl");
        std::fs::write(&shared, "earlier\n").unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o644)).unwrap();
        append(&shared, &serde_json::json!({"n": 3})).unwrap();
        assert_eq!(
            std::fs::read_to_string(&shared).unwrap(),
            "earlier\n{\"n\":3}\n"
        );
        assert!(exposure(&shared).unwrap().contains("mode 644"));
    }

    #[test]
    fn an_audit_log_that_is_a_directory_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let err = append(dir.path(), &serde_json::json!({})).unwrap_err();
        assert!(
            format!("{err:#}").contains("cannot open the audit log"),
            "{err:#}"
        );
    }

    #[test]
    fn an_unwritten_record_is_told_loudly_with_the_record_for_either_change() {
        let record = serde_json::json!({"outcome": "completed"});
        let (switch, line) = unwritten(Change::Switch, "disk full", &record);
        assert_eq!(line, "{\"outcome\":\"completed\"}");
        assert!(switch.starts_with(
            "THE SWITCH WAS APPLIED, BUT ITS AUDIT RECORD WAS NOT WRITTEN: disk full\n"
        ));
        let (redrive, _) = unwritten(Change::Redrive, "disk full", &record);
        assert!(
            redrive.starts_with("THE REDRIVE RAN, BUT ITS AUDIT RECORD WAS NOT WRITTEN"),
            "{redrive}"
        );
        assert!(redrive.contains("ccx exits 1"), "{redrive}");
        assert!(redrive.ends_with("Keep this record by hand:"), "{redrive}");
    }

    #[test]
    fn the_default_path_ends_in_ccx_audit_jsonl() {
        let path = default_path().expect("a state (or local data) directory");
        assert!(path.ends_with("ccx/audit.jsonl"), "{}", path.display());
    }
}
