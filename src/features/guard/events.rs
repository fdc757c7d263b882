//! What the watch loop tells whoever shows it, as data: the renderer
//! (`render::guard_live`) decides the words and whether to show them at all.

use std::time::Duration;

use super::child::CommandExit;
use super::sources::WatchedSource;
use super::timeline::Timeline;

pub enum Event<'a> {
    /// The baseline was read and the command (if any) started.
    Watching {
        sources: &'a [WatchedSource],
        interval: Duration,
        command: Option<&'a [String]>,
    },
    /// A reading was added to the timeline.
    Reading(&'a Timeline),
    /// The first Ctrl-C went to the running command; a second stops watching.
    InterruptWentToCommand,
    /// The command ended; watching goes on until the mappings are stable.
    CommandEnded {
        exit: &'a CommandExit,
        until_stable: Duration,
    },
    /// Watching stopped while the command still runs.
    WaitingForCommand,
}

pub trait Observer {
    fn on(&mut self, event: Event<'_>);
}
