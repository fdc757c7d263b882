//! Whether a function's logs show an invocation still running: a start
//! (`START RequestId: …`, or a JSON `platform.start`) without its end (`END`/`REPORT`,
//! or `platform.runtimeDone`/`platform.report`). Only the function's own streams count
//! (`logs::streams`): in a group several functions share, another function's open
//! invocation is not this one's, and one in a stream that names no function cannot be
//! told apart, so it makes the logs unable to tell, never idle. Pure: the lines in, a
//! [`Look`] out.

use std::collections::{BTreeMap, BTreeSet};

use crate::features::switch::invocation_drain::Look;
use crate::logs::lambda_line::{InvocationMark as Mark, LambdaLine};
use crate::logs::streams::{self, Owner};
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

/// Whose lines of a group are judged: `function`'s, in `group`.
#[derive(Debug, Clone, Copy)]
pub struct Whose<'a> {
    pub function: &'a str,
    pub group: &'a str,
}

/// Invocations started from `since_ms` on in `lines`, and which of them have ended.
#[derive(Debug, Default)]
struct Invocations {
    started: BTreeMap<String, i64>,
    ended: BTreeSet<String>,
}

impl Invocations {
    fn add(&mut self, line: &LogLine, since_ms: i64) {
        match mark(&line.message) {
            Some(Mark::Start(id)) if line.timestamp_ms >= since_ms => {
                self.started.entry(id).or_insert(line.timestamp_ms);
            }
            Some(Mark::End(id)) => {
                self.ended.insert(id);
            }
            _ => {}
        }
    }

    /// The starts without an end, earliest first.
    fn open(&self) -> Vec<(i64, &String)> {
        let mut open: Vec<(i64, &String)> = self
            .started
            .iter()
            .filter(|(id, _)| !self.ended.contains(*id))
            .map(|(id, at)| (*at, id))
            .collect();
        open.sort();
        open
    }
}

/// Judges `lines` (a log search from `since_ms` on) for `whose`'s function: running when
/// an invocation that started then has no end yet.
pub fn judge(lines: &[LogLine], since_ms: i64, whose: Whose<'_>) -> Look {
    let mut own = Invocations::default();
    let mut unknown = Invocations::default();
    let mut unknown_streams = BTreeSet::new();
    for line in lines {
        match streams::owner(whose.function, whose.group, &line.stream) {
            Owner::Own => own.add(line, since_ms),
            Owner::Other(_) => {}
            Owner::Unknown => {
                unknown.add(line, since_ms);
                unknown_streams.insert(line.stream.as_str());
            }
        }
    }
    let open = own.open();
    match open.as_slice() {
        [] => {}
        [(at, id)] => {
            return Look::Running {
                why: format!("invocation {id} started at {} has not ended", clock(*at)),
            };
        }
        [(at, id), ..] => {
            return Look::Running {
                why: format!(
                    "{} invocations have not ended (the first, {id}, started at {})",
                    open.len(),
                    clock(*at)
                ),
            };
        }
    }
    if let Some((at, id)) = unknown.open().first() {
        let stream = unknown_streams.iter().next().copied().unwrap_or("?");
        return Look::Unknown {
            why: format!(
                "invocation {id} started at {} has not ended in a stream of {} that names no \
                 function (e.g. {stream}): it cannot be told whether it is {}'s",
                clock(*at),
                whose.group,
                whose.function
            ),
        };
    }
    if own.started.is_empty() {
        Look::Idle {
            why: format!("no invocation started since {}", clock(since_ms)),
        }
    } else {
        Look::Idle {
            why: format!(
                "all {} invocation(s) since {} have ended",
                own.started.len(),
                clock(since_ms)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `f` in its default group, whose streams name no function.
    const F: Whose = Whose {
        function: "f",
        group: "/aws/lambda/f",
    };

    fn line(ms: i64, message: &str) -> LogLine {
        in_stream(ms, "2026/12/01/[$LATEST]0a1b", message)
    }

    fn in_stream(ms: i64, stream: &str, message: &str) -> LogLine {
        LogLine {
            timestamp_ms: ms,
            event_id: format!("e{ms}"),
            stream: stream.into(),
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
        let look = judge(&lines, 0, F);
        assert!(
            matches!(&look, Look::Running { why } if why.contains("invocation b")),
            "{look:?}"
        );
        let mut all = lines.to_vec();
        all.push(line(4_000, "REPORT RequestId: b Duration: 1 ms"));
        assert!(matches!(judge(&all, 0, F), Look::Idle { why } if why.contains("all 2")));
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
        assert!(matches!(judge(&lines, 1_000, F), Look::Idle { .. }));
        assert!(matches!(judge(&[], 0, F), Look::Idle { why } if why.starts_with("no invocation")));
    }

    #[test]
    fn in_a_shared_group_only_the_function_s_own_streams_are_judged() {
        let old = Whose {
            function: "old",
            group: "/shared",
        };
        let lines = [
            in_stream(
                1_000,
                "2026/12/01/old[$LATEST]a",
                "START RequestId: a Version: 1",
            ),
            in_stream(1_500, "2026/12/01/old[$LATEST]a", "REPORT RequestId: a"),
            // Another function's invocation is still running: not old's.
            in_stream(
                2_000,
                "2026/12/01/busy[$LATEST]b",
                "START RequestId: b Version: 1",
            ),
        ];
        let look = judge(&lines, 0, old);
        assert!(
            matches!(&look, Look::Idle { why } if why.contains("all 1")),
            "{look:?}"
        );
        // The other function sees its own.
        let busy = Whose {
            function: "busy",
            ..old
        };
        assert!(matches!(judge(&lines, 0, busy), Look::Running { .. }));
        // An open invocation in a stream that names no function: cannot tell, never idle.
        let mut unnamed = lines.to_vec();
        unnamed.push(in_stream(
            2_500,
            "2026/12/01/[$LATEST]c",
            "START RequestId: c Version: 1",
        ));
        let look = judge(&unnamed, 0, old);
        assert!(
            matches!(&look, Look::Unknown { why } if why.contains("names no function")
                && why.contains("invocation c")),
            "{look:?}"
        );
    }
}
