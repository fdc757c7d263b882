//! Where output goes: data to stdout (table or JSON), progress, notes, warnings and the
//! operator's question to stderr. Colour goes through anstream, which strips it when it
//! is not wanted; `--quiet` and whether stdin/stderr are terminals are decided here.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

/// `--output`: what stdout gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// The choice as the colour filter of a stream takes it (`Auto` honours `NO_COLOR`,
    /// `CLICOLOR_FORCE` and whether the stream is a terminal).
    pub fn for_streams(self) -> anstream::ColorChoice {
        match self {
            ColorChoice::Auto => anstream::ColorChoice::Auto,
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
        }
    }
}

/// How a long operation shows its progress on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMode {
    /// A live spinner: stderr is a terminal.
    Spinner,
    /// Plain lines, one per change: stderr is a file or a pipe.
    Lines,
    /// Nothing: `--quiet`.
    Hidden,
}

#[derive(Debug, Clone)]
pub struct Printer {
    pub format: OutputFormat,
    pub quiet: bool,
    pub verbose: u8,
    /// `--color`, kept here rather than written into a process-wide setting.
    color: anstream::ColorChoice,
}

impl Printer {
    pub fn new(format: OutputFormat, color: ColorChoice, quiet: bool, verbose: u8) -> Printer {
        let choice = color.for_streams();
        Printer {
            format,
            quiet,
            verbose,
            color: choice,
        }
    }

    pub fn is_json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// Pretty JSON of `value` on stdout, never coloured.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        let mut out = io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, value)?;
        writeln!(out)?;
        out.flush()
    }

    /// One compact JSON object per line (for streams of events).
    pub fn json_line<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        let mut out = io::stdout().lock();
        serde_json::to_writer(&mut out, value)?;
        writeln!(out)
    }

    /// A report as `--output` asks: its JSON, or the words `render` makes of it (called
    /// only for text). The one place a command chooses between the two.
    pub fn report<T: Serialize + ?Sized>(
        &self,
        report: &T,
        render: impl FnOnce(&T) -> String,
    ) -> io::Result<()> {
        if self.is_json() {
            self.json(report)
        } else {
            self.text(&render(report))
        }
    }

    /// Stdout through the colour filter: styling kept or stripped as `--color` and the
    /// terminal say.
    pub fn stdout(&self) -> anstream::AutoStream<io::StdoutLock<'static>> {
        anstream::AutoStream::new(io::stdout().lock(), self.color)
    }

    /// Whether styled text keeps its colour on stdout.
    pub fn colours_stdout(&self) -> bool {
        anstream::AutoStream::new(io::stdout(), self.color).current_choice()
            != anstream::ColorChoice::Never
    }

    /// Text on stdout; ANSI styling is kept or stripped as the colour choice says.
    pub fn text(&self, text: &str) -> io::Result<()> {
        let mut out = self.stdout();
        out.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            out.write_all(b"\n")?;
        }
        out.flush()
    }

    /// A note for the operator on stderr; hidden by `--quiet`.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            line_to_stderr(self.color, text);
        }
    }

    /// Detail shown only with `-v`.
    pub fn debug(&self, text: &str) {
        if self.verbose > 0 {
            line_to_stderr(self.color, &crate::ui::style::dim(&format!("ccx: {text}")));
        }
    }

    /// A warning on stderr; shown even with `--quiet`.
    pub fn warn(&self, text: &str) {
        line_to_stderr(
            self.color,
            &format!("{} {text}", crate::ui::style::warn("warning:")),
        );
    }

    /// Indented text on stderr that `--quiet` does not hide (refusals, IaC steps).
    pub fn block(&self, text: &str) {
        let indented: Vec<String> = text.lines().map(|line| format!("  {line}")).collect();
        if !indented.is_empty() {
            line_to_stderr(self.color, &indented.join("\n"));
        }
    }

    /// A line on stderr whatever `--quiet` says: for progress displays, which choose
    /// what to show by `progress_mode`, and for what must be seen (an interrupt). Not
    /// eprintln!: after a hang-up stderr may be gone, and a switch must still finish.
    pub fn stderr_line(&self, text: &str) {
        line_to_stderr(self.color, text);
    }

    /// Why the operator cannot be asked a question (stdin to answer, stderr to see it),
    /// or None when both are terminals.
    pub fn why_no_question(&self) -> Option<&'static str> {
        match (self.stdin_is_terminal(), self.stderr_is_terminal()) {
            (true, true) => None,
            (false, true) => Some("stdin is not a terminal"),
            (true, false) => Some("stderr (where the question goes) is not a terminal"),
            (false, false) => Some("stdin and stderr are not terminals"),
        }
    }

    pub fn stdin_is_terminal(&self) -> bool {
        io::stdin().is_terminal()
    }

    pub fn stderr_is_terminal(&self) -> bool {
        io::stderr().is_terminal()
    }

    /// Nothing when quiet, a spinner on a terminal, plain lines otherwise.
    pub fn progress_mode(&self) -> ProgressMode {
        if self.quiet {
            ProgressMode::Hidden
        } else if self.stderr_is_terminal() {
            ProgressMode::Spinner
        } else {
            ProgressMode::Lines
        }
    }

    /// Asks `question` on stderr and reads the answer line from stdin (blocking).
    pub fn prompt(&self, question: &str) -> io::Result<String> {
        {
            let mut err = anstream::AutoStream::new(io::stderr(), self.color);
            let _ = write!(err, "{question} ");
            let _ = err.flush();
        }
        let mut line = String::new();
        io::stdin().read_line(&mut line)?;
        Ok(line)
    }
}

/// `text` and a newline to stderr in one write: stderr is unbuffered, and `writeln!`
/// writes each piece apart, so a command sharing the terminal (`ccx guard -- CMD`) could
/// land its output inside one of ccx's lines. Errors are ignored, as by every caller:
/// after a hang-up stderr may be gone, and a switch must still finish.
fn line_to_stderr(color: anstream::ColorChoice, text: &str) {
    let mut err = anstream::AutoStream::new(io::stderr(), color);
    let _ = err.write_all(format!("{text}\n").as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_hides_progress_whatever_stderr_is() {
        let printer = Printer {
            format: OutputFormat::Table,
            quiet: true,
            verbose: 0,
            color: anstream::ColorChoice::Never,
        };
        assert_eq!(printer.progress_mode(), ProgressMode::Hidden);
    }
}
