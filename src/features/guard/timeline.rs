//! What `ccx guard` makes of its readings, as pure data: every change of a source's
//! mappings with its time, and every window during which a source had zero or two or
//! more enabled consumers, from the first reading that showed it to the first that did
//! not.

use std::collections::BTreeSet;

use serde::{Serialize, Serializer};

use crate::judgements::mapping_reasons::Trouble;
use crate::state::mapping_config::{self, ProvisionedPollers};
use crate::state::mapping_state::MappingState;

/// One mapping as a reading saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    pub uuid: String,
    pub function_name: String,
    /// The function ARN the mapping names (with a version or alias qualifier, if any).
    pub function_arn: String,
    /// Topology key of the function, if it is one.
    pub function_key: Option<String>,
    pub state: MappingState,
    /// What Lambda reports that makes the source fail (see `mapping_reasons`).
    pub troubles: Vec<Trouble>,
    /// `MetricsConfig.Metrics` (`EventCount`, or none).
    pub metrics: Vec<String>,
    /// `ProvisionedPollerConfig`; `None`: on demand.
    pub pollers: Option<ProvisionedPollers>,
}

/// One source in one reading: not watched, could not be read, or its mappings.
pub type SourceObservation = Option<Result<Vec<Observed>, String>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Created,
    Deleted,
    /// The state changed (`from` → `to`).
    State,
    /// The mapping now invokes another function.
    Function,
    /// Lambda reports a problem with the mapping (`to` is its reason).
    Trouble,
    /// Lambda no longer reports the problem.
    TroubleCleared,
    /// The provisioned pollers changed (`on-demand` or `MIN–MAX`, `from` → `to`): the
    /// source's throughput and cost change.
    Pollers,
    /// The mapping's own metrics changed (`off` or `EventCount`, `from` → `to`).
    Metrics,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    #[serde(rename = "at", serialize_with = "rfc3339_ms")]
    pub at_ms: i64,
    pub source: String,
    pub uuid: String,
    pub function_name: String,
    /// Topology key of the function, or null.
    pub function: Option<String>,
    pub change: ChangeKind,
    pub from: Option<String>,
    pub to: Option<String>,
    /// The source's enabled consumers after this reading.
    pub enabled_consumers: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowKind {
    /// No enabled consumer: nothing is processed.
    Zero,
    /// Two or more enabled consumers: messages race between them.
    Several,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    pub source: String,
    pub kind: WindowKind,
    #[serde(rename = "started_at", serialize_with = "rfc3339_ms")]
    pub started_ms: i64,
    /// Null when the window was still open at the last reading.
    #[serde(rename = "ended_at", serialize_with = "rfc3339_ms_opt")]
    pub ended_ms: Option<i64>,
    /// Until the end, or until the last reading when still open.
    pub duration_ms: i64,
    /// For two or more: every function enabled during the window. For zero: the
    /// consumers right before it and right after it.
    pub functions: Vec<String>,
    /// Already so at the first reading.
    pub from_start: bool,
}

/// Per source, what the watch saw of it as a whole.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SourceTally {
    pub consumers_at_start: Option<Vec<String>>,
    pub consumers_at_end: Option<Vec<String>>,
    pub readings: u32,
    pub missed_readings: u32,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone)]
struct OpenWindow {
    kind: WindowKind,
    started_ms: i64,
    functions: BTreeSet<String>,
    from_start: bool,
}

#[derive(Debug, Clone, Default)]
struct Track {
    last: Option<Vec<Observed>>,
    open: Option<OpenWindow>,
    tally: SourceTally,
}

/// The changes and windows of every source, built one reading at a time.
#[derive(Debug, Clone)]
pub struct Timeline {
    keys: Vec<String>,
    tracks: Vec<Track>,
    changes: Vec<Change>,
    windows: Vec<Window>,
    first_ms: Option<i64>,
    last_reading_ms: Option<i64>,
    last_change_ms: Option<i64>,
    readings: u32,
}

/// What a watch saw, in the end.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub changes: Vec<Change>,
    /// In the order they started; still open ones have no end.
    pub windows: Vec<Window>,
    /// Per source, in the order given to [`Timeline::new`].
    pub tallies: Vec<SourceTally>,
    pub readings: u32,
}

impl Timeline {
    /// A timeline for the sources with these topology keys (readings list them in
    /// this order).
    pub fn new(keys: Vec<String>) -> Timeline {
        Timeline {
            tracks: vec![Track::default(); keys.len()],
            keys,
            changes: Vec::new(),
            windows: Vec::new(),
            first_ms: None,
            last_reading_ms: None,
            last_change_ms: None,
            readings: 0,
        }
    }

    /// Takes one reading made at `at_ms`: one observation per source.
    pub fn observe(&mut self, at_ms: i64, observations: Vec<SourceObservation>) {
        self.first_ms.get_or_insert(at_ms);
        self.readings += 1;
        let changes_before = self.changes.len();
        for (i, observation) in observations.into_iter().enumerate() {
            let Some(observation) = observation else {
                continue;
            };
            let key = self.keys[i].clone();
            let track = &mut self.tracks[i];
            track.tally.readings += 1;
            let now = match observation {
                Ok(now) => now,
                Err(error) => {
                    track.tally.missed_readings += 1;
                    track.tally.last_error = Some(error);
                    continue;
                }
            };
            let consumers = enabled_consumers(&now);
            self.changes
                .extend(diff(&key, at_ms, track.last.as_deref(), &now, &consumers));
            let before = track.last.as_deref().map(enabled_consumers);
            if let Some(closed) = move_window(track, &key, at_ms, before, &consumers) {
                self.windows.push(closed);
            }
            track
                .tally
                .consumers_at_start
                .get_or_insert_with(|| consumers.clone());
            track.tally.consumers_at_end = Some(consumers);
            track.last = Some(now);
        }
        self.last_reading_ms = Some(at_ms);
        if self.changes.len() > changes_before {
            self.last_change_ms = Some(at_ms);
        }
    }

    /// When the mappings last changed (or the first reading, when they never did).
    pub fn quiet_since_ms(&self) -> Option<i64> {
        self.last_change_ms.or(self.first_ms)
    }

    /// The mappings of source `index` at the last reading that saw them.
    pub fn current(&self, index: usize) -> Option<&[Observed]> {
        self.tracks.get(index)?.last.as_deref()
    }

    /// Every window, the open ones measured up to the last reading.
    pub fn finish(self) -> Outcome {
        let mut windows = self.windows;
        let last_ms = self.last_reading_ms.unwrap_or_default();
        for (key, track) in self.keys.iter().zip(&self.tracks) {
            if let Some(open) = &track.open {
                windows.push(Window {
                    source: key.clone(),
                    kind: open.kind,
                    started_ms: open.started_ms,
                    ended_ms: None,
                    duration_ms: last_ms - open.started_ms,
                    functions: open.functions.iter().cloned().collect(),
                    from_start: open.from_start,
                });
            }
        }
        windows.sort_by_key(|w| w.started_ms);
        Outcome {
            changes: self.changes,
            windows,
            tallies: self.tracks.into_iter().map(|t| t.tally).collect(),
            readings: self.readings,
        }
    }
}

/// The functions of the mappings that may consume, sorted, each once: by name, or by
/// function ARN where one function is consumed both unqualified and by a version or
/// alias (two consumers, which the name alone would show as one).
pub fn enabled_consumers(mappings: &[Observed]) -> Vec<String> {
    let consuming: BTreeSet<(&str, &str)> = mappings
        .iter()
        .filter(|m| m.state.may_consume())
        .map(|m| (m.function_name.as_str(), m.function_arn.as_str()))
        .collect();
    let labels: BTreeSet<String> = consuming
        .iter()
        .map(|(name, arn)| {
            if consuming.iter().filter(|(n, _)| n == name).count() > 1 {
                arn.to_string()
            } else {
                name.to_string()
            }
        })
        .collect();
    labels.into_iter().collect()
}

fn window_kind(consumers: &[String]) -> Option<WindowKind> {
    match consumers.len() {
        0 => Some(WindowKind::Zero),
        1 => None,
        _ => Some(WindowKind::Several),
    }
}

/// Closes, extends or opens the source's window after a reading that found
/// `consumers` (and `before` at the previous one); returns a window that closed.
fn move_window(
    track: &mut Track,
    key: &str,
    at_ms: i64,
    before: Option<Vec<String>>,
    consumers: &[String],
) -> Option<Window> {
    let kind = window_kind(consumers);
    if let Some(open) = &mut track.open
        && Some(open.kind) == kind
    {
        if open.kind == WindowKind::Several {
            open.functions.extend(consumers.iter().cloned());
        }
        return None;
    }
    let closed = track.open.take().map(|mut open| {
        if open.kind == WindowKind::Zero {
            open.functions.extend(consumers.iter().cloned());
        }
        Window {
            source: key.to_string(),
            kind: open.kind,
            started_ms: open.started_ms,
            ended_ms: Some(at_ms),
            duration_ms: at_ms - open.started_ms,
            functions: open.functions.into_iter().collect(),
            from_start: open.from_start,
        }
    });
    if let Some(kind) = kind {
        let functions = match kind {
            WindowKind::Several => consumers.iter().cloned().collect(),
            WindowKind::Zero => before.clone().unwrap_or_default().into_iter().collect(),
        };
        track.open = Some(OpenWindow {
            kind,
            started_ms: at_ms,
            functions,
            from_start: before.is_none(),
        });
    }
    closed
}

/// The changes between the previous reading of a source and this one. The first
/// reading has no changes, except the problems Lambda already reports.
fn diff(
    key: &str,
    at_ms: i64,
    before: Option<&[Observed]>,
    now: &[Observed],
    consumers: &[String],
) -> Vec<Change> {
    let change =
        |m: &Observed, kind: ChangeKind, from: Option<String>, to: Option<String>| Change {
            at_ms,
            source: key.to_string(),
            uuid: m.uuid.clone(),
            function_name: m.function_name.clone(),
            function: m.function_key.clone(),
            change: kind,
            from,
            to,
            enabled_consumers: consumers.to_vec(),
        };
    let describe = |m: &Observed| {
        let reasons: Vec<String> = m.troubles.iter().map(Trouble::describe).collect();
        reasons.join("; ")
    };
    let mut changes = Vec::new();
    let Some(before) = before else {
        for m in now.iter().filter(|m| !m.troubles.is_empty()) {
            changes.push(change(m, ChangeKind::Trouble, None, Some(describe(m))));
        }
        return changes;
    };
    for m in now {
        let Some(old) = before.iter().find(|o| o.uuid == m.uuid) else {
            changes.push(change(
                m,
                ChangeKind::Created,
                None,
                Some(m.state.to_string()),
            ));
            if !m.troubles.is_empty() {
                changes.push(change(m, ChangeKind::Trouble, None, Some(describe(m))));
            }
            continue;
        };
        if old.function_name != m.function_name {
            changes.push(change(
                m,
                ChangeKind::Function,
                Some(old.function_name.clone()),
                Some(m.function_name.clone()),
            ));
        }
        if old.state != m.state {
            changes.push(change(
                m,
                ChangeKind::State,
                Some(old.state.to_string()),
                Some(m.state.to_string()),
            ));
        }
        if old.pollers != m.pollers {
            changes.push(change(
                m,
                ChangeKind::Pollers,
                Some(mapping_config::pollers_cell(old.pollers.as_ref())),
                Some(mapping_config::pollers_cell(m.pollers.as_ref())),
            ));
        }
        if old.metrics != m.metrics {
            changes.push(change(
                m,
                ChangeKind::Metrics,
                Some(mapping_config::metrics_cell(&old.metrics)),
                Some(mapping_config::metrics_cell(&m.metrics)),
            ));
        }
        if old.troubles != m.troubles {
            let (kind, from, to) = if m.troubles.is_empty() {
                (ChangeKind::TroubleCleared, Some(describe(old)), None)
            } else {
                let from = (!old.troubles.is_empty()).then(|| describe(old));
                (ChangeKind::Trouble, from, Some(describe(m)))
            };
            changes.push(change(m, kind, from, to));
        }
    }
    for old in before {
        if !now.iter().any(|m| m.uuid == old.uuid) {
            changes.push(change(
                old,
                ChangeKind::Deleted,
                Some(old.state.to_string()),
                None,
            ));
        }
    }
    changes
}

/// Milliseconds since the epoch as RFC 3339 UTC with milliseconds.
pub fn format_ms(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(crate::base::time::rfc3339_ms)
        .unwrap_or_else(|_| ms.to_string())
}

pub(super) fn rfc3339_ms<S: Serializer>(ms: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format_ms(*ms))
}

pub(super) fn rfc3339_ms_opt<S: Serializer>(
    ms: &Option<i64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match ms {
        Some(ms) => serializer.serialize_str(&format_ms(*ms)),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests;
