//! The log checks of the verification: the watched consumer's activity (markers,
//! merged records, error lines) and the retired consumer's invocations since the
//! takeover. Pure functions of the gathered evidence, like the other checks.

use crate::consumers::Source;
use crate::logs::classify::Tally;
use crate::state::logs::{LogLine, MAX_EVENTS};
use crate::topology::{Role, Topology};

use super::checks::error_check;
use super::evidence::{Evidence, FunctionEvidence};
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
        checks.push(watched_logs(topology, key, &fns.by_key[key], since_label));
    }
    for (key, spec) in &topology.functions {
        if spec.role == Role::Retired {
            checks.push(retired_logs(topology, key, &fns.by_key[key], ev, sources));
        }
    }
    checks
}

fn watched_logs(topology: &Topology, key: &str, f: &FunctionEvidence, since_label: &str) -> Check {
    let id = format!("logs.{key}");
    let title = format!("processing activity in {key}'s logs");
    let Some(group) = f.log_group() else {
        return Check::new(id, title, CheckStatus::Skip, "function not found");
    };
    let mut searches = Vec::new();
    for search in f.marker_searches.iter().chain(&f.error_searches) {
        match search {
            Ok(found) => searches.push(found),
            Err(err) => return error_check(id, title, err),
        }
    }
    if searches.iter().any(|s| !s.group_exists) {
        return Check::new(
            id,
            title,
            CheckStatus::Warn,
            format!("log group {group} does not exist: the function has never run"),
        );
    }
    // One search per phrase: a line matching two phrases comes back twice.
    let mut lines: Vec<&LogLine> = searches.iter().flat_map(|s| &s.lines).collect();
    lines.sort_by(|a, b| (a.timestamp_ms, &a.event_id).cmp(&(b.timestamp_ms, &b.event_id)));
    lines.dedup_by(|a, b| a.event_id == b.event_id);
    let mut tally = Tally::new(&topology.logs);
    for line in &lines {
        tally.add(&line.message);
    }
    let mut details: Vec<String> = tally
        .markers
        .iter()
        .map(|m| format!("`{}`: {} line(s)", m.text, m.lines))
        .collect();
    if searches.iter().any(|s| s.truncated) {
        details.push(format!(
            "more than {MAX_EVENTS} lines matched one phrase: counts are lower bounds"
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
    f: &FunctionEvidence,
    ev: &Evidence,
    sources: Option<&Result<Vec<Source>, String>>,
) -> Check {
    let id = format!("logs.{key}");
    let title = format!("no invocations of retired {key}");
    let Some(search) = &f.invocations else {
        return Check::new(
            id,
            title,
            CheckStatus::Pass,
            "function absent: no invocations possible",
        );
    };
    let search = match search {
        Ok(s) => s,
        Err(e) => return error_check(id, title, e),
    };
    let takeover_ms = takeover::takeover_ms(topology, key, sources);
    let from_ms = takeover_ms.unwrap_or(ev.since_ms).max(ev.since_ms);
    let after: Vec<_> = search
        .lines
        .iter()
        .filter(|l| l.timestamp_ms >= from_ms && l.message.starts_with("START"))
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
                .map(|l| l.message.trim().to_string())
                .collect(),
        )
    }
}
