//! Tags on event source mappings (by the mapping's ARN): what the switch lease is
//! written in.

use std::collections::BTreeMap;

use crate::aws::{Aws, AwsError, AwsResultExt};

pub async fn list_tags(aws: &Aws, arn: &str) -> Result<BTreeMap<String, String>, AwsError> {
    let out = aws
        .lambda
        .list_tags()
        .resource(arn)
        .send()
        .await
        .aws_context(|| format!("reading the tags of {arn}"))?;
    Ok(out.tags.unwrap_or_default().into_iter().collect())
}

pub async fn tag(aws: &Aws, arn: &str, key: &str, value: &str) -> Result<(), AwsError> {
    aws.lambda
        .tag_resource()
        .resource(arn)
        .tags(key, value)
        .send()
        .await
        .aws_context(|| format!("tagging {arn}"))?;
    Ok(())
}

pub async fn untag(aws: &Aws, arn: &str, key: &str) -> Result<(), AwsError> {
    aws.lambda
        .untag_resource()
        .resource(arn)
        .tag_keys(key)
        .send()
        .await
        .aws_context(|| format!("removing tag {key} from {arn}"))?;
    Ok(())
}
