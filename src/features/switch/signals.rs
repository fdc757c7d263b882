//! Ctrl-C, SIGTERM and SIGHUP during a switch: not a kill, a request to stop after
//! the queue in progress.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::events::{Event, Observer, Signal};

/// Listens for Ctrl-C, SIGTERM and SIGHUP (a closed SSH session) while a switch is
/// applied: each sets `flag` and tells `observer`; the process is not killed, so the
/// queue in progress ends cleanly (finished or put back).
pub fn watch_interrupts(
    flag: Arc<AtomicBool>,
    observer: Arc<dyn Observer>,
) -> tokio::task::JoinHandle<()> {
    use tokio::signal::unix::{SignalKind, signal};
    tokio::spawn(async move {
        let mut term = signal(SignalKind::terminate()).ok();
        let mut hangup = signal(SignalKind::hangup()).ok();
        loop {
            let which = tokio::select! {
                r = tokio::signal::ctrl_c() => match r {
                    Ok(()) => Signal::Interrupt,
                    Err(_) => break,
                },
                Some(()) = next_signal(&mut term) => Signal::Terminate,
                Some(()) = next_signal(&mut hangup) => Signal::HangUp,
            };
            flag.store(true, Ordering::SeqCst);
            observer.event(Event::Interrupted(which));
        }
    })
}

/// The next delivery of `signal`; never, when it could not be installed.
async fn next_signal(signal: &mut Option<tokio::signal::unix::Signal>) -> Option<()> {
    match signal {
        Some(s) => s.recv().await,
        None => std::future::pending().await,
    }
}
