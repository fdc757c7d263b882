//! Table for `ccx queues`.

use super::{style, table};
use crate::commands::queues::QueuesReport;

pub fn render(report: &QueuesReport) -> String {
    let mut t = table::new([
        "QUEUE",
        "NAME",
        "VISIBLE",
        "IN FLIGHT",
        "DELAYED",
        "CONSUMER",
        "DLQ",
        "DLQ VISIBLE",
    ]);
    for q in &report.queues {
        let consumer = match q.consumers.len() {
            0 => style::bad("none"),
            1 => q.consumers[0].clone(),
            _ => style::bad(&q.consumers.join(", ")),
        };
        let (dlq_name, dlq_visible) = match &q.dlq {
            Some(d) if d.visible > 0 => (d.name.clone(), style::warn(&d.visible.to_string())),
            Some(d) => (d.name.clone(), d.visible.to_string()),
            None => (style::dim("(none)"), "-".into()),
        };
        t.add_row(vec![
            q.key.clone(),
            q.name.clone().unwrap_or_else(|| style::bad("(not found)")),
            q.visible.to_string(),
            q.in_flight.to_string(),
            q.delayed.to_string(),
            if q.exists { consumer } else { "-".into() },
            dlq_name,
            dlq_visible,
        ]);
    }
    let mut out = format!(
        "{}\n{}",
        style::bold(&format!("Queues in stack {}", report.stack)),
        table::render(&t)
    );
    for p in &report.problems {
        out.push_str(&format!("\n{}", style::bad(&format!("PROBLEM: {p}"))));
    }
    out
}
