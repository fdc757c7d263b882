//! Words for `ccx drift` (and the drift lines of `verify` and `guard`): each queue, and
//! each difference between what the IaC declares and what runs.

use crate::features::drift::DriftReport;
use crate::judgements::drift::{Difference, Field};
use crate::ui::style;

pub fn render(report: &DriftReport) -> String {
    let mut out = vec![style::bold(&format!(
        "What the IaC declares ({}) against stack {}",
        report.iac, report.stack
    ))];
    for q in &report.queues {
        let name = q.name.as_deref().unwrap_or("(not found)");
        out.push(String::new());
        if q.in_sync() {
            let declared: Vec<&str> = q
                .declared
                .iter()
                .filter(|d| d.enabled)
                .filter_map(|d| d.function_name.as_deref())
                .collect();
            let what = if declared.is_empty() {
                "no enabled consumer declared, none enabled".to_string()
            } else {
                format!("{} enabled, as declared", declared.join(", "))
            };
            out.push(format!(
                "{}  {name}  {}",
                style::bold(&q.queue),
                style::ok(&format!("✔ {what}"))
            ));
            continue;
        }
        out.push(format!(
            "{}  {name}  {}",
            style::bold(&q.queue),
            style::bad(&format!(
                "✘ {} differing from the IaC",
                count(q.differences.len())
            ))
        ));
        for d in &q.differences {
            out.push(format!("  - {}", describe(d)));
        }
    }
    out.push(String::new());
    out.push(if report.ok {
        style::ok("The live consumers are what the IaC declares: the next deploy keeps them.")
    } else {
        style::bad(&format!(
            "{} between the IaC and the live consumers: the next deploy applies what the IaC declares.",
            count(report.differences())
        ))
    });
    out.join("\n")
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 difference".to_string()
    } else {
        format!("{n} differences")
    }
}

/// One difference in a sentence, naming the function, the values and the resource.
pub fn describe(d: &Difference) -> String {
    let function = d.function_name.as_deref().unwrap_or("(function unknown)");
    let declared = d.declared.as_deref().unwrap_or("?");
    let live = d.live.as_deref().unwrap_or("?");
    let resource = d
        .resource
        .as_deref()
        .map(|r| format!(" [{r}]"))
        .unwrap_or_default();
    let uuid = d.uuid.as_deref().unwrap_or("-");
    match d.field {
        Field::Enabled => format!(
            "{function}: the IaC declares it {declared}, it is {live} (mapping {uuid}){resource}"
        ),
        Field::Function => {
            format!("mapping {uuid}: the IaC declares function {declared}, it is {live}{resource}")
        }
        Field::Missing => format!(
            "{function}: the IaC declares a mapping ({declared}) that does not exist{resource}"
        ),
        Field::Undeclared => format!(
            "{function}: {live} (mapping {uuid}), and the IaC declares no mapping for it: the next deploy leaves it as it is"
        ),
        field => format!(
            "{function}: {}: the IaC declares {declared}, it is {live} (mapping {uuid}){resource}",
            field_name(field)
        ),
    }
}

fn field_name(field: Field) -> &'static str {
    match field {
        Field::BatchSize => "batch size",
        Field::MaximumBatchingWindowSeconds => "batching window (s)",
        Field::MaximumConcurrency => "maximum concurrency",
        Field::FunctionResponseTypes => "response types",
        Field::Enabled => "enabled",
        Field::Function => "function",
        Field::Missing => "mapping",
        Field::Undeclared => "mapping",
    }
}
