//! Whether a function's logs show an invocation still running: a start
//! (`START RequestId: …`, or a JSON `platform.start`) without its end (`END`/`REPORT`,
//! or `platform.runtimeDone`/`platform.report`). Only the function's own streams count
//! (`logs::streams`): in a group several functions share, another function's open
//! invocation is not this one's, and one in a stream that names no function cannot be
//! told apart, so it makes the logs unable to tell, never idle. And CloudWatch may make
//! a line searchable minutes after its timestamp: silence is idle only once every line
//! stamped before the disable has had the late-event horizon to arrive ([`Horizon`]).
//! Pure: the lines in (each once, as an incremental poll delivers them), a [`Look`]
//! out.

use std::collections::{BTreeMap, BTreeSet};

use crate::features::switch::invocation_drain::Look;
use crate::logs::lambda_line::{InvocationMark as Mark, LambdaLine};
use crate::logs::streams::{self, Owner};

/// The invocation mark of a Lambda platform line, in text or JSON format.
pub fn mark(message: &str) -> Option<Mark> {
    LambdaLine::parse(message).invocation_mark()
}

pub(super) fn clock(ms: i64) -> String {
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

/// Invocations started from `since_ms` on, and which of them have ended.
#[derive(Debug, Default)]
struct Invocations {
    started: BTreeMap<String, i64>,
    ended: BTreeSet<String>,
}

impl Invocations {
    fn add(&mut self, timestamp_ms: i64, message: &str, since_ms: i64) {
        match mark(message) {
            Some(Mark::Start(id)) if timestamp_ms >= since_ms => {
                self.started.entry(id).or_insert(timestamp_ms);
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

/// What the lines read so far say of one function's invocations: fed line by line as
/// an incremental poll delivers them (each once), judged at every look.
#[derive(Debug)]
pub struct Tracker {
    function: String,
    group: String,
    /// Starts before this cannot be running any more (a timeout before the disable).
    since_ms: i64,
    own: Invocations,
    /// Lines in streams that name no function: nobody's, as far as anyone can tell.
    unknown: Invocations,
    unknown_streams: BTreeSet<String>,
}

/// How far the lines read so far reach: the drain's late-event horizon.
#[derive(Debug, Clone, Copy)]
pub struct Horizon {
    /// When the mapping was seen disabled: every start that matters is stamped before.
    pub disabled_ms: i64,
    /// Every line stamped up to then that was at most `lookback_ms` late has been read
    /// (None: nothing read completely yet).
    pub seen_through_ms: Option<i64>,
    pub lookback_ms: i64,
}

impl Horizon {
    /// Lines stamped before the disable have all had the look-back to arrive.
    fn covered(&self) -> bool {
        self.seen_through_ms
            .is_some_and(|seen| seen >= self.disabled_ms)
    }
}

impl Tracker {
    pub fn new(whose: Whose<'_>, since_ms: i64) -> Tracker {
        Tracker {
            function: whose.function.to_string(),
            group: whose.group.to_string(),
            since_ms,
            own: Invocations::default(),
            unknown: Invocations::default(),
            unknown_streams: BTreeSet::new(),
        }
    }

    /// One line of the group, each only once.
    pub fn add(&mut self, timestamp_ms: i64, stream: &str, message: &str) {
        match streams::owner(&self.function, &self.group, stream) {
            Owner::Own => self.own.add(timestamp_ms, message, self.since_ms),
            Owner::Other(_) => {}
            Owner::Unknown => {
                self.unknown.add(timestamp_ms, message, self.since_ms);
                if !self.unknown_streams.contains(stream) {
                    self.unknown_streams.insert(stream.to_string());
                }
            }
        }
    }

    /// Running when an invocation of its own has no end yet; unknown when one in a
    /// stream that names no function has none, or while a start stamped before the
    /// disable may still be on its way to CloudWatch (`horizon`); idle otherwise.
    pub fn look(&self, horizon: Horizon) -> Look {
        let open = self.own.open();
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
        if let Some((at, id)) = self.unknown.open().first() {
            let stream = self
                .unknown_streams
                .iter()
                .next()
                .map_or("?", String::as_str);
            return Look::Unknown {
                why: format!(
                    "invocation {id} started at {} has not ended in a stream of {} that \
                     names no function (e.g. {stream}): it cannot be told whether it is {}'s",
                    clock(*at),
                    self.group,
                    self.function
                ),
            };
        }
        let seen = if self.own.started.is_empty() {
            format!("no invocation started since {}", clock(self.since_ms))
        } else {
            format!(
                "all {} invocation(s) since {} have ended",
                self.own.started.len(),
                clock(self.since_ms)
            )
        };
        if horizon.covered() {
            return Look::Idle { why: seen };
        }
        // A start stamped before the disable may reach CloudWatch up to the look-back
        // later: until then silence in the logs is no proof.
        Look::Unknown {
            why: format!(
                "{seen} so far, but a START may reach CloudWatch up to {}s after its time: \
                 the logs can tell from {}",
                horizon.lookback_ms / 1000,
                clock(horizon.disabled_ms + horizon.lookback_ms)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::logs::LogLine;

    /// Every line read, as if the horizon had passed.
    fn judge(lines: &[LogLine], since_ms: i64, whose: Whose<'_>) -> Look {
        let mut tracker = Tracker::new(whose, since_ms);
        for line in lines {
            tracker.add(line.timestamp_ms, &line.stream, &line.message);
        }
        tracker.look(Horizon {
            disabled_ms: 0,
            seen_through_ms: Some(i64::MAX),
            lookback_ms: 0,
        })
    }

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

    #[test]
    fn silence_is_idle_only_once_the_lines_before_the_disable_have_had_time_to_arrive() {
        let mut tracker = Tracker::new(F, 0);
        let disabled_ms = 100_000;
        let pending = Horizon {
            disabled_ms,
            seen_through_ms: Some(disabled_ms - 1),
            lookback_ms: 60_000,
        };
        let look = tracker.look(pending);
        assert!(
            matches!(&look, Look::Unknown { why } if why.contains("up to 60s after its time")),
            "{look:?}"
        );
        assert!(matches!(
            tracker.look(Horizon {
                seen_through_ms: None,
                ..pending
            }),
            Look::Unknown { .. }
        ));
        // The late START arrives: running, whatever the horizon says.
        tracker.add(
            95_000,
            "2026/12/01/[$LATEST]a",
            "START RequestId: late Version: 1",
        );
        assert!(matches!(tracker.look(pending), Look::Running { why } if why.contains("late")));
        tracker.add(101_000, "2026/12/01/[$LATEST]a", "REPORT RequestId: late");
        assert!(matches!(tracker.look(pending), Look::Unknown { .. }));
        let covered = Horizon {
            seen_through_ms: Some(disabled_ms),
            ..pending
        };
        assert!(matches!(tracker.look(covered), Look::Idle { why } if why.contains("all 1")));
    }
}
