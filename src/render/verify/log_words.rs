//! The `logs.KEY` checks in words: a watched consumer's marker and error lines, a
//! retired consumer's invocations since the takeover, a restored fallback's since the
//! rollback; with what a shared log group left out.

use crate::features::verify::log_finding::{
    Activity, FallbackInvocations, LogFinding, LogGroup, LoggedInvocations, RetiredInvocations,
    StreamNotes,
};
use crate::state::logs::MAX_EVENTS;

/// How many error lines a check quotes.
const QUOTED_ERRORS: usize = 3;

pub fn summary(finding: &LogFinding) -> String {
    match finding {
        LogFinding::NeverRan(group) => {
            format!(
                "{} does not exist: the function has never run",
                group_text(group)
            )
        }
        LogFinding::Activity(activity) => activity_summary(activity),
        LogFinding::RetiredHidden { key, level, .. } => format!(
            "cannot see invocations: {key}'s system log level {level} hides Lambda's \
             START/REPORT lines"
        ),
        LogFinding::Retired(retired) => retired_summary(retired),
        LogFinding::Restored(restored) => {
            let (function, window) = (&restored.function, &restored.window);
            if restored.seen() {
                format!("{function} invoked {window}")
            } else {
                format!(
                    "no invocations of {function} seen {window}: it is not processing yet (or \
                     has nothing to process)"
                )
            }
        }
    }
}

pub fn details(finding: &LogFinding) -> Vec<String> {
    match finding {
        LogFinding::NeverRan(_) => Vec::new(),
        LogFinding::Activity(activity) => activity_details(activity),
        LogFinding::RetiredHidden { group, .. } => vec![
            "set its SystemLogLevel to INFO (or DEBUG) to make invocations visible".into(),
            group_text(group),
        ],
        LogFinding::Retired(retired) => {
            let mut details = retired.quoted.clone();
            details.extend(notes(&retired.notes));
            details
        }
        LogFinding::Restored(restored) => restored_details(restored),
    }
}

/// Where a function's logs are: the group, and that it is the one its logging
/// configuration names.
fn group_text(group: &LogGroup) -> String {
    if group.from_config {
        format!("log group {} (from its logging configuration)", group.name)
    } else {
        format!("log group {}", group.name)
    }
}

/// The note on a shared group, then the lines nobody can attribute.
fn notes(notes: &StreamNotes) -> Vec<String> {
    let shared = notes.left_out.shared_note(&notes.function, &notes.group);
    shared.into_iter().chain(unattributed(notes)).collect()
}

fn unattributed(notes: &StreamNotes) -> Option<String> {
    notes.left_out.unknown_warning(&notes.group)
}

fn activity_summary(a: &Activity) -> String {
    let window = &a.window;
    let unknown = unattributed(&a.notes);
    if a.tally.errors > 0 {
        format!(
            "{} error line(s) {window}; {}",
            a.tally.errors,
            a.tally.summary()
        )
    } else if a.idle() {
        let mut summary = format!("no processing activity seen {window}");
        if let Some(unknown) = &unknown {
            summary.push_str(&format!("; {unknown}"));
        }
        summary
    } else if let Some(unknown) = unknown {
        format!("{} {window}; but {unknown}", a.tally.summary())
    } else {
        format!("{} {window}", a.tally.summary())
    }
}

fn activity_details(a: &Activity) -> Vec<String> {
    let mut details: Vec<String> = a
        .tally
        .markers
        .iter()
        .map(|m| format!("`{}`: {} line(s)", m.text, m.lines))
        .collect();
    details.push(match &a.hidden_by {
        Some(level) => {
            format!("invocations: not visible (system log level {level} hides Lambda's own lines)")
        }
        None => format!("invocations: {}", a.tally.invocations),
    });
    if let Some((group, format)) = &a.format {
        details.push(format!("{}, {format} format", group_text(group)));
    }
    details.extend(notes(&a.notes));
    if a.truncated {
        details.push(format!(
            "more than {MAX_EVENTS} lines matched: counts are lower bounds"
        ));
    }
    details.extend(
        a.tally
            .first_errors
            .iter()
            .take(QUOTED_ERRORS)
            .map(|e| format!("error: {e}")),
    );
    details
}

fn retired_summary(r: &RetiredInvocations) -> String {
    let since = r.since;
    if r.started > 0 {
        format!("{} invocation(s) {since}", r.started)
    } else if let Some(unknown) = unattributed(&r.notes) {
        format!("no invocations {since} in its own streams, but {unknown}")
    } else {
        format!("no invocations {since}")
    }
}

fn restored_details(r: &FallbackInvocations) -> Vec<String> {
    let window = &r.window;
    let mut details = vec![
        match &r.logged {
            LoggedInvocations::Counted(n) => format!("its logs show {n} invocation(s) {window}"),
            LoggedInvocations::Hidden(level) => {
                format!("its logs cannot show invocations (system log level {level})")
            }
            LoggedInvocations::NoGroup(group) => {
                format!("{} does not exist yet", group_text(group))
            }
        },
        match r.counted {
            Some(n) => format!("CloudWatch counts {n:.0} invocation(s) {window}"),
            None => "CloudWatch Invocations: no data".to_string(),
        },
    ];
    details.extend(notes(&r.notes));
    details
}
