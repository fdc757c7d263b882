//! Where `ccx tail`'s events go: routed to their NAME, counted, grouped into invocations,
//! and written line by line or (with `--by-request`, `--errors`, `--request`) as one
//! block per invocation, into buffered stdout.

use std::io::{self, BufWriter, Stdout, Write};

use crate::app::settings::Context;
use crate::base::topology::LogSpec;
use crate::logs::classify::{LineKind, Tally};
use crate::logs::invocations::summary::{Counter, FunctionSummary};
use crate::logs::invocations::{Invocation, Tracker};
use crate::logs::lambda_line::LambdaLine;
use crate::logs::merge::Event;
use crate::logs::poll::Sink;
use crate::logs::routes::{LeftOutLines, Routed, Routes};
use crate::logs::sources::Source;
use crate::render::tail::{Format, JsonRenderer, TextRenderer, TimeText};
use crate::render::tail_invocations;

/// Which invocations a grouped tail shows.
#[derive(Debug, Clone, Default)]
pub struct Grouping {
    /// Only those that failed or timed out (`--errors`).
    pub failed_only: bool,
    /// Only this request (`--request ID`).
    pub request: Option<String>,
}

impl Grouping {
    fn shows(&self, invocation: &Invocation) -> bool {
        if self.failed_only && !invocation.outcome.failed() {
            return false;
        }
        match &self.request {
            Some(id) => invocation.request_id.as_deref() == Some(id.as_str()),
            None => true,
        }
    }
}

/// How the sink is set up.
pub struct SinkOptions {
    pub format: Format,
    /// `--local`: text times in this zone.
    pub zone: Option<jiff::tz::TimeZone>,
    /// None: line by line.
    pub grouping: Option<Grouping>,
    /// Per source: how long after its start an invocation may still have lines (the
    /// function's timeout plus the lookback).
    pub horizons_ms: Vec<i64>,
}

enum Renderer {
    Text(TextRenderer),
    Json(JsonRenderer),
}

/// Buffered stdout: written per event (or per invocation), flushed per batch (whenever
/// the poller waits).
pub struct TailSink {
    out: BufWriter<Stdout>,
    renderer: Renderer,
    colour: bool,
    labels: Vec<String>,
    pub routes: Routes,
    pub left_out: LeftOutLines,
    /// Per source.
    tallies: Vec<Tally>,
    counters: Vec<Counter>,
    tracker: Tracker,
    grouping: Option<Grouping>,
    released: Vec<Invocation>,
    header_time: TimeText,
    /// Invocations shown in a grouped tail.
    pub shown_invocations: u64,
    spec: LogSpec,
}

impl TailSink {
    pub fn new(
        ctx: &Context,
        sources: &[Source],
        routes: Routes,
        options: SinkOptions,
    ) -> TailSink {
        let labels: Vec<String> = sources.iter().map(|s| s.label.clone()).collect();
        let colour = !ctx.printer.is_json() && ctx.printer.colours_stdout();
        let renderer = if ctx.printer.is_json() {
            Renderer::Json(JsonRenderer::new())
        } else {
            Renderer::Text(
                TextRenderer::new(&labels, &ctx.topology().logs, options.format, colour)
                    .with_zone(options.zone.clone()),
            )
        };
        let spec = &ctx.topology().logs;
        TailSink {
            out: BufWriter::with_capacity(1 << 16, io::stdout()),
            renderer,
            colour,
            left_out: LeftOutLines::new(routes.groups.len()),
            tallies: sources.iter().map(|_| Tally::new(spec)).collect(),
            counters: sources
                .iter()
                .map(|s| Counter::new(&s.label, &s.group))
                .collect(),
            tracker: Tracker::new(options.horizons_ms, options.grouping.is_some()),
            grouping: options.grouping,
            released: Vec::new(),
            header_time: options
                .zone
                .map_or_else(TimeText::default, TimeText::in_zone),
            labels,
            routes,
            shown_invocations: 0,
            spec: spec.clone(),
        }
    }

    /// Warns, once per group, about lines whose stream names no function.
    pub fn warn_left_out(&mut self, ctx: &Context) {
        for warning in self.left_out.new_warnings(&self.routes) {
            ctx.printer.warn(&warning);
        }
    }

    /// Hands out the invocations whose horizon has passed by `now_ms` (under
    /// `--follow`, between rounds: one whose REPORT never comes is not held forever).
    pub fn tick(&mut self, now_ms: i64) -> io::Result<()> {
        self.tracker.release(now_ms, &mut self.released);
        self.write_released()
    }

    /// Hands out everything still open, as the tail ends.
    pub fn finish(&mut self) -> io::Result<()> {
        self.tracker.finish(&mut self.released);
        self.write_released()?;
        if self.grouping.is_some()
            && let Renderer::Json(_) = self.renderer
        {
            let summaries = self.summaries();
            tail_invocations::write_json_summary(&mut self.out, &summaries)?;
        }
        self.out.flush()
    }

    /// The most invocations held open at once.
    pub fn peak_held(&self) -> usize {
        self.tracker.peak_held()
    }

    /// Every source's counts, in one tally: events shown and the markers.
    pub fn total(&self) -> Tally {
        let mut total = Tally::new(&self.spec);
        for tally in &self.tallies {
            total.absorb(tally);
        }
        total
    }

    /// Per source (NAME), what its invocations came to.
    pub fn summaries(&self) -> Vec<FunctionSummary> {
        self.counters
            .iter()
            .zip(&self.tallies)
            .map(|(counter, tally)| counter.summary(tally))
            .collect()
    }

    fn write_released(&mut self) -> io::Result<()> {
        let released = std::mem::take(&mut self.released);
        for invocation in &released {
            self.counters[invocation.source].add(invocation);
            if let Some(grouping) = &self.grouping
                && grouping.shows(invocation)
            {
                self.shown_invocations += 1;
                self.write_block(invocation)?;
            }
        }
        self.released = released;
        self.released.clear();
        Ok(())
    }

    fn write_block(&mut self, invocation: &Invocation) -> io::Result<()> {
        let source = invocation.source;
        match &mut self.renderer {
            Renderer::Json(_) => tail_invocations::write_json(
                &mut self.out,
                invocation,
                &self.labels[source],
                &self.routes.groups,
            ),
            Renderer::Text(r) => {
                let label = (self.labels.len() > 1).then(|| self.labels[source].as_str());
                let time = self.header_time.format(invocation.start_ms);
                tail_invocations::write_header(
                    &mut self.out,
                    invocation,
                    time,
                    label,
                    self.colour,
                )?;
                for event in &invocation.lines {
                    let line = LambdaLine::parse(&event.message);
                    let kind = self.tallies[source].kind_of(&line);
                    self.out.write_all(b"  ")?;
                    r.write(&mut self.out, event, source, &line, kind)?;
                }
                Ok(())
            }
        }
    }
}

impl Sink for TailSink {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        let source = match self.routes.route(event.source, &event.stream) {
            Routed::To(source) => source,
            Routed::LeftOut(owner) => {
                self.left_out.add(event.source, &owner, &event.stream);
                return Ok(());
            }
        };
        let line = LambdaLine::parse(&event.message);
        let kind = self.tallies[source].add_line(&line);
        let error = matches!(kind, LineKind::Error(_));
        self.tracker
            .add(source, event, &line, error, &mut self.released);
        if self.grouping.is_none() {
            match &mut self.renderer {
                Renderer::Text(r) => r.write(&mut self.out, event, source, &line, kind)?,
                Renderer::Json(r) => r.write(
                    &mut self.out,
                    event,
                    &self.labels[source],
                    &self.routes.groups[event.source],
                )?,
            }
        }
        if !self.released.is_empty() {
            self.write_released()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
