//! Text for `ccx switch` / `ccx rollback`: the plan, each queue's outcome, and every
//! source's state afterwards.

pub mod progress;
pub mod stacks;

use std::time::Duration;

use crate::aws::arn;
use crate::aws::destination::Destination;
use crate::features::switch::invocation_drain::{DrainEnd, DrainRecord};
use crate::features::switch::plan::{
    Action, MappingRef, Mode, PollersChange, QueuePlan, SwitchPlan,
};
use crate::features::switch::report::{
    ApplyReport, QueueOutcome, SourceState, StepKind, StepOutcome,
};
use crate::features::switch::target::check::{CheckOutcome, TargetCheck};
use crate::judgements::consumers::Verdict;
use crate::state::mapping_config::{self, ProvisionedPollers};
use crate::state::mapping_state::MappingState;
use crate::state::mappings::MappingSettings;
use crate::ui::table::{self, Kind};
use crate::ui::{style, styled, wrap};

/// A note under a table (`! lines: …`, `    batch size …`), wrapped two further in
/// than its own indent.
fn note(text: &str, width: Option<usize>) -> Vec<String> {
    let plain = styled::plain(text);
    let indent = plain.len() - plain.trim_start().len();
    wrap::indented("", &" ".repeat(indent + 2), text, width)
}

/// The plan: where it writes, then one row per step, in the order they run; within
/// `width` columns (`None`: every name and UUID whole).
pub fn plan(plan: &SwitchPlan, destination: &Destination, width: Option<usize>) -> String {
    let title = match &plan.mode {
        Mode::Rollback => format!(
            "Rollback plan, stack {}: each queue back to its fallback, break before make",
            plan.stack
        ),
        Mode::Switch { to } => {
            format!(
                "Switch plan, stack {}: {to} as the only enabled consumer, break before make",
                plan.stack
            )
        }
    };
    let mut t = table::new([
        "QUEUE", "ACTION", "STEP", "MAPPING", "FUNCTION", "NOW", "AFTER",
    ]);
    t.kind("MAPPING", Kind::Whole).kind("FUNCTION", Kind::Name);
    let mut notes: Vec<String> = Vec::new();
    for q in &plan.queues {
        let mut rows = plan_rows(q);
        if let Some(first) = rows.first_mut() {
            first[0] = q.queue.clone();
            first[1] = action_label(&q.action);
        }
        for row in rows {
            t.add_row(row);
        }
        match &q.action {
            Action::Refuse { reason, .. } => {
                notes.push(style::bad(&format!("✘ {}: refused: {reason}", q.queue)))
            }
            Action::NothingToDo => notes.push(style::dim(&format!(
                "  {}: nothing to do, {} is already the only enabled consumer",
                q.queue,
                q.target_label()
            ))),
            Action::Create {
                copied_from,
                settings,
                ..
            } => {
                notes.push(format!(
                    "  {}: creates a mapping for {} with the settings of {}",
                    q.queue,
                    q.target_label(),
                    copied_from
                        .as_deref()
                        .unwrap_or("Lambda's defaults (no mapping to copy)")
                ));
                if copied_from.is_some() {
                    notes.push(format!("    {}", settings_line(settings)));
                }
            }
            Action::Switch { .. } => {}
        }
        if let Some(change) = &q.pollers_change {
            notes.push(style::warn(&format!(
                "! {}: {}",
                q.queue,
                pollers_change_words(change)
            )));
        }
        for note in &q.notes {
            notes.push(style::warn(&format!("! {}: {note}", q.queue)));
        }
    }
    let mut out = wrap::indented("", "  ", &style::bold(&title), width);
    out.extend(wrap::indented(
        "Writes to ",
        "  ",
        &super::destination::describe(destination),
        width,
    ));
    out.push(table::render(&t, width));
    for line in notes {
        out.extend(note(&line, width));
    }
    out.join("\n")
}

/// A switch between mappings that poll differently, both named.
fn pollers_change_words(change: &PollersChange) -> String {
    let polls = |pollers: Option<&ProvisionedPollers>| match pollers {
        Some(p) => format!("runs {} provisioned pollers", p.bounds()),
        None => "polls on demand".to_string(),
    };
    format!(
        "the target's mapping {} {}, the one it replaces ({}) {}: throughput and cost change",
        change.target_uuid,
        polls(change.target.as_ref()),
        change.replaced_uuid,
        polls(change.replaced.as_ref()),
    )
}

/// What a created mapping copies, every setting named, unset ones too.
fn settings_line(s: &MappingSettings) -> String {
    let or_unset = |v: Option<i32>, unit: &str| v.map_or("unset".into(), |v| format!("{v}{unit}"));
    let filters = if s.filter_patterns.is_empty() {
        "none (every message)".to_string()
    } else {
        s.filter_patterns.join(" OR ")
    };
    let responses = if s.function_response_types.is_empty() {
        "none".to_string()
    } else {
        s.function_response_types.join(", ")
    };
    format!(
        "batch size {} · batching window {} · maximum concurrency {} · response types {responses} · filters {filters} · metrics {} · pollers {}",
        or_unset(s.batch_size, ""),
        or_unset(s.maximum_batching_window_seconds, "s"),
        or_unset(s.maximum_concurrency, ""),
        mapping_config::metrics_cell(&s.metrics),
        mapping_config::pollers_cell(s.provisioned_pollers.as_ref()),
    )
}

fn action_label(action: &Action) -> String {
    match action {
        Action::NothingToDo => style::dim("nothing to do"),
        Action::Switch { .. } => "switch".into(),
        Action::Create { .. } => "create+switch".into(),
        Action::Refuse { .. } => style::bad("refused"),
    }
}

fn plan_rows(q: &QueuePlan) -> Vec<Vec<String>> {
    let row = |step: usize,
               verb: &str,
               uuid: &str,
               function: &str,
               now: Option<&MappingState>,
               after: MappingState| {
        vec![
            String::new(),
            String::new(),
            format!("{step}. {verb}"),
            uuid.to_string(),
            function.to_string(),
            state_or_dash(now),
            style::mapping_state(&after),
        ]
    };
    let target = q.target_label();
    match &q.action {
        Action::NothingToDo | Action::Refuse { .. } => {
            // Nothing to do means the target is enabled now and stays so.
            let state = match &q.action {
                Action::NothingToDo => style::mapping_state(&MappingState::Enabled),
                _ => "-".to_string(),
            };
            vec![vec![
                String::new(),
                String::new(),
                "-".into(),
                "-".into(),
                target.to_string(),
                state.clone(),
                state,
            ]]
        }
        Action::Switch { disable, enable } => {
            let mut rows: Vec<Vec<String>> = disable
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    row(
                        i + 1,
                        "disable",
                        &m.uuid,
                        function_of(m),
                        Some(&m.state),
                        MappingState::Disabled,
                    )
                })
                .collect();
            let verb = if enable.state == MappingState::Enabled {
                "keep"
            } else {
                "enable"
            };
            rows.push(row(
                disable.len() + 1,
                verb,
                &enable.uuid,
                function_of(enable),
                Some(&enable.state),
                MappingState::Enabled,
            ));
            rows
        }
        Action::Create { disable, .. } => {
            let mut rows = vec![row(
                1,
                "create",
                "(new)",
                target,
                None,
                MappingState::Disabled,
            )];
            rows.extend(disable.iter().enumerate().map(|(i, m)| {
                row(
                    i + 2,
                    "disable",
                    &m.uuid,
                    function_of(m),
                    Some(&m.state),
                    MappingState::Disabled,
                )
            }));
            rows.push(row(
                disable.len() + 2,
                "enable",
                "(new)",
                target,
                Some(&MappingState::Disabled),
                MappingState::Enabled,
            ));
            rows
        }
    }
}

/// A mapping's function: its name, or its ARN when the mapping names a version or alias
/// (two mappings of one function, one of them qualified, would read the same).
fn function_of(m: &MappingRef) -> &str {
    match arn::function_qualifier(&m.function_arn) {
        Some(_) => &m.function_arn,
        None => &m.function_name,
    }
}

fn state_or_dash(state: Option<&MappingState>) -> String {
    state.map_or_else(|| "-".into(), style::mapping_state)
}

/// What happened: each queue's outcome and every step with its timing; within `width`
/// columns (`None`: every name and UUID whole).
pub fn outcome(plan: &SwitchPlan, report: &ApplyReport, width: Option<usize>) -> String {
    let mut t = table::new([
        "QUEUE", "OUTCOME", "STEP", "MAPPING", "FUNCTION", "FROM", "TO", "TIME", "RESULT",
    ]);
    t.kind("MAPPING", Kind::Whole).kind("FUNCTION", Kind::Name);
    let mut notes = Vec::new();
    for q in &report.queues {
        let label = match q.outcome {
            QueueOutcome::Switched => style::ok("switched"),
            QueueOutcome::NothingToDo => style::dim("nothing to do"),
            QueueOutcome::NotStarted => style::warn("not started"),
            other => style::bad(other.as_str()),
        };
        if q.steps.is_empty() {
            t.add_row(vec![
                q.queue.clone(),
                label.clone(),
                "-".into(),
                "-".into(),
                "-".into(),
                "-".into(),
                "-".into(),
                "-".into(),
                "-".into(),
            ]);
        }
        // The drain and the target's re-check come between the last disable and the
        // enable (or the revert, when the re-check refused the enable).
        let drain_at = q
            .steps
            .iter()
            .position(|s| {
                matches!(
                    s.kind,
                    StepKind::Enable | StepKind::RevertDisable | StepKind::RevertEnable
                )
            })
            .unwrap_or(q.steps.len());
        for (i, s) in q.steps.iter().enumerate() {
            if i == drain_at {
                t.add_rows(drain_rows(q.drain.as_ref()));
                t.add_rows(check_rows(q.target_check.as_ref()));
            }
            let result = match s.outcome {
                StepOutcome::Done => style::ok("done"),
                StepOutcome::AlreadyDone => style::dim("already"),
                StepOutcome::Failed => style::bad("failed"),
                StepOutcome::TimedOut => style::bad("timed out"),
                StepOutcome::Changed => style::bad("changed"),
            };
            t.add_row(vec![
                if i == 0 {
                    q.queue.clone()
                } else {
                    String::new()
                },
                if i == 0 { label.clone() } else { String::new() },
                s.kind.as_str().to_string(),
                if s.uuid.is_empty() {
                    "-".into()
                } else {
                    s.uuid.clone()
                },
                s.function_name.clone(),
                state_or_dash(s.from_state.as_ref()),
                state_or_dash(s.to_state.as_ref()),
                humantime::format_duration(Duration::from_millis(s.duration_ms)).to_string(),
                result,
            ]);
        }
        if drain_at == q.steps.len() {
            t.add_rows(drain_rows(q.drain.as_ref()));
            t.add_rows(check_rows(q.target_check.as_ref()));
        }
        if let Some(seconds) = q.drain.as_ref().and_then(|d| d.overlap_seconds()) {
            notes.push(style::warn(&format!(
                "! {}: --no-drain: the old consumer may have run together with the new one for up to {} (its timeout)",
                q.queue,
                humantime::format_duration(Duration::from_secs(seconds))
            )));
        }
        if let Some(detail) = &q.detail
            && q.outcome != QueueOutcome::Refused
        {
            let line = format!("{}: {}: {detail}", q.queue, q.outcome.as_str());
            notes.push(if q.outcome.is_ok() {
                line
            } else {
                style::bad(&format!("✘ {line}"))
            });
        }
    }
    if report.interrupted {
        notes.push(style::warn("Interrupted: the queue in progress was finished or reverted; later queues were not started."));
    }
    let title = format!(
        "Outcome, stack {}: {} write call{} in {}",
        plan.stack,
        report.writes(),
        if report.writes() == 1 { "" } else { "s" },
        humantime::format_duration(Duration::from_millis(report.duration_ms))
    );
    let mut out = vec![String::new()];
    out.extend(wrap::indented("", "  ", &style::bold(&title), width));
    out.push(table::render(&t, width));
    for line in notes {
        out.extend(note(&line, width));
    }
    out.join("\n")
}

/// One row per drained consumer, in the outcome table's columns.
fn drain_rows(drain: Option<&DrainRecord>) -> Vec<Vec<String>> {
    let Some(drain) = drain else {
        return Vec::new();
    };
    drain
        .functions
        .iter()
        .map(|f| {
            let result = match f.ended {
                DrainEnd::SeenIdle => style::ok("seen idle"),
                DrainEnd::TimeoutReached => style::ok("timeout reached"),
                DrainEnd::Skipped => style::warn("skipped"),
            };
            vec![
                String::new(),
                String::new(),
                "drain".into(),
                "-".into(),
                f.function_name.clone(),
                "-".into(),
                "-".into(),
                humantime::format_duration(Duration::from_millis(f.duration_ms)).to_string(),
                result,
            ]
        })
        .collect()
}

/// The target's re-check before its enable, as a row in the outcome table's columns,
/// when it waited or refused (a quick go-ahead is in the JSON only).
fn check_rows(check: Option<&TargetCheck>) -> Vec<Vec<String>> {
    let Some(check) = check.filter(|c| c.eventful()) else {
        return Vec::new();
    };
    let state = match (&check.status, &check.read_error) {
        (Some(status), _) => status.state.clone().unwrap_or_else(|| "?".into()),
        (None, Some(_)) => "unreadable".into(),
        (None, None) => "gone".into(),
    };
    let result = match check.outcome {
        CheckOutcome::Go => style::ok("settled"),
        CheckOutcome::Refused => style::bad("refused"),
    };
    vec![vec![
        String::new(),
        String::new(),
        "check target".into(),
        "-".into(),
        check.function_name.clone(),
        "-".into(),
        state,
        humantime::format_duration(Duration::from_millis(check.duration_ms)).to_string(),
        result,
    ]]
}

/// Every topology source after the switch, with the one-consumer check; within `width`
/// columns. Piped (no width), one MAPPINGS cell per source, a line per mapping, as ccx
/// has always printed it; fitted, a row per mapping with its state, function and UUID in
/// columns of their own, so that a long function name gives way without splitting.
pub fn after(states: &[SourceState], width: Option<usize>) -> String {
    let fitted = width.is_some();
    let mut t = if fitted {
        table::new(["SOURCE", "NAME", "STATE", "FUNCTION", "MAPPING", "CHECK"])
    } else {
        table::new(["SOURCE", "NAME", "MAPPINGS", "CHECK"])
    };
    t.kind("NAME", Kind::Name)
        .kind("FUNCTION", Kind::Name)
        .kind("CHECK", Kind::Prose);
    for s in states {
        let check = match &s.verdict {
            _ if s.problem => style::bad(&format!("✘ {}", s.summary)),
            Verdict::WrongConsumer { expected, .. } => format!(
                "{} {}",
                style::ok("✔ one enabled consumer"),
                style::dim(&format!("(the topology expects {expected})"))
            ),
            _ => style::ok(&format!("✔ {}", s.summary)),
        };
        let label = if s.in_scope {
            s.source.clone()
        } else {
            style::dim(&s.source)
        };
        let name = s.name.clone().unwrap_or_else(|| style::bad("(not found)"));
        let mappings: Vec<[String; 3]> = s
            .mappings
            .iter()
            .map(|m| {
                [
                    style::mapping_state(&m.state),
                    function_of(m).to_string(),
                    m.uuid.get(..8).unwrap_or(&m.uuid).to_string(),
                ]
            })
            .collect();
        if !fitted {
            let cell = if mappings.is_empty() {
                style::dim("no mappings")
            } else {
                mappings
                    .iter()
                    .map(|[state, function, uuid]| {
                        format!("{state} {function} {}", style::dim(&format!("({uuid})")))
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            t.add_row(vec![label, name, cell, check]);
            continue;
        }
        if mappings.is_empty() {
            t.add_row(vec![
                label,
                name,
                "-".to_string(),
                style::dim("no mappings"),
                "-".to_string(),
                check,
            ]);
            continue;
        }
        for (i, [state, function, uuid]) in mappings.into_iter().enumerate() {
            // The source, its name and its check on its first mapping's row.
            let (label, name, check) = if i == 0 {
                (label.clone(), name.clone(), check.clone())
            } else {
                Default::default()
            };
            t.add_row(vec![label, name, state, function, style::dim(&uuid), check]);
        }
    }
    let mut out = vec![String::new()];
    out.extend(wrap::indented(
        "",
        "  ",
        &style::bold("After: one enabled consumer per source"),
        width,
    ));
    out.push(table::render(&t, width));
    out.join("\n")
}

#[cfg(test)]
mod tests;
