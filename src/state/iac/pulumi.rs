//! Pulumi: the JSON `pulumi stack export` prints, the stack's last deployment.
//!
//! Its format (the checkpoint's `apitype.UntypedDeployment`, Pulumi docs "stack export"
//! and the SDK's `sdk/go/common/apitype/core.go`): `{"version": 3, "deployment":
//! {"manifest", "secrets_providers", "resources": [{"urn", "type", "id", "custom",
//! "inputs", "outputs", "parent", "provider", ...}]}}`. A secret value is an object
//! `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
//! "ciphertext": ...}` (the signature key and secret signature of
//! `sdk/go/common/resource/properties.go`); ccx takes it as unknown and never keeps it.
//! The types read: `aws:lambda/eventSourceMapping:EventSourceMapping` (`eventSourceArn`,
//! `functionName`, `functionArn`, `enabled`, `uuid`, `batchSize`,
//! `maximumBatchingWindowInSeconds`, `scalingConfig.maximumConcurrency`,
//! `functionResponseTypes`) and `aws:lambda/function:Function` (`name`).

use std::process::Command;

use anyhow::{Result, bail};
use serde_json::Value;

use super::{DeclaredFunction, DeclaredMapping, boolean, int, string, strings};
use crate::aws::arn;

const MAPPING_TYPE: &str = "aws:lambda/eventSourceMapping:EventSourceMapping";
const FUNCTION_TYPE: &str = "aws:lambda/function:Function";
/// The deployment schema version `pulumi stack export` writes today.
const VERSION: i64 = 3;

/// The mappings and functions of an export document.
pub fn parse(text: &str) -> Result<(Vec<DeclaredMapping>, Vec<DeclaredFunction>)> {
    let Ok(doc) = serde_json::from_str::<Value>(text) else {
        bail!("not JSON: expected the output of `pulumi stack export`");
    };
    if doc.get("terraform_version").is_some() || doc.get("format_version").is_some() {
        bail!(
            "this is Terraform state, not a `pulumi stack export` document (use --iac terraform:FILE)"
        );
    }
    let version = doc.get("version").and_then(Value::as_i64);
    let resources = doc
        .get("deployment")
        .and_then(|d| d.get("resources"))
        .and_then(Value::as_array);
    let resources = match (version, resources) {
        (Some(VERSION), Some(resources)) => resources,
        (Some(VERSION), None) if doc.get("deployment").is_some() => return Ok(Default::default()),
        (Some(other), _) if doc.get("deployment").is_some() => bail!(
            "a `pulumi stack export` document of version {other}; ccx reads version {VERSION}"
        ),
        _ => bail!(
            "not a `pulumi stack export` document (expected `version` {VERSION} and `deployment.resources`)"
        ),
    };
    let mut mappings = Vec::new();
    let mut functions = Vec::new();
    for resource in resources {
        let urn = resource
            .get("urn")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let field = |name: &str| {
            resource
                .get("outputs")
                .and_then(|o| o.get(name))
                .filter(|v| !v.is_null())
                .or_else(|| resource.get("inputs").and_then(|i| i.get(name)))
        };
        match resource.get("type").and_then(Value::as_str) {
            Some(MAPPING_TYPE) => {
                let function =
                    string(field("functionArn")).or_else(|| string(field("functionName")));
                mappings.push(DeclaredMapping {
                    resource: urn.to_string(),
                    uuid: string(field("uuid")).or_else(|| string(resource.get("id"))),
                    event_source_arn: string(field("eventSourceArn")),
                    function_name: function.map(|f| arn::function_name(&f).to_string()),
                    enabled: boolean(field("enabled")).unwrap_or(true),
                    batch_size: int(field("batchSize")),
                    maximum_batching_window_seconds: int(field("maximumBatchingWindowInSeconds")),
                    maximum_concurrency: int(
                        field("scalingConfig").and_then(|s| s.get("maximumConcurrency"))
                    ),
                    function_response_types: strings(field("functionResponseTypes"))
                        .filter(|t| !t.is_empty()),
                });
            }
            Some(FUNCTION_TYPE) => functions.push(DeclaredFunction {
                resource: urn.to_string(),
                name: string(field("name")),
            }),
            _ => {}
        }
    }
    Ok((mappings, functions))
}

/// `pulumi stack export --stack STACK`, run where ccx runs (the project's directory).
pub async fn export(stack: &str) -> Result<String> {
    let stack = stack.to_string();
    let run = tokio::task::spawn_blocking(move || {
        Command::new("pulumi")
            .args(["stack", "export", "--stack", &stack])
            .output()
            .map(|out| (stack, out))
    });
    let (stack, out) = match run.await? {
        Ok(done) => done,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "cannot read the Pulumi stack: `pulumi` is not on PATH; install it, or give an export \
             file (`pulumi stack export --stack NAME > NAME.json`, then --iac pulumi:NAME.json)"
        ),
        Err(e) => bail!("cannot run `pulumi stack export`: {e}"),
    };
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let why = stderr
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("no message");
        let code = out
            .status
            .code()
            .map_or_else(|| "killed by a signal".to_string(), |c| format!("exit {c}"));
        bail!("`pulumi stack export --stack {stack}` failed ({code}): {why}");
    }
    String::from_utf8(out.stdout)
        .map_err(|_| anyhow::anyhow!("`pulumi stack export --stack {stack}` printed no UTF-8 text"))
}

#[cfg(test)]
mod tests;
