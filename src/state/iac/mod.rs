//! What the IaC declares, read-only from the IaC tool's own records: the event source
//! mappings (and functions) of the last deployment, as plain data. Pulumi's
//! `pulumi stack export` (`pulumi.rs`), Terraform's and OpenTofu's `terraform show -json`
//! or v4 state (`terraform.rs`), CloudFormation's stack through the API
//! (`cloudformation.rs`). Secret values are never kept: a field the records hold as a
//! secret is `None` here, and only the fields below are taken at all.

pub mod cloudformation;
pub mod pulumi;
pub mod terraform;

use std::path::Path;

use anyhow::{Context as _, Result, bail};
use serde::Serialize;

use crate::aws::Aws;
use crate::base::topology::{IacKind, IacReference, IacSource};

/// Every mapping and function one IaC source declares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesiredState {
    pub source: IacSource,
    pub mappings: Vec<DeclaredMapping>,
    pub functions: Vec<DeclaredFunction>,
}

/// One declared event source mapping: what the next deploy makes of it.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct DeclaredMapping {
    /// How the IaC names it: a Pulumi URN, a Terraform address, a CloudFormation
    /// logical id.
    pub resource: String,
    /// The mapping it deployed, when the records say.
    pub uuid: Option<String>,
    /// The queue (or stream) ARN, when the records resolve it.
    pub event_source_arn: Option<String>,
    /// The function's name, without qualifier; `None` when unknown or secret.
    pub function_name: Option<String>,
    /// Declared enabled (every tool's default is true).
    pub enabled: bool,
    pub batch_size: Option<i32>,
    pub maximum_batching_window_seconds: Option<i32>,
    pub maximum_concurrency: Option<i32>,
    /// `None`: not declared.
    pub function_response_types: Option<Vec<String>>,
}

/// One declared Lambda function.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeclaredFunction {
    pub resource: String,
    pub name: Option<String>,
}

/// Reads `source`: a file or `pulumi stack export` needs no AWS; CloudFormation asks
/// the stack (two calls at once, in the caller's first round trip).
/// A failed read's cause and context in one line (as `ccx: error:` prints it).
pub use crate::base::error_line::one_line;

pub async fn read(source: &IacSource, aws: &Aws) -> Result<DesiredState> {
    let (mappings, functions) = match (&source.kind, &source.reference) {
        (IacKind::Cloudformation, IacReference::Stack(stack)) => {
            cloudformation::read(aws, stack).await?
        }
        (IacKind::Pulumi, IacReference::Stack(stack)) => {
            let text = pulumi::export(stack).await?;
            pulumi::parse(&text)
                .with_context(|| format!("reading `pulumi stack export --stack {stack}`"))?
        }
        (IacKind::Pulumi, IacReference::File(path)) => {
            let text = read_file(path)?;
            pulumi::parse(&text).with_context(|| format!("reading {}", path.display()))?
        }
        (IacKind::Terraform | IacKind::Opentofu, IacReference::File(path)) => {
            let text = read_file(path)?;
            terraform::parse(&text).with_context(|| format!("reading {}", path.display()))?
        }
        _ => bail!("{source}: this kind of IaC is not read that way"),
    };
    Ok(DesiredState {
        source: source.clone(),
        mappings,
        functions,
    })
}

fn read_file(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        anyhow::anyhow!(
            "cannot read the IaC state file {}: {}",
            path.display(),
            e.kind().to_string().to_lowercase()
        )
    })
}

/// A JSON value as an integer: numbers, and the strings some records keep them as.
fn int(value: Option<&serde_json::Value>) -> Option<i32> {
    match value? {
        serde_json::Value::Number(n) => n.as_i64().and_then(|n| i32::try_from(n).ok()),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A JSON value as a boolean (`"false"` too: CloudFormation takes strings).
fn boolean(value: Option<&serde_json::Value>) -> Option<bool> {
    match value? {
        serde_json::Value::Bool(b) => Some(*b),
        serde_json::Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A JSON value as a plain string; anything else (a secret, an object) is `None`.
fn string(value: Option<&serde_json::Value>) -> Option<String> {
    value?
        .as_str()
        .map(str::to_string)
        .filter(|s| !s.is_empty())
}

fn strings(value: Option<&serde_json::Value>) -> Option<Vec<String>> {
    let list = value?.as_array()?;
    Some(
        list.iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
    )
}

/// The test state documents under `tests/iac/`, their `{{placeholders}}` filled with
/// fixed names (the end-to-end tests fill them with the sandbox's).
#[cfg(test)]
pub fn filled(template: &str) -> String {
    [
        (
            "{{enhanced_name}}",
            "chromadb-dev-lambdas-enhanced-compaction",
        ),
        ("{{embed_name}}", "embed-from-ndjson-lambda-dev-1a2b3c4"),
        (
            "{{lines_arn}}",
            "arn:aws:sqs:us-east-1:123456789012:chromadb-dev-lines-queue-aaaaaaa",
        ),
        (
            "{{words_arn}}",
            "arn:aws:sqs:us-east-1:123456789012:chromadb-dev-words-queue-bbbbbbb",
        ),
        (
            "{{embed_arn}}",
            "arn:aws:sqs:us-east-1:123456789012:upload-images-dev-embed-ndjson-queue-ccccccc",
        ),
        ("{{lines_uuid}}", "11111111-1111-4111-8111-111111111111"),
        ("{{words_uuid}}", "22222222-2222-4222-8222-222222222222"),
        ("{{embed_uuid}}", "33333333-3333-4333-8333-333333333333"),
    ]
    .iter()
    .fold(template.to_string(), |text, (from, to)| {
        text.replace(from, to)
    })
}
