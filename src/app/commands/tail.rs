//! `ccx tail NAME...`: one or more functions' (or log groups') events, merged in time
//! order, markers and errors highlighted; `--follow` keeps polling until Ctrl-C.
//!
//! Exit codes: 0 when the events were shown (and under `--follow`, on Ctrl-C or at
//! `--until`); 1 when a log group does not exist (without `--follow`; with it, ccx waits
//! for the group); 2 when it could not run.

use std::io::{self, BufWriter, Stdout, Write};
use std::time::Duration;

use anyhow::{Result, anyhow};
use clap::Args;

use crate::app::exit::ExitStatus;
use crate::app::settings::Context;
use crate::logs::classify::Tally;
use crate::logs::lambda_line::LambdaLine;
use crate::logs::listing::{GroupListing, StreamListing};
use crate::logs::merge::Event;
use crate::logs::poll::{Backoff, CloudWatch, DEFAULT_LOOKBACK, Poller, RoundReport, Sink};
use crate::logs::routes::{LeftOutLines, Routed, Routes};
use crate::logs::since::{self, TimeArg};
use crate::logs::sources::{self, Source, SourceKind};
use crate::render::tail::{Format, JsonRenderer, TextRenderer};
use crate::state;

#[derive(Debug, Args)]
pub struct TailArgs {
    /// Topology function (`enhanced-compaction`), real function name, or log group (`/...`)
    /// [with --list: default every topology function of the stack]
    #[arg(value_name = "NAME", required_unless_present = "list")]
    pub names: Vec<String>,

    /// Start: a span back from now (30s, 15m, 2h, 1d) or an RFC 3339 time
    #[arg(long, value_name = "TIME", default_value = "10m", value_parser = since::parse)]
    pub since: TimeArg,

    /// End, in the same forms as --since [default: now; with --follow: until Ctrl-C]
    #[arg(long, value_name = "TIME", value_parser = since::parse)]
    pub until: Option<TimeArg>,

    /// Keep printing new events as they arrive, until Ctrl-C (or --until)
    #[arg(long, short = 'f')]
    pub follow: bool,

    /// With --follow: how late an event may reach CloudWatch (after its own timestamp)
    /// and still be shown [default: 2m]
    #[arg(long, value_name = "DURATION", requires = "follow", value_parser = crate::app::flags::parse_duration)]
    pub lookback: Option<Duration>,

    /// CloudWatch filter pattern, applied by CloudWatch (e.g. `ERROR`, `"Merged"`)
    #[arg(long, value_name = "PATTERN")]
    pub filter: Option<String>,

    /// Only the log streams whose names start with PREFIX, in every group (e.g.
    /// `2026/11/29/[$LATEST]`: one day's streams of one version)
    #[arg(long, value_name = "PREFIX", value_parser = non_empty_prefix)]
    pub stream: Option<String>,

    /// List the NAMEs' log groups and their most recent streams instead of events
    #[arg(long, conflicts_with_all = ["follow", "filter", "until"])]
    pub list: bool,

    /// With --list: how many streams per group, 1 to 50 [default: 5]
    #[arg(long, value_name = "N", requires = "list",
          value_parser = clap::value_parser!(i32).range(1..=50))]
    pub streams: Option<i32>,

    /// Line layout (text output); detailed adds the stream and when CloudWatch ingested
    /// each event (with how late, when 10s or more)
    #[arg(long, value_enum, default_value_t = Format::Short)]
    pub format: Format,
}

fn non_empty_prefix(text: &str) -> Result<String, String> {
    if text.is_empty() {
        Err("a stream name prefix cannot be empty".into())
    } else {
        Ok(text.to_string())
    }
}

/// Streams per group `--list` shows unless `--streams` says.
const LISTED_STREAMS: i32 = 5;

pub async fn run(ctx: &Context, args: &TailArgs) -> Result<ExitStatus> {
    if args.list {
        return list(ctx, args).await;
    }
    let (start_ms, end_ms) =
        since::range(args.since, args.until, now_ms()).map_err(|e| anyhow!(e))?;
    if args.follow
        && let Some(note) = since::past_follow_end(args.until, now_ms())
    {
        ctx.printer.note(&note);
    }
    let aws = ctx.aws().await?;
    let functions = if sources::needs_function_list(&args.names) {
        state::functions::list_functions(&aws).await?
    } else {
        Vec::new()
    };
    let sources = sources::resolve_sources(&args.names, ctx.topology(), ctx.stack(), &functions)
        .map_err(|e| anyhow!(e))?;
    for s in &sources {
        ctx.printer
            .debug(&format!("{} is log group {}", s.label, s.group));
    }
    // Each group once, however many NAMEs read it; its lines go to their NAMEs.
    let routes = Routes::new(&sources);
    let mut poller = Poller::new(
        CloudWatch {
            client: aws.logs.clone(),
            budget: ctx.shared_log_budget(),
        },
        routes.groups.clone(),
        (start_ms, end_ms),
        args.filter.clone().filter(|f| !f.trim().is_empty()),
        args.lookback.unwrap_or(DEFAULT_LOOKBACK),
    )
    .with_stream_prefix(args.stream.clone());
    let mut sink = TailSink::new(ctx, &sources, routes, args.format);
    let status = if args.follow {
        follow(ctx, &sources, &mut poller, &mut sink, end_ms).await?
    } else {
        once(ctx, &sources, &mut poller, &mut sink).await?
    };
    sink.flush()?;
    sink.warn_left_out(ctx);
    for note in sink.left_out.notes(&sink.routes) {
        ctx.printer.note(&note);
    }
    ctx.printer.debug(&format!(
        "{} event id(s) held for de-duplication at the end",
        poller.tracked()
    ));
    ctx.printer.note(&format!(
        "ccx tail: {} event{} shown; {}",
        sink.tally.events,
        if sink.tally.events == 1 { "" } else { "s" },
        sink.tally.summary()
    ));
    Ok(status)
}

async fn once(
    ctx: &Context,
    sources: &[Source],
    poller: &mut Poller<CloudWatch>,
    sink: &mut TailSink,
) -> Result<ExitStatus> {
    let report = poller.round(now_ms(), sink).await?;
    if let Some((_, err)) = report.failures.into_iter().next() {
        return Err(err.into());
    }
    for &i in &report.missing {
        ctx.printer.warn(&format!(
            "{}; nothing to show",
            missing_message(&sources[sink.routes.first_source(i)])
        ));
    }
    Ok(ExitStatus::from_ok(report.missing.is_empty()))
}

async fn follow(
    ctx: &Context,
    sources: &[Source],
    poller: &mut Poller<CloudWatch>,
    sink: &mut TailSink,
    end_ms: Option<i64>,
) -> Result<ExitStatus> {
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let mut backoff = Backoff::new();
    let mut waiting = vec![false; sink.routes.groups.len()];
    let mut in_trouble = false;
    loop {
        let round_start = now_ms();
        let report: RoundReport = tokio::select! {
            report = poller.round(round_start, sink) => report?,
            _ = &mut ctrl_c => return Ok(ExitStatus::Success),
        };
        for &i in &report.missing {
            if !waiting[i] {
                waiting[i] = true;
                ctx.printer.note(&format!(
                    "{}; waiting for it to appear",
                    missing_message(&sources[sink.routes.first_source(i)])
                ));
            }
        }
        for &i in &report.appeared {
            waiting[i] = false;
            ctx.printer
                .note(&format!("log group {} appeared", sink.routes.groups[i]));
        }
        sink.warn_left_out(ctx);
        let trouble = !report.failures.is_empty();
        for (_, err) in report.failures {
            if !err.is_transient() {
                return Err(err.into());
            }
            if !in_trouble {
                ctx.printer
                    .warn(&format!("{err}; slowing down and retrying"));
            }
        }
        if in_trouble && !trouble {
            ctx.printer.note("ccx tail: reading logs again");
        }
        in_trouble = trouble;
        if end_ms.is_some_and(|end| round_start > end) {
            return Ok(ExitStatus::Success);
        }
        let pause: Duration = backoff.next(report.shown, trouble);
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = &mut ctrl_c => return Ok(ExitStatus::Success),
        }
    }
}

/// `--list`: each NAME's log group and its most recent streams, read concurrently. Exit
/// 1 when a NAME stands for no function of the stack or a group does not exist.
async fn list(ctx: &Context, args: &TailArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let defaults = args.names.is_empty();
    let names: Vec<String> = if defaults {
        ctx.topology().functions.keys().cloned().collect()
    } else {
        args.names.clone()
    };
    let functions = if sources::needs_function_list(&names) {
        state::functions::list_functions(&aws).await?
    } else {
        Vec::new()
    };
    // NAMEs given are resolved together (an unknown one is bad input); the topology's
    // own keys one by one, so a function the stack lacks is a row that says so.
    let resolved: Vec<Result<Source, (String, String)>> = if defaults {
        names
            .iter()
            .map(|name| {
                sources::resolve_sources(
                    std::slice::from_ref(name),
                    ctx.topology(),
                    ctx.stack(),
                    &functions,
                )
                .map_err(|why| (name.clone(), why))
                .and_then(|mut found| {
                    found
                        .pop()
                        .ok_or_else(|| (name.clone(), "nothing found".into()))
                })
            })
            .collect()
    } else {
        sources::resolve_sources(&names, ctx.topology(), ctx.stack(), &functions)
            .map_err(|e| anyhow!(e))?
            .into_iter()
            .map(Ok)
            .collect()
    };
    let limit = args.streams.unwrap_or(LISTED_STREAMS);
    let prefix = args.stream.as_deref();
    let reads = resolved.iter().map(|r| {
        let aws = &aws;
        async move {
            match r {
                Ok(source) => Some(
                    state::log_streams::recent_streams(aws, &source.group, prefix, limit).await,
                ),
                Err(_) => None,
            }
        }
    });
    let reads = futures::future::join_all(reads).await;
    let mut groups = Vec::with_capacity(resolved.len());
    for (r, read) in resolved.into_iter().zip(reads) {
        groups.push(match (r, read) {
            (Ok(source), Some(read)) => {
                let function = match &source.kind {
                    SourceKind::Topology { function, .. } | SourceKind::Function { function } => {
                        Some(function.clone())
                    }
                    SourceKind::Group => None,
                };
                GroupListing::found(source.label, function, source.group, read?)
            }
            (Err((name, why)), _) => GroupListing::unresolved(name, why),
            (Ok(source), None) => GroupListing::unresolved(source.label, "not read".into()),
        });
    }
    let listing = StreamListing {
        stack: ctx.stack().to_string(),
        stream_prefix: args.stream.clone(),
        groups,
    };
    let now = jiff::Timestamp::now();
    ctx.printer
        .report(&listing, |l| crate::render::tail_list::render(l, now))?;
    Ok(ExitStatus::from_ok(listing.groups.iter().all(|g| g.exists)))
}

fn missing_message(source: &Source) -> String {
    let mut text = format!("log group {} does not exist yet", source.group);
    match &source.kind {
        SourceKind::Topology { key, function } => {
            text.push_str(&format!(
                " ({key} is {function}; it has not logged anything)"
            ));
        }
        SourceKind::Function { function } => {
            text.push_str(&format!(" ({function} has not logged anything)"));
        }
        SourceKind::Group => {}
    }
    text
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

enum Renderer {
    Text(TextRenderer),
    Json(JsonRenderer),
}

/// Buffered stdout: written per event, flushed per batch (whenever the poller waits).
/// Each event arrives tagged with its group and is shown under the NAME it routes to.
struct TailSink {
    out: BufWriter<Stdout>,
    renderer: Renderer,
    labels: Vec<String>,
    routes: Routes,
    left_out: LeftOutLines,
    tally: Tally,
}

impl TailSink {
    fn new(ctx: &Context, sources: &[Source], routes: Routes, format: Format) -> TailSink {
        let labels: Vec<String> = sources.iter().map(|s| s.label.clone()).collect();
        let renderer = if ctx.printer.is_json() {
            Renderer::Json(JsonRenderer::new())
        } else {
            let colour = ctx.printer.colours_stdout();
            Renderer::Text(TextRenderer::new(
                &labels,
                &ctx.topology().logs,
                format,
                colour,
            ))
        };
        TailSink {
            out: BufWriter::with_capacity(1 << 16, io::stdout()),
            renderer,
            labels,
            left_out: LeftOutLines::new(routes.groups.len()),
            routes,
            tally: Tally::new(&ctx.topology().logs),
        }
    }

    /// Warns, once per group, about lines whose stream names no function.
    fn warn_left_out(&mut self, ctx: &Context) {
        for warning in self.left_out.new_warnings(&self.routes) {
            ctx.printer.warn(&warning);
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
        let kind = self.tally.add_line(&line);
        match &mut self.renderer {
            Renderer::Text(r) => r.write(&mut self.out, event, source, &line, kind),
            Renderer::Json(r) => r.write(
                &mut self.out,
                event,
                &self.labels[source],
                &self.routes.groups[event.source],
            ),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
