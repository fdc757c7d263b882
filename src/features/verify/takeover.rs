//! When the consumers last changed. The retired consumer was replaced at the moment the
//! other consumer's mappings on the queues that fall back to it were last changed
//! (enabled): invocations of the retired consumer after it mean it still runs. A
//! consumer's own activity proves it processes only from the last change of a queue it
//! consumes on (any of the queue's mappings): lines from before a rollback are not
//! evidence that the consumer of now works. Used by the log and metric checks.

use crate::base::time;
use crate::base::topology::Topology;
use crate::judgements::consumers::Source;

use super::window::ActivityWindow;

/// The takeover from the retired function `key`, in ms; None when no mapping tells.
pub(super) fn takeover_ms(
    topology: &Topology,
    key: &str,
    sources: Option<&Result<Vec<Source>, String>>,
) -> Option<i64> {
    let Some(Ok(sources)) = sources else {
        return None;
    };
    sources
        .iter()
        .filter(|s| {
            s.key.as_ref().is_some_and(|k| {
                topology
                    .queues
                    .get(k)
                    .is_some_and(|q| q.fallback.as_deref() == Some(key))
            })
        })
        .flat_map(|s| s.active())
        .filter(|m| m.function_key.as_deref() != Some(key))
        .filter_map(|m| m.mapping.last_modified.as_deref().and_then(time::parse))
        .map(|t| t.as_millisecond())
        .max()
}

/// The latest change of any mapping on the sources (queues and streams) the topology
/// names `key` the consumer of, in ms; None when no mapping tells.
pub(super) fn last_change_ms(
    topology: &Topology,
    key: &str,
    sources: Option<&Result<Vec<Source>, String>>,
) -> Option<i64> {
    let Some(Ok(sources)) = sources else {
        return None;
    };
    sources
        .iter()
        .filter(|s| {
            s.key.as_ref().is_some_and(|k| {
                topology.queues.get(k).is_some_and(|q| q.consumer == key)
                    || topology.streams.get(k).is_some_and(|st| st.consumer == key)
            })
        })
        .flat_map(|s| s.mappings.iter())
        .filter_map(|m| m.mapping.last_modified.as_deref().and_then(time::parse))
        .map(|t| t.as_millisecond())
        .max()
}

/// Where evidence of `key`'s activity starts: the window's start, or the last consumer
/// change when it is later. With the window that says which.
pub(super) fn activity_from(
    topology: &Topology,
    key: &str,
    sources: Option<&Result<Vec<Source>, String>>,
    window_start_ms: i64,
    since_label: &str,
) -> (i64, ActivityWindow) {
    match last_change_ms(topology, key, sources) {
        Some(change) if change > window_start_ms => (change, ActivityWindow::SinceChange(change)),
        _ => (
            window_start_ms,
            ActivityWindow::Recent(since_label.to_string()),
        ),
    }
}
