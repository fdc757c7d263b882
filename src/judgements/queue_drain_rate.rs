//! How fast a queue drains, from SQS's counts. `ApproximateNumberOfMessages*` are
//! eventually consistent: they settle about a minute after producers stop, so two
//! readings seconds apart say nothing. A rate needs a window of at least
//! [`SETTLE_WINDOW`]; below that ccx shows the counts but no rate, ETA or alarm.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

/// The shortest window over which SQS's approximate counts give a meaningful rate.
pub const SETTLE_WINDOW: Duration = Duration::from_secs(60);

/// Visible messages at two readings `seconds` apart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drain {
    pub before: u64,
    pub after: u64,
    pub seconds: f64,
}

impl Drain {
    /// Long enough for the counts to mean something.
    pub fn is_meaningful(&self) -> bool {
        self.seconds >= SETTLE_WINDOW.as_secs_f64()
    }

    /// Messages drained per second (negative when the queue grows); None when the
    /// window is too short.
    pub fn rate(&self) -> Option<f64> {
        self.is_meaningful()
            .then(|| (self.before as f64 - self.after as f64) / self.seconds)
    }

    /// Seconds until empty at the current rate, when it drains.
    pub fn eta_seconds(&self) -> Option<u64> {
        let rate = self.rate().filter(|r| *r > 0.0)?;
        Some((self.after as f64 / rate).ceil() as u64)
    }

    /// Messages were waiting and none went over a meaningful window.
    pub fn is_stalled(&self) -> bool {
        self.is_meaningful() && self.before > 0 && self.after >= self.before
    }
}

/// The readings of a `--watch`, each queue's visible count by key, kept for as long as
/// the rate window needs them: memory stays flat however long the watch runs.
#[derive(Debug)]
pub struct DrainWindow {
    min: Duration,
    /// (time since the watch started, visible count per queue), oldest first.
    readings: VecDeque<(Duration, BTreeMap<String, u64>)>,
}

/// What a window says after a new reading.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowView {
    /// Since the oldest reading kept (the first one, until the window is full).
    pub span: Duration,
    /// Per queue, the drain against the baseline; empty until `span` reaches the minimum.
    pub drains: BTreeMap<String, Drain>,
}

impl DrainWindow {
    pub fn new(min: Duration) -> DrainWindow {
        DrainWindow {
            min,
            readings: VecDeque::new(),
        }
    }

    /// Adds the reading taken `at` (time since the watch started) and compares it with
    /// the baseline: the newest earlier reading at least the minimum window older (the
    /// rate over the shortest meaningful window). Readings older than that baseline
    /// are dropped.
    pub fn push(&mut self, at: Duration, visible: BTreeMap<String, u64>) -> WindowView {
        let old_enough = |then: Duration| at.saturating_sub(then) >= self.min;
        // Keep one reading that is old enough: the newest of them.
        while self.readings.len() > 1 && old_enough(self.readings[1].0) {
            self.readings.pop_front();
        }
        let view = match self.readings.front() {
            Some((then, baseline)) if old_enough(*then) => {
                let seconds = (at - *then).as_secs_f64();
                let drains = visible
                    .iter()
                    .filter_map(|(key, after)| {
                        let before = *baseline.get(key)?;
                        Some((
                            key.clone(),
                            Drain {
                                before,
                                after: *after,
                                seconds,
                            },
                        ))
                    })
                    .collect();
                WindowView {
                    span: at - *then,
                    drains,
                }
            }
            Some((then, _)) => WindowView {
                span: at.saturating_sub(*then),
                drains: BTreeMap::new(),
            },
            None => WindowView {
                span: Duration::ZERO,
                drains: BTreeMap::new(),
            },
        };
        self.readings.push_back((at, visible));
        view
    }

    pub fn min(&self) -> Duration {
        self.min
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn counts(lines: u64) -> BTreeMap<String, u64> {
        BTreeMap::from([("lines".to_string(), lines)])
    }

    #[test]
    fn a_drain_over_less_than_a_minute_has_no_rate_eta_or_alarm() {
        let short = Drain {
            before: 40,
            after: 42,
            seconds: 10.0,
        };
        assert!(!short.is_meaningful());
        assert_eq!((short.rate(), short.eta_seconds()), (None, None));
        assert!(!short.is_stalled());
        let long = Drain {
            seconds: 60.0,
            ..short
        };
        assert_eq!(long.rate(), Some(-2.0 / 60.0));
        assert!(long.is_stalled());
        assert_eq!(long.eta_seconds(), None);
    }

    #[test]
    fn a_meaningful_drain_has_a_rate_and_an_eta_and_an_empty_queue_never_stalls() {
        let draining = Drain {
            before: 100,
            after: 40,
            seconds: 60.0,
        };
        assert_eq!(draining.rate(), Some(1.0));
        assert_eq!(draining.eta_seconds(), Some(40));
        assert!(!draining.is_stalled());
        let empty = Drain {
            before: 0,
            after: 0,
            seconds: 120.0,
        };
        assert!(!empty.is_stalled());
        assert_eq!(empty.eta_seconds(), None);
    }

    #[test]
    fn the_window_gives_no_rate_until_a_reading_is_a_minute_old() {
        let mut window = DrainWindow::new(SETTLE_WINDOW);
        let first = window.push(secs(0), counts(100));
        assert_eq!(first.span, Duration::ZERO);
        assert!(first.drains.is_empty());
        let early = window.push(secs(5), counts(95));
        assert_eq!(early.span, secs(5));
        assert!(
            early.drains.is_empty(),
            "two readings seconds apart say nothing"
        );
        for at in (10..60).step_by(5) {
            assert!(window.push(secs(at), counts(100 - at)).drains.is_empty());
        }
        let full = window.push(secs(60), counts(40));
        assert_eq!(full.span, SETTLE_WINDOW);
        assert_eq!(full.drains["lines"].rate(), Some(1.0));
    }

    #[test]
    fn the_window_slides_on_the_newest_reading_a_minute_old_and_forgets_older_ones() {
        let mut window = DrainWindow::new(SETTLE_WINDOW);
        for at in (0..=300).step_by(5) {
            // 1 message a second for two minutes, then the queue stops draining.
            let visible = if at <= 120 { 500 - at } else { 380 };
            let view = window.push(secs(at), counts(visible));
            if at >= 60 {
                assert_eq!(view.span, SETTLE_WINDOW, "at {at}s");
            }
            if at == 120 {
                assert_eq!(view.drains["lines"].rate(), Some(1.0));
            }
            if at == 180 {
                // A full minute without progress, and only that minute counts.
                assert!(view.drains["lines"].is_stalled());
            }
        }
        // Only the minute the rate looks back over is kept.
        assert!(window.readings.len() <= 14, "{}", window.readings.len());
    }

    #[test]
    fn irregular_readings_compare_with_the_newest_one_old_enough() {
        let mut window = DrainWindow::new(SETTLE_WINDOW);
        window.push(secs(0), counts(300));
        window.push(secs(50), counts(250));
        let at_70 = window.push(secs(70), counts(230));
        // 50s back is not enough; 70s back is the newest reading a minute old.
        assert_eq!(at_70.span, secs(70));
        assert_eq!(at_70.drains["lines"].before, 300);
        let at_115 = window.push(secs(115), counts(185));
        assert_eq!(at_115.span, secs(65));
        assert_eq!(at_115.drains["lines"].before, 250);
        // A queue that appeared meanwhile has no baseline yet.
        let mut both = counts(100);
        both.insert("words".into(), 7);
        let view = window.push(secs(200), both);
        assert!(view.drains.contains_key("lines") && !view.drains.contains_key("words"));
    }
}
