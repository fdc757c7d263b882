//! SQS queues: the listing, one queue's depth and dead-letter queue, and the types of
//! the topology's queues as read (`queue_reads.rs` reads them).

use std::collections::HashMap;

use aws_sdk_sqs::types::QueueAttributeName;
use serde::Serialize;

use crate::aws::{Aws, AwsError, AwsResultExt, arn};

/// Every queue URL in the account/region (all pages); runs that share their clients
/// share a listing under way (`aws::in_flight`).
pub async fn list_queue_urls(aws: &Aws) -> Result<Vec<String>, AwsError> {
    aws.read_shared(
        "ListQueues",
        |aws| async move { read_queue_urls(&aws).await },
    )
    .await
}

async fn read_queue_urls(aws: &Aws) -> Result<Vec<String>, AwsError> {
    let pages = aws
        .sqs
        .list_queues()
        .max_results(1000)
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .aws_context(|| "listing SQS queues")?;
    Ok(pages
        .into_iter()
        .flat_map(|p| p.queue_urls.unwrap_or_default())
        .collect())
}

/// The account's queues as listed: their URLs and, in the same order, their names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueListing {
    pub urls: Vec<String>,
    pub names: Vec<String>,
}

impl QueueListing {
    pub fn from_urls(urls: Vec<String>) -> QueueListing {
        let names = urls
            .iter()
            .map(|u| arn::queue_name_from_url(u).to_string())
            .collect();
        QueueListing { urls, names }
    }

    /// The URL of the listed queue called `name`.
    pub fn url_of(&self, name: &str) -> Option<&str> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| self.urls[i].as_str())
    }
}

/// Every queue in the account/region (all pages), with names.
pub async fn list_queues(aws: &Aws) -> Result<QueueListing, AwsError> {
    list_queue_urls(aws).await.map(QueueListing::from_urls)
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QueueAttributes {
    pub arn: Option<String>,
    pub visible: u64,
    pub in_flight: u64,
    pub delayed: u64,
    pub visibility_timeout_seconds: Option<u64>,
    /// The dead-letter queue's ARN from the redrive policy.
    pub dlq_arn: Option<String>,
    pub max_receive_count: Option<u64>,
}

pub async fn queue_attributes(aws: &Aws, url: &str) -> Result<QueueAttributes, AwsError> {
    let out = aws
        .sqs
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::QueueArn)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesDelayed)
        .attribute_names(QueueAttributeName::VisibilityTimeout)
        .attribute_names(QueueAttributeName::RedrivePolicy)
        .send()
        .await
        .aws_context(|| {
            format!(
                "reading attributes of queue {}",
                arn::queue_name_from_url(url)
            )
        })?;
    Ok(parse_attributes(out.attributes.unwrap_or_default()))
}

fn parse_attributes(attrs: HashMap<QueueAttributeName, String>) -> QueueAttributes {
    let number = |name: QueueAttributeName| attrs.get(&name).and_then(|v| v.parse::<u64>().ok());
    let redrive: Option<serde_json::Value> = attrs
        .get(&QueueAttributeName::RedrivePolicy)
        .and_then(|p| serde_json::from_str(p).ok());
    let dlq_arn = redrive
        .as_ref()
        .and_then(|r| r.get("deadLetterTargetArn"))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    // maxReceiveCount is a number in AWS's policy text, but a string in some tools' output.
    let max_receive_count = redrive
        .as_ref()
        .and_then(|r| r.get("maxReceiveCount"))
        .and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        });
    QueueAttributes {
        arn: attrs.get(&QueueAttributeName::QueueArn).cloned(),
        visible: number(QueueAttributeName::ApproximateNumberOfMessages).unwrap_or(0),
        in_flight: number(QueueAttributeName::ApproximateNumberOfMessagesNotVisible).unwrap_or(0),
        delayed: number(QueueAttributeName::ApproximateNumberOfMessagesDelayed).unwrap_or(0),
        visibility_timeout_seconds: number(QueueAttributeName::VisibilityTimeout),
        dlq_arn,
        max_receive_count,
    }
}

/// The account and name in a queue ARN (`arn:aws:sqs:REGION:ACCOUNT:NAME`).
fn account_and_name(queue_arn: &str) -> (&str, &str) {
    let parts: Vec<&str> = queue_arn.split(':').collect();
    match parts.as_slice() {
        [.., account, name] => (*account, *name),
        _ => ("", queue_arn),
    }
}

/// The queue's name in its ARN.
pub fn name_from_arn(queue_arn: &str) -> &str {
    account_and_name(queue_arn).1
}

/// The URL among `known_urls` of the queue with `queue_arn`, if it is there.
pub fn known_url_for_arn<'a>(queue_arn: &str, known_urls: &'a [String]) -> Option<&'a str> {
    let (account, name) = account_and_name(queue_arn);
    known_urls
        .iter()
        .find(|u| arn::queue_name_from_url(u) == name && u.contains(account))
        .map(String::as_str)
}

/// The URL of the queue with `queue_arn`: from `known_urls` when listed there, else
/// asked of SQS (a DLQ may live in another account).
pub async fn url_for_arn(
    aws: &Aws,
    queue_arn: &str,
    known_urls: &[String],
) -> Result<String, AwsError> {
    if let Some(url) = known_url_for_arn(queue_arn, known_urls) {
        return Ok(url.to_string());
    }
    let (account, name) = account_and_name(queue_arn);
    let out = aws
        .sqs
        .get_queue_url()
        .queue_name(name)
        .queue_owner_aws_account_id(account)
        .send()
        .await
        .aws_context(|| format!("finding the URL of queue {name}"))?;
    Ok(out.queue_url.unwrap_or_default())
}

/// A queue's dead-letter queue (from its redrive policy) with the DLQ's own attributes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeadLetterQueue {
    pub name: String,
    pub url: String,
    pub attributes: QueueAttributes,
}

/// Reads the dead-letter queue that `attributes` names, if any. `known_urls` spares a
/// GetQueueUrl call for a DLQ that was listed.
pub async fn dead_letter_queue(
    aws: &Aws,
    attributes: &QueueAttributes,
    known_urls: &[String],
) -> Result<Option<DeadLetterQueue>, AwsError> {
    let Some(dlq_arn) = attributes.dlq_arn.as_deref() else {
        return Ok(None);
    };
    let url = url_for_arn(aws, dlq_arn, known_urls).await?;
    let attributes = queue_attributes(aws, &url).await?;
    Ok(Some(DeadLetterQueue {
        name: arn::queue_name_from_url(&url).to_string(),
        url,
        attributes,
    }))
}

/// A topology queue found in the stack, read.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundQueue {
    pub name: String,
    pub url: String,
    pub attributes: QueueAttributes,
    pub dlq: Option<DeadLetterQueue>,
}

/// Each topology queue (in topology order) by key, `None` when the stack has no such
/// queue, and the listing the names were resolved in.
#[derive(Debug, Clone, PartialEq)]
pub struct TopologyQueues {
    pub listing: QueueListing,
    pub queues: Vec<(String, Option<FoundQueue>)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redrive_policy_gives_the_dlq() {
        let attrs = HashMap::from([
            (QueueAttributeName::ApproximateNumberOfMessages, "5".to_string()),
            (QueueAttributeName::ApproximateNumberOfMessagesNotVisible, "2".to_string()),
            (
                QueueAttributeName::RedrivePolicy,
                r#"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:lines-dlq","maxReceiveCount":"3"}"#.to_string(),
            ),
        ]);
        let parsed = parse_attributes(attrs);
        assert_eq!(parsed.visible, 5);
        assert_eq!(parsed.in_flight, 2);
        assert_eq!(parsed.delayed, 0);
        assert_eq!(
            parsed.dlq_arn.as_deref(),
            Some("arn:aws:sqs:us-east-1:123456789012:lines-dlq")
        );
        assert_eq!(parsed.max_receive_count, Some(3));
    }

    #[test]
    fn a_listing_knows_names_and_urls() {
        let listing = QueueListing::from_urls(vec![
            "http://sqs.local/123456789012/lines-queue".into(),
            "http://sqs.local/123456789012/lines-dlq".into(),
        ]);
        assert_eq!(listing.names, ["lines-queue", "lines-dlq"]);
        assert_eq!(
            listing.url_of("lines-dlq"),
            Some("http://sqs.local/123456789012/lines-dlq")
        );
        assert_eq!(listing.url_of("lines"), None);
    }
}
