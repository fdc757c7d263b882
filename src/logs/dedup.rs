//! Exactly-once delivery for one log group polled over and over.
//!
//! Each poll asks FilterLogEvents for everything from `start()` on. The range is chosen to
//! overlap the previous one a little (`lookback`), so events that reach CloudWatch late,
//! several events sharing one millisecond, or pages that repeat an event are never lost;
//! the ids seen in the overlap make sure none is shown twice. Ids older than the next
//! query's start can never come back, so they are forgotten: memory holds the overlap,
//! not the whole session.

use std::collections::BTreeSet;

#[derive(Debug, Clone)]
pub struct Window {
    /// Where the next query starts (epoch ms, inclusive). Never moves back.
    start: i64,
    /// Ids below this timestamp have been forgotten; never above `start` between rounds.
    floor: i64,
    /// Newest event timestamp seen so far.
    newest: Option<i64>,
    /// How far behind the newest event (or now) each query reaches back.
    lookback_ms: i64,
    /// The longest a query may reach back from now while the group is quiet.
    max_lateness_ms: i64,
    seen: BTreeSet<(i64, Box<str>)>,
}

impl Window {
    pub fn new(start_ms: i64, lookback_ms: i64, max_lateness_ms: i64) -> Window {
        Window {
            start: start_ms,
            floor: start_ms,
            newest: None,
            lookback_ms,
            max_lateness_ms: max_lateness_ms.max(lookback_ms),
            seen: BTreeSet::new(),
        }
    }

    /// Where the next query should start.
    pub fn start(&self) -> i64 {
        self.start
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

    /// Forgets ids that even a late event could not repeat; call between pages.
    pub fn settle(&mut self, now_ms: i64) {
        if let Some(newest) = self.newest {
            self.forget_before(newest.min(now_ms) - self.lookback_ms);
        }
    }

    /// After a complete poll: move the next query's start forward (to `lookback` before
    /// the newest event, and no further back than `max_lateness` before now) and forget
    /// what lies before it.
    pub fn advance(&mut self, now_ms: i64) {
        self.settle(now_ms);
        let behind_newest = self
            .newest
            .map_or(i64::MIN, |newest| newest.min(now_ms) - self.lookback_ms);
        let behind_now = now_ms - self.max_lateness_ms;
        self.start = self
            .start
            .max(self.floor)
            .max(behind_newest)
            .max(behind_now);
        self.forget_before(self.start);
    }

    /// After a poll that failed part way: everything before `floor` was already fetched
    /// (pages come in time order), so the retry may start there.
    pub fn resume(&mut self) {
        self.start = self.start.max(self.floor);
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

    const LOOKBACK: i64 = 10_000;
    const LATE: i64 = 120_000;

    #[test]
    fn events_sharing_a_millisecond_are_all_admitted_once() {
        let mut w = Window::new(0, LOOKBACK, LATE);
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
    fn the_next_query_overlaps_the_last_one_by_the_lookback() {
        let now = 1_000_000;
        let mut w = Window::new(now - 600_000, LOOKBACK, LATE);
        for (i, t) in [now - 30_000, now - 2_000, now - 1_000].iter().enumerate() {
            assert!(w.admit(*t, &i.to_string()));
        }
        w.advance(now);
        assert_eq!(w.start(), now - 1_000 - LOOKBACK);
        // The next poll serves the overlap again, plus a late event and a new one.
        assert!(!w.admit(now - 2_000, "1"));
        assert!(!w.admit(now - 1_000, "2"));
        assert!(w.admit(now - 3_000, "late"));
        assert!(w.admit(now + 500, "new"));
    }

    #[test]
    fn a_quiet_group_is_queried_from_at_most_max_lateness_ago() {
        let now = 10_000_000;
        let mut w = Window::new(now - 3_600_000, LOOKBACK, LATE);
        w.advance(now);
        assert_eq!(w.start(), now - LATE);
        assert!(w.admit(now - 5 * 60_000, "old-but-seen"));
        w.advance(now + 1_000);
        assert_eq!(w.start(), now + 1_000 - LATE);
    }

    #[test]
    fn future_timestamps_do_not_pull_the_start_past_now() {
        let now = 10_000_000;
        let mut w = Window::new(now - 60_000, LOOKBACK, LATE);
        assert!(w.admit(now + 3_600_000, "skewed-clock"));
        assert!(w.admit(now - 1_000, "normal"));
        w.advance(now);
        assert_eq!(w.start(), now - LOOKBACK);
        assert!(!w.admit(now - 1_000, "normal"), "still remembered");
    }

    #[test]
    fn the_start_never_moves_back() {
        let mut w = Window::new(1_000_000, LOOKBACK, LATE);
        w.admit(2_000_000, "x");
        w.advance(2_000_000);
        let start = w.start();
        w.advance(1_500_000); // the wall clock stepped back
        assert_eq!(w.start(), start);
    }

    #[test]
    fn memory_is_pruned_by_time_over_hours_of_following() {
        let mut w = Window::new(0, LOOKBACK, LATE);
        let mut peak = 0;
        // Three hours at 50 events a second, polled every second.
        for second in 0..3 * 3600 {
            let now = second * 1000 + 1000;
            for i in 0..50 {
                assert!(w.admit(second * 1000 + i * 20, &format!("{second}-{i}")));
            }
            w.advance(now);
            peak = peak.max(w.tracked());
        }
        // Only the lookback's worth of ids (10 s × 50/s, plus the current second).
        assert!(peak <= 11 * 50, "peak {peak}");
        assert!(w.tracked() <= 11 * 50);
    }

    #[test]
    fn settle_prunes_during_a_long_first_poll_without_moving_the_start() {
        let now = 100_000_000;
        let since = now - 3_600_000;
        let mut w = Window::new(since, LOOKBACK, LATE);
        for i in 0..36_000 {
            w.admit(since + i * 100, &i.to_string());
            if i % 1000 == 999 {
                w.settle(now);
            }
        }
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
        let mut w = Window::new(since, LOOKBACK, LATE);
        for i in 0..1000 {
            w.admit(since + i * 1000, &i.to_string());
        }
        w.settle(now);
        w.resume();
        assert_eq!(w.start(), since + 999 * 1000 - LOOKBACK);
        // The retry serves the overlap again: nothing in it is shown twice.
        for i in 990..1000 {
            assert!(!w.admit(since + i * 1000, &i.to_string()), "{i}");
        }
    }
}
