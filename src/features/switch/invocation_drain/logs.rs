//! Whether a function's logs show an invocation still running: a start
//! (`START RequestId: …`, or a JSON `platform.start`) without its end (`END`/`REPORT`,
//! or `platform.runtimeDone`/`platform.report`). Pure: the lines in, a [`Look`] out.

use std::collections::{BTreeMap, BTreeSet};

use crate::features::switch::invocation_drain::Look;
use crate::logs::lambda_line::{InvocationMark as Mark, LambdaLine};
use crate::state::logs::LogLine;

/// The invocation mark of a Lambda platform line, in text or JSON format.
pub fn mark(message: &str) -> Option<Mark> {
    LambdaLine::parse(message).invocation_mark()
}

fn clock(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%H:%M:%S").to_string())
        .unwrap_or_else(|_| ms.to_string())
}

/// Judges `lines` (a log search from `since_ms` on): running when an invocation that
/// started then has no end yet.
pub fn judge(lines: &[LogLine], since_ms: i64) -> Look {
    let mut started: BTreeMap<String, i64> = BTreeMap::new();
    let mut ended: BTreeSet<String> = BTreeSet::new();
    for line in lines {
        match mark(&line.message) {
            Some(Mark::Start(id)) if line.timestamp_ms >= since_ms => {
                started.entry(id).or_insert(line.timestamp_ms);
            }
            Some(Mark::End(id)) => {
                ended.insert(id);
            }
            _ => {}
        }
    }
    let mut open: Vec<(i64, &String)> = started
        .iter()
        .filter(|(id, _)| !ended.contains(*id))
        .map(|(id, at)| (*at, id))
        .collect();
    open.sort();
    match open.as_slice() {
        [] if started.is_empty() => Look::Idle {
            why: format!("no invocation started since {}", clock(since_ms)),
        },
        [] => Look::Idle {
            why: format!(
                "all {} invocation(s) since {} have ended",
                started.len(),
                clock(since_ms)
            ),
        },
        [(at, id)] => Look::Running {
            why: format!("invocation {id} started at {} has not ended", clock(*at)),
        },
        [(at, id), ..] => Look::Running {
            why: format!(
                "{} invocations have not ended (the first, {id}, started at {})",
                open.len(),
                clock(*at)
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(ms: i64, message: &str) -> LogLine {
        LogLine {
            timestamp_ms: ms,
            event_id: format!("e{ms}"),
            message: message.into(),
        }
    }

    #[test]
    fn text_and_json_platform_lines_mark_starts_and_ends() {
        assert_eq!(
            mark("START RequestId: r1 Version: $LATEST\n"),
            Some(Mark::Start("r1".into()))
        );
        assert_eq!(
            mark("REPORT RequestId: r1\tDuration: 12.3 ms"),
            Some(Mark::End("r1".into()))
        );
        assert_eq!(mark("END RequestId: r1"), Some(Mark::End("r1".into())));
        assert_eq!(
            mark(
                r#"{"time":"t","type":"platform.start","record":{"requestId":"r2","version":"$LATEST"}}"#
            ),
            Some(Mark::Start("r2".into()))
        );
        assert_eq!(
            mark(r#"{"type":"platform.report","record":{"requestId":"r2"}}"#),
            Some(Mark::End("r2".into()))
        );
        assert_eq!(mark("[INFO] Processing COMPACTION_RUN RequestId: x"), None);
        assert_eq!(mark(r#"{"message":"hello"}"#), None);
    }

    #[test]
    fn a_start_without_its_end_is_running() {
        let lines = [
            line(1_000, "START RequestId: a Version: 1"),
            line(2_000, "REPORT RequestId: a Duration: 1 ms"),
            line(3_000, "START RequestId: b Version: 1"),
        ];
        let look = judge(&lines, 0);
        assert!(
            matches!(&look, Look::Running { why } if why.contains("invocation b")),
            "{look:?}"
        );
        let mut all = lines.to_vec();
        all.push(line(4_000, "REPORT RequestId: b Duration: 1 ms"));
        assert!(matches!(judge(&all, 0), Look::Idle { why } if why.contains("all 2")));
    }

    #[test]
    fn starts_before_the_window_do_not_count_but_ends_do() {
        // `a` started before the window (Lambda has ended it by now); `b`'s REPORT
        // arrives in the window.
        let lines = [
            line(500, "START RequestId: a Version: 1"),
            line(1_500, "START RequestId: b Version: 1"),
            line(2_500, "REPORT RequestId: b"),
        ];
        assert!(matches!(judge(&lines, 1_000), Look::Idle { .. }));
        assert!(matches!(judge(&[], 0), Look::Idle { why } if why.starts_with("no invocation")));
    }
}
