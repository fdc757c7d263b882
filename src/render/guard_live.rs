//! The live view on stderr while guard watches: on a terminal, one line per source each
//! time its consumers change (never redrawn, so it cannot overwrite the command's own
//! output on the same terminal), and a note at each turn of the watch; the lines of
//! changes are left out when stderr is a file, everything under `--quiet`.

use crate::features::guard::events::{Event, Observer};
use crate::features::guard::sources::WatchedSource;
use crate::features::guard::timeline::Timeline;
use crate::render::guard::live_line;
use crate::ui::output::{Printer, ProgressMode};

pub struct GuardLive {
    printer: Printer,
    on: bool,
    /// What was last shown per source.
    shown: Vec<Option<String>>,
    keys: Vec<String>,
}

impl GuardLive {
    pub fn new(printer: &Printer, sources: &[WatchedSource]) -> GuardLive {
        GuardLive {
            printer: printer.clone(),
            on: printer.progress_mode() == ProgressMode::Spinner,
            keys: sources.iter().map(|s| s.source.clone()).collect(),
            shown: vec![None; sources.len()],
        }
    }

    /// Shows each source whose consumers changed since it was last shown.
    fn show(&mut self, timeline: &Timeline) {
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

impl Observer for GuardLive {
    fn on(&mut self, event: Event<'_>) {
        match event {
            Event::Watching {
                sources,
                interval,
                command,
            } => {
                let watched = match sources.iter().filter(|s| s.is_watched()).count() {
                    1 => "1 source".to_string(),
                    n => format!("{n} sources"),
                };
                let every = humantime::format_duration(interval);
                self.printer.note(&match command {
                    Some(argv) => format!(
                        "ccx guard: watching {watched} every {every} while `{}` runs",
                        argv.join(" ")
                    ),
                    None => format!("ccx guard: watching {watched} every {every} until Ctrl-C"),
                });
            }
            Event::Reading(timeline) => self.show(timeline),
            Event::InterruptWentToCommand => self
                .printer
                .note("ccx guard: Ctrl-C went to the command; press Ctrl-C again to stop watching"),
            Event::CommandEnded { exit, until_stable } => self.printer.note(&format!(
                "ccx guard: the command {}; watching until the mappings have been stable for {}",
                exit.describe(),
                humantime::format_duration(until_stable)
            )),
            Event::WaitingForCommand => self
                .printer
                .note("ccx guard: stopped watching; waiting for the command to exit"),
        }
    }
}
