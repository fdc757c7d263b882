//! The account's FilterLogEvents budget. CloudWatch Logs serves 5 FilterLogEvents requests
//! a second per account and region, shared by every tool and person and not raisable;
//! beyond it requests are throttled. Every FilterLogEvents request ccx makes (verify's
//! searches, every page of tail's polls) first takes a slot here, so one process never
//! sends more than its rate in any second, however many groups and tasks it reads.
//!
//! A sliding window rather than a token bucket: "at most N starts in any window" is what
//! the service counts, and it cannot be exceeded by a burst after an idle spell. Retries
//! of a throttled request happen inside the SDK and are paced by its backoff.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// CloudWatch Logs' FilterLogEvents quota: requests per second per account and region.
pub const DEFAULT_RATE: u32 = 5;

/// The window is a little longer than a second: the service sees a request some time
/// after ccx sends it, and that delay varies.
const WINDOW: Duration = Duration::from_millis(1_100);

#[derive(Debug)]
pub struct SearchBudget {
    per_window: usize,
    window: Duration,
    /// When each of the last `per_window` requests was let through, oldest first.
    starts: Mutex<VecDeque<Instant>>,
}

impl SearchBudget {
    /// At most `per_second` requests in any window of (a little over) a second.
    pub fn per_second(per_second: u32) -> SearchBudget {
        SearchBudget::new(per_second, WINDOW)
    }

    pub fn new(per_window: u32, window: Duration) -> SearchBudget {
        let per_window = usize::try_from(per_window.max(1)).unwrap_or(usize::MAX);
        SearchBudget {
            per_window,
            window,
            starts: Mutex::new(VecDeque::with_capacity(per_window)),
        }
    }

    /// Waits until one more request fits in the window, then counts it. Waiters are
    /// served in the order they came (the lock is fair), so no reader starves.
    pub async fn acquire(&self) {
        let mut starts = self.starts.lock().await;
        if starts.len() >= self.per_window
            && let Some(oldest) = starts.pop_front()
        {
            // Holding the lock while sleeping is the point: the next in line waits
            // behind this one.
            tokio::time::sleep_until(oldest + self.window).await;
        }
        starts.push_back(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// The largest number of `times` within any span shorter than `window`.
    fn busiest(times: &[Instant], window: Duration) -> usize {
        let mut sorted = times.to_vec();
        sorted.sort();
        (0..sorted.len())
            .map(|i| {
                sorted[i..]
                    .iter()
                    .take_while(|t| **t < sorted[i] + window)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    #[tokio::test]
    async fn no_window_holds_more_than_its_share_however_many_tasks_ask() {
        let window = Duration::from_millis(200);
        let budget = Arc::new(SearchBudget::new(3, window));
        let started = Instant::now();
        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let budget = Arc::clone(&budget);
                tokio::spawn(async move {
                    budget.acquire().await;
                    Instant::now()
                })
            })
            .collect();
        let mut times = Vec::new();
        for task in tasks {
            times.push(task.await.unwrap());
        }
        assert_eq!(busiest(&times, window), 3, "{times:?}");
        // Ten requests at three a window need at least three more windows.
        assert!(started.elapsed() >= window * 3, "{:?}", started.elapsed());
    }

    #[tokio::test]
    async fn requests_within_the_rate_are_not_delayed() {
        let budget = SearchBudget::new(5, Duration::from_secs(60));
        let started = Instant::now();
        for _ in 0..5 {
            budget.acquire().await;
        }
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn a_rate_of_zero_still_lets_one_through() {
        assert_eq!(SearchBudget::per_second(0).per_window, 1);
    }
}
