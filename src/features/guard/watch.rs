//! The watch loop: a reading every interval while the command runs, then until the
//! mappings have been stable for a while; signals and the command's end in between.

use std::time::Duration;

use anyhow::Context as _;
use tokio::time::{Instant, sleep_until};

use super::child::{self, Child};
use super::events::{Event, Observer};
use super::reading;
use super::report::Watched;
use super::sources::WatchedSource;
use super::timeline::Timeline;
use crate::aws::Aws;
use crate::base::topology::Topology;
use crate::ui::signals::{self, Caught};

pub struct Plan<'a> {
    pub aws: &'a Aws,
    pub topology: &'a Topology,
    pub stack: &'a str,
    pub sources: &'a [WatchedSource],
    pub interval: Duration,
    pub until_stable: Duration,
    /// Program and arguments; None to watch until Ctrl-C.
    pub command: Option<&'a [String]>,
}

/// Why the loop stopped.
enum Stop {
    Stable,
    Signal,
}

pub async fn watch(plan: Plan<'_>, observer: &mut dyn Observer) -> anyhow::Result<Watched> {
    let mut caught = signals::catch().context("cannot listen for Ctrl-C")?;
    let started_ms = now_ms();
    let mut timeline = Timeline::new(plan.sources.iter().map(|s| s.source.clone()).collect());

    // The baseline, before anything runs: if AWS cannot be read, nothing is started.
    let first = read(&plan).await;
    if let Some(error) = first.all_failed() {
        anyhow::bail!("{error}");
    }
    timeline.observe(first.at_ms, first.sources);
    // Started before "watching … while it runs" is said: a command that cannot start is
    // its one error line, with nothing announced before it.
    let mut child = plan.command.map(Child::spawn).transpose()?;
    observer.on(Event::Watching {
        sources: plan.sources,
        interval: plan.interval,
        command: plan.command,
    });
    observer.on(Event::Reading(&timeline));

    let mut command_exit = None;
    let mut command_ended_ms = None;
    let mut interrupts = 0;
    let mut next = Instant::now() + plan.interval;
    let stop = loop {
        tokio::select! {
            Some(signal) = caught.recv() => {
                let running = child.as_ref().is_some_and(Child::is_running);
                pass_on(child.as_ref(), signal);
                if signal == Caught::Interrupt {
                    interrupts += 1;
                    if running && interrupts == 1 {
                        observer.on(Event::InterruptWentToCommand);
                        continue;
                    }
                }
                break Stop::Signal;
            }
            ended = ended(&mut child) => {
                let exit = ended?;
                command_exit = Some(exit);
                command_ended_ms = Some(now_ms());
                observer.on(Event::CommandEnded {
                    exit: &exit,
                    until_stable: plan.until_stable,
                });
            }
            () = sleep_until(next) => {
                next = (next + plan.interval).max(Instant::now());
                let reading = read(&plan).await;
                let at_ms = reading.at_ms;
                timeline.observe(at_ms, reading.sources);
                observer.on(Event::Reading(&timeline));
                if is_stable(&timeline, command_ended_ms, at_ms, plan.until_stable) {
                    break Stop::Stable;
                }
            }
        }
    };

    // The command is never left behind: it got the Ctrl-C (or ccx's SIGTERM) too.
    if let Some(running) = child.as_mut().filter(|c| c.is_running()) {
        observer.on(Event::WaitingForCommand);
        let exit = loop {
            tokio::select! {
                ended = running.ended() => break ended?,
                Some(signal) = caught.recv() => pass_on(Some(running), signal),
            }
        };
        command_exit = Some(exit);
        command_ended_ms = Some(now_ms());
    }
    Ok(Watched {
        started_ms,
        ended_ms: now_ms(),
        command_exit,
        command_ended_ms,
        stable: matches!(stop, Stop::Stable),
        interrupted: matches!(stop, Stop::Signal),
        outcome: timeline.finish(),
    })
}

/// Stable: the command has ended and nothing changed for `until_stable` since the later
/// of its end and the last change. Without a command, only a signal ends the watch.
fn is_stable(
    timeline: &Timeline,
    command_ended_ms: Option<i64>,
    at_ms: i64,
    until_stable: Duration,
) -> bool {
    let (Some(ended), Some(quiet)) = (command_ended_ms, timeline.quiet_since_ms()) else {
        return false;
    };
    at_ms - ended.max(quiet) >= until_stable.as_millis() as i64
}

/// Passes a signal ccx caught on to the command, unless the terminal already gave it
/// to the command (a Ctrl-C or hang-up of the foreground group). SIGTERM is aimed at
/// ccx alone, so it is always passed on.
fn pass_on(child: Option<&Child>, signal: Caught) {
    let Some(child) = child else {
        return;
    };
    if signal == Caught::Terminate || !child::terminal_signals_the_command() {
        child.send(signal.number());
    }
}

async fn ended(child: &mut Option<Child>) -> anyhow::Result<super::child::CommandExit> {
    match child {
        Some(child) => child.ended().await,
        None => std::future::pending().await,
    }
}

async fn read(plan: &Plan<'_>) -> reading::Reading {
    reading::read(plan.aws, plan.topology, plan.stack, plan.sources).await
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}
