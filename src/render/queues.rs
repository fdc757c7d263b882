//! Table for `ccx queues`.

use crate::features::views::changes::{Changes, QueueChange};
use crate::features::views::queues::{QueuesReport, TrendWindow};
use crate::ui::table::{self, Kind};
use crate::ui::{style, wrap};

/// The table within `width` columns (`None`: every name whole).
pub fn render(report: &QueuesReport, width: Option<usize>) -> String {
    render_watched(report, None, width)
}

/// The table under `--watch`: with `changes` since the previous reading, a column shows
/// them (a growing backlog or DLQ highlighted).
pub fn render_watched(
    report: &QueuesReport,
    changes: Option<&Changes>,
    width: Option<usize>,
) -> String {
    let trend = report
        .queues
        .iter()
        .any(|q| q.drain_rate_per_second.is_some());
    let mut headers = vec![
        "QUEUE",
        "NAME",
        "VISIBLE",
        "IN FLIGHT",
        "DELAYED",
        "OLDEST",
        "CONSUMER",
        "DLQ",
        "DLQ VISIBLE",
    ];
    if trend {
        headers.extend(["TREND", "DRAINED/S", "ETA"]);
    }
    if changes.is_some() {
        headers.push("SINCE LAST");
    }
    let mut t = table::new(headers);
    t.kind("NAME", Kind::Name).kind("DLQ", Kind::Name);
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
        let mut row = vec![
            q.key.clone(),
            q.name.clone().unwrap_or_else(|| style::bad("(not found)")),
            q.visible.to_string(),
            q.in_flight.to_string(),
            q.delayed.to_string(),
            match (q.exists, q.oldest_message_age_seconds) {
                (false, _) => "-".into(),
                (true, age) => super::time::age_or_no_data(age),
            },
            if q.exists { consumer } else { "-".into() },
            dlq_name,
            dlq_visible,
        ];
        if trend {
            row.extend(trend_cells(q.drain_rate_per_second, q.drain_eta_seconds));
        }
        if let Some(changes) = changes {
            row.push(change_cell(changes.queue(&q.key)));
        }
        t.add_row(row);
    }
    let mut out = wrap::indented(
        "",
        "  ",
        &style::bold(&format!("Queues in stack {}", report.stack)),
        width,
    );
    out.push(table::render(&t, width));
    if let Some(window) = &report.trend {
        out.extend(wrap::indented(
            "",
            "",
            &style::dim(&trend_note(window)),
            width,
        ));
    }
    for p in &report.problems {
        out.extend(wrap::indented(
            "",
            "  ",
            &style::bad(&format!("PROBLEM: {p}")),
            width,
        ));
    }
    out.join("\n")
}

/// Under --watch: what the trend is measured over, and that SQS's counts are approximate.
fn trend_note(window: &TrendWindow) -> String {
    let span = |s: u64| humantime::format_duration(std::time::Duration::from_secs(s));
    match window.window_seconds {
        Some(seconds) => format!(
            "Trend over the last {}; SQS counts are approximate.",
            span(seconds)
        ),
        None => format!(
            "No trend before {} of readings ({} so far): SQS counts are approximate and settle about a minute after producers stop.",
            span(window.min_window_seconds),
            span(window.watched_seconds)
        ),
    }
}

fn trend_cells(rate: Option<f64>, eta: Option<u64>) -> [String; 3] {
    let Some(rate) = rate else {
        return ["".into(), "-".into(), "-".into()];
    };
    let arrow = if rate > 0.0 {
        style::ok("↓ draining")
    } else if rate < 0.0 {
        style::warn("↑ growing")
    } else {
        "→ flat".into()
    };
    let eta = eta.map_or_else(
        || "-".into(),
        |s| humantime::format_duration(std::time::Duration::from_secs(s)).to_string(),
    );
    [arrow, format!("{rate:.1}"), eta]
}

/// `+3` (backlog growing), `-2`, `=`; and the DLQ's change when it moved (`DLQ +1`).
fn change_cell(change: Option<QueueChange>) -> String {
    let Some(change) = change else {
        return "-".into();
    };
    let mut cell = match change.visible {
        0 => "=".to_string(),
        d if d > 0 => style::warn(&format!("+{d}")),
        d => style::ok(&d.to_string()),
    };
    match change.dlq {
        Some(d) if d > 0 => cell.push_str(&format!(" {}", style::bad(&format!("DLQ +{d}")))),
        Some(d) if d < 0 => cell.push_str(&format!(" DLQ {d}")),
        _ => {}
    }
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_show_the_backlog_and_a_moving_dlq() {
        let plain = |s: String| anstream::adapter::strip_str(&s).to_string();
        let cell = |visible, dlq| plain(change_cell(Some(QueueChange { visible, dlq })));
        assert_eq!(cell(3, Some(1)), "+3 DLQ +1");
        assert_eq!(cell(-4, Some(0)), "-4");
        assert_eq!(cell(0, None), "=");
        assert_eq!(cell(0, Some(-2)), "= DLQ -2");
        assert_eq!(change_cell(None), "-");
    }

    #[test]
    fn trend_cells_show_direction_rate_and_eta() {
        let [arrow, rate, eta] = trend_cells(Some(2.5), Some(90));
        assert!(arrow.contains("draining"));
        assert_eq!(rate, "2.5");
        assert_eq!(eta, "1m 30s");
        assert!(trend_cells(Some(-1.0), None)[0].contains("growing"));
        assert_eq!(trend_cells(None, None)[1], "-");
    }
}
