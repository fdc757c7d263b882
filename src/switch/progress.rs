//! Progress of a switch on stderr: an indicatif spinner with the last state seen when
//! stderr is a terminal, plain lines (one per state change) otherwise, nothing when quiet.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMode {
    Spinner,
    Lines,
    Hidden,
}

#[derive(Debug, Clone)]
pub struct Progress {
    mode: ProgressMode,
    bar: Option<ProgressBar>,
    /// The last (message, state) printed in `Lines` mode, to print changes only.
    last: Arc<Mutex<Option<(String, String)>>>,
}

impl Progress {
    pub fn new(mode: ProgressMode) -> Progress {
        let bar = (mode == ProgressMode::Spinner).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress {
            mode,
            bar,
            last: Arc::new(Mutex::new(None)),
        }
    }

    /// A step starts: `what` is e.g. "lines: disabling 1a2b… (chroma-worker-…)".
    pub fn begin(&self, what: &str) {
        if let Some(bar) = &self.bar {
            bar.reset_elapsed();
            bar.set_message(what.to_string());
        }
        if let Ok(mut last) = self.last.lock() {
            *last = None;
        }
    }

    /// The state seen while waiting.
    pub fn state(&self, what: &str, state: &str) {
        match self.mode {
            ProgressMode::Spinner => {
                if let Some(bar) = &self.bar {
                    bar.set_message(format!("{what}: {state}"));
                }
            }
            ProgressMode::Lines => {
                let Ok(mut last) = self.last.lock() else {
                    return;
                };
                let now = (what.to_string(), state.to_string());
                if last.as_ref() != Some(&now) {
                    // Not eprintln!: after a hang-up stderr may be gone, and the
                    // switch must still finish.
                    anstream_line(&format!("ccx: {what}: {state}"));
                    *last = Some(now);
                }
            }
            ProgressMode::Hidden => {}
        }
    }

    /// A finished step or a note, kept on screen above the spinner.
    pub fn line(&self, text: &str) {
        match (&self.bar, self.mode) {
            (Some(bar), _) => bar.suspend(|| anstream_line(text)),
            (None, ProgressMode::Lines) => anstream_line(text),
            _ => {}
        }
    }

    /// A message that must be seen even when quiet (e.g. "interrupted").
    pub fn always(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| anstream_line(text)),
            None => anstream_line(text),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn anstream_line(text: &str) {
    use std::io::Write;
    let _ = writeln!(anstream::stderr(), "{text}");
}
