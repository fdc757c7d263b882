//! The log checks of the verification: the watched consumer's activity (markers,
//! merged records, error lines) since the last consumer change of its queues, the
//! retired consumer's invocations since the takeover, and after a rollback the
//! fallback's invocations since it was restored; in Text or JSON log format, from each
//! function's own streams of its configured log group (`own_logs`). Pure functions of
//! the gathered evidence, like the other checks.

use crate::base::topology::{Role, Topology};
use crate::judgements::consumers::Source;
use crate::logs::classify::Tally;
use crate::state::metrics::Metric;

use super::checks::error_check;
use super::evidence::{Evidence, FunctionEvidence, FunctionsEvidence};
use super::finding::Finding;
use super::log_finding::{
    Activity, FallbackInvocations, LogFinding, LogGroup, LoggedInvocations, RetiredInvocations,
    StreamNotes, hiding_level,
};
use super::own_logs::{AllOwnLogs, OwnLogs};
use super::report::{Check, CheckStatus};
use super::takeover;
use super::window::SinceTakeover;

/// How many invocations a warning quotes.
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

/// Where a function's logs are, and whether its logging configuration names them.
fn log_group(f: &FunctionEvidence, group: &str) -> LogGroup {
    LogGroup {
        name: group.to_string(),
        from_config: f.logging.group.is_some(),
    }
}

/// What a function's group holds that is not its own.
fn stream_notes(function: &str, own: &OwnLogs<'_>) -> StreamNotes {
    StreamNotes {
        function: function.to_string(),
        group: own.group.clone(),
        left_out: own.left_out.clone(),
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
            None => Found::Instead(Check::found(
                id,
                title,
                CheckStatus::Skip,
                Finding::LogsNotSearched,
            )),
        }
    }

    fn watched(&self, key: &str) -> Check {
        let id = format!("logs.{key}");
        let title = format!("processing activity in {key}'s logs");
        let absent = Check::found(&id, &title, CheckStatus::Skip, Finding::FunctionNotFound);
        let (f, group, own) = match self.found(key, &id, &title, absent) {
            Found::Logs(f, group, own) => (f, group, own),
            Found::Instead(check) => return check,
        };
        if !own.search.group_exists {
            let finding = LogFinding::NeverRan(log_group(f, &group));
            return Check::found(id, title, CheckStatus::Warn, Finding::Logs(finding));
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
        let format = (f.logging.group.is_some() || f.logging.format.as_deref() == Some("JSON"))
            .then(|| {
                let format = f.logging.format.as_deref().unwrap_or("Text");
                (log_group(f, &group), format.to_string())
            });
        let activity = Activity {
            window,
            tally,
            hidden_by: hiding_level(&f.logging),
            format,
            notes: stream_notes(f.real_name().unwrap_or(key), own),
            truncated: own.search.truncated,
        };
        let status = if activity.warns() {
            CheckStatus::Warn
        } else {
            CheckStatus::Pass
        };
        let finding = LogFinding::Activity(Box::new(activity));
        Check::found(id, title, status, Finding::Logs(finding))
    }

    fn retired(&self, key: &str) -> Check {
        let id = format!("logs.{key}");
        let title = format!("no invocations of retired {key}");
        let f = &self.fns.by_key[key];
        // Lambda's invocation lines are all ccx can count; a level that drops them leaves
        // nothing to count, which is not the same as no invocations.
        if let (Some(group), Some(level)) = (f.log_group(), hiding_level(&f.logging)) {
            let finding = LogFinding::RetiredHidden {
                key: key.to_string(),
                level,
                group: log_group(f, &group),
            };
            return Check::found(id, title, CheckStatus::Warn, Finding::Logs(finding));
        }
        let absent = Check::found(&id, &title, CheckStatus::Pass, Finding::FunctionAbsent);
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
        let invocations = RetiredInvocations {
            since: SinceTakeover(takeover_ms),
            started: after.len(),
            quoted: after
                .iter()
                .take(QUOTED_LINES)
                .map(|(_, line)| line.readable().trim().to_string())
                .collect(),
            notes: stream_notes(f.real_name().unwrap_or(key), own),
        };
        let status = if invocations.warns() {
            CheckStatus::Warn
        } else {
            CheckStatus::Pass
        };
        let finding = LogFinding::Retired(Box::new(invocations));
        Check::found(id, title, status, Finding::Logs(finding))
    }

    /// After a rollback: the fallback, restored as its queues' consumer, has been
    /// invoked since it was (its logs, or CloudWatch's `Invocations`).
    fn restored(&self, key: &str) -> Check {
        let id = format!("logs.{key}");
        let title = format!("fallback {key} processing since the rollback");
        let absent = Check::found(&id, &title, CheckStatus::Fail, Finding::FunctionNotFound);
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
        let logged = match hiding_level(&f.logging) {
            Some(level) => LoggedInvocations::Hidden(level),
            None if own.search.group_exists => {
                LoggedInvocations::Counted(own.invocations_since(from_ms))
            }
            None => LoggedInvocations::NoGroup(log_group(f, &group)),
        };
        let counted = match &self.ev.metrics {
            Some(Ok(reading)) => reading
                .get(function, Metric::Invocations)
                .filter(|s| !s.no_data())
                .map(|s| s.sum_since(from_ms)),
            _ => None,
        };
        let invocations = FallbackInvocations {
            function: function.to_string(),
            window,
            logged,
            counted,
            notes: stream_notes(function, own),
        };
        let status = if invocations.seen() {
            CheckStatus::Pass
        } else {
            CheckStatus::Warn
        };
        let finding = LogFinding::Restored(Box::new(invocations));
        Check::found(id, title, status, Finding::Logs(finding))
    }
}
