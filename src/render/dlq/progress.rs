//! A move task's progress on stderr, in the printer's progress mode: an indicatif bar
//! (moved / to move, rate, ETA) on a terminal, a plain line per change otherwise,
//! nothing when quiet. Hidden while the operator is asked something.

use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::render::dlq::task_line;
use crate::state::move_tasks::MoveTask;
use crate::ui::output::{Printer, ProgressMode};

#[derive(Debug)]
pub struct MoveProgress {
    printer: Printer,
    mode: ProgressMode,
    bar: Option<ProgressBar>,
    /// The last (status, moved) printed in `Lines` mode.
    last: Mutex<Option<(String, u64)>>,
}

impl MoveProgress {
    pub fn new(printer: &Printer) -> MoveProgress {
        let mode = printer.progress_mode();
        let bar = (mode == ProgressMode::Spinner).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(counting_style());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        MoveProgress {
            printer: printer.clone(),
            mode,
            bar,
            last: Mutex::new(None),
        }
    }

    /// A reading of the task.
    pub fn seen(&self, task: &MoveTask) {
        match (&self.bar, self.mode) {
            (Some(bar), _) => {
                if let Some(total) = task.to_move {
                    bar.set_length(total);
                }
                bar.set_position(task.moved);
                bar.set_message(task.status.as_str().to_string());
            }
            (None, ProgressMode::Lines) => {
                let Ok(mut last) = self.last.lock() else {
                    return;
                };
                let now = (task.status.as_str().to_string(), task.moved);
                if last.as_ref() != Some(&now) {
                    self.printer
                        .stderr_line(&format!("ccx: move task {}", task_line(task)));
                    *last = Some(now);
                }
            }
            _ => {}
        }
    }

    /// Hides the bar (while a question is asked).
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

    /// A line above the bar that stays.
    pub fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| self.printer.stderr_line(text)),
            None => self.printer.stderr_line(text),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn counting_style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{spinner} {msg} [{wide_bar}] {pos}/{len} moved · {rate} · ETA {eta} [{elapsed}]",
    )
    .map(|s| {
        s.progress_chars("=> ").with_key(
            "rate",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.1}/s", state.per_sec());
            },
        )
    })
    .unwrap_or_else(|_| ProgressStyle::default_bar())
}
