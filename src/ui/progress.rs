//! The one progress display of the long-running writes (`switch`/`rollback`, `dlq
//! redrive`), in the printer's progress mode: an indicatif spinner or bar redrawn in place
//! when stderr is a terminal, a plain line per change when it is a file or a pipe, nothing
//! under `--quiet`. Lines that stay are printed above the bar. The features say what
//! happened; their renderers choose the words and hand them here.

use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::ui::output::{Printer, ProgressMode};
use crate::ui::wrap;

/// What the spinner's line takes besides its message: `⠁ ` and ` [1m 10s]`.
const SPINNER_FRAME: usize = 12;

/// A spinner's message on one line of a terminal `width` columns wide (it is redrawn in
/// place, so it cannot wrap): long names shortened in the middle.
pub fn spinner_message(width: Option<usize>, text: &str) -> String {
    match width {
        Some(width) => wrap::one_line(text, width.saturating_sub(SPINNER_FRAME)),
        None => text.to_string(),
    }
}

#[derive(Debug)]
pub struct ProgressLine {
    printer: Printer,
    mode: ProgressMode,
    bar: Option<ProgressBar>,
    /// Whether the message is fitted to the terminal as a spinner's (a bar's template
    /// sizes itself).
    fitted: bool,
    /// The last line printed in `Lines` mode, to print changes only.
    last: Mutex<Option<String>>,
}

impl ProgressLine {
    /// A spinner with a message and the time since the last `restart`.
    pub fn spinner(printer: &Printer) -> ProgressLine {
        let style = ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        ProgressLine::new(printer, style, true)
    }

    /// A bar drawn with `style` (its message is not fitted: the style sizes itself).
    pub fn bar(printer: &Printer, style: ProgressStyle) -> ProgressLine {
        ProgressLine::new(printer, style, false)
    }

    fn new(printer: &Printer, style: ProgressStyle, fitted: bool) -> ProgressLine {
        let mode = printer.progress_mode();
        let bar = (mode == ProgressMode::Spinner).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        ProgressLine {
            printer: printer.clone(),
            mode,
            bar,
            fitted,
            last: Mutex::new(None),
        }
    }

    /// Something new starts: the clock restarts, the message is `message`, and the next
    /// `update` prints even if it says what the last one said.
    pub fn restart(&self, message: &str) {
        if let Some(bar) = &self.bar {
            bar.reset_elapsed();
            bar.set_message(self.fitted(message));
        }
        self.forget();
    }

    /// The state changed: on a terminal the bar shows `message`; in `Lines` mode `line` is
    /// printed when it differs from the last one printed.
    pub fn update(&self, message: &str, line: &str) {
        match (&self.bar, self.mode) {
            (Some(bar), _) => bar.set_message(self.fitted(message)),
            (None, ProgressMode::Lines) => {
                let Ok(mut last) = self.last.lock() else {
                    return;
                };
                if last.as_deref() != Some(line) {
                    self.printer.stderr_line(line);
                    *last = Some(line.to_string());
                }
            }
            _ => {}
        }
    }

    /// Counts on the bar (a terminal only): `position` of `length` when known.
    pub fn count(&self, position: u64, length: Option<u64>) {
        if let Some(bar) = &self.bar {
            if let Some(length) = length {
                bar.set_length(length);
            }
            bar.set_position(position);
        }
    }

    /// A line kept on screen above the bar (not under `--quiet`).
    pub fn line(&self, text: &str) {
        match (&self.bar, self.mode) {
            (Some(bar), _) => bar.suspend(|| self.printer.stderr_line(text)),
            (None, ProgressMode::Lines) => self.printer.stderr_line(text),
            _ => {}
        }
    }

    /// A line that must be seen, even under `--quiet`.
    pub fn always(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| self.printer.stderr_line(text)),
            None => self.printer.stderr_line(text),
        }
    }

    /// Hides the bar (while the operator is asked something).
    pub fn pause(&self) {
        if let Some(bar) = &self.bar {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
    }

    pub fn resume(&self) {
        if let Some(bar) = &self.bar {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn forget(&self) {
        if let Ok(mut last) = self.last.lock() {
            *last = None;
        }
    }

    fn fitted(&self, message: &str) -> String {
        if self.fitted {
            spinner_message(self.printer.stderr_width(), message)
        } else {
            message.to_string()
        }
    }
}
