//! Where output goes: data to stdout (table or JSON), progress, notes, warnings and the
//! operator's question to stderr. Colour goes through anstream, which strips it when it
//! is not wanted; `--quiet` and whether stdin/stderr are terminals are decided here.

use std::io::{self, IsTerminal, Write};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::ui::width::{Stream, WidthChoice};
use crate::ui::wrap;

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
    /// `--wide` and `--width`: how wide tables and prose may be.
    widths: WidthChoice,
    /// Set when one run of several (a target of `--stack a,b`) is written into a buffer
    /// for the combined result, instead of to stdout and stderr.
    capture: Option<Arc<Mutex<Captured>>>,
    /// With `capture`: only the JSON report goes into the buffer; text, notes and
    /// progress still reach the terminal (one stack of several switched in turn).
    capture_json_only: bool,
}

/// What a captured run printed: its report (as JSON and as text), other stdout text, and
/// its stderr lines.
#[derive(Debug, Default, Clone)]
pub struct Captured {
    pub json: Option<serde_json::Value>,
    pub text: String,
    pub stderr: Vec<String>,
}

impl Printer {
    pub fn new(format: OutputFormat, color: ColorChoice, quiet: bool, verbose: u8) -> Printer {
        let choice = color.for_streams();
        Printer {
            format,
            quiet,
            verbose,
            color: choice,
            widths: WidthChoice::default(),
            capture: None,
            capture_json_only: false,
        }
    }

    /// The same choices, writing into a buffer (`captured` reads it).
    pub fn capturing(&self) -> Printer {
        Printer {
            capture: Some(Arc::new(Mutex::new(Captured::default()))),
            capture_json_only: false,
            ..self.clone()
        }
    }

    /// The same choices, keeping only the JSON report in a buffer: everything else is
    /// written as usual.
    pub fn capturing_json(&self) -> Printer {
        Printer {
            capture_json_only: true,
            ..self.capturing()
        }
    }

    /// Whether text and stderr lines go into the buffer too.
    fn captures_all(&self) -> bool {
        self.capture.is_some() && !self.capture_json_only
    }

    /// What a capturing printer holds.
    pub fn captured(&self) -> Option<Captured> {
        self.capture
            .as_ref()
            .map(|c| c.lock().map(|c| c.clone()).unwrap_or_default())
    }

    /// Runs `write` on the capture buffer; false when this printer writes for real.
    fn write_capture(&self, write: impl FnOnce(&mut Captured)) -> bool {
        match &self.capture {
            Some(capture) => {
                if let Ok(mut c) = capture.lock() {
                    write(&mut c);
                }
                true
            }
            None => false,
        }
    }

    /// The same printer fitting output as `widths` says.
    pub fn fitting(self, widths: WidthChoice) -> Printer {
        Printer { widths, ..self }
    }

    /// Columns tables and prose on stdout fit in (`--width`, or the terminal's); `None`
    /// when stdout is piped or under `--wide`: then nothing is fitted.
    pub fn width(&self) -> Option<usize> {
        self.widths.layout(Stream::Stdout).width()
    }

    /// Columns a text view (the map) keeps within: 100, or a narrower terminal or
    /// `--width`; `None` under `--wide`.
    pub fn text_width(&self) -> Option<usize> {
        self.widths.layout(Stream::Stdout).text_width()
    }

    /// As [`Printer::width`], for stderr (progress, warnings, the question).
    pub fn stderr_width(&self) -> Option<usize> {
        self.widths.layout(Stream::Stderr).width()
    }

    pub fn is_json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// Pretty JSON of `value` on stdout, never coloured.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        if self.capture.is_some() {
            let value = serde_json::to_value(value).map_err(io::Error::other)?;
            self.write_capture(|c| c.json = Some(value));
            return Ok(());
        }
        let mut out = io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, value)?;
        writeln!(out)?;
        out.flush()
    }

    /// One compact JSON object per line (for streams of events).
    pub fn json_line<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        if self.capture.is_some() {
            let value = serde_json::to_value(value).map_err(io::Error::other)?;
            self.write_capture(|c| c.json = Some(value));
            return Ok(());
        }
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
        if self.captures_all() {
            // Both forms: the combined result shows the text of a target that failed,
            // or puts the document in its JSON.
            let value = serde_json::to_value(report).map_err(io::Error::other)?;
            let text = render(report);
            self.write_capture(|c| {
                c.json = Some(value);
                c.text.push_str(&text);
            });
            return Ok(());
        }
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
        if self.captures_all()
            && self.write_capture(|c| {
                c.text.push_str(text);
                if !text.ends_with('\n') {
                    c.text.push('\n');
                }
            })
        {
            return Ok(());
        }
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
            self.line_to_stderr(&self.prose(text));
        }
    }

    /// Detail shown only with `-v`.
    pub fn debug(&self, text: &str) {
        if self.verbose > 0 {
            self.line_to_stderr(&self.prose(&crate::ui::style::dim(&format!("ccx: {text}"))));
        }
    }

    /// A warning on stderr; shown even with `--quiet`.
    pub fn warn(&self, text: &str) {
        self.line_to_stderr(&self.prose(&format!("{} {text}", crate::ui::style::warn("warning:"))));
    }

    /// Indented text on stderr that `--quiet` does not hide (refusals, IaC steps): a
    /// paragraph too wide for the terminal is wrapped again under its own indent.
    pub fn block(&self, text: &str) {
        let indented = wrap::block(text, self.stderr_width());
        if !indented.is_empty() {
            self.line_to_stderr(&indented);
        }
    }

    /// A line on stderr whatever `--quiet` says: for progress displays, which choose
    /// what to show by `progress_mode`, and for what must be seen (an interrupt). Not
    /// eprintln!: after a hang-up stderr may be gone, and a switch must still finish.
    /// A line too wide for the terminal wraps between words.
    pub fn stderr_line(&self, text: &str) {
        self.line_to_stderr(&self.prose(text));
    }

    /// A line on stderr exactly as given (data to copy, such as a JSON record).
    pub fn stderr_data(&self, text: &str) {
        self.line_to_stderr(text);
    }

    fn line_to_stderr(&self, text: &str) {
        if !(self.captures_all() && self.write_capture(|c| c.stderr.push(text.to_string()))) {
            line_to_stderr(self.color, text);
        }
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
        // A captured run is one of several: their progress lines would interleave.
        if self.quiet || self.captures_all() {
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
            let _ = write!(err, "{} ", self.prose(question));
            let _ = err.flush();
        }
        let mut line = String::new();
        io::stdin().read_line(&mut line)?;
        Ok(line)
    }
}

impl Printer {
    /// `text` as a message on stderr shows it: within stderr's width, when it has one
    /// (see [`wrap::message`]).
    fn prose(&self, text: &str) -> String {
        wrap::message(text, self.stderr_width())
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
            capture: None,
            capture_json_only: false,
            widths: WidthChoice::default(),
        };
        assert_eq!(printer.progress_mode(), ProgressMode::Hidden);
    }

    #[test]
    fn a_json_only_capture_keeps_the_report_and_lets_the_rest_through() {
        let printer = Printer::new(OutputFormat::Json, ColorChoice::Never, false, 0);
        let all = printer.capturing();
        all.text("words").unwrap();
        all.json(&serde_json::json!({"a": 1})).unwrap();
        let held = all.captured().unwrap();
        assert_eq!((held.text.as_str(), held.json.is_some()), ("words\n", true));
        assert_eq!(all.progress_mode(), ProgressMode::Hidden);

        let json_only = printer.capturing_json();
        json_only.json(&serde_json::json!({"a": 1})).unwrap();
        let held = json_only.captured().unwrap();
        assert_eq!(held.json, Some(serde_json::json!({"a": 1})));
        assert!(held.text.is_empty() && held.stderr.is_empty());
        assert_ne!(json_only.progress_mode(), ProgressMode::Hidden);
    }

    #[test]
    fn the_width_is_the_printers_choice_and_piped_prose_is_left_alone() {
        let piped = Printer::new(OutputFormat::Table, ColorChoice::Never, false, 0);
        assert_eq!((piped.width(), piped.stderr_width()), (None, None));
        assert_eq!(piped.text_width(), Some(crate::ui::width::TEXT_WIDTH));
        let line = "ccx: the lines-queue consumer chromadb-dev-lambdas-enhanced-compaction is on";
        assert_eq!(piped.prose(line), line);

        let at_40 = piped.clone().fitting(WidthChoice {
            wide: false,
            forced: Some(40),
        });
        assert_eq!((at_40.width(), at_40.stderr_width()), (Some(40), Some(40)));
        assert_eq!(
            at_40.prose(line),
            "ccx: the lines-queue consumer\n  chromadb-dev-lambdas-enhanced-compaction\n  is on"
        );

        let wide = at_40.fitting(WidthChoice {
            wide: true,
            forced: Some(40),
        });
        assert_eq!((wide.width(), wide.text_width()), (None, None));
        assert_eq!(wide.prose(line), line);
    }
}
