//! The `drift.*` checks in words: a queue as the IaC declares it, each difference in a
//! line with the values and the IaC's resource.

use crate::features::verify::finding::DriftFinding;
use crate::judgements::drift::{Difference, Field};

pub fn summary(finding: &DriftFinding) -> String {
    match finding {
        DriftFinding::InSync { iac } => {
            format!("the live consumers are what the IaC ({iac}) declares")
        }
        DriftFinding::Differs { iac, differences } => {
            let n = differences.len();
            format!(
                "{n} difference{} from the IaC ({iac}): the next deploy changes this queue's consumers",
                if n == 1 { "" } else { "s" }
            )
        }
        DriftFinding::Unreadable { iac, cause } => {
            format!("could not read the IaC ({iac}): {cause}")
        }
        DriftFinding::SourceFailed => {
            let source = DriftFinding::SOURCE_ID;
            format!("not run: the IaC could not be read (see `{source}`)")
        }
    }
}

pub fn details(finding: &DriftFinding) -> Vec<String> {
    match finding {
        DriftFinding::Differs { differences, .. } => differences.iter().map(detail).collect(),
        _ => Vec::new(),
    }
}

/// One difference in a line: what differs, the values, the IaC's resource.
fn detail(d: &Difference) -> String {
    let function = d.function_name.as_deref().unwrap_or("(function unknown)");
    let declared = d.declared.as_deref().unwrap_or("-");
    let live = d.live.as_deref().unwrap_or("-");
    let resource = d.resource.as_deref().unwrap_or("not declared");
    let what = match d.field {
        Field::Enabled => "enabled",
        Field::Function => "function",
        Field::BatchSize => "batch size",
        Field::MaximumBatchingWindowSeconds => "batching window (s)",
        Field::MaximumConcurrency => "maximum concurrency",
        Field::FunctionResponseTypes => "response types",
        Field::Missing => "declared mapping missing",
        Field::Undeclared => "enabled mapping the IaC does not declare",
    };
    format!("{function}: {what}: IaC {declared}, live {live} [{resource}]")
}
