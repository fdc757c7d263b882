//! Table for `ccx functions`.

use jiff::Timestamp;

use crate::features::views::functions::FunctionsReport;
use crate::judgements::health::Health;
use crate::ui::table::{self, Kind};
use crate::ui::{style, wrap};

/// The table within `width` columns (`None`: every name whole).
pub fn render(report: &FunctionsReport, now: Timestamp, width: Option<usize>) -> String {
    let mut t = table::new([
        "FUNCTION", "ROLE", "NAME", "STATE", "UPDATE", "RUNTIME", "MODIFIED", "CONSUMES", "NOTE",
    ]);
    t.kind("NAME", Kind::Name).kind("NOTE", Kind::Prose);
    for row in &report.functions {
        let note = match row.health {
            Health::Ok => row.note.clone(),
            Health::Warn => style::warn(&row.note),
            Health::Fail => style::bad(&row.note),
        };
        t.add_row(vec![
            row.key.clone(),
            row.role.as_str().to_string(),
            row.name.clone().unwrap_or_else(|| style::dim("(absent)")),
            table::or_dash(row.state.as_deref()),
            table::or_dash(row.last_update_status.as_deref()),
            table::or_dash(row.runtime.as_deref()),
            row.last_modified
                .as_deref()
                .map_or_else(|| "-".into(), |t| super::time::ago(t, now)),
            if row.consumes.is_empty() {
                "-".into()
            } else {
                row.consumes.join(", ")
            },
            note,
        ]);
    }
    let mut out = wrap::indented(
        "",
        "  ",
        &style::bold(&format!("Functions in stack {}", report.stack)),
        width,
    );
    out.push(table::render(&t, width));
    out.join("\n")
}
