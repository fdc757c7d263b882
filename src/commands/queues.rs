//! `ccx queues`: depth of each topology queue and of its dead-letter queue.

use std::time::{Duration, Instant};

use anyhow::Result;
use clap::Args;
use futures::future::try_join_all;
use serde::Serialize;

use crate::aws::arn;
use crate::consumers::{self, Source};
use crate::exit::ExitStatus;
use crate::resolve::{self, Resolution};
use crate::settings::Context;
use crate::state::mappings;
use crate::state::queues::{self, QueueAttributes};

#[derive(Debug, Args)]
pub struct QueuesArgs {
    /// Keep reading the depths, with the trend and a drain ETA, until Ctrl-C
    #[arg(long, short = 'w')]
    pub watch: bool,

    /// Time between readings under --watch
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = crate::cli::parse_duration)]
    pub interval: Duration,

    /// Stop after this many readings under --watch
    #[arg(long, value_name = "N", requires = "watch")]
    pub count: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct QueuesReport {
    pub stack: String,
    pub queues: Vec<QueueRow>,
    pub problems: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct QueueRow {
    /// Topology key (`lines`).
    pub key: String,
    /// Real queue name; null when the queue does not exist in the stack.
    pub name: Option<String>,
    pub url: Option<String>,
    pub exists: bool,
    pub visible: u64,
    pub in_flight: u64,
    pub delayed: u64,
    pub visibility_timeout_seconds: Option<u64>,
    /// Functions with an enabled mapping on this queue.
    pub consumers: Vec<String>,
    pub dlq: Option<DlqRow>,
    /// Under --watch: visible messages drained per second since the previous reading
    /// (negative when the queue grows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drain_rate_per_second: Option<f64>,
    /// Under --watch: seconds until empty at the current rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drain_eta_seconds: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct DlqRow {
    pub name: String,
    pub url: String,
    pub visible: u64,
    pub max_receive_count: Option<u64>,
}

pub async fn run(ctx: &Context, args: &QueuesArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    if !args.watch {
        let (report, _) = read(ctx, &aws).await?;
        let ok = report.problems.is_empty();
        print(ctx, &report, false)?;
        return Ok(ExitStatus::from_ok(ok));
    }
    let mut previous: Option<(Instant, QueuesReport)> = None;
    let mut readings = 0u64;
    loop {
        let at = Instant::now();
        let (mut report, _) = read(ctx, &aws).await?;
        if let Some((then, before)) = &previous {
            add_trend(&mut report, before, at.duration_since(*then).as_secs_f64());
        }
        print(ctx, &report, true)?;
        readings += 1;
        if args.count.is_some_and(|n| readings >= n) {
            return Ok(ExitStatus::Success);
        }
        previous = Some((at, report));
        tokio::select! {
            _ = tokio::time::sleep(args.interval) => {}
            _ = tokio::signal::ctrl_c() => return Ok(ExitStatus::Success),
        }
    }
}

fn print(ctx: &Context, report: &QueuesReport, watching: bool) -> Result<()> {
    if ctx.printer.is_json() {
        if watching {
            ctx.printer.json_line(report)?;
        } else {
            ctx.printer.json(report)?;
        }
    } else {
        let stamp = if watching {
            format!("{}\n", jiff::Timestamp::now().strftime("%H:%M:%S"))
        } else {
            String::new()
        };
        ctx.printer
            .text(&format!("{stamp}{}", crate::render::queues::render(report)))?;
    }
    Ok(())
}

/// Rate and ETA per queue from two readings `seconds` apart.
fn add_trend(report: &mut QueuesReport, before: &QueuesReport, seconds: f64) {
    for row in &mut report.queues {
        let Some(prev) = before.queues.iter().find(|q| q.key == row.key && q.exists) else {
            continue;
        };
        if !row.exists || seconds <= 0.0 {
            continue;
        }
        let rate = (prev.visible as f64 - row.visible as f64) / seconds;
        row.drain_rate_per_second = Some((rate * 10.0).round() / 10.0);
        row.drain_eta_seconds = (rate > 0.0).then(|| (row.visible as f64 / rate).ceil() as u64);
    }
}

/// Reads every topology queue's depth and DLQ, and (from the same listings) who
/// consumes each topology source.
pub async fn read(ctx: &Context, aws: &crate::aws::Aws) -> Result<(QueuesReport, Vec<Source>)> {
    let (urls, all_mappings) =
        tokio::try_join!(queues::list_queue_urls(aws), mappings::list_mappings(aws))?;
    let names: Vec<String> = urls
        .iter()
        .map(|u| arn::queue_name_from_url(u).to_string())
        .collect();
    let topology = ctx.topology();
    let stack = ctx.stack();

    let mut found = Vec::new();
    for (key, spec) in &topology.queues {
        let resolution = resolve::resolve(names.iter().map(String::as_str), &spec.pattern, stack);
        match &resolution {
            Resolution::Ambiguous { .. } => {
                anyhow::bail!(resolve::describe_failure(
                    "queue",
                    key,
                    &spec.pattern,
                    stack,
                    &resolution,
                    &names
                ))
            }
            Resolution::Found { name } => {
                let url = urls
                    .iter()
                    .find(|u| arn::queue_name_from_url(u) == name)
                    .cloned()
                    .unwrap_or_default();
                found.push((key.clone(), Some((name.clone(), url))));
            }
            Resolution::Missing => found.push((key.clone(), None)),
        }
    }

    // Queue attributes, then (dependent on the redrive policy) the DLQ's: two rounds,
    // each fully concurrent.
    let attributes = try_join_all(found.iter().map(|(_, q)| {
        let aws = &aws;
        async move {
            match q {
                Some((_, url)) => queues::queue_attributes(aws, url).await.map(Some),
                None => Ok(None),
            }
        }
    }))
    .await?;
    let dlqs = try_join_all(attributes.iter().map(|attrs| {
        let (aws, urls) = (&aws, &urls);
        async move {
            let Some(dlq_arn) = attrs.as_ref().and_then(|a| a.dlq_arn.as_deref()) else {
                return Ok(None);
            };
            let url = queues::url_for_arn(aws, dlq_arn, urls).await?;
            let dlq_attrs = queues::queue_attributes(aws, &url).await?;
            Ok::<_, crate::aws::AwsError>(Some((
                arn::queue_name_from_url(&url).to_string(),
                url,
                dlq_attrs,
            )))
        }
    }))
    .await?;

    let sources = consumers::group_by_source(topology, stack, &names, &all_mappings, false)?;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (((key, q), attrs), dlq) in found.into_iter().zip(attributes).zip(dlqs) {
        let consumers: Vec<String> = sources
            .iter()
            .find(|s| s.key.as_deref() == Some(key.as_str()))
            .map(|s| {
                s.active()
                    .map(|m| m.mapping.function_name.clone())
                    .collect()
            })
            .unwrap_or_default();
        if q.is_none() {
            problems.push(format!(
                "{key}: no queue in stack {stack} contains `{}`",
                topology.queues[&key].pattern
            ));
        }
        rows.push(build_row(key, q, attrs, dlq, consumers));
    }
    let report = QueuesReport {
        stack: stack.to_string(),
        queues: rows,
        problems,
    };
    Ok((report, sources))
}

fn build_row(
    key: String,
    queue: Option<(String, String)>,
    attrs: Option<QueueAttributes>,
    dlq: Option<(String, String, QueueAttributes)>,
    consumers: Vec<String>,
) -> QueueRow {
    let attrs = attrs.unwrap_or(QueueAttributes {
        arn: None,
        visible: 0,
        in_flight: 0,
        delayed: 0,
        visibility_timeout_seconds: None,
        dlq_arn: None,
        max_receive_count: None,
    });
    QueueRow {
        key,
        exists: queue.is_some(),
        name: queue.as_ref().map(|(n, _)| n.clone()),
        url: queue.map(|(_, u)| u),
        visible: attrs.visible,
        in_flight: attrs.in_flight,
        delayed: attrs.delayed,
        visibility_timeout_seconds: attrs.visibility_timeout_seconds,
        consumers,
        dlq: dlq.map(|(name, url, d)| DlqRow {
            name,
            url,
            visible: d.visible,
            max_receive_count: attrs.max_receive_count,
        }),
        drain_rate_per_second: None,
        drain_eta_seconds: None,
    }
}
