//! The guarded command: a child process that inherits ccx's terminal (stdin, stdout,
//! stderr untouched) and its process group, so a Ctrl-C at the terminal reaches it
//! directly. Its exit status is kept.

use std::os::unix::process::ExitStatusExt;
use std::process::Command;

use anyhow::Context as _;
use serde::Serialize;
use tokio::task::JoinHandle;

/// How the command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CommandExit {
    /// Its exit code; null when a signal ended it.
    pub code: Option<i32>,
    /// The signal that ended it, if one did.
    pub signal: Option<i32>,
}

impl CommandExit {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// The status a shell would report: the code, or 128 + the signal.
    pub fn shell_status(&self) -> u8 {
        match (self.code, self.signal) {
            (Some(code), _) => u8::try_from(code & 0xff).unwrap_or(1),
            (None, Some(signal)) => u8::try_from((128 + signal) & 0xff).unwrap_or(1),
            (None, None) => 1,
        }
    }

    /// `exited with 3`, `was ended by signal 2`.
    pub fn describe(&self) -> String {
        match (self.code, self.signal) {
            (Some(code), _) => format!("exited with {code}"),
            (None, Some(signal)) => format!("was ended by signal {signal}"),
            (None, None) => "ended".to_string(),
        }
    }
}

impl From<std::process::ExitStatus> for CommandExit {
    fn from(status: std::process::ExitStatus) -> CommandExit {
        CommandExit {
            code: status.code(),
            signal: status.signal(),
        }
    }
}

/// A running command.
pub struct Child {
    pid: u32,
    waiting: Option<JoinHandle<std::io::Result<std::process::ExitStatus>>>,
}

/// Why a program could not be started, in words (not `os error 2`).
fn why_not_started(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such program (not found, nor on PATH)".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied (is it executable?)".to_string(),
        _ => err.to_string(),
    }
}

impl Child {
    /// Starts `argv` (program and arguments). A program that cannot be started is an
    /// error naming it.
    pub fn spawn(argv: &[String]) -> anyhow::Result<Child> {
        let (program, args) = argv.split_first().context("no command given after `--`")?;
        let mut child = match Command::new(program).args(args).spawn() {
            Ok(child) => child,
            Err(err) => anyhow::bail!("cannot start `{program}`: {}", why_not_started(&err)),
        };
        let pid = child.id();
        let waiting = tokio::task::spawn_blocking(move || child.wait());
        Ok(Child {
            pid,
            waiting: Some(waiting),
        })
    }

    pub fn is_running(&self) -> bool {
        self.waiting.is_some()
    }

    /// Waits for the command to end; pending forever once it has (for `select!`).
    pub async fn ended(&mut self) -> anyhow::Result<CommandExit> {
        let Some(waiting) = &mut self.waiting else {
            return std::future::pending().await;
        };
        let status = waiting.await.context("waiting for the command")?;
        self.waiting = None;
        Ok(status.context("waiting for the command")?.into())
    }

    /// Sends `signal` to the command, unless it has ended.
    pub fn send(&self, signal: libc::c_int) {
        if self.is_running()
            && let Ok(pid) = libc::pid_t::try_from(self.pid)
        {
            // SAFETY: kill has no memory effects; the pid is our own child's, which
            // cannot be reused before we have waited for it.
            unsafe {
                libc::kill(pid, signal);
            }
        }
    }
}

/// Whether the terminal delivers a Ctrl-C to the command itself: ccx and the command
/// share a process group, and when that group is the terminal's foreground group the
/// terminal signals both. Otherwise (no terminal, ccx in the background, a `kill`
/// aimed at ccx alone) ccx has to pass the signal on.
pub fn terminal_signals_the_command() -> bool {
    // SAFETY: getpgrp and tcgetpgrp only read process and terminal state.
    unsafe {
        let group = libc::getpgrp();
        [libc::STDIN_FILENO, libc::STDERR_FILENO, libc::STDOUT_FILENO]
            .into_iter()
            .map(|fd| libc::tcgetpgrp(fd))
            .find(|foreground| *foreground != -1)
            .is_some_and(|foreground| foreground == group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_keeps_its_exit_code_and_a_signal_becomes_128_plus_it() {
        let exited = CommandExit {
            code: Some(3),
            signal: None,
        };
        assert_eq!((exited.shell_status(), exited.success()), (3, false));
        assert_eq!(exited.describe(), "exited with 3");
        let killed = CommandExit {
            code: None,
            signal: Some(2),
        };
        assert_eq!(killed.shell_status(), 130);
        assert_eq!(killed.describe(), "was ended by signal 2");
        assert!(
            CommandExit {
                code: Some(0),
                signal: None
            }
            .success()
        );
    }

    #[tokio::test]
    async fn a_started_command_reports_how_it_ended_and_a_missing_one_is_an_error() {
        let mut child = Child::spawn(&["sh".into(), "-c".into(), "exit 4".into()]).unwrap();
        assert_eq!(child.ended().await.unwrap().code, Some(4));
        assert!(!child.is_running());
        let err = Child::spawn(&["/nonexistent/ccx-deploy".into()])
            .err()
            .unwrap();
        assert_eq!(
            format!("{err:#}"),
            "cannot start `/nonexistent/ccx-deploy`: no such program (not found, nor on PATH)"
        );
    }
}
