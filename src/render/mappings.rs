//! Text for `ccx mappings`: one block per source, its verdict, then its mappings.

use jiff::Timestamp;

use crate::features::views::mappings::{MappingRow, MappingsReport, SourceRow};
use crate::judgements::consumers::Verdict;
use crate::ui::{style, table};

pub fn render(report: &MappingsReport, now: Timestamp) -> String {
    let mut out = Vec::new();
    let scope = if report.all {
        "all sources".to_string()
    } else {
        format!("stack {}", report.stack)
    };
    out.push(style::bold(&format!("Event source mappings, {scope}")));
    for source in &report.sources {
        let label = source.source.as_deref().unwrap_or("(outside topology)");
        let name = source.name.as_deref().unwrap_or("(not found)");
        let verdict = match &source.verdict {
            Verdict::Ok if !source.problem => style::ok(&format!("✔ {}", source.summary)),
            Verdict::WrongConsumer { .. } => style::warn(&format!("! {}", source.summary)),
            _ if source.problem => style::bad(&format!("✘ {}", source.summary)),
            _ => style::warn(&format!("! {}", source.summary)),
        };
        out.push(String::new());
        out.push(format!("{}  {}  {verdict}", style::bold(label), name));
        let rows: Vec<_> = report
            .mappings
            .iter()
            .filter(|m| belongs_to(m, source))
            .collect();
        if rows.is_empty() {
            out.push(style::dim("  no mappings"));
            continue;
        }
        let mut t = table::new([
            "  UUID", "FUNCTION", "STATE", "BATCH", "MAX CONC", "MODIFIED", "REASON",
        ]);
        for m in rows {
            t.add_row(vec![
                format!("  {}", m.uuid),
                match &m.function {
                    Some(key) => format!("{} ({key})", m.function_name),
                    None => m.function_name.clone(),
                },
                style::mapping_state(&m.state),
                table::or_dash(m.batch_size),
                table::or_dash(m.maximum_concurrency),
                m.last_modified
                    .as_deref()
                    .map_or_else(|| "-".into(), |t| super::time::ago(t, now)),
                reason(m),
            ]);
        }
        out.push(table::render(&t));
    }
    if !report.problems.is_empty() {
        out.push(String::new());
        for p in &report.problems {
            out.push(style::bad(&format!("PROBLEM: {p}")));
        }
    }
    out.join("\n")
}

/// Whether `row` is listed under `source`: by topology key, or by ARN outside the topology.
fn belongs_to(row: &MappingRow, source: &SourceRow) -> bool {
    row.source == source.source
        && (source.source.is_some()
            || source.event_source_arn.as_deref() == Some(row.event_source_arn.as_str()))
}

/// Lambda's reason for the state; what Lambda reports as wrong, in red, when it does.
fn reason(row: &MappingRow) -> String {
    if row.troubles.is_empty() {
        return table::or_dash(row.state_transition_reason.as_deref());
    }
    let reasons: Vec<String> = row.troubles.iter().map(|t| t.describe()).collect();
    style::bad(&reasons.join("; "))
}
