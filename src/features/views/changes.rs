//! What changed between two readings of a live view (`queues --watch`, `map --watch`):
//! per queue, the visible messages and the DLQ's; per mapping, its state. A view shows
//! these beside the values, so a growing backlog or DLQ stands out.

use std::collections::BTreeMap;

use crate::features::views::map::MapReport;
use crate::features::views::queues::QueuesReport;
use crate::state::mapping_state::MappingState;

/// One queue's change since the previous reading.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueChange {
    /// Visible messages now minus before.
    pub visible: i64,
    /// The same for its DLQ (None when either reading had none).
    pub dlq: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// By topology queue key; only queues present in both readings.
    pub queues: BTreeMap<String, QueueChange>,
    /// By mapping UUID: the state in the previous reading, for mappings whose state moved.
    pub mapping_was: BTreeMap<String, MappingState>,
}

impl Changes {
    pub fn queue(&self, key: &str) -> Option<QueueChange> {
        self.queues.get(key).copied()
    }

    /// Between two `ccx queues` readings.
    pub fn of_queues(now: &QueuesReport, before: &QueuesReport) -> Changes {
        let depths = |r: &QueuesReport| -> Vec<Depth> {
            r.queues
                .iter()
                .filter(|q| q.exists)
                .map(|q| (q.key.clone(), q.visible, q.dlq.as_ref().map(|d| d.visible)))
                .collect()
        };
        Changes {
            queues: compare(&depths(now), &depths(before)),
            mapping_was: BTreeMap::new(),
        }
    }

    /// Between two `ccx map` readings.
    pub fn of_map(now: &MapReport, before: &MapReport) -> Changes {
        let depths = |r: &MapReport| -> Vec<Depth> {
            r.sources
                .iter()
                .filter_map(|s| {
                    let d = s.depth.as_ref()?;
                    Some((s.source.clone(), d.visible, d.dlq_visible))
                })
                .collect()
        };
        let states = |r: &MapReport| -> BTreeMap<String, MappingState> {
            r.sources
                .iter()
                .flat_map(|s| &s.consumers)
                .map(|c| (c.uuid.clone(), c.state.clone()))
                .collect()
        };
        let then = states(before);
        let mapping_was = states(now)
            .into_iter()
            .filter_map(|(uuid, state)| match then.get(&uuid) {
                Some(was) if *was != state => Some((uuid, was.clone())),
                _ => None,
            })
            .collect();
        Changes {
            queues: compare(&depths(now), &depths(before)),
            mapping_was,
        }
    }
}

/// (key, visible, DLQ visible)
type Depth = (String, u64, Option<u64>);

fn compare(now: &[Depth], before: &[Depth]) -> BTreeMap<String, QueueChange> {
    let diff = |a: u64, b: u64| {
        i64::try_from(a).unwrap_or(i64::MAX) - i64::try_from(b).unwrap_or(i64::MAX)
    };
    now.iter()
        .filter_map(|(key, visible, dlq)| {
            let (_, was_visible, was_dlq) = before.iter().find(|(k, _, _)| k == key)?;
            Some((
                key.clone(),
                QueueChange {
                    visible: diff(*visible, *was_visible),
                    dlq: dlq.zip(*was_dlq).map(|(a, b)| diff(a, b)),
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depths_are_compared_by_key_and_only_when_both_readings_have_them() {
        let now = vec![
            ("lines".to_string(), 12, Some(4)),
            ("words".to_string(), 0, None),
            ("new".to_string(), 1, Some(0)),
        ];
        let before = vec![
            ("lines".to_string(), 20, Some(1)),
            ("words".to_string(), 3, Some(0)),
        ];
        let changes = compare(&now, &before);
        assert_eq!(
            changes["lines"],
            QueueChange {
                visible: -8,
                dlq: Some(3)
            }
        );
        assert_eq!(
            changes["words"],
            QueueChange {
                visible: -3,
                dlq: None
            }
        );
        assert!(!changes.contains_key("new"));
    }
}
