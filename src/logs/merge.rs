//! Merging several log groups into one stream in timestamp order, page by page: an event
//! is released only once every source that is still fetching has shown what comes next,
//! so memory holds about one page per source, not the whole range.

use std::collections::VecDeque;

/// One log event, tagged with the index of the source it came from (the poller's log
/// group; `ccx tail` routes it to its NAME).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub source: usize,
    pub timestamp_ms: i64,
    /// When CloudWatch received it (`ingestionTime`); later than `timestamp_ms` by the
    /// event's lag. 0 when the service does not say.
    pub ingestion_ms: i64,
    pub stream: String,
    pub event_id: String,
    pub message: String,
}

#[derive(Debug)]
pub struct Merger {
    queues: Vec<VecDeque<Event>>,
    done: Vec<bool>,
}

impl Merger {
    pub fn new(sources: usize) -> Merger {
        Merger {
            queues: (0..sources).map(|_| VecDeque::new()).collect(),
            done: vec![false; sources],
        }
    }

    /// A source that must deliver its next page (or finish) before anything can be
    /// released.
    pub fn starving(&self) -> Option<usize> {
        (0..self.queues.len()).find(|&i| self.queues[i].is_empty() && !self.done[i])
    }

    /// Adds a page of `source`'s events. Events within a page are put in time order
    /// (stable, so the service's order of equal timestamps is kept).
    pub fn push(&mut self, source: usize, mut page: Vec<Event>) {
        page.sort_by_key(|e| e.timestamp_ms);
        self.queues[source].extend(page);
    }

    /// `source` has no more pages.
    pub fn finish(&mut self, source: usize) {
        self.done[source] = true;
    }

    /// The earliest event across sources (ties go to the lower source index), or `None`
    /// when a source is starving or everything has been released.
    pub fn pop(&mut self) -> Option<Event> {
        if self.starving().is_some() {
            return None;
        }
        let source = (0..self.queues.len())
            .filter_map(|i| self.queues[i].front().map(|e| (e.timestamp_ms, i)))
            .min()?
            .1;
        self.queues[source].pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(source: usize, t: i64, id: &str) -> Event {
        Event {
            source,
            timestamp_ms: t,
            ingestion_ms: t,
            stream: "s".into(),
            event_id: id.into(),
            message: id.into(),
        }
    }

    fn drain(m: &mut Merger) -> Vec<String> {
        std::iter::from_fn(|| m.pop()).map(|e| e.event_id).collect()
    }

    #[test]
    fn sources_interleave_by_timestamp() {
        let mut m = Merger::new(2);
        assert_eq!(m.starving(), Some(0));
        m.push(0, vec![ev(0, 1, "a1"), ev(0, 4, "a4"), ev(0, 9, "a9")]);
        assert_eq!(m.starving(), Some(1));
        assert_eq!(m.pop(), None, "cannot release before source 1 has spoken");
        m.push(1, vec![ev(1, 2, "b2"), ev(1, 4, "b4")]);
        assert_eq!(drain(&mut m), ["a1", "b2", "a4", "b4"]);
        // Source 1 ran dry: a9 waits until it sends more or finishes.
        assert_eq!(m.starving(), Some(1));
        m.push(1, vec![ev(1, 7, "b7")]);
        assert_eq!(drain(&mut m), ["b7"]);
        m.finish(1);
        assert_eq!(drain(&mut m), ["a9"]);
        m.finish(0);
        assert_eq!(m.starving(), None);
        assert_eq!(m.pop(), None);
    }

    #[test]
    fn a_page_is_put_in_time_order_keeping_equal_timestamps_in_place() {
        let mut m = Merger::new(1);
        m.push(
            0,
            vec![ev(0, 5, "x"), ev(0, 3, "y"), ev(0, 5, "z"), ev(0, 3, "w")],
        );
        m.finish(0);
        assert_eq!(drain(&mut m), ["y", "w", "x", "z"]);
    }

    #[test]
    fn empty_pages_keep_a_source_starving() {
        let mut m = Merger::new(2);
        m.push(0, vec![ev(0, 1, "a")]);
        m.push(1, vec![]);
        assert_eq!(m.starving(), Some(1));
        m.finish(1);
        assert_eq!(drain(&mut m), ["a"]);
    }
}
