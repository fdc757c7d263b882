//! `ccx queues`: depth of each topology queue and of its dead-letter queue.

use anyhow::Result;
use clap::Args;
use futures::future::try_join_all;
use serde::Serialize;

use crate::aws::arn;
use crate::consumers;
use crate::exit::ExitStatus;
use crate::resolve::{self, Resolution};
use crate::settings::Context;
use crate::state::mappings;
use crate::state::queues::{self, QueueAttributes};

#[derive(Debug, Args)]
pub struct QueuesArgs {}

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
}

#[derive(Debug, Serialize)]
pub struct DlqRow {
    pub name: String,
    pub url: String,
    pub visible: u64,
    pub max_receive_count: Option<u64>,
}

pub async fn run(ctx: &Context, _args: &QueuesArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let (urls, all_mappings) =
        tokio::try_join!(queues::list_queue_urls(&aws), mappings::list_mappings(&aws))?;
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

    let queue_names: Vec<String> = names.clone();
    let sources = consumers::group_by_source(topology, stack, &queue_names, &all_mappings, false)?;
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
    let ok = problems.is_empty();
    let report = QueuesReport {
        stack: stack.to_string(),
        queues: rows,
        problems,
    };
    if ctx.printer.is_json() {
        ctx.printer.json(&report)?;
    } else {
        ctx.printer.text(&crate::render::queues::render(&report))?;
    }
    Ok(ExitStatus::from_ok(ok))
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
    }
}
