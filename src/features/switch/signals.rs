//! Ctrl-C, SIGTERM and SIGHUP during a switch: not a kill, a request to stop after
//! the queue in progress.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::features::switch::events::{Event, Observer};
use crate::ui::signals;

/// Listens for Ctrl-C, SIGTERM and SIGHUP (a closed SSH session) while a switch is
/// applied: each sets `flag` and tells `observer`; the process is not killed, so the
/// queue in progress ends cleanly (finished or put back). Where the signals cannot be
/// caught, they act as they would without ccx listening.
pub fn watch_interrupts(
    flag: Arc<AtomicBool>,
    observer: Arc<dyn Observer>,
) -> tokio::task::JoinHandle<()> {
    let caught = signals::catch();
    tokio::spawn(async move {
        let Ok(mut caught) = caught else {
            return;
        };
        while let Some(which) = caught.recv().await {
            flag.store(true, Ordering::SeqCst);
            observer.event(Event::Interrupted(which));
        }
    })
}
