//! The log checks of the verification: the watched consumer's activity (markers,
//! merged records, error lines) and the retired consumer's invocations since the
//! takeover, in Text or JSON log format, from each function's configured log group.
//! Pure functions of the gathered evidence, like the other checks.

use crate::base::topology::{Role, Topology};
use crate::judgements::consumers::Source;
use crate::logs::classify::Tally;
use crate::logs::lambda_line::LambdaLine;
use crate::state::logs::{LogLine, LogSearch, MAX_EVENTS};

use super::checks::error_check;
use super::evidence::{Evidence, FunctionEvidence, FunctionsEvidence};
use super::report::{Check, CheckStatus};
use super::takeover;

/// How many error lines (or invocations) a warning quotes.
const QUOTED_LINES: usize = 3;

pub(super) fn log_checks(
    topology: &Topology,
    ev: &Evidence,
    sources: Option<&Result<Vec<Source>, String>>,
    since_label: &str,
) -> Vec<Check> {
    let mut checks = Vec::new();
    let fns = match &ev.functions {
        Ok(f) => f,
        Err(e) => {
            for key in &topology.logs.watch {
                checks.push(error_check(
                    format!("logs.{key}"),
                    format!("logs of {key}"),
                    e,
                ));
            }
            return checks;
        }
    };
    for key in &topology.logs.watch {
        checks.push(watched_logs(topology, key, fns, since_label));
    }
    for (key, spec) in &topology.functions {
        if spec.role == Role::Retired {
            checks.push(retired_logs(topology, key, fns, ev, sources));
        }
    }
    checks
}

/// Where a function's logs are, for messages: the group, and that it is the one its
/// logging configuration names.
fn group_text(f: &FunctionEvidence, group: &str) -> String {
    if f.logging.group.is_some() {
        format!("log group {group} (from its logging configuration)")
    } else {
        format!("log group {group}")
    }
}

/// The lines of a search in time order.
fn in_order(search: &LogSearch) -> Vec<&LogLine> {
    let mut lines: Vec<&LogLine> = search.lines.iter().collect();
    lines.sort_by(|a, b| (a.timestamp_ms, &a.event_id).cmp(&(b.timestamp_ms, &b.event_id)));
    lines
}

fn watched_logs(
    topology: &Topology,
    key: &str,
    fns: &FunctionsEvidence,
    since_label: &str,
) -> Check {
    let id = format!("logs.{key}");
    let title = format!("processing activity in {key}'s logs");
    let f = &fns.by_key[key];
    let Some(group) = f.log_group() else {
        return Check::new(id, title, CheckStatus::Skip, "function not found");
    };
    let search = match fns.logs_of(key) {
        Some(Ok(found)) => found,
        Some(Err(err)) => return error_check(id, title, err),
        None => return Check::new(id, title, CheckStatus::Skip, "logs not searched"),
    };
    if !search.group_exists {
        return Check::new(
            id,
            title,
            CheckStatus::Warn,
            format!(
                "{} does not exist: the function has never run",
                group_text(f, &group)
            ),
        );
    }
    let mut tally = Tally::new(&topology.logs);
    for line in in_order(search) {
        tally.add(&line.message);
    }
    let mut details: Vec<String> = tally
        .markers
        .iter()
        .map(|m| format!("`{}`: {} line(s)", m.text, m.lines))
        .collect();
    if f.logging.hides_invocations() {
        details.push(format!(
            "invocations: not visible (system log level {} hides Lambda's own lines)",
            f.logging.system_level.as_deref().unwrap_or("?")
        ));
    } else {
        details.push(format!("invocations: {}", tally.invocations));
    }
    if f.logging.group.is_some() || f.logging.format.as_deref() == Some("JSON") {
        details.push(format!(
            "{}, {} format",
            group_text(f, &group),
            f.logging.format.as_deref().unwrap_or("Text")
        ));
    }
    if search.truncated {
        details.push(format!(
            "more than {MAX_EVENTS} lines matched: counts are lower bounds"
        ));
    }
    details.extend(
        tally
            .first_errors
            .iter()
            .take(QUOTED_LINES)
            .map(|e| format!("error: {e}")),
    );
    let (status, summary) = if tally.errors > 0 {
        (
            CheckStatus::Warn,
            format!(
                "{} error line(s) in {since_label}; {}",
                tally.errors,
                tally.summary()
            ),
        )
    } else if tally.markers.iter().all(|m| m.lines == 0) {
        (
            CheckStatus::Warn,
            format!("no processing activity seen in {since_label}"),
        )
    } else {
        (
            CheckStatus::Pass,
            format!("{} in {since_label}", tally.summary()),
        )
    };
    Check::new(id, title, status, summary).with_details(details)
}

fn retired_logs(
    topology: &Topology,
    key: &str,
    fns: &FunctionsEvidence,
    ev: &Evidence,
    sources: Option<&Result<Vec<Source>, String>>,
) -> Check {
    let id = format!("logs.{key}");
    let title = format!("no invocations of retired {key}");
    let f = &fns.by_key[key];
    let Some(group) = f.log_group() else {
        return Check::new(
            id,
            title,
            CheckStatus::Pass,
            "function absent: no invocations possible",
        );
    };
    // Lambda's invocation lines are all ccx can count; a level that drops them leaves
    // nothing to count, which is not the same as no invocations.
    if f.logging.hides_invocations() {
        return Check::new(
            id,
            title,
            CheckStatus::Warn,
            format!(
                "cannot see invocations: {key}'s system log level {} hides Lambda's \
                 START/REPORT lines",
                f.logging.system_level.as_deref().unwrap_or("?")
            ),
        )
        .with_details(vec![
            "set its SystemLogLevel to INFO (or DEBUG) to make invocations visible".into(),
            group_text(f, &group),
        ]);
    }
    let search = match fns.logs_of(key) {
        Some(Ok(s)) => s,
        Some(Err(e)) => return error_check(id, title, e),
        None => return Check::new(id, title, CheckStatus::Skip, "logs not searched"),
    };
    let takeover_ms = takeover::takeover_ms(topology, key, sources);
    let from_ms = takeover_ms.unwrap_or(ev.since_ms).max(ev.since_ms);
    let after: Vec<(&LogLine, LambdaLine)> = in_order(search)
        .into_iter()
        .filter(|l| l.timestamp_ms >= from_ms)
        .map(|l| (l, LambdaLine::parse(&l.message)))
        .filter(|(_, line)| line.is_invocation_start())
        .collect();
    let since_text = takeover::since_text(takeover_ms);
    if after.is_empty() {
        Check::new(
            id,
            title,
            CheckStatus::Pass,
            format!("no invocations {since_text}"),
        )
    } else {
        Check::new(
            id,
            title,
            CheckStatus::Warn,
            format!("{} invocation(s) {since_text}", after.len()),
        )
        .with_details(
            after
                .iter()
                .take(QUOTED_LINES)
                .map(|(_, line)| line.readable().trim().to_string())
                .collect(),
        )
    }
}
