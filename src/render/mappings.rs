//! Text for `ccx mappings`: one block per source, its verdict, then its mappings.

use jiff::Timestamp;

use crate::features::views::mappings::{MappingRow, MappingsReport, SourceRow};
use crate::judgements::consumers::Verdict;
use crate::state::mapping_config;
use crate::ui::table::{self, Kind};
use crate::ui::{style, styled, wrap};

/// The text within `width` columns (`None`: every name and UUID whole on its line).
pub fn render(report: &MappingsReport, now: Timestamp, width: Option<usize>) -> String {
    let mut out = Vec::new();
    let scope = if report.all {
        "all sources".to_string()
    } else {
        format!("stack {}", report.stack)
    };
    out.extend(wrap::indented(
        "",
        "  ",
        &style::bold(&format!("Event source mappings, {scope}")),
        width,
    ));
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
        out.extend(heading(&style::bold(label), name, &verdict, width));
        let rows: Vec<_> = report
            .mappings
            .iter()
            .filter(|m| belongs_to(m, source))
            .collect();
        if rows.is_empty() {
            out.push(style::dim("  no mappings"));
            continue;
        }
        // Piped, the UUID first as ever; fitted, the key first: it always stays.
        let function = super::FunctionColumns::of(width);
        let mut headers: Vec<&str> = function.headers().to_vec();
        if function.fitted {
            headers.push("UUID");
        } else {
            headers.insert(0, "UUID");
        }
        headers.extend([
            "STATE", "BATCH", "MAX CONC", "POLLERS", "METRICS", "MODIFIED", "REASON",
        ]);
        let mut t = table::new(headers);
        t.indent(2)
            .kind("NAME", Kind::Name)
            .kind("UUID", Kind::Whole)
            .kind("REASON", Kind::Prose);
        for m in rows {
            let mut row = function.cells(&m.function_name, m.function.as_deref());
            if function.fitted {
                row.push(m.uuid.clone());
            } else {
                row.insert(0, m.uuid.clone());
            }
            row.extend([
                style::mapping_state(&m.state),
                table::or_dash(m.batch_size),
                table::or_dash(m.maximum_concurrency),
                mapping_config::pollers_cell(m.provisioned_pollers.as_ref()),
                mapping_config::metrics_cell(&m.metrics),
                m.last_modified
                    .as_deref()
                    .map_or_else(|| "-".into(), |t| super::time::ago(t, now)),
                reason(m),
            ]);
            t.add_row(row);
        }
        out.push(table::render(&t, width));
    }
    if !report.problems.is_empty() {
        out.push(String::new());
        for p in &report.problems {
            out.extend(wrap::indented(
                "",
                "  ",
                &style::bad(&format!("PROBLEM: {p}")),
                width,
            ));
        }
    }
    out.join("\n")
}

/// A source's first line: its key, its real name and the verdict; the verdict wraps
/// under itself when there is room beside the name, else below them.
pub fn heading(label: &str, name: &str, verdict: &str, width: Option<usize>) -> Vec<String> {
    /// The verdict gets at least this many columns beside the name.
    const BESIDE: usize = 30;
    let Some(width) = width else {
        return vec![format!("{label}  {name}  {verdict}")];
    };
    let room = width.saturating_sub(styled::width(label) + 2);
    let name = styled::shorten_middle(name, room);
    let head = format!("{label}  {name}  ");
    if width.saturating_sub(styled::width(&head)) >= BESIDE.min(styled::width(verdict)) {
        let hang = " ".repeat(styled::width(&head));
        return wrap::indented(&head, &hang, verdict, Some(width));
    }
    let mut out = vec![head.trim_end().to_string()];
    out.extend(wrap::indented("  ", "    ", verdict, Some(width)));
    out
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
