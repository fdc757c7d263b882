//! The log checks of the verification: the watched consumer's activity (markers,
//! merged records, error lines) since the last consumer change of its queues, the
//! retired consumer's invocations since the takeover, and after a rollback the
//! fallback's invocations since it was restored; in Text or JSON log format, from each
//! function's own streams of its configured log group (`own_logs`). Pure functions of
//! the gathered evidence, like the other checks.

use crate::base::topology::{Role, Topology};
use crate::judgements::consumers::Source;
use crate::logs::classify::Tally;
use crate::state::logs::MAX_EVENTS;
use crate::state::metrics::Metric;

use super::checks::error_check;
use super::evidence::{Evidence, FunctionEvidence, FunctionsEvidence};
use super::own_logs::{AllOwnLogs, OwnLogs};
use super::report::{Check, CheckStatus};
use super::takeover;

/// How many error lines (or invocations) a warning quotes.
const QUOTED_LINES: usize = 3;

pub(super) fn log_checks(
    topology: &Topology,
    ev: &Evidence,
    sources: Option<&Result<Vec<Source>, String>>,
    own: &AllOwnLogs<'_>,
    since_label: &str,
) -> Vec<Check> {
    let mut checks = Vec::new();
    let fns = match &ev.functions {
        Ok(f) => f,
        Err(e) => {
            for key in topology.logs.watch.iter().chain(&topology.restored) {
                checks.push(error_check(
                    format!("logs.{key}"),
                    format!("logs of {key}"),
                    e,
                ));
            }
            return checks;
        }
    };
    let context = Context {
        topology,
        ev,
        fns,
        own,
        sources,
        since_label,
    };
    for key in &topology.logs.watch {
        checks.push(context.watched(key));
    }
    for key in &topology.restored {
        if !topology.logs.watch.contains(key) {
            checks.push(context.restored(key));
        }
    }
    for (key, spec) in &topology.functions {
        if spec.role == Role::Retired {
            checks.push(context.retired(key));
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

/// What every log check reads.
struct Context<'a> {
    topology: &'a Topology,
    ev: &'a Evidence,
    fns: &'a FunctionsEvidence,
    own: &'a AllOwnLogs<'a>,
    sources: Option<&'a Result<Vec<Source>, String>>,
    since_label: &'a str,
}

/// A function's own logs, or the check to report instead.
enum Found<'a> {
    Logs(&'a FunctionEvidence, String, &'a OwnLogs<'a>),
    Instead(Check),
}

impl<'a> Context<'a> {
    /// The function's own logs; `absent` is the check when the function was not found.
    fn found(&self, key: &str, id: &str, title: &str, absent: Check) -> Found<'a> {
        let f = &self.fns.by_key[key];
        let Some(group) = f.log_group() else {
            return Found::Instead(absent);
        };
        match self.own.get(key) {
            Some(Ok(own)) => Found::Logs(f, group, own),
            Some(Err(err)) => Found::Instead(error_check(id.into(), title.into(), err)),
            None => Found::Instead(Check::new(
                id,
                title,
                CheckStatus::Skip,
                "logs not searched",
            )),
        }
    }

    fn watched(&self, key: &str) -> Check {
        let id = format!("logs.{key}");
        let title = format!("processing activity in {key}'s logs");
        let absent = Check::new(&id, &title, CheckStatus::Skip, "function not found");
        let (f, group, own) = match self.found(key, &id, &title, absent) {
            Found::Logs(f, group, own) => (f, group, own),
            Found::Instead(check) => return check,
        };
        if !own.search.group_exists {
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
        // Lines from before the consumers last changed say nothing of the consumer now.
        let (from_ms, window) = takeover::activity_from(
            self.topology,
            key,
            self.sources,
            self.ev.since_ms,
            self.since_label,
        );
        let mut tally = Tally::new(&self.topology.logs);
        for (_, line) in own.lines.iter().filter(|(l, _)| l.timestamp_ms >= from_ms) {
            tally.add_line(line);
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
        let function = f.real_name().unwrap_or(key);
        let (shared, unknown) = own.notes(function);
        details.extend(shared);
        details.extend(unknown.clone());
        if own.search.truncated {
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
                    "{} error line(s) {window}; {}",
                    tally.errors,
                    tally.summary()
                ),
            )
        } else if tally.markers.iter().all(|m| m.lines == 0) {
            let mut summary = format!("no processing activity seen {window}");
            if let Some(unknown) = &unknown {
                summary.push_str(&format!("; {unknown}"));
            }
            (CheckStatus::Warn, summary)
        } else if let Some(unknown) = unknown {
            // Lines nobody can attribute may be another function's: never a clean pass.
            (
                CheckStatus::Warn,
                format!("{} {window}; but {unknown}", tally.summary()),
            )
        } else {
            (CheckStatus::Pass, format!("{} {window}", tally.summary()))
        };
        Check::new(id, title, status, summary).with_details(details)
    }

    fn retired(&self, key: &str) -> Check {
        let id = format!("logs.{key}");
        let title = format!("no invocations of retired {key}");
        let f = &self.fns.by_key[key];
        // Lambda's invocation lines are all ccx can count; a level that drops them leaves
        // nothing to count, which is not the same as no invocations.
        if let (Some(group), true) = (f.log_group(), f.logging.hides_invocations()) {
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
        let absent = Check::new(
            &id,
            &title,
            CheckStatus::Pass,
            "function absent: no invocations possible",
        );
        let (f, _, own) = match self.found(key, &id, &title, absent) {
            Found::Logs(f, group, own) => (f, group, own),
            Found::Instead(check) => return check,
        };
        let takeover_ms = takeover::takeover_ms(self.topology, key, self.sources);
        let from_ms = takeover_ms
            .unwrap_or(self.ev.since_ms)
            .max(self.ev.since_ms);
        let after: Vec<_> = own
            .lines
            .iter()
            .filter(|(l, line)| l.timestamp_ms >= from_ms && line.is_invocation_start())
            .collect();
        let since_text = takeover::since_text(takeover_ms);
        let function = f.real_name().unwrap_or(key);
        let (shared, unknown) = own.notes(function);
        let mut details: Vec<String> = after
            .iter()
            .take(QUOTED_LINES)
            .map(|(_, line)| line.readable().trim().to_string())
            .collect();
        details.extend(shared);
        details.extend(unknown.clone());
        let check = if !after.is_empty() {
            Check::new(
                id,
                title,
                CheckStatus::Warn,
                format!("{} invocation(s) {since_text}", after.len()),
            )
        } else if let Some(unknown) = unknown {
            Check::new(
                id,
                title,
                CheckStatus::Warn,
                format!("no invocations {since_text} in its own streams, but {unknown}"),
            )
        } else {
            Check::new(
                id,
                title,
                CheckStatus::Pass,
                format!("no invocations {since_text}"),
            )
        };
        check.with_details(details)
    }

    /// After a rollback: the fallback, restored as its queues' consumer, has been
    /// invoked since it was (its logs, or CloudWatch's `Invocations`).
    fn restored(&self, key: &str) -> Check {
        let id = format!("logs.{key}");
        let title = format!("fallback {key} processing since the rollback");
        let absent = Check::new(&id, &title, CheckStatus::Fail, "function not found");
        let (f, group, own) = match self.found(key, &id, &title, absent) {
            Found::Logs(f, group, own) => (f, group, own),
            Found::Instead(check) => return check,
        };
        let function = f.real_name().unwrap_or(key);
        let (from_ms, window) = takeover::activity_from(
            self.topology,
            key,
            self.sources,
            self.ev.since_ms,
            self.since_label,
        );
        let logged = (!f.logging.hides_invocations() && own.search.group_exists)
            .then(|| own.invocations_since(from_ms));
        let counted = match &self.ev.metrics {
            Some(Ok(reading)) => reading
                .get(function, Metric::Invocations)
                .filter(|s| !s.no_data())
                .map(|s| s.sum_since(from_ms)),
            _ => None,
        };
        let mut details = vec![
            match logged {
                Some(n) => format!("its logs show {n} invocation(s) {window}"),
                None if f.logging.hides_invocations() => format!(
                    "its logs cannot show invocations (system log level {})",
                    f.logging.system_level.as_deref().unwrap_or("?")
                ),
                None => format!("{} does not exist yet", group_text(f, &group)),
            },
            match counted {
                Some(n) => format!("CloudWatch counts {n:.0} invocation(s) {window}"),
                None => "CloudWatch Invocations: no data".to_string(),
            },
        ];
        let (shared, unknown) = own.notes(function);
        details.extend(shared);
        details.extend(unknown);
        let seen = logged.unwrap_or(0) > 0 || counted.is_some_and(|n| n > 0.0);
        if seen {
            Check::new(
                id,
                title,
                CheckStatus::Pass,
                format!("{function} invoked {window}"),
            )
        } else {
            Check::new(
                id,
                title,
                CheckStatus::Warn,
                format!(
                    "no invocations of {function} seen {window}: it is not processing yet (or \
                     has nothing to process)"
                ),
            )
        }
        .with_details(details)
    }
}
