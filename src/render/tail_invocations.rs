//! `ccx tail --by-request`: each invocation as a block (a header line with its time,
//! request id, outcome, duration and memory, then its lines), or one JSON object per
//! invocation; and the end-of-tail summary per function, as lines or as one JSON object.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::logs::invocations::summary::{FunctionSummary, Percentiles};
use crate::logs::invocations::{Invocation, Outcome};
use crate::logs::merge::Event;
use crate::render::tail::{JsonEvent, TimeText, ingestion_lag_ms, message_text};
use crate::ui::style::{BAD, DIM, HEADING, WARN, write_painted};

/// The header of an invocation's block: `TIME [LABEL] REQUEST_ID OUTCOME figures`.
pub fn header(invocation: &Invocation, time: &str, label: Option<&str>) -> String {
    let mut text = String::with_capacity(120);
    text.push_str(time);
    if let Some(label) = label {
        let _ = write!(text, " {label}");
    }
    let id = invocation
        .request_id
        .as_deref()
        .unwrap_or("(lines outside any invocation)");
    let _ = write!(text, " {id} {}", outcome_word(invocation.outcome));
    if let Some(error_type) = &invocation.error_type {
        let _ = write!(text, " ({error_type})");
    }
    let figures = figures(invocation);
    if !figures.is_empty() {
        let _ = write!(text, "  {}", figures.join(", "));
    }
    text
}

/// `812.33 ms (billed 813 ms)`, `memory 187/1024 MB`, `cold start: init 245.10 ms`.
fn figures(invocation: &Invocation) -> Vec<String> {
    let r = &invocation.report;
    let mut parts = Vec::new();
    if let Some(d) = r.duration_ms {
        parts.push(match r.billed_ms {
            Some(b) => format!("{d:.2} ms (billed {b} ms)"),
            None => format!("{d:.2} ms"),
        });
    }
    match (r.max_memory_mb, r.memory_size_mb) {
        (Some(used), Some(size)) => parts.push(format!("memory {used}/{size} MB")),
        (Some(used), None) => parts.push(format!("memory {used} MB")),
        _ => {}
    }
    if let Some(init) = r.init_duration_ms {
        parts.push(format!("cold start: init {init:.2} ms"));
    }
    parts
}

/// The outcome as the header says it.
pub fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Ok => "ok",
        Outcome::Error => "ERROR",
        Outcome::Timeout => "TIMED OUT",
        Outcome::OutOfMemory => "OUT OF MEMORY",
        Outcome::RuntimeExit => "RUNTIME EXITED",
        Outcome::InitError => "INIT FAILED",
        Outcome::Unfinished => "unfinished (no REPORT yet)",
        Outcome::Outside => "",
    }
}

/// Writes the header line, painted by outcome.
pub fn write_header(
    out: &mut impl Write,
    invocation: &Invocation,
    time: &str,
    label: Option<&str>,
    colour: bool,
) -> io::Result<()> {
    let text = header(invocation, time, label);
    let style = match invocation.outcome {
        o if o.failed() => BAD,
        Outcome::Unfinished => WARN,
        Outcome::Outside => DIM,
        _ => HEADING,
    };
    write_painted(out, style, text.trim_end(), colour)?;
    out.write_all(b"\n")
}

/// One invocation as a JSON line. Times are UTC, as in the line-by-line output.
#[derive(Debug, Serialize)]
pub struct JsonInvocation<'a> {
    /// Always `invocation` (the last line is the `summary`).
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub source: &'a str,
    pub log_group: &'a str,
    pub log_stream: &'a str,
    /// Null for lines outside any invocation.
    pub request_id: Option<&'a str>,
    pub start: String,
    /// The REPORT's time; null when it did not come.
    pub end: Option<String>,
    pub outcome: &'static str,
    pub error_type: Option<&'a str>,
    pub duration_ms: Option<f64>,
    pub billed_duration_ms: Option<u64>,
    pub memory_size_mb: Option<u64>,
    pub max_memory_used_mb: Option<u64>,
    pub init_duration_ms: Option<f64>,
    pub cold_start: bool,
    pub error_lines: u64,
    pub events: Vec<JsonEvent<'a>>,
}

/// Writes `invocation` as one JSON line; `groups[event.source]` names each line's group.
pub fn write_json(
    out: &mut impl Write,
    invocation: &Invocation,
    source: &str,
    groups: &[String],
) -> io::Result<()> {
    let mut time = TimeText::default();
    let mut times: Vec<(String, Option<String>)> = Vec::with_capacity(invocation.lines.len());
    for event in &invocation.lines {
        let at = time.format(event.timestamp_ms).to_string();
        let ingested = ingestion_lag_ms(event).map(|_| time.format(event.ingestion_ms).to_string());
        times.push((at, ingested));
    }
    let events = invocation
        .lines
        .iter()
        .zip(&times)
        .map(|(event, (at, ingested)): (&Event, _)| JsonEvent {
            timestamp: at,
            source,
            log_group: groups.get(event.source).map_or("", String::as_str),
            log_stream: &event.stream,
            event_id: &event.event_id,
            message: message_text(&event.message),
            ingestion_time: ingested.as_deref(),
            ingestion_lag_ms: ingestion_lag_ms(event),
        })
        .collect();
    let r = &invocation.report;
    let group = invocation
        .lines
        .first()
        .and_then(|e| groups.get(e.source))
        .map_or("", String::as_str);
    let line = JsonInvocation {
        kind: "invocation",
        source,
        log_group: group,
        log_stream: &invocation.stream,
        request_id: invocation.request_id.as_deref(),
        start: time.format(invocation.start_ms).to_string(),
        end: invocation.end_ms.map(|t| time.format(t).to_string()),
        outcome: invocation.outcome.as_str(),
        error_type: invocation.error_type.as_deref(),
        duration_ms: r.duration_ms,
        billed_duration_ms: r.billed_ms,
        memory_size_mb: r.memory_size_mb,
        max_memory_used_mb: r.max_memory_mb,
        init_duration_ms: r.init_duration_ms,
        cold_start: invocation.cold_start(),
        error_lines: invocation.error_lines,
        events,
    };
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}

/// The summary as the last JSON line of `--by-request`.
#[derive(Debug, Serialize)]
pub struct JsonSummary<'a> {
    /// Always `summary`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub functions: &'a [FunctionSummary],
}

pub fn write_json_summary(out: &mut impl Write, functions: &[FunctionSummary]) -> io::Result<()> {
    serde_json::to_writer(
        &mut *out,
        &JsonSummary {
            kind: "summary",
            functions,
        },
    )?;
    out.write_all(b"\n")
}

/// One line per function: `enhanced-compaction: 24 invocations, 2 failed (1 timeout,
/// 1 error), 3 cold starts; duration p50 812 ms, p95 900 ms, max 1000 ms; memory up to
/// 187 of 1024 MB`.
pub fn summary_line(s: &FunctionSummary) -> String {
    let mut text = format!(
        "{}: {} invocation{}",
        s.source,
        s.invocations,
        plural(s.invocations)
    );
    if s.failed > 0 {
        let kinds: Vec<String> = [
            (s.errors, "error"),
            (s.timeouts, "timeout"),
            (s.out_of_memory, "out of memory"),
            (s.runtime_exits, "runtime exit"),
            (s.init_errors, "init error"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| match (*n, *what) {
            (1, what) | (_, what @ "out of memory") => format!("{n} {what}"),
            (_, what) => format!("{n} {what}s"),
        })
        .collect();
        let _ = write!(text, ", {} failed ({})", s.failed, kinds.join(", "));
    } else {
        text.push_str(", none failed");
    }
    if s.unfinished > 0 {
        let _ = write!(text, ", {} unfinished", s.unfinished);
    }
    let _ = write!(
        text,
        ", {} cold start{}",
        s.cold_starts,
        plural(s.cold_starts)
    );
    if let Some(Percentiles { p50, p95, max }) = s.duration_ms {
        let _ = write!(
            text,
            "; duration p50 {} ms, p95 {} ms, max {} ms",
            ms(p50),
            ms(p95),
            ms(max)
        );
    }
    match (s.max_memory_used_mb, s.memory_size_mb) {
        (Some(used), Some(size)) => {
            let _ = write!(text, "; memory up to {used} of {size} MB");
        }
        (Some(used), None) => {
            let _ = write!(text, "; memory up to {used} MB");
        }
        _ => {}
    }
    text
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Whole milliseconds unless the figure has a fraction worth showing (under 10 ms).
fn ms(value: f64) -> String {
    if value < 10.0 {
        format!("{value:.2}")
    } else {
        format!("{}", value.round() as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::invocations::facts::Report;

    fn summary() -> FunctionSummary {
        FunctionSummary {
            source: "enhanced-compaction".into(),
            log_group: "/aws/lambda/x".into(),
            invocations: 5,
            ok: 2,
            failed: 3,
            errors: 1,
            timeouts: 2,
            out_of_memory: 0,
            runtime_exits: 0,
            init_errors: 0,
            unfinished: 0,
            cold_starts: 1,
            duration_ms: Some(Percentiles {
                p50: 812.33,
                p95: 60000.0,
                max: 60000.0,
            }),
            max_memory_used_mb: Some(187),
            memory_size_mb: Some(1024),
            max_init_duration_ms: Some(245.1),
            markers: Vec::new(),
            error_lines: 1,
        }
    }

    #[test]
    fn the_summary_line_counts_each_kind_of_failure() {
        assert_eq!(
            summary_line(&summary()),
            "enhanced-compaction: 5 invocations, 3 failed (1 error, 2 timeouts), 1 cold start; \
             duration p50 812 ms, p95 60000 ms, max 60000 ms; memory up to 187 of 1024 MB"
        );
        let quiet = FunctionSummary {
            invocations: 1,
            failed: 0,
            errors: 0,
            timeouts: 0,
            cold_starts: 0,
            duration_ms: None,
            max_memory_used_mb: None,
            ..summary()
        };
        assert_eq!(
            summary_line(&quiet),
            "enhanced-compaction: 1 invocation, none failed, 0 cold starts"
        );
    }

    #[test]
    fn headers_carry_the_figures() {
        let mut out = Vec::new();
        let mut tracker = crate::logs::invocations::Tracker::new(vec![60_000], false);
        let id = "aaaaaaaa-0000-4000-8000-000000000001";
        for (t, message) in [
            (0, format!("START RequestId: {id} Version: $LATEST\n")),
            (
                5,
                format!(
                    "REPORT RequestId: {id}\tDuration: 812.33 ms\tBilled Duration: 813 ms\t\
                     Memory Size: 1024 MB\tMax Memory Used: 187 MB\tInit Duration: 245.10 ms\t\n"
                ),
            ),
        ] {
            let event = Event {
                source: 0,
                timestamp_ms: t,
                ingestion_ms: t,
                stream: "s".into(),
                event_id: t.to_string(),
                message,
            };
            let line = crate::logs::lambda_line::LambdaLine::parse(&event.message);
            tracker.add(0, &event, &line, false, &mut out);
        }
        let invocation = &out[0];
        assert_eq!(invocation.report.max_memory_mb, Some(187));
        assert_eq!(
            header(invocation, "T", Some("ec")),
            format!(
                "T ec {id} ok  812.33 ms (billed 813 ms), memory 187/1024 MB, cold start: init \
                 245.10 ms"
            )
        );
        let mut timed_out = invocation.clone();
        timed_out.outcome = Outcome::Timeout;
        timed_out.report = Report::default();
        assert_eq!(header(&timed_out, "T", None), format!("T {id} TIMED OUT"));
    }
}
