//! Terraform and OpenTofu: `terraform show -json` (or `tofu show -json`) output, or the
//! state file itself (version 4).
//!
//! `show -json` (Terraform docs, "JSON Output Format", state representation):
//! `{"format_version", "terraform_version", "values": {"outputs", "root_module":
//! {"resources": [{"address", "mode", "type", "name", "index", "provider_name",
//! "values", "sensitive_values"}], "child_modules": [{"address", "resources",
//! "child_modules"}]}}}`. The v4 state file (`internal/states/statefile/version4.go`
//! in Terraform's source): `{"version": 4, "terraform_version", "serial", "lineage",
//! "outputs", "resources": [{"module", "mode", "type", "name", "provider", "instances":
//! [{"index_key", "schema_version", "attributes", "sensitive_attributes", "private"}]}]}`.
//! Read: `aws_lambda_event_source_mapping` (`uuid`, `event_source_arn`, `function_name`,
//! `function_arn`, `enabled`, `batch_size`, `maximum_batching_window_in_seconds`,
//! `scaling_config[0].maximum_concurrency`, `function_response_types`) and
//! `aws_lambda_function` (`function_name`) of mode `managed`. Both formats hold
//! sensitive values in plain text; ccx takes only these fields, and none that the
//! document marks sensitive.

use std::collections::BTreeSet;

use anyhow::{Result, bail};
use serde_json::Value;

use super::{DeclaredFunction, DeclaredMapping, boolean, int, string, strings};
use crate::aws::arn;

const MAPPING_TYPE: &str = "aws_lambda_event_source_mapping";
const FUNCTION_TYPE: &str = "aws_lambda_function";

/// One managed resource instance: its address, attributes and the names of its
/// top-level attributes that are sensitive.
struct Instance<'a> {
    address: String,
    kind: &'a str,
    attributes: &'a Value,
    sensitive: BTreeSet<String>,
}

pub fn parse(text: &str) -> Result<(Vec<DeclaredMapping>, Vec<DeclaredFunction>)> {
    let Ok(doc) = serde_json::from_str::<Value>(text) else {
        bail!("not JSON: expected `terraform show -json` output or a terraform.tfstate file");
    };
    let instances = if doc.get("deployment").is_some() {
        bail!(
            "this is a `pulumi stack export` document, not Terraform state (use --iac pulumi:FILE)"
        );
    } else if doc.get("format_version").is_some() {
        show_json(&doc)?
    } else {
        match doc.get("version").and_then(Value::as_i64) {
            Some(4) => state_v4(&doc)?,
            Some(other)
                if doc.get("terraform_version").is_some() || doc.get("serial").is_some() =>
            {
                bail!(
                    "a Terraform state file of version {other}; ccx reads version 4 (Terraform 0.12 and later, OpenTofu): run `terraform show -json > state.json` and give that"
                )
            }
            _ => bail!(
                "not Terraform state: expected `terraform show -json` output (`format_version`, `values`) or a v4 state file (`version` 4, `resources`)"
            ),
        }
    };
    let mut mappings = Vec::new();
    let mut functions = Vec::new();
    for i in instances {
        let get = |name: &str| {
            (!i.sensitive.contains(name))
                .then(|| i.attributes.get(name))
                .flatten()
        };
        match i.kind {
            MAPPING_TYPE => {
                let function = string(get("function_arn")).or_else(|| string(get("function_name")));
                mappings.push(DeclaredMapping {
                    resource: i.address,
                    uuid: string(get("uuid")).or_else(|| string(get("id"))),
                    event_source_arn: string(get("event_source_arn")),
                    function_name: function.map(|f| arn::function_name(&f).to_string()),
                    enabled: boolean(get("enabled")).unwrap_or(true),
                    batch_size: int(get("batch_size")),
                    maximum_batching_window_seconds: int(get("maximum_batching_window_in_seconds")),
                    maximum_concurrency: int(get("scaling_config")
                        .and_then(|s| s.get(0))
                        .and_then(|s| s.get("maximum_concurrency"))),
                    function_response_types: strings(get("function_response_types"))
                        .filter(|t| !t.is_empty()),
                });
            }
            FUNCTION_TYPE => functions.push(DeclaredFunction {
                resource: i.address,
                name: string(get("function_name")),
            }),
            _ => {}
        }
    }
    Ok((mappings, functions))
}

fn show_json(doc: &Value) -> Result<Vec<Instance<'_>>> {
    if doc.get("planned_values").is_some() || doc.get("resource_changes").is_some() {
        bail!(
            "this is `terraform show -json` of a plan; give the state (`terraform show -json` without a plan file)"
        );
    }
    let mut out = Vec::new();
    if let Some(root) = doc.get("values").and_then(|v| v.get("root_module")) {
        module(root, &mut out);
    }
    Ok(out)
}

fn module<'a>(module_value: &'a Value, out: &mut Vec<Instance<'a>>) {
    for r in module_value
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if r.get("mode").and_then(Value::as_str) != Some("managed") {
            continue;
        }
        let (Some(kind), Some(address), Some(attributes)) = (
            r.get("type").and_then(Value::as_str),
            r.get("address").and_then(Value::as_str),
            r.get("values"),
        ) else {
            continue;
        };
        let sensitive = r
            .get("sensitive_values")
            .and_then(Value::as_object)
            .map(|o| {
                o.iter()
                    .filter(|(_, v)| **v == Value::Bool(true))
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        out.push(Instance {
            address: address.to_string(),
            kind,
            attributes,
            sensitive,
        });
    }
    for child in module_value
        .get("child_modules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        module(child, out);
    }
}

fn state_v4(doc: &Value) -> Result<Vec<Instance<'_>>> {
    let Some(resources) = doc.get("resources").and_then(Value::as_array) else {
        bail!("a v4 state file without `resources`");
    };
    let mut out = Vec::new();
    for r in resources {
        if r.get("mode").and_then(Value::as_str) != Some("managed") {
            continue;
        }
        let (Some(kind), Some(name)) = (
            r.get("type").and_then(Value::as_str),
            r.get("name").and_then(Value::as_str),
        ) else {
            continue;
        };
        let module = r.get("module").and_then(Value::as_str);
        for instance in r
            .get("instances")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(attributes) = instance.get("attributes") else {
                continue;
            };
            let index = match instance.get("index_key") {
                Some(Value::String(key)) => format!("[{}]", Value::String(key.clone())),
                Some(Value::Number(n)) => format!("[{n}]"),
                _ => String::new(),
            };
            let address = match module {
                Some(m) => format!("{m}.{kind}.{name}{index}"),
                None => format!("{kind}.{name}{index}"),
            };
            // Each sensitive path is a list of steps; its first names the attribute.
            let sensitive = instance
                .get("sensitive_attributes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|path| path.get(0)?.get("value")?.as_str().map(str::to_string))
                .collect();
            out.push(Instance {
                address,
                kind,
                attributes,
                sensitive,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
