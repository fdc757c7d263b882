//! The event counts Lambda publishes per mapping (`AWS/Lambda` by
//! `EventSourceMappingUUID`, once its `MetricsConfig` has `EventCount`), judged per
//! topology queue (`metrics.KEY.mappings`): events that failed to invoke or were dropped
//! warn, and so does an enabled mapping that polled nothing while its queue holds
//! visible messages. Mappings without the metrics get one hint for the whole run
//! (`hints`), never a warning: they are off by default.

use crate::base::topology::Topology;
use crate::judgements::consumers::{ClassifiedMapping, Source, SourceKind};
use crate::state::mapping_state::MappingState;
use crate::state::metrics::{Metric, MetricsReading};

use super::evidence::Evidence;
use super::metric_checks::{number, reading, series};
use super::report::{Check, CheckStatus};

/// The command that turns a mapping's event counts on (`UUID` stands for its UUID).
pub const TURN_ON: &str = r#"aws lambda update-event-source-mapping --uuid UUID --metrics-config '{"Metrics":["EventCount"]}'"#;

/// The mappings of a topology queue whose event counts matter: the ones that consume
/// (or may), and the expected consumer's own.
fn judged(source: &Source) -> impl Iterator<Item = &ClassifiedMapping> {
    source.mappings.iter().filter(|m| {
        m.mapping.may_consume()
            || (m.function_key.is_some() && m.function_key == source.expected_consumer)
    })
}

fn topology_queues<'a>(
    topology: &'a Topology,
    sources: Option<&'a Result<Vec<Source>, String>>,
) -> impl Iterator<Item = (&'a String, &'a Source)> {
    let sources = match sources {
        Some(Ok(sources)) => sources.as_slice(),
        _ => &[],
    };
    topology.queues.keys().filter_map(move |key| {
        let source = sources
            .iter()
            .find(|s| s.kind == SourceKind::Queue && s.key.as_deref() == Some(key.as_str()))?;
        Some((key, source))
    })
}

/// One check per topology queue with at least one mapping that publishes its event
/// counts; none where the sources could not be judged (the consumer checks say why).
pub(super) fn mapping_checks(
    topology: &Topology,
    ev: &Evidence,
    sources: Option<&Result<Vec<Source>, String>>,
    since_label: &str,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for (key, source) in topology_queues(topology, sources) {
        let metered: Vec<&ClassifiedMapping> = judged(source)
            .filter(|m| m.mapping.event_count_metrics())
            .collect();
        if metered.is_empty() {
            continue;
        }
        let id = format!("metrics.{key}.mappings");
        let title = format!("event counts of {key}'s mappings");
        let reading = match reading(ev) {
            Ok(reading) => reading,
            Err(no_reading) => {
                checks.push(no_reading.into_check(id, title));
                continue;
            }
        };
        let visible = match &ev.queues {
            Ok(queues) => queues
                .by_key
                .get(key)
                .and_then(|q| q.attributes.as_ref().ok()?.as_ref())
                .map(|a| a.visible),
            Err(_) => None,
        };
        checks.push(judge(id, title, reading, &metered, visible, since_label));
    }
    checks
}

fn judge(
    id: String,
    title: String,
    reading: &MetricsReading,
    metered: &[&ClassifiedMapping],
    visible: Option<u64>,
    since_label: &str,
) -> Check {
    let mut problems = Vec::new();
    let mut details = Vec::new();
    let (mut polled_all, mut invoked_all) = (0.0, 0.0);
    for m in metered {
        let info = &m.mapping;
        let who = format!("{} ({})", info.uuid, info.function_name);
        if let Some(why) = reading.unread(&info.uuid) {
            problems.push(format!("{who}: event counts not read: {why}"));
            continue;
        }
        let sum = |metric: Metric| series(reading, &info.uuid, metric).sum();
        let (polled, failed, dropped) = (
            sum(Metric::PolledEventCount),
            sum(Metric::FailedInvokeEventCount),
            sum(Metric::DroppedEventCount),
        );
        polled_all += polled;
        invoked_all += sum(Metric::InvokedEventCount);
        if failed > 0.0 || dropped > 0.0 {
            problems.push(format!(
                "{who}: {} events failed to invoke, {} dropped in {since_label}",
                number(failed),
                number(dropped)
            ));
        }
        if info.state == MappingState::Enabled
            && polled == 0.0
            && let Some(visible) = visible.filter(|v| *v > 0)
        {
            let data = if series(reading, &info.uuid, Metric::PolledEventCount).no_data() {
                "no data"
            } else {
                "0"
            };
            problems.push(format!(
                "{who}: polled no events in {since_label} (PolledEventCount: {data}) while the queue holds {visible} visible messages"
            ));
        }
        let counts: Vec<String> = Metric::MAPPING
            .iter()
            .map(|metric| {
                let s = series(reading, &info.uuid, *metric);
                let value = if s.no_data() {
                    "no data".to_string()
                } else {
                    number(s.sum())
                };
                format!("{} {value}", metric.name())
            })
            .collect();
        details.push(format!(
            "{who}, {}: {}",
            info.state.as_str(),
            counts.join(" · ")
        ));
    }
    let check = if problems.is_empty() {
        Check::new(
            id,
            title,
            CheckStatus::Pass,
            format!(
                "{} mapping(s): {} events polled, {} invoked, none failed to invoke or dropped in {since_label}",
                metered.len(),
                number(polled_all),
                number(invoked_all)
            ),
        )
    } else {
        Check::new(id, title, CheckStatus::Warn, problems.join("; "))
    };
    check.with_details(details)
}

/// The one hint of a run whose judged mappings do not all publish their event counts:
/// which, and the command that turns them on. None when all do.
pub fn hint(topology: &Topology, sources: Option<&Result<Vec<Source>, String>>) -> Option<String> {
    let off: Vec<(String, String)> = topology_queues(topology, sources)
        .flat_map(|(key, source)| {
            judged(source)
                .filter(|m| !m.mapping.event_count_metrics())
                .map(move |m| (key.clone(), m.mapping.uuid.clone()))
        })
        .collect();
    let command = match off.as_slice() {
        [] => return None,
        [(_, uuid)] => format!("`{}`", TURN_ON.replace("UUID", uuid)),
        _ => format!("`{TURN_ON}` for each"),
    };
    let which: Vec<String> = off
        .iter()
        .map(|(key, uuid)| format!("{key} {uuid}"))
        .collect();
    Some(format!(
        "per-mapping event counts (MetricsConfig EventCount) are off for {} mapping(s) ({}): ccx judges those mappings by their function's metrics and logs only; turn them on with {command}",
        off.len(),
        which.join(", ")
    ))
}
