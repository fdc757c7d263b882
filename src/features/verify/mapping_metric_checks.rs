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
use super::finding::Finding;
use super::metric_checks::{reading, series};
use super::metric_finding::{EventCounts, MappingEventCounts, MappingEvents};
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
    let mappings: Vec<MappingEventCounts> = metered
        .iter()
        .map(|m| {
            let info = &m.mapping;
            let counts = match reading.unread(&info.uuid) {
                Some(why) => Err(why.to_string()),
                None => {
                    let sums: Vec<(Metric, Option<f64>)> = Metric::MAPPING
                        .iter()
                        .map(|metric| {
                            let s = series(reading, &info.uuid, *metric);
                            (*metric, (!s.no_data()).then(|| s.sum()))
                        })
                        .collect();
                    let mut counts = EventCounts {
                        sums,
                        idle_while_visible: None,
                    };
                    if info.state == MappingState::Enabled
                        && counts.sum(Metric::PolledEventCount) == 0.0
                    {
                        counts.idle_while_visible = visible.filter(|v| *v > 0);
                    }
                    Ok(counts)
                }
            };
            MappingEventCounts {
                uuid: info.uuid.clone(),
                function_name: info.function_name.clone(),
                state: info.state.clone(),
                counts,
            }
        })
        .collect();
    let status = if mappings.iter().any(MappingEventCounts::warns) {
        CheckStatus::Warn
    } else {
        CheckStatus::Pass
    };
    let events = MappingEvents {
        since_label: since_label.to_string(),
        mappings,
    };
    Check::found(id, title, status, Finding::MappingEvents(events))
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
