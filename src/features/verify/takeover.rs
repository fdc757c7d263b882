//! When the retired consumer was replaced: the moment the other consumer's mappings on
//! the queues that fall back to it were last changed (enabled). Invocations of the
//! retired consumer after it mean it still runs. Used by the log and metric checks.

use crate::base::time;
use crate::base::topology::Topology;
use crate::judgements::consumers::Source;

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

/// How a takeover reads in a summary.
pub(super) fn since_text(takeover_ms: Option<i64>) -> String {
    match takeover_ms {
        Some(ms) => format!(
            "since the takeover at {}",
            jiff::Timestamp::from_millisecond(ms)
                .map(crate::base::time::rfc3339_ms)
                .unwrap_or_default()
        ),
        None => "in the window".to_string(),
    }
}
