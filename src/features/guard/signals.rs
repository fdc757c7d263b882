//! Ctrl-C, SIGTERM and SIGHUP while `ccx guard` watches: caught (so ccx outlives the
//! deploy it guards) and handed to the watch loop, which decides what each means.

use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

pub use crate::ui::live::Caught;

/// Starts catching the signals; each one caught arrives on the returned channel.
/// Must run before the command starts, so that an early Ctrl-C cannot end ccx.
pub fn catch() -> std::io::Result<mpsc::UnboundedReceiver<Caught>> {
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let caught = tokio::select! {
                Some(()) = interrupt.recv() => Caught::Interrupt,
                Some(()) = terminate.recv() => Caught::Terminate,
                Some(()) = hangup.recv() => Caught::HangUp,
                else => break,
            };
            if sender.send(caught).is_err() {
                break;
            }
        }
    });
    Ok(receiver)
}
