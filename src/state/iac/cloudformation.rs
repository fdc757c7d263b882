//! CloudFormation: the stack itself, through the API, in one round trip of three calls
//! at once: `DescribeStacks` (its parameters), `ListStackResources` (each deployed
//! resource's logical and physical id: a mapping's UUID, a function's name, a queue's
//! URL) and `GetTemplate` (the `Properties` of each `AWS::Lambda::EventSourceMapping`:
//! `EventSourceArn`, `FunctionName`, `Enabled`, `BatchSize`,
//! `MaximumBatchingWindowInSeconds`, `ScalingConfig.MaximumConcurrency`,
//! `FunctionResponseTypes`; CloudFormation User Guide, the resource's page). `Ref` and
//! `Fn::GetAtt` of the stack's own functions and queues and `Ref` of its parameters
//! are resolved; a template resource that the stack did not create (its `Condition`
//! false) declares nothing. Templates are read as JSON.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use aws_sdk_cloudformation::types::TemplateStage;
use serde_json::Value;

use super::{DeclaredFunction, DeclaredMapping, boolean, int, strings};
use crate::aws::error::AwsErrorKind;
use crate::aws::{Aws, AwsResultExt, arn};

const MAPPING_TYPE: &str = "AWS::Lambda::EventSourceMapping";
const FUNCTION_TYPE: &str = "AWS::Lambda::Function";
const QUEUE_TYPE: &str = "AWS::SQS::Queue";

/// A deployed resource: its type and physical id.
#[derive(Debug, Clone, PartialEq)]
pub struct Deployed {
    pub kind: String,
    pub physical_id: String,
}

pub async fn read(aws: &Aws, stack: &str) -> Result<(Vec<DeclaredMapping>, Vec<DeclaredFunction>)> {
    let cfn = &aws.cloudformation;
    let not_found = |e: crate::aws::AwsError| {
        if e.code.as_deref() == Some("ValidationError") || e.kind == AwsErrorKind::NotFound {
            anyhow::anyhow!(
                "the CloudFormation stack `{stack}` does not exist in {} ({})",
                aws.region,
                e.detail
            )
        } else {
            anyhow::Error::new(e)
        }
    };
    let describe = async {
        cfn.describe_stacks()
            .stack_name(stack)
            .send()
            .await
            .aws_context(|| format!("describing CloudFormation stack {stack}"))
    };
    let resources = async {
        cfn.list_stack_resources()
            .stack_name(stack)
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .aws_context(|| format!("listing the resources of CloudFormation stack {stack}"))
    };
    let template = async {
        cfn.get_template()
            .stack_name(stack)
            .template_stage(TemplateStage::Original)
            .send()
            .await
            .aws_context(|| format!("reading the template of CloudFormation stack {stack}"))
    };
    let (described, resources, template) = tokio::join!(describe, resources, template);
    let (described, resources, template) = (
        described.map_err(not_found)?,
        resources.map_err(not_found)?,
        template.map_err(not_found)?,
    );
    let parameters: BTreeMap<String, String> = described
        .stacks()
        .first()
        .map(|s| {
            s.parameters()
                .iter()
                .filter_map(|p| {
                    Some((
                        p.parameter_key()?.to_string(),
                        p.parameter_value()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let deployed: BTreeMap<String, Deployed> = resources
        .iter()
        .filter_map(|r| {
            Some((
                r.logical_resource_id()?.to_string(),
                Deployed {
                    kind: r.resource_type()?.to_string(),
                    physical_id: r.physical_resource_id()?.to_string(),
                },
            ))
        })
        .collect();
    let body = template.template_body().unwrap_or_default();
    let partition = arn::partition_of_region(&aws.region);
    from_template(body, &deployed, &parameters, partition, &aws.region)
}

/// The declared mappings and functions of a template body, given what the stack
/// deployed and its parameters' values.
pub fn from_template(
    body: &str,
    deployed: &BTreeMap<String, Deployed>,
    parameters: &BTreeMap<String, String>,
    partition: &str,
    region: &str,
) -> Result<(Vec<DeclaredMapping>, Vec<DeclaredFunction>)> {
    let template: Value = match serde_json::from_str(body) {
        Ok(t) => t,
        Err(_) if !body.trim_start().starts_with('{') => bail!(
            "the stack's template is YAML; ccx reads JSON templates (`aws cloudformation get-template` shows it; `cfn-flip` converts it)"
        ),
        Err(e) => bail!("the stack's template is not valid JSON: {e}"),
    };
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        bail!("the stack's template has no `Resources`");
    };
    let resolver = Resolver {
        deployed,
        parameters,
        partition,
        region,
    };
    let mut mappings = Vec::new();
    let mut functions = Vec::new();
    for (logical_id, resource) in resources {
        let Some(here) = deployed.get(logical_id) else {
            continue;
        };
        let properties = resource.get("Properties").cloned().unwrap_or(Value::Null);
        let prop = |name: &str| properties.get(name).map(|v| resolver.resolve(v));
        match here.kind.as_str() {
            MAPPING_TYPE => {
                let function = prop("FunctionName").and_then(|v| v.as_str().map(str::to_string));
                mappings.push(DeclaredMapping {
                    resource: logical_id.clone(),
                    uuid: Some(here.physical_id.clone()),
                    event_source_arn: prop("EventSourceArn")
                        .and_then(|v| v.as_str().map(str::to_string)),
                    function_name: function.map(|f| arn::function_name(&f).to_string()),
                    enabled: boolean(prop("Enabled").as_ref()).unwrap_or(true),
                    batch_size: int(prop("BatchSize").as_ref()),
                    maximum_batching_window_seconds: int(
                        prop("MaximumBatchingWindowInSeconds").as_ref()
                    ),
                    maximum_concurrency: int(prop("ScalingConfig")
                        .and_then(|s| s.get("MaximumConcurrency").cloned())
                        .as_ref()),
                    function_response_types: strings(prop("FunctionResponseTypes").as_ref())
                        .filter(|t| !t.is_empty()),
                });
            }
            FUNCTION_TYPE => functions.push(DeclaredFunction {
                resource: logical_id.clone(),
                name: Some(here.physical_id.clone()),
            }),
            _ => {}
        }
    }
    Ok((mappings, functions))
}

/// Turns `Ref` and `Fn::GetAtt` of what the stack deployed, and `Ref` of its
/// parameters, into their values; what it cannot resolve becomes `null` (unknown).
struct Resolver<'a> {
    deployed: &'a BTreeMap<String, Deployed>,
    parameters: &'a BTreeMap<String, String>,
    partition: &'a str,
    region: &'a str,
}

impl Resolver<'_> {
    fn resolve(&self, value: &Value) -> Value {
        let Some(object) = value.as_object() else {
            return value.clone();
        };
        if let Some(name) = object.get("Ref").and_then(Value::as_str) {
            if let Some(p) = self.parameters.get(name) {
                return Value::String(p.clone());
            }
            return self
                .deployed
                .get(name)
                .map_or(Value::Null, |d| Value::String(d.physical_id.clone()));
        }
        if let Some(att) = object.get("Fn::GetAtt") {
            let (name, attribute) = match att {
                Value::Array(parts) => (
                    parts.first().and_then(Value::as_str),
                    parts.get(1).and_then(Value::as_str),
                ),
                Value::String(dotted) => match dotted.split_once('.') {
                    Some((n, a)) => (Some(n), Some(a)),
                    None => (None, None),
                },
                _ => (None, None),
            };
            return match (name.and_then(|n| self.deployed.get(n)), attribute) {
                (Some(d), Some("Arn")) => self.arn_of(d).map_or(Value::Null, Value::String),
                _ => Value::Null,
            };
        }
        if object.keys().any(|k| k.starts_with("Fn::")) {
            return Value::Null;
        }
        Value::Object(
            object
                .iter()
                .map(|(k, v)| (k.clone(), self.resolve(v)))
                .collect(),
        )
    }

    /// `Fn::GetAtt X.Arn` of a function (physical id: its name) or a queue (its URL,
    /// `https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`).
    fn arn_of(&self, deployed: &Deployed) -> Option<String> {
        match deployed.kind.as_str() {
            FUNCTION_TYPE => Some(deployed.physical_id.clone()),
            QUEUE_TYPE => {
                let mut parts = deployed.physical_id.trim_end_matches('/').rsplit('/');
                let name = parts.next()?;
                let account = parts.next()?;
                Some(format!(
                    "arn:{}:sqs:{}:{account}:{name}",
                    self.partition, self.region
                ))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
