//! The operator's yes/no question before a write, on the terminal. A signal while it
//! waits for the answer (Ctrl-C, SIGTERM, SIGHUP) is an answer too: nothing is done, and
//! the caller says so, instead of the process dying silently at the question.

use std::io;

use tokio::sync::oneshot;

use crate::ui::output::Printer;
use crate::ui::signals::{Caught, Interrupts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    /// Anything but yes (the default).
    No,
    /// A signal came before the answer.
    Interrupted(Caught),
}

/// What a state-changing command asks before it writes.
pub struct BeforeWriting<PlanText, Question> {
    /// `--yes`: the operator answered already.
    pub yes: bool,
    /// The one-line refusal when nobody can be asked, given why (`stdin is not a
    /// terminal`); it must say `--yes` applies and that nothing changed.
    pub refusal: fn(&str) -> String,
    /// The plan for stderr, fitted to its width: in JSON mode stdout carries the
    /// document, and the operator still sees what they answer about.
    pub plan: PlanText,
    /// The question, ending in `[y/N]`.
    pub question: Question,
}

/// `--yes`, or else the question on a terminal (default no); without one, the refusal
/// as an error.
pub async fn before_writing<P, Q>(printer: &Printer, ask: BeforeWriting<P, Q>) -> io::Result<Answer>
where
    P: FnOnce(Option<usize>) -> String,
    Q: FnOnce() -> String,
{
    if ask.yes {
        return Ok(Answer::Yes);
    }
    if let Some(which) = printer.why_no_question() {
        return Err(io::Error::other((ask.refusal)(which)));
    }
    if printer.is_json() {
        printer.stderr_line(&(ask.plan)(printer.stderr_width()));
    }
    confirm(printer, &(ask.question)()).await
}

/// Asks `question` (which shows its own `[y/N]`) and waits for the answer or a signal.
pub async fn confirm(printer: &Printer, question: &str) -> io::Result<Answer> {
    let mut interrupts = Interrupts::listen();
    let (tx, rx) = oneshot::channel();
    let asker = printer.clone();
    let question = question.to_string();
    // A plain thread, not the runtime's blocking pool: a read of stdin cannot be
    // cancelled, and the runtime would wait for it at exit; this one dies with the
    // process.
    std::thread::spawn(move || {
        let _ = tx.send(asker.prompt(&question));
    });
    match interrupts.during(rx).await {
        Ok(Ok(answer)) => {
            let yes = matches!(answer?.trim().to_ascii_lowercase().as_str(), "y" | "yes");
            Ok(if yes { Answer::Yes } else { Answer::No })
        }
        Ok(Err(_)) => Err(io::Error::other("the question's reader stopped")),
        Err(caught) => {
            // The terminal echoed `^C` after the question: end that line.
            printer.stderr_line("");
            Ok(Answer::Interrupted(caught))
        }
    }
}

/// `the question was interrupted (Ctrl-C)`, for "…: nothing changed".
pub fn interrupted(caught: Caught) -> String {
    let by = match caught {
        Caught::Interrupt => "Ctrl-C",
        Caught::Terminate => "SIGTERM",
        Caught::HangUp => "the terminal hung up",
    };
    format!("interrupted at the question ({by})")
}
