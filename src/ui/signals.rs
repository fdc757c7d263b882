//! Ctrl-C, SIGTERM and SIGHUP, caught the one way every command catches them: a wait
//! that a signal cuts short (`Interrupts`, for watch views, prompts and following a
//! redrive), or a channel of every signal caught (`catch`, for guard's loop and the
//! switch, which decide what each one means).

use std::time::Duration;

use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::mpsc;

/// A signal ccx caught.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caught {
    /// Ctrl-C.
    Interrupt,
    Terminate,
    /// The terminal went away (a closed SSH session).
    HangUp,
}

impl Caught {
    /// The signal's number, to pass it on to a child process (`ccx guard`).
    pub fn number(self) -> libc::c_int {
        match self {
            Caught::Interrupt => libc::SIGINT,
            Caught::Terminate => libc::SIGTERM,
            Caught::HangUp => libc::SIGHUP,
        }
    }
}

/// Ctrl-C, SIGTERM and SIGHUP, listened to for as long as this lives (a signal that
/// arrives while a reading is made is not lost).
pub struct Interrupts {
    terminate: Option<Signal>,
    hangup: Option<Signal>,
    interrupt: Option<Signal>,
}

impl Interrupts {
    pub fn listen() -> Interrupts {
        Interrupts {
            interrupt: signal(SignalKind::interrupt()).ok(),
            terminate: signal(SignalKind::terminate()).ok(),
            hangup: signal(SignalKind::hangup()).ok(),
        }
    }

    /// `work`'s result, or the signal that came first.
    pub async fn during<T>(&mut self, work: impl Future<Output = T>) -> Result<T, Caught> {
        tokio::select! {
            out = work => Ok(out),
            Some(()) = next(&mut self.interrupt) => Err(Caught::Interrupt),
            Some(()) = next(&mut self.terminate) => Err(Caught::Terminate),
            Some(()) = next(&mut self.hangup) => Err(Caught::HangUp),
        }
    }

    /// Waits `interval`; false when a signal came first.
    pub async fn pause(&mut self, interval: Duration) -> bool {
        self.during(tokio::time::sleep(interval)).await.is_ok()
    }
}

async fn next(signal: &mut Option<Signal>) -> Option<()> {
    match signal {
        Some(s) => s.recv().await,
        None => std::future::pending().await,
    }
}

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
