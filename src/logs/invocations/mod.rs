//! Invocations out of a merged stream of log lines: lines grouped by request id (or, for
//! lines that name none, by the invocation running in their log stream: an execution
//! environment runs one invocation at a time and writes one stream), each with its
//! outcome and the figures Lambda reports.
//!
//! Memory is bounded by the invocations still open: an invocation is handed out when its
//! REPORT arrives, in order of start, and one whose REPORT never comes is handed out as
//! unfinished once the events reach its start plus the function's timeout plus the
//! lookback (nothing later can belong to it). Lines before the first START of a stream
//! (INIT_START, what the function logs while it initialises) go with that START.

pub mod facts;
pub mod summary;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::logs::lambda_line::LambdaLine;
use crate::logs::merge::Event;
use facts::{Fact, LineFacts, Report};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Ok,
    /// The handler failed (an error status, or an error line of the topology's).
    Error,
    /// `Task timed out after …`, or a timeout status.
    Timeout,
    /// The runtime was killed for memory (`Runtime.OutOfMemory`, or an exit at the
    /// memory size).
    OutOfMemory,
    /// The runtime exited (`Runtime.ExitError`) below the memory size.
    RuntimeExit,
    /// The execution environment failed to initialise.
    InitError,
    /// No REPORT within the range read (still running, or its end was not logged).
    Unfinished,
    /// Lines that belong to no invocation (before any START of their stream, never
    /// followed by one).
    Outside,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Error => "error",
            Outcome::Timeout => "timeout",
            Outcome::OutOfMemory => "out_of_memory",
            Outcome::RuntimeExit => "runtime_exit",
            Outcome::InitError => "init_error",
            Outcome::Unfinished => "unfinished",
            Outcome::Outside => "outside",
        }
    }

    /// Failed or timed out: what `--errors` shows.
    pub fn failed(self) -> bool {
        matches!(
            self,
            Outcome::Error
                | Outcome::Timeout
                | Outcome::OutOfMemory
                | Outcome::RuntimeExit
                | Outcome::InitError
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    pub source: usize,
    pub stream: String,
    /// None for lines outside any invocation.
    pub request_id: Option<String>,
    /// The START line's time (the first line's when START was before the range).
    pub start_ms: i64,
    /// The REPORT line's time.
    pub end_ms: Option<i64>,
    pub outcome: Outcome,
    pub report: Report,
    /// The error type Lambda named (`Runtime.ExitError`, …).
    pub error_type: Option<String>,
    /// Lines of the topology's error texts.
    pub error_lines: u64,
    /// Kept only when the tracker keeps lines.
    pub lines: Vec<Event>,
    started: bool,
    timed_out: bool,
    runtime_exit: Option<bool>,
    init_failed: bool,
    status: Option<String>,
}

impl Invocation {
    fn new(source: usize, event: &Event, request_id: Option<String>) -> Invocation {
        Invocation {
            source,
            stream: event.stream.clone(),
            request_id,
            start_ms: event.timestamp_ms,
            end_ms: None,
            outcome: Outcome::Unfinished,
            report: Report::default(),
            error_type: None,
            error_lines: 0,
            lines: Vec::new(),
            started: false,
            timed_out: false,
            runtime_exit: None,
            init_failed: false,
            status: None,
        }
    }

    /// A cold start: Lambda reported an init duration.
    pub fn cold_start(&self) -> bool {
        self.report.init_duration_ms.is_some()
    }

    fn conclude(&mut self, finished: bool) {
        let status = self.status.as_deref().or(self.report.status.as_deref());
        let error_type = self.error_type.as_deref().unwrap_or("");
        let at_memory_size = matches!(
            (self.report.max_memory_mb, self.report.memory_size_mb),
            (Some(used), Some(size)) if used >= size
        );
        self.outcome = if self.request_id.is_none() {
            Outcome::Outside
        } else if self.init_failed {
            Outcome::InitError
        } else if self.timed_out || status == Some("timeout") {
            Outcome::Timeout
        } else if error_type.contains("OutOfMemory")
            || self.runtime_exit == Some(true)
            || ((self.runtime_exit.is_some() || error_type.contains("ExitError")) && at_memory_size)
        {
            Outcome::OutOfMemory
        } else if self.runtime_exit.is_some() || error_type.contains("ExitError") {
            Outcome::RuntimeExit
        } else if status.is_some() || self.error_lines > 0 || !error_type.is_empty() {
            Outcome::Error
        } else if finished {
            Outcome::Ok
        } else {
            Outcome::Unfinished
        };
    }
}

/// Groups lines into invocations. `error` says whether a line is one of the topology's
/// error lines (the caller's classification, so both agree).
pub struct Tracker {
    keep_lines: bool,
    /// Per source: how long after its start an invocation may still have lines (the
    /// function's timeout plus the lookback).
    horizon_ms: Vec<i64>,
    /// Open or finished-but-not-yet-released invocations, by arrival.
    queue: BTreeMap<u64, (Invocation, bool)>,
    by_request: HashMap<(usize, String), u64>,
    /// The invocation running in a stream (or the lines waiting for its first START).
    by_stream: HashMap<(usize, String), u64>,
    next: u64,
    newest_ms: i64,
    peak: usize,
}

impl Tracker {
    pub fn new(horizon_ms: Vec<i64>, keep_lines: bool) -> Tracker {
        Tracker {
            keep_lines,
            horizon_ms,
            queue: BTreeMap::new(),
            by_request: HashMap::new(),
            by_stream: HashMap::new(),
            next: 0,
            newest_ms: i64::MIN,
            peak: 0,
        }
    }

    /// Invocations held now.
    #[cfg(test)]
    pub fn held(&self) -> usize {
        self.queue.len()
    }

    /// The most invocations held at once (open, or finished and waiting for an earlier
    /// one): what the tracker's memory grew to.
    pub fn peak_held(&self) -> usize {
        self.peak
    }

    /// Adds one line of `source` (the NAME it is shown under; events come in time
    /// order); the invocations now complete, in order of start, go to `out`.
    pub fn add(
        &mut self,
        source: usize,
        event: &Event,
        line: &LambdaLine,
        error: bool,
        out: &mut Vec<Invocation>,
    ) {
        self.newest_ms = self.newest_ms.max(event.timestamp_ms);
        let LineFacts { request_id, fact } = facts::facts(line);
        let stream_key = (source, event.stream.clone());
        let slot = match (&request_id, &fact) {
            (Some(id), _) => self.slot_for_request(source, event, id, matches!(fact, Fact::Start)),
            (None, _) => self.slot_for_stream(source, event, &stream_key),
        };
        let Some((invocation, done)) = self.queue.get_mut(&slot) else {
            return;
        };
        if error {
            invocation.error_lines += 1;
        }
        if self.keep_lines {
            invocation.lines.push(event.clone());
        }
        match fact {
            Fact::Start => {
                invocation.started = true;
                invocation.start_ms = event.timestamp_ms;
            }
            Fact::RuntimeDone { status, error_type } => {
                if status.is_some() {
                    invocation.status = status;
                }
                if error_type.is_some() {
                    invocation.error_type = error_type;
                }
            }
            Fact::Report(report) => {
                if invocation.error_type.is_none() {
                    invocation.error_type.clone_from(&report.error_type);
                }
                invocation.report = report;
                invocation.end_ms = Some(event.timestamp_ms);
                invocation.conclude(true);
                *done = true;
                if let Some(id) = &invocation.request_id {
                    self.by_request.remove(&(source, id.clone()));
                }
                if self.by_stream.get(&stream_key) == Some(&slot) {
                    self.by_stream.remove(&stream_key);
                }
            }
            Fact::TimedOut => invocation.timed_out = true,
            Fact::RuntimeExit { out_of_memory } => {
                invocation.runtime_exit =
                    Some(invocation.runtime_exit.unwrap_or(false) || out_of_memory);
            }
            Fact::InitFailed { error_type } => {
                invocation.init_failed = true;
                if error_type.is_some() {
                    invocation.error_type = error_type;
                }
            }
            Fact::Other => {}
        }
        self.release(self.newest_ms, out);
    }

    /// The invocation of request `id`: the open one, or a new one (which takes over
    /// the lines its stream logged before it, while they wait for a START).
    fn slot_for_request(&mut self, source: usize, event: &Event, id: &str, start: bool) -> u64 {
        let key = (source, id.to_string());
        if let Some(&slot) = self.by_request.get(&key) {
            return slot;
        }
        let stream_key = (source, event.stream.clone());
        // Lines waiting in this stream without a request (INIT_START, init output) are
        // this invocation's beginning.
        if let Some(&waiting) = self.by_stream.get(&stream_key)
            && let Some((pending, false)) = self.queue.get_mut(&waiting)
            && pending.request_id.is_none()
        {
            pending.request_id = Some(id.to_string());
            self.by_request.insert(key, waiting);
            return waiting;
        }
        let slot = self.push(Invocation::new(source, event, Some(id.to_string())));
        self.by_request.insert(key, slot);
        if start || !self.by_stream.contains_key(&stream_key) {
            self.by_stream.insert(stream_key, slot);
        }
        slot
    }

    /// The invocation running in the event's stream, or a holder for lines that wait
    /// for one.
    fn slot_for_stream(&mut self, source: usize, event: &Event, key: &(usize, String)) -> u64 {
        if let Some(&slot) = self.by_stream.get(key)
            && self.queue.contains_key(&slot)
        {
            return slot;
        }
        let slot = self.push(Invocation::new(source, event, None));
        self.by_stream.insert(key.clone(), slot);
        slot
    }

    fn push(&mut self, invocation: Invocation) -> u64 {
        let slot = self.next;
        self.next += 1;
        self.queue.insert(slot, (invocation, false));
        self.peak = self.peak.max(self.queue.len());
        slot
    }

    /// Hands out, in order, every invocation at the front that is done or whose
    /// horizon `now_ms` has passed.
    pub fn release(&mut self, now_ms: i64, out: &mut Vec<Invocation>) {
        while let Some(entry) = self.queue.first_entry() {
            let (invocation, done) = entry.get();
            let horizon = self.horizon_ms.get(invocation.source).copied().unwrap_or(0);
            if !*done && invocation.start_ms.saturating_add(horizon) >= now_ms {
                return;
            }
            let (mut invocation, done) = entry.remove();
            if !done {
                self.forget(&invocation);
                invocation.conclude(false);
            }
            out.push(invocation);
        }
    }

    /// Everything still held, as the range ends.
    pub fn finish(&mut self, out: &mut Vec<Invocation>) {
        self.release(i64::MAX, out);
    }

    fn forget(&mut self, invocation: &Invocation) {
        if let Some(id) = &invocation.request_id {
            self.by_request.remove(&(invocation.source, id.clone()));
        }
        let key = (invocation.source, invocation.stream.clone());
        if let Some(&slot) = self.by_stream.get(&key)
            && !self.queue.contains_key(&slot)
        {
            self.by_stream.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests;
