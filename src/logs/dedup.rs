//! Exactly-once delivery for one log group polled over and over.
//!
//! Each poll asks FilterLogEvents for everything from a start time on. Ordinary polls
//! start a little (`overlap`) behind the newest event seen, so several events sharing a
//! millisecond and pages that repeat an event are never lost. But CloudWatch files an
//! event under its own timestamp, and an event may become searchable seconds to minutes
//! after it: a poll that only looks a few seconds back never sees it. So every few
//! seconds a poll is a *sweep*: it reaches `lookback` behind the wall-clock time of the
//! previous sweep. An event that arrives at most `lookback` after its timestamp is then
//! caught by the first sweep after it arrives, whatever happened meanwhile.
//!
//! The ids seen make sure nothing is shown twice. An id older than where any later poll
//! (ordinary or sweep) can start can never come back, so it is forgotten: memory holds
//! about `lookback` worth of ids, not the whole session.

use std::collections::BTreeSet;

/// Sweeps happen every `lookback / SWEEPS_PER_LOOKBACK`, within these bounds: often
/// enough that a late event shows soon after it arrives, rarely enough that re-reading
/// the look-back costs little.
const SWEEPS_PER_LOOKBACK: i64 = 8;
const MIN_SWEEP_EVERY_MS: i64 = 2_000;
const MAX_SWEEP_EVERY_MS: i64 = 15_000;
/// How far an ordinary poll reaches behind now while a group is quiet (at most; never
/// more than the look-back): enough for a producer's clock a little behind ours.
const MAX_QUIET_REACH_MS: i64 = 120_000;

#[derive(Debug, Clone)]
pub struct Window {
    /// Where the next ordinary poll starts (epoch ms, inclusive). Never moves back.
    start: i64,
    /// Where the next sweep starts. Never moves back.
    sweep_from: i64,
    /// Wall-clock time of the last completed sweep (the first poll is one).
    last_sweep: Option<i64>,
    /// Whether the poll in progress is a sweep.
    sweeping: bool,
    /// Ids below this timestamp have been forgotten; between polls never above `start`
    /// or `sweep_from`.
    floor: i64,
    /// Newest event timestamp seen so far.
    newest: Option<i64>,
    /// How far behind the newest event an ordinary poll starts.
    overlap_ms: i64,
    /// How late an event may arrive and still be shown.
    lookback_ms: i64,
    sweep_every_ms: i64,
    seen: BTreeSet<(i64, Box<str>)>,
}

impl Window {
    /// A window from `start_ms` on (nothing before it is ever asked for).
    pub fn new(start_ms: i64, overlap_ms: i64, lookback_ms: i64) -> Window {
        let lookback_ms = lookback_ms.max(0);
        Window {
            start: start_ms,
            sweep_from: start_ms,
            last_sweep: None,
            sweeping: false,
            floor: start_ms,
            newest: None,
            overlap_ms,
            lookback_ms,
            sweep_every_ms: (lookback_ms / SWEEPS_PER_LOOKBACK)
                .clamp(MIN_SWEEP_EVERY_MS, MAX_SWEEP_EVERY_MS),
            seen: BTreeSet::new(),
        }
    }

    /// Starts a poll at wall-clock `now_ms`: where its query should start (earlier when
    /// the poll is a sweep).
    pub fn begin(&mut self, now_ms: i64) -> i64 {
        self.sweeping = self
            .last_sweep
            .is_none_or(|last| now_ms - last >= self.sweep_every_ms);
        if self.sweeping {
            self.start.min(self.sweep_from)
        } else {
            self.start
        }
    }

    /// Where the next ordinary poll would start, without starting it.
    #[cfg(test)]
    pub fn start(&self) -> i64 {
        self.start
    }

    /// Every event stamped up to this moment (epoch ms) that reaches CloudWatch at most
    /// `lookback` after its timestamp has been offered: the wall-clock time of the last
    /// completed sweep, less the look-back. None until the first poll completes.
    pub fn seen_through(&self) -> Option<i64> {
        self.last_sweep.map(|sweep| sweep - self.lookback_ms)
    }

    /// How many event ids are remembered.
    pub fn tracked(&self) -> usize {
        self.seen.len()
    }

    /// True the first time an event is offered, false for a repeat. An event older than
    /// everything remembered cannot be told apart from a repeat; it is shown, since the
    /// queries are built so that old events do not come back.
    pub fn admit(&mut self, timestamp_ms: i64, event_id: &str) -> bool {
        self.newest = Some(self.newest.map_or(timestamp_ms, |n| n.max(timestamp_ms)));
        if timestamp_ms < self.floor {
            return true;
        }
        self.seen.insert((timestamp_ms, event_id.into()))
    }

    /// Forgets ids that no later page or poll can repeat; call between pages.
    pub fn settle(&mut self, now_ms: i64) {
        if let Some(newest) = self.newest {
            // Pages come in time order: this poll is past `newest`, less the overlap.
            let behind_newest = newest.min(now_ms) - self.overlap_ms;
            self.forget_before(behind_newest.min(self.next_sweep_from(now_ms)));
        }
    }

    /// After a complete poll: move the next starts forward and forget what lies before
    /// both of them.
    pub fn advance(&mut self, now_ms: i64) {
        self.settle(now_ms);
        if self.sweeping {
            self.sweep_from = self.next_sweep_from(now_ms);
            self.last_sweep = Some(now_ms);
            self.sweeping = false;
        }
        let behind_newest = self
            .newest
            .map_or(i64::MIN, |newest| newest.min(now_ms) - self.overlap_ms);
        let behind_now = now_ms - self.lookback_ms.min(MAX_QUIET_REACH_MS);
        self.start = self
            .start
            .max(self.floor)
            .max(behind_newest)
            .max(behind_now);
        self.forget_before(self.start.min(self.sweep_from));
    }

    /// After a poll that failed part way: everything before `floor` was already fetched
    /// (pages come in time order), so the retry may start there; a sweep is retried at
    /// the next poll.
    pub fn resume(&mut self) {
        self.start = self.start.max(self.floor);
        if self.sweeping {
            self.sweep_from = self.sweep_from.max(self.floor);
            self.sweeping = false;
        }
    }

    /// Where the sweep after this poll will start: `lookback` before this sweep.
    fn next_sweep_from(&self, now_ms: i64) -> i64 {
        if self.sweeping {
            self.sweep_from.max(now_ms - self.lookback_ms)
        } else {
            self.sweep_from
        }
    }

    fn forget_before(&mut self, floor: i64) {
        if floor <= self.floor {
            return;
        }
        self.floor = floor;
        self.seen = self.seen.split_off(&(floor, Box::from("")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OVERLAP: i64 = 10_000;
    const LOOKBACK: i64 = 120_000;
    /// LOOKBACK / 8.
    const SWEEP_EVERY: i64 = 15_000;

    /// One complete poll at `now` that returns `events`: the admitted ids.
    fn poll(w: &mut Window, now: i64, events: &[(i64, &str)]) -> (i64, Vec<String>) {
        let from = w.begin(now);
        let shown = events
            .iter()
            .filter(|(t, _)| *t >= from)
            .filter(|(t, id)| w.admit(*t, id))
            .map(|(_, id)| id.to_string())
            .collect();
        w.advance(now);
        (from, shown)
    }

    #[test]
    fn what_has_been_seen_is_known_from_the_last_completed_sweep() {
        let mut w = Window::new(0, OVERLAP, LOOKBACK);
        assert_eq!(w.seen_through(), None);
        poll(&mut w, 200_000, &[]);
        assert_eq!(w.seen_through(), Some(200_000 - LOOKBACK));
        // An ordinary poll in between changes nothing; the next sweep moves it on.
        poll(&mut w, 205_000, &[]);
        assert_eq!(w.seen_through(), Some(200_000 - LOOKBACK));
        poll(&mut w, 200_000 + SWEEP_EVERY, &[]);
        assert_eq!(w.seen_through(), Some(200_000 + SWEEP_EVERY - LOOKBACK));
        // A poll that failed part way is no sweep completed.
        w.begin(200_000 + 2 * SWEEP_EVERY);
        w.resume();
        assert_eq!(w.seen_through(), Some(200_000 + SWEEP_EVERY - LOOKBACK));
    }

    #[test]
    fn events_sharing_a_millisecond_are_all_admitted_once() {
        let mut w = Window::new(0, OVERLAP, LOOKBACK);
        assert!(w.admit(5, "a"));
        assert!(w.admit(5, "b"));
        assert!(w.admit(5, "c"));
        assert!(
            !w.admit(5, "b"),
            "a repeat in an overlapping page is dropped"
        );
        assert!(
            w.admit(6, "a"),
            "ids are only equal together with their timestamp"
        );
    }

    #[test]
    fn the_next_ordinary_poll_overlaps_the_last_one() {
        let now = 1_000_000;
        let mut w = Window::new(now - 600_000, OVERLAP, LOOKBACK);
        let events = [(now - 30_000, "0"), (now - 2_000, "1"), (now - 1_000, "2")];
        assert_eq!(poll(&mut w, now, &events).1, ["0", "1", "2"]);
        assert_eq!(w.start(), now - 1_000 - OVERLAP);
        // The next poll (not a sweep yet) serves the overlap again, plus a late event
        // within it and a new one.
        let next = [
            (now - 2_000, "1"),
            (now - 1_000, "2"),
            (now - 3_000, "late"),
            (now + 500, "new"),
        ];
        let (from, shown) = poll(&mut w, now + 1_000, &next);
        assert_eq!(from, now - 1_000 - OVERLAP);
        assert_eq!(shown, ["late", "new"]);
    }

    #[test]
    fn sweeps_reach_the_lookback_behind_the_last_sweep_and_catch_late_events_once() {
        let t0 = 100_000_000;
        let mut w = Window::new(t0 - 60_000, OVERLAP, LOOKBACK);
        let mut all: Vec<(i64, String)> = Vec::new();
        let mut shown: Vec<String> = Vec::new();
        // One event a second, polled every second; the event of second 30 is stamped
        // at second 30 but arrives 90 s later, long after newer events were shown.
        for second in 0..200 {
            let now = t0 + second * 1000;
            if second != 30 {
                all.push((now - 500, format!("on-time-{second}")));
            }
            if second == 120 {
                all.push((t0 + 30_000 - 500, "late-90s".into()));
            }
            let events: Vec<(i64, &str)> = all.iter().map(|(t, id)| (*t, id.as_str())).collect();
            let (from, new) = poll(&mut w, now, &events);
            assert!(from >= t0 - 60_000, "never before the start");
            shown.extend(new);
        }
        let late = shown.iter().filter(|id| *id == "late-90s").count();
        assert_eq!(late, 1, "shown exactly once");
        let mut unique = shown.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), shown.len(), "nothing twice");
        assert_eq!(shown.len(), 200);
        // It showed at the first sweep after it arrived.
        let at = shown.iter().position(|id| id == "late-90s").unwrap();
        assert!(at < 120 + (SWEEP_EVERY / 1000) as usize + 1, "{at}");
    }

    #[test]
    fn an_event_later_than_the_lookback_is_not_looked_for() {
        let t0 = 100_000_000;
        let mut w = Window::new(t0, OVERLAP, 20_000);
        let mut events = vec![(t0 + 500, "first")];
        for second in 1..60 {
            let now = t0 + second * 1000;
            events.push((now - 500, "x"));
            poll(&mut w, now, &events[events.len() - 1..]);
        }
        // Every poll now starts after the first event: only a sweep within 20 s of an
        // arrival looks back that far.
        let from = w.begin(t0 + 60_000);
        assert!(from > t0 + 500, "{from}");
    }

    #[test]
    fn a_quiet_group_is_polled_from_a_bounded_time_ago() {
        let now = 10_000_000;
        let mut w = Window::new(now - 3_600_000, OVERLAP, LOOKBACK);
        poll(&mut w, now, &[]);
        assert_eq!(w.start(), now - LOOKBACK);
        poll(&mut w, now + 1_000, &[(now - 5 * 60_000, "old-but-new")]);
        assert_eq!(w.start(), now + 1_000 - LOOKBACK);
        // A long look-back does not make every quiet poll long.
        let mut long = Window::new(now - 3_600_000, OVERLAP, 600_000);
        poll(&mut long, now, &[]);
        assert_eq!(long.start(), now - MAX_QUIET_REACH_MS);
    }

    #[test]
    fn future_timestamps_do_not_pull_the_start_past_now() {
        let now = 10_000_000;
        let mut w = Window::new(now - 60_000, OVERLAP, LOOKBACK);
        let events = [(now + 3_600_000, "skewed-clock"), (now - 1_000, "normal")];
        assert_eq!(poll(&mut w, now, &events).1.len(), 2);
        assert_eq!(w.start(), now - OVERLAP);
        assert!(!w.admit(now - 1_000, "normal"), "still remembered");
    }

    #[test]
    fn the_starts_never_move_back() {
        let mut w = Window::new(1_000_000, OVERLAP, LOOKBACK);
        poll(&mut w, 2_000_000, &[(2_000_000, "x")]);
        let start = w.start();
        let sweep = w.begin(2_000_000 + SWEEP_EVERY);
        w.advance(1_500_000); // the wall clock stepped back
        assert_eq!(w.start(), start);
        assert!(w.begin(2_000_000 + 2 * SWEEP_EVERY) >= sweep);
    }

    #[test]
    fn memory_holds_the_lookback_over_hours_of_following() {
        let mut w = Window::new(0, OVERLAP, LOOKBACK);
        let mut peak = 0;
        // Three hours at 50 events a second, polled every second.
        for second in 0..3 * 3600 {
            let now = second * 1000 + 1000;
            w.begin(now);
            for i in 0..50 {
                assert!(w.admit(second * 1000 + i * 20, &format!("{second}-{i}")));
            }
            w.advance(now);
            peak = peak.max(w.tracked());
        }
        // The look-back and one sweep interval's worth of ids (50 a second), no more.
        let bound = ((LOOKBACK + SWEEP_EVERY) / 1000 + 1) as usize * 50;
        assert!(peak <= bound, "peak {peak} > {bound}");
        assert!(peak >= (LOOKBACK / 1000) as usize * 50, "peak {peak}");
    }

    #[test]
    fn settle_prunes_during_a_long_first_poll_without_moving_the_start() {
        let now = 100_000_000;
        let since = now - 3_600_000;
        let mut w = Window::new(since, OVERLAP, LOOKBACK);
        assert_eq!(w.begin(now), since);
        for i in 0..36_000 {
            w.admit(since + i * 100, &i.to_string());
            if i % 1000 == 999 {
                w.settle(now);
            }
        }
        // What the next sweep may return again (the look-back), not the whole hour.
        assert!(
            w.tracked() <= 1000 + LOOKBACK as usize / 100,
            "{}",
            w.tracked()
        );
        assert_eq!(w.start(), since, "a poll in progress keeps its start");
        // A repeat of the last page boundary is still caught.
        assert!(!w.admit(since + 35_999 * 100, "35999"));
    }

    #[test]
    fn a_failed_poll_resumes_after_what_it_already_fetched() {
        let now = 100_000_000;
        let since = now - 3_600_000;
        let mut w = Window::new(since, OVERLAP, LOOKBACK);
        w.begin(now);
        for i in 0..1000 {
            w.admit(since + i * 1000, &i.to_string());
        }
        w.settle(now);
        w.resume();
        assert_eq!(w.start(), since + 999 * 1000 - OVERLAP);
        // The retry (a sweep again) serves the overlap again: nothing in it is shown
        // twice.
        let from = w.begin(now + 1_000);
        assert_eq!(from, since + 999 * 1000 - OVERLAP);
        for i in 990..1000 {
            assert!(!w.admit(since + i * 1000, &i.to_string()), "{i}");
        }
    }
}
