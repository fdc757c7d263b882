//! The live view on stderr while guard watches: on a terminal, one line per source each
//! time its consumers change (never redrawn, so it cannot overwrite the command's own
//! output on the same terminal); nothing when stderr is a file or `--quiet`.

use super::sources::WatchedSource;
use super::timeline::Timeline;
use crate::output::{Printer, ProgressMode};
use crate::render::guard::live_line;

pub struct Live {
    printer: Printer,
    on: bool,
    keys: Vec<String>,
    /// What was last shown per source.
    shown: Vec<Option<String>>,
    watched: usize,
}

impl Live {
    pub fn new(printer: &Printer, sources: &[WatchedSource]) -> Live {
        Live {
            printer: printer.clone(),
            on: printer.progress_mode() == ProgressMode::Spinner,
            keys: sources.iter().map(|s| s.source.clone()).collect(),
            shown: vec![None; sources.len()],
            watched: sources.iter().filter(|s| s.is_watched()).count(),
        }
    }

    /// `4 sources`, for the opening note.
    pub fn watched_label(&self) -> String {
        match self.watched {
            1 => "1 source".to_string(),
            n => format!("{n} sources"),
        }
    }

    /// Shows each source whose consumers changed since it was last shown.
    pub fn show(&mut self, timeline: &Timeline) {
        if !self.on {
            return;
        }
        for (i, key) in self.keys.iter().enumerate() {
            let Some(mappings) = timeline.current(i) else {
                continue;
            };
            let line = live_line(key, mappings);
            if self.shown[i].as_ref() != Some(&line) {
                self.printer.stderr_line(&line);
                self.shown[i] = Some(line);
            }
        }
    }
}
