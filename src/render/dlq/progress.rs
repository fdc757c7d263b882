//! A move task's progress on stderr, in the printer's progress mode: an indicatif bar
//! (moved / to move, rate, ETA) on a terminal, a plain line per change otherwise,
//! nothing when quiet. Hidden while the operator is asked something.

use indicatif::{ProgressState, ProgressStyle};

use crate::render::dlq::task_line;
use crate::state::move_tasks::MoveTask;
use crate::ui::output::Printer;
use crate::ui::progress::ProgressLine;

#[derive(Debug)]
pub struct MoveProgress {
    line: ProgressLine,
}

impl MoveProgress {
    pub fn new(printer: &Printer) -> MoveProgress {
        MoveProgress {
            line: ProgressLine::bar(printer, counting_style()),
        }
    }

    /// A reading of the task.
    pub fn seen(&self, task: &MoveTask) {
        self.line.count(task.moved, task.to_move);
        self.line.update(
            task.status.as_str(),
            &format!("ccx: move task {}", task_line(task)),
        );
    }

    /// Hides the bar (while a question is asked).
    pub fn pause(&self) {
        self.line.pause();
    }

    pub fn resume(&self) {
        self.line.resume();
    }

    /// A line above the bar that stays.
    pub fn line(&self, text: &str) {
        self.line.always(text);
    }

    pub fn finish(&self) {
        self.line.finish();
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
