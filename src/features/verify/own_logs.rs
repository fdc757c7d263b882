//! Each function's own lines of its log group's search, told apart by stream when the
//! group is shared (`logs::streams`), each line parsed once, in time order: what the log
//! and metric checks count. The searches are made per group; the lines are judged per
//! function.

use std::collections::BTreeMap;

use crate::aws::AwsError;
use crate::logs::lambda_line::LambdaLine;
use crate::logs::streams::{self, LeftOut, Owner};
use crate::state::logs::{LogLine, LogSearch};

use super::evidence::FunctionsEvidence;

/// One function's part of its group's search.
pub(super) struct OwnLogs<'a> {
    pub group: String,
    pub search: &'a LogSearch,
    /// Its own lines, parsed, in time order.
    pub lines: Vec<(&'a LogLine, LambdaLine<'a>)>,
    /// The lines of the group that are not its own.
    pub left_out: LeftOut,
}

impl OwnLogs<'_> {
    /// Invocation starts (`START`, `platform.start`) from `from_ms` on.
    pub fn invocations_since(&self, from_ms: i64) -> usize {
        self.lines
            .iter()
            .filter(|(l, line)| l.timestamp_ms >= from_ms && line.is_invocation_start())
            .count()
    }
}

/// The own logs of every topology function whose group was searched, by key.
pub(super) type AllOwnLogs<'a> = BTreeMap<String, Result<OwnLogs<'a>, &'a AwsError>>;

pub(super) fn all(functions: &FunctionsEvidence) -> AllOwnLogs<'_> {
    let mut all = BTreeMap::new();
    for (key, f) in &functions.by_key {
        let (Some(name), Some(group)) = (f.real_name(), f.log_group()) else {
            continue;
        };
        let Some(found) = functions.logs.get(&group) else {
            continue;
        };
        let own = match found {
            Ok(search) => Ok(of(name, group, search)),
            Err(err) => Err(err),
        };
        all.insert(key.clone(), own);
    }
    all
}

/// `function`'s lines of `search` (of `group`).
fn of<'a>(function: &str, group: String, search: &'a LogSearch) -> OwnLogs<'a> {
    let mut left_out = LeftOut::default();
    let mut lines: Vec<(&LogLine, LambdaLine)> = Vec::new();
    for line in &search.lines {
        match streams::owner(function, &group, &line.stream) {
            Owner::Own => lines.push((line, LambdaLine::parse(&line.message))),
            other => left_out.add(&other, &line.stream),
        }
    }
    lines.sort_by(|(a, _), (b, _)| {
        (a.timestamp_ms, &a.event_id).cmp(&(b.timestamp_ms, &b.event_id))
    });
    OwnLogs {
        group,
        search,
        lines,
        left_out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(ms: i64, stream: &str, message: &str) -> LogLine {
        LogLine {
            timestamp_ms: ms,
            event_id: format!("e{ms}"),
            stream: stream.into(),
            message: message.into(),
        }
    }

    #[test]
    fn a_shared_group_s_lines_are_each_function_s_own_and_the_rest_is_told() {
        let search = LogSearch {
            group_exists: true,
            lines: vec![
                line(
                    3,
                    "2026/12/01/new[$LATEST]a",
                    "START RequestId: n Version: 1",
                ),
                line(
                    1,
                    "2026/12/01/old[$LATEST]b",
                    "START RequestId: o Version: 1",
                ),
                line(2, "2026/12/01/[$LATEST]c", "START RequestId: u Version: 1"),
                line(0, "2026/12/01/new[$LATEST]a", "[INFO] Merged 1 records"),
            ],
            truncated: false,
        };
        let new = of("new", "/shared".into(), &search);
        assert_eq!(
            new.lines
                .iter()
                .map(|(l, _)| l.timestamp_ms)
                .collect::<Vec<_>>(),
            [0, 3]
        );
        assert_eq!(new.invocations_since(0), 1);
        assert_eq!(new.invocations_since(4), 0);
        let (shared, unknown) = (
            new.left_out.shared_note("new", &new.group),
            new.left_out.unknown_warning(&new.group),
        );
        assert!(shared.unwrap().contains("shared with old"));
        assert!(
            unknown
                .unwrap()
                .starts_with("1 line(s) in 1 stream(s) of /shared")
        );
        let old = of("old", "/shared".into(), &search);
        assert_eq!(old.invocations_since(0), 1);
    }
}
