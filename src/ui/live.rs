//! Views that redraw in place (`queues --watch`, `map --watch`). On a terminal the view
//! takes the alternate screen and each reading replaces the last one (cursor home, line
//! by line, rest cleared), so nothing scrolls; the terminal is given back as it was on
//! exit, Ctrl-C, SIGTERM and SIGHUP. On a pipe, or with `--output json`, readings are
//! printed one after another instead.

use std::io::{self, IsTerminal, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::queue;
use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen};

use serde::Serialize;

use crate::ui::output::Printer;
use crate::ui::signals::Interrupts;

/// Whether the alternate screen is taken: the terminal's state, which the panic hook
/// must see (ccx aborts on panic, so no `Drop` runs then).
static ON_ALTERNATE_SCREEN: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

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
            restore_on_panic();
            ON_ALTERNATE_SCREEN.store(true, Ordering::SeqCst);
            let mut out = io::stdout().lock();
            let _ = queue!(out, EnterAlternateScreen, Hide);
            let _ = out.flush();
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
            self.draw(printer, frame)
        } else {
            printer.text(frame)
        }
    }

    /// Replaces what is on screen by `frame`. A frame taller than the terminal is cut,
    /// with a last line saying so (a terminal scrolling would undo the redraw).
    pub fn draw(&mut self, printer: &Printer, frame: &str) -> io::Result<()> {
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
        control(|out| queue!(out, MoveTo(0, 0)))?;
        for line in &lines {
            // Styled text through the colour filter, which strips what is not wanted.
            let mut text = printer.stdout();
            text.write_all(line.as_bytes())?;
            text.flush()?;
            control(|out| {
                queue!(out, Clear(ClearType::UntilNewLine))?;
                out.write_all(b"\n")
            })?;
        }
        control(|out| queue!(out, Clear(ClearType::FromCursorDown)))
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        if self.live {
            leave_alternate_screen(&mut io::stdout().lock());
        }
    }
}

/// Gives the terminal back (cursor shown, main screen), once: from `Drop`, or from the
/// panic hook when a panic aborts the process under `--watch`.
fn leave_alternate_screen(out: &mut impl Write) {
    if ON_ALTERNATE_SCREEN.swap(false, Ordering::SeqCst) {
        let _ = queue!(out, Show, LeaveAlternateScreen);
        let _ = out.flush();
    }
}

/// Installs (once) a panic hook that restores the terminal before the panic message,
/// so that the message is readable and the shell gets its cursor back.
fn restore_on_panic() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave_alternate_screen(&mut io::stdout());
            previous(info);
        }));
    });
}

/// Control sequences go straight to the terminal: the colour filter would strip them.
fn control(write: impl FnOnce(&mut io::StdoutLock<'static>) -> io::Result<()>) -> io::Result<()> {
    let mut out = io::stdout().lock();
    write(&mut out)?;
    out.flush()
}

/// How often a watching view reads, and when it stops (`--interval`, `--count`).
#[derive(Debug, Clone, Copy)]
pub struct Every {
    pub interval: Duration,
    pub count: Option<u64>,
}

/// The `--watch` loop every view shares: read, show (a JSON line each, or a frame
/// redrawn in place under a stamp), pause, until `--count` readings or a signal. `frame`
/// gets the reading before this one, to show what changed. Returns the last reading's
/// judgement (`ok`): the exit code under `--watch` is what the last reading says.
pub async fn watch<R: Serialize>(
    printer: &Printer,
    every: Every,
    mut read: impl AsyncFnMut() -> anyhow::Result<R>,
    frame: impl Fn(&R, Option<&R>) -> String,
    ok: impl Fn(&R) -> bool,
) -> anyhow::Result<bool> {
    let mut screen = Screen::open(printer);
    let mut interrupts = Interrupts::listen();
    let mut previous: Option<R> = None;
    let mut last_ok = true;
    for reading in 1.. {
        let Ok(report) = interrupts.during(read()).await else {
            break;
        };
        let report = report?;
        if printer.is_json() {
            printer.json_line(&report)?;
        } else {
            let stamp = stamp(reading, every.interval, screen.is_live());
            let shown = format!("{stamp}\n{}", frame(&report, previous.as_ref()));
            screen.show(printer, &shown)?;
        }
        last_ok = ok(&report);
        if every.count.is_some_and(|n| reading >= n) || !interrupts.pause(every.interval).await {
            break;
        }
        previous = Some(report);
    }
    Ok(last_ok)
}

/// The line above a reading: when it was taken, which one, and how to stop.
pub fn stamp(reading: u64, interval: Duration, live: bool) -> String {
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
    crate::ui::style::dim(&format!(
        "{now} UTC · reading {reading}, every {every}{since} · Ctrl-C to stop"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminal_is_given_back_once_and_only_when_it_was_taken() {
        let mut out = Vec::new();
        leave_alternate_screen(&mut out);
        assert!(out.is_empty(), "{out:?}");
        ON_ALTERNATE_SCREEN.store(true, Ordering::SeqCst);
        leave_alternate_screen(&mut out);
        assert_eq!(String::from_utf8_lossy(&out), "\u{1b}[?25h\u{1b}[?1049l");
        leave_alternate_screen(&mut out);
        assert_eq!(String::from_utf8_lossy(&out), "\u{1b}[?25h\u{1b}[?1049l");
    }
}
