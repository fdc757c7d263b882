//! The pipeline diagram for `ccx map`.

use super::style;
use crate::consumers::{SourceKind, Verdict};
use crate::reports::map::{MapReport, MapSource, Relation};

pub fn render(report: &MapReport) -> String {
    let mut out = vec![style::bold(&format!("Pipeline, stack {}", report.stack))];
    let key_width = report
        .sources
        .iter()
        .map(|s| s.source.len())
        .max()
        .unwrap_or(0);
    let fn_width = report
        .sources
        .iter()
        .flat_map(|s| &s.consumers)
        .map(|c| c.function.as_deref().unwrap_or("?").len())
        .max()
        .unwrap_or(0);
    let name_width = report
        .sources
        .iter()
        .flat_map(|s| &s.consumers)
        .map(|c| c.function_name.len())
        .max()
        .unwrap_or(0);
    for source in &report.sources {
        out.push(String::new());
        out.push(format!(
            "{}  {}",
            style::bold(&format!("{:key_width$}", source.source)),
            describe_source(source)
        ));
        if source.consumers.is_empty() {
            out.push(format!("  └── {}", style::bad("no consumer mapped")));
        }
        for (i, c) in source.consumers.iter().enumerate() {
            let last = i + 1 == source.consumers.len();
            let active = c.state.may_consume();
            let branch = match (last, active) {
                (false, true) => "├─▶",
                (true, true) => "└─▶",
                (false, false) => "├─╳",
                (true, false) => "└─╳",
            };
            let relation = match c.relation {
                Relation::Expected => "expected",
                Relation::Fallback => "fallback",
                Relation::Other => "not in topology for this source",
            };
            // Padded outside the styling: escape codes have no width.
            let state = style::mapping_state(&c.state);
            let pad = " ".repeat(8usize.saturating_sub(c.state.as_str().len()));
            out.push(format!(
                "  {branch} {:fn_width$}  {:name_width$}  {state}{pad}  {}",
                c.function.as_deref().unwrap_or("?"),
                c.function_name,
                style::dim(relation),
            ));
        }
        let verdict = match &source.verdict {
            Verdict::Ok => style::ok(&format!("✔ {}", source.summary)),
            Verdict::WrongConsumer { .. } => style::warn(&format!("! {}", source.summary)),
            _ => style::bad(&format!("✘ {}", source.summary)),
        };
        out.push(format!("     {verdict}"));
    }
    out.join("\n")
}

fn describe_source(source: &MapSource) -> String {
    let name = source
        .name
        .as_deref()
        .unwrap_or("(not found in this stack)");
    match (source.kind, &source.depth) {
        (SourceKind::Stream, _) => format!("DynamoDB stream of {name}"),
        (_, Some(d)) => {
            let dlq = match d.dlq_visible {
                Some(0) => "DLQ 0".to_string(),
                Some(n) => style::warn(&format!("DLQ {n}")),
                None => style::warn("no DLQ"),
            };
            format!(
                "queue {name}  {} visible · {} in flight · {} delayed · oldest {} · {dlq}",
                d.visible,
                d.in_flight,
                d.delayed,
                super::time::age_or_no_data(d.oldest_message_age_seconds)
            )
        }
        (_, None) => format!("queue {name}"),
    }
}
