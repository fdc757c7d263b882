//! Exit codes: 0 = ran and everything holds, 1 = ran and something is wrong,
//! 2 = could not run. Errors print as one line: `ccx: error: what: why: cause`.

use std::io::{self, Write};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Ran, and everything holds.
    Success,
    /// Ran, and a check failed (or a switch was refused or reverted).
    Failure,
    /// Ran, but could not establish the facts (a check could not run).
    Error,
    /// Another code: the status of the command `ccx guard` ran, passed on.
    Code(u8),
}

impl ExitStatus {
    pub fn from_ok(ok: bool) -> ExitStatus {
        if ok {
            ExitStatus::Success
        } else {
            ExitStatus::Failure
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(ERROR),
            ExitStatus::Code(code) => ExitCode::from(code),
        }
    }
}

pub const ERROR: u8 = 2;

/// Prints `err` as one line and returns exit code 2; a closed stdout is not an error.
pub fn report_error(err: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(err) {
        return ExitCode::SUCCESS;
    }
    let line = format!("{err:#}")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let _ = writeln!(
        anstream::stderr(),
        "{} {line}",
        crate::render::style::bad("ccx: error:")
    );
    ExitCode::from(ERROR)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// A clap parse error as one line (`ccx: error: …`), exit 2; help and version print
/// normally and exit 0.
pub fn report_usage_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = err.print();
        return if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::from(ERROR)
        } else {
            ExitCode::SUCCESS
        };
    }
    let rendered = err.render().to_string();
    let summary: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .filter(|l| !l.is_empty())
        .collect();
    let text = summary.join(" ");
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    let _ = writeln!(
        anstream::stderr(),
        "{} {text} (see `ccx --help`)",
        crate::render::style::bad("ccx: error:")
    );
    ExitCode::from(ERROR)
}
