//! The `metrics.KEY.mappings` checks in words: each mapping whose events failed to
//! invoke or were dropped, or that polled nothing while messages wait; else the totals.
//! Below, each mapping's event counts.

use crate::features::verify::metric_finding::{MappingEventCounts, MappingEvents};
use crate::state::metrics::Metric;

use super::metric_words::number;

pub fn summary(events: &MappingEvents) -> String {
    let since_label = &events.since_label;
    let mut problems = Vec::new();
    let (mut polled_all, mut invoked_all) = (0.0, 0.0);
    for m in &events.mappings {
        let who = who(m);
        let counts = match &m.counts {
            Err(why) => {
                problems.push(format!("{who}: event counts not read: {why}"));
                continue;
            }
            Ok(counts) => counts,
        };
        polled_all += counts.sum(Metric::PolledEventCount);
        invoked_all += counts.sum(Metric::InvokedEventCount);
        if counts.lost_events() {
            problems.push(format!(
                "{who}: {} events failed to invoke, {} dropped in {since_label}",
                number(counts.sum(Metric::FailedInvokeEventCount)),
                number(counts.sum(Metric::DroppedEventCount))
            ));
        }
        if let Some(visible) = counts.idle_while_visible {
            let data = if counts.has_data(Metric::PolledEventCount) {
                "0"
            } else {
                "no data"
            };
            problems.push(format!(
                "{who}: polled no events in {since_label} (PolledEventCount: {data}) while the queue holds {visible} visible messages"
            ));
        }
    }
    if !problems.is_empty() {
        return problems.join("; ");
    }
    format!(
        "{} mapping(s): {} events polled, {} invoked, none failed to invoke or dropped in {since_label}",
        events.mappings.len(),
        number(polled_all),
        number(invoked_all)
    )
}

pub fn details(events: &MappingEvents) -> Vec<String> {
    events
        .mappings
        .iter()
        .filter_map(|m| {
            let counts = m.counts.as_ref().ok()?;
            let sums: Vec<String> = counts
                .sums
                .iter()
                .map(|(metric, sum)| {
                    let value = sum.map_or("no data".to_string(), number);
                    format!("{} {value}", metric.name())
                })
                .collect();
            Some(format!(
                "{}, {}: {}",
                who(m),
                m.state.as_str(),
                sums.join(" · ")
            ))
        })
        .collect()
}

/// `UUID (function)`.
fn who(m: &MappingEventCounts) -> String {
    format!("{} ({})", m.uuid, m.function_name)
}
