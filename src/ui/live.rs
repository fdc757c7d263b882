//! Views that redraw in place (`queues --watch`, `map --watch`). On a terminal the view
//! takes the alternate screen and each reading replaces the last one (cursor home, line
//! by line, rest cleared), so nothing scrolls; the terminal is given back as it was on
//! exit, Ctrl-C, SIGTERM and SIGHUP. On a pipe, or with `--output json`, readings are
//! printed one after another instead.

use std::io::{self, IsTerminal, Write};
use std::time::Duration;

use crate::ui::output::Printer;

const ENTER: &str = "\u{1b}[?1049h\u{1b}[?25l";
const LEAVE: &str = "\u{1b}[?25h\u{1b}[?1049l";
const HOME: &str = "\u{1b}[H";
const CLEAR_LINE_END: &str = "\u{1b}[K";
const CLEAR_BELOW: &str = "\u{1b}[J";

/// The screen of a watching view: the alternate screen on a terminal, else stdout as it is.
#[derive(Debug)]
pub struct Screen {
    live: bool,
}

impl Screen {
    /// Takes the alternate screen when stdout is a terminal showing text.
    pub fn open(printer: &Printer) -> Screen {
        let live = !printer.is_json() && io::stdout().is_terminal();
        if live {
            raw(ENTER);
        }
        Screen { live }
    }

    /// Readings replace each other (a terminal) rather than follow each other.
    pub fn is_live(&self) -> bool {
        self.live
    }

    /// One reading: redrawn in place on a terminal, printed after the last one elsewhere.
    pub fn show(&mut self, printer: &Printer, frame: &str) -> io::Result<()> {
        if self.live {
            self.draw(frame)
        } else {
            printer.text(frame)
        }
    }

    /// Replaces what is on screen by `frame`. A frame taller than the terminal is cut,
    /// with a last line saying so (a terminal scrolling would undo the redraw).
    pub fn draw(&mut self, frame: &str) -> io::Result<()> {
        let rows = crossterm::terminal::size()
            .map(|(_, rows)| usize::from(rows))
            .unwrap_or(usize::MAX);
        let mut lines: Vec<String> = frame.lines().map(str::to_string).collect();
        if rows > 2 && lines.len() > rows - 1 {
            let hidden = lines.len() - (rows - 2);
            lines.truncate(rows - 2);
            lines.push(format!(
                "… {hidden} more lines: make the terminal taller to see them"
            ));
        }
        raw(HOME);
        for line in &lines {
            // Styled text through the colour filter, which strips what is not wanted.
            let mut text = anstream::stdout();
            text.write_all(line.as_bytes())?;
            text.flush()?;
            raw(&format!("{CLEAR_LINE_END}\n"));
        }
        raw(CLEAR_BELOW);
        Ok(())
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        if self.live {
            raw(LEAVE);
        }
    }
}

/// Control sequences go straight to the terminal: the colour filter would strip them.
fn raw(sequence: &str) {
    let mut out = io::stdout().lock();
    let _ = out.write_all(sequence.as_bytes());
    let _ = out.flush();
}

/// The line above a reading: when it was taken, which one, and how to stop; wrapped
/// between words within `width`.
pub fn stamp(reading: u64, interval: Duration, live: bool, width: Option<usize>) -> String {
    let now = jiff::Timestamp::now().strftime("%H:%M:%S").to_string();
    if !live {
        return now;
    }
    let every = humantime::format_duration(interval);
    let since = if reading > 1 {
        " · (+n) since the last reading"
    } else {
        ""
    };
    let text = crate::ui::style::dim(&format!(
        "{now} UTC · reading {reading}, every {every}{since} · Ctrl-C to stop"
    ));
    crate::ui::wrap::indented("", "  ", &text, width).join("\n")
}
