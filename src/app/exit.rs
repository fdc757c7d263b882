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

/// Prints `err` as one line (coloured as `--color` says) and returns exit code 2; a
/// closed stdout is not an error.
pub fn report_error(err: &anyhow::Error, color: crate::ui::output::ColorChoice) -> ExitCode {
    if is_broken_pipe(err) {
        return ExitCode::SUCCESS;
    }
    let line = format!("{err:#}")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let _ = writeln!(
        anstream::AutoStream::new(io::stderr(), color.for_streams()),
        "{} {line}",
        crate::ui::style::bad("ccx: error:")
    );
    ExitCode::from(ERROR)
}

/// `--since -5m`: clap takes `-5` for a flag and suggests `-- -5`, which is no help.
/// Says what is really wrong, naming the flag and what to write instead.
fn negative_value(err: &clap::Error, args: &[String]) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if err.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(arg)) = err.get(ContextKind::InvalidArg) else {
        return None;
    };
    let digits = arg.strip_prefix('-')?;
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // The whole value (`-5m`, clap names only `-5`) and the flag before it.
    let at = args.iter().position(|a| a.starts_with(arg.as_str()))?;
    let value = &args[at];
    let positive = &value[1..];
    let Some(flag) = at
        .checked_sub(1)
        .map(|i| args[i].as_str())
        .filter(|f| f.starts_with("--"))
    else {
        return Some(format!("`{value}`: a value cannot be negative"));
    };
    Some(if matches!(flag, "--since" | "--until") {
        format!(
            "{flag} {value}: a span cannot be negative, it already counts back from now: write `{flag} {positive}`"
        )
    } else if positive.chars().all(|c| c.is_ascii_digit()) {
        format!("{flag} {value}: the number cannot be negative")
    } else {
        format!("{flag} {value}: a duration cannot be negative: write `{flag} {positive}`")
    })
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// A clap parse error as one line (`ccx: error: …`), exit 2; help and version print
/// normally and exit 0. `args` is the command line, to name the flag a negative value
/// was given to.
pub fn report_usage_error(err: clap::Error, args: &[String]) -> ExitCode {
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
    let text = match negative_value(&err, args) {
        Some(said) => said,
        None => {
            let rendered = err.render().to_string();
            let summary: Vec<&str> = rendered
                .lines()
                .map(str::trim)
                .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
                .filter(|l| !l.is_empty())
                .collect();
            let text = summary.join(" ");
            text.strip_prefix("error: ").unwrap_or(&text).to_string()
        }
    };
    let _ = writeln!(
        anstream::stderr(),
        "{} {text} (see `ccx --help`)",
        crate::ui::style::bad("ccx: error:")
    );
    ExitCode::from(ERROR)
}
