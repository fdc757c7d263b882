//! The polling rounds against a fake CloudWatch that pages, overlaps pages, fails on
//! demand and gains events and groups between rounds.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::*;
use crate::aws::error::AwsErrorKind;

#[derive(Default)]
struct Server {
    /// Group → events in the order the service keeps them (time order).
    groups: BTreeMap<String, Vec<Event>>,
    page_size: usize,
    /// How many events each page repeats from the end of the previous one.
    overlap: usize,
    /// Fail the call with this number (1-based) with throttling.
    fail_call: Option<usize>,
    calls: Vec<Query>,
}

#[derive(Clone, Default)]
struct Fake(Arc<Mutex<Server>>);

impl Fake {
    fn new(page_size: usize, overlap: usize) -> Fake {
        let fake = Fake::default();
        {
            let mut s = fake.0.lock().unwrap();
            s.page_size = page_size;
            s.overlap = overlap;
        }
        fake
    }

    fn put(&self, group: &str, stream: &str, events: &[(i64, &str)]) {
        let mut s = self.0.lock().unwrap();
        let list = s.groups.entry(group.to_string()).or_default();
        for (t, id) in events {
            list.push(Event {
                source: 0,
                timestamp_ms: *t,
                ingestion_ms: *t,
                stream: stream.to_string(),
                event_id: (*id).to_string(),
                message: format!("message {id}"),
            });
        }
        list.sort_by_key(|e| e.timestamp_ms);
    }

    fn create(&self, group: &str) {
        self.0
            .lock()
            .unwrap()
            .groups
            .entry(group.to_string())
            .or_default();
    }

    fn calls(&self) -> Vec<Query> {
        self.0.lock().unwrap().calls.clone()
    }
}

impl PageSource for Fake {
    async fn fetch(&self, query: Query) -> Result<Page, FetchError> {
        let mut s = self.0.lock().unwrap();
        s.calls.push(query.clone());
        if s.fail_call == Some(s.calls.len()) {
            return Err(FetchError::Aws(AwsError {
                action: format!("reading log group {}", query.group),
                kind: AwsErrorKind::Throttled,
                code: Some("ThrottlingException".into()),
                detail: "Rate exceeded".into(),
            }));
        }
        let Some(all) = s.groups.get(&query.group) else {
            return Err(FetchError::Missing(query.group));
        };
        let matching: Vec<&Event> = all
            .iter()
            .filter(|e| e.timestamp_ms >= query.start_ms)
            .filter(|e| query.end_ms.is_none_or(|end| e.timestamp_ms <= end))
            .filter(|e| {
                query
                    .filter
                    .as_ref()
                    .is_none_or(|f| e.message.contains(f.as_str()))
            })
            .filter(|e| {
                query
                    .stream_prefix
                    .as_ref()
                    .is_none_or(|p| e.stream.starts_with(p.as_str()))
            })
            .collect();
        let first: usize = query.token.as_deref().map_or(0, |t| t.parse().unwrap());
        let last = (first + s.page_size).min(matching.len());
        let next_token = (last < matching.len()).then(|| (last - s.overlap).to_string());
        Ok(Page {
            events: matching[first..last].iter().map(|e| (*e).clone()).collect(),
            next_token,
        })
    }
}

#[derive(Default)]
struct Collect {
    events: Vec<Event>,
    flushes: usize,
}

impl Sink for Collect {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        self.events.push(event.clone());
        Ok(())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.flushes += 1;
        Ok(())
    }
}

impl Collect {
    fn ids(&self) -> Vec<String> {
        self.events.iter().map(|e| e.event_id.clone()).collect()
    }
}

const NOW: i64 = 1_795_900_000_000;

fn poller(fake: &Fake, groups: &[&str], start: i64) -> Poller<Fake> {
    Poller::new(
        fake.clone(),
        groups.iter().map(|g| g.to_string()).collect(),
        (start, None),
        None,
        DEFAULT_LOOKBACK,
    )
}

#[tokio::test]
async fn duplicate_timestamps_across_overlapping_pages_are_shown_once() {
    // 25 events in one millisecond and 5 after it; pages of 4 that repeat one event.
    let fake = Fake::new(4, 1);
    let ids: Vec<String> = (0..30).map(|i| format!("e{i:02}")).collect();
    let events: Vec<(i64, &str)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            (
                if i < 25 {
                    NOW - 5_000
                } else {
                    NOW - 4_000 + i as i64
                },
                id.as_str(),
            )
        })
        .collect();
    fake.put("/g", "s", &events);
    let mut p = poller(&fake, &["/g"], NOW - 60_000);
    let mut sink = Collect::default();
    let report = p.round(NOW, &mut sink).await.unwrap();
    assert_eq!(sink.ids(), ids);
    assert_eq!(report.shown, 30);
    assert!(
        fake.calls().len() >= 10,
        "paged: {} calls",
        fake.calls().len()
    );
    assert!(sink.flushes >= 2, "flushed per page, not only at the end");

    // Following: the next round repeats the overlap; only genuinely new events show,
    // including ones in the very millisecond already seen.
    fake.put(
        "/g",
        "s",
        &[(NOW - 4_000 + 29, "same-ms"), (NOW + 10, "later")],
    );
    let mut next = Collect::default();
    let report = p.round(NOW + 1_000, &mut next).await.unwrap();
    assert_eq!(next.ids(), ["same-ms", "later"]);
    assert_eq!(report.shown, 2);
    let mut quiet = Collect::default();
    p.round(NOW + 2_000, &mut quiet).await.unwrap();
    assert!(quiet.events.is_empty(), "{:?}", quiet.ids());
}

#[tokio::test]
async fn groups_are_merged_in_time_order_with_their_source() {
    let fake = Fake::new(3, 0);
    fake.put(
        "/a",
        "s",
        &[
            (10, "a10"),
            (30, "a30"),
            (50, "a50"),
            (70, "a70"),
            (90, "a90"),
        ],
    );
    fake.put(
        "/b",
        "s",
        &[(20, "b20"), (30, "b30"), (40, "b40"), (95, "b95")],
    );
    let mut p = poller(&fake, &["/a", "/b"], 0);
    let mut sink = Collect::default();
    p.round(NOW, &mut sink).await.unwrap();
    assert_eq!(
        sink.ids(),
        [
            "a10", "b20", "a30", "b30", "b40", "a50", "a70", "a90", "b95"
        ]
    );
    let sources: Vec<usize> = sink.events.iter().map(|e| e.source).collect();
    assert_eq!(sources, [0, 1, 0, 1, 1, 0, 0, 0, 1]);
}

#[tokio::test]
async fn a_missing_group_is_reported_and_noticed_when_it_appears() {
    let fake = Fake::new(10, 0);
    fake.put("/present", "s", &[(NOW - 100, "p")]);
    let mut p = poller(&fake, &["/present", "/later"], NOW - 60_000);
    let mut sink = Collect::default();
    let report = p.round(NOW, &mut sink).await.unwrap();
    assert_eq!(report.missing, [1]);
    assert!(report.appeared.is_empty());
    assert!(report.failures.is_empty());
    assert_eq!(sink.ids(), ["p"]);

    let report = p.round(NOW + 1_000, &mut sink).await.unwrap();
    assert_eq!(report.missing, [1], "still missing");

    fake.create("/later");
    fake.put("/later", "s", &[(NOW + 1_500, "first-words")]);
    let report = p.round(NOW + 2_000, &mut sink).await.unwrap();
    assert!(report.missing.is_empty());
    assert_eq!(report.appeared, [1]);
    assert_eq!(sink.ids(), ["p", "first-words"]);
}

#[tokio::test]
async fn a_throttled_page_is_retried_without_loss_or_repeats() {
    let fake = Fake::new(5, 0);
    let ids: Vec<String> = (0..20).map(|i| format!("e{i:02}")).collect();
    let events: Vec<(i64, &str)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (NOW - 1_800_000 + 1_000 * i as i64, id.as_str()))
        .collect();
    fake.put("/g", "s", &events);
    fake.0.lock().unwrap().fail_call = Some(3);
    let mut p = poller(&fake, &["/g"], NOW - 3_600_000);
    let mut sink = Collect::default();
    let report = p.round(NOW, &mut sink).await.unwrap();
    assert_eq!(report.failures.len(), 1);
    assert!(report.failures[0].1.is_transient());
    assert_eq!(report.shown, 10, "the two pages before the failure");
    p.round(NOW + 1_000, &mut sink).await.unwrap();
    assert_eq!(sink.ids(), ids);
    // The retry started near what was already shown (the overlap before the newest
    // event shown), not from the beginning an hour ago.
    let retry = &fake.calls()[3];
    assert!(
        retry.token.is_none() && retry.start_ms == NOW - 1_800_000 + 9_000 - 10_000,
        "{retry:?}"
    );
}

#[tokio::test]
async fn filter_and_end_are_passed_to_the_service() {
    let fake = Fake::new(10, 0);
    fake.put(
        "/g",
        "s",
        &[
            (10, "keep-1"),
            (20, "drop"),
            (30, "keep-2"),
            (40, "keep-late"),
        ],
    );
    let mut p = Poller::new(
        fake.clone(),
        vec!["/g".into()],
        (0, Some(35)),
        Some("keep".into()),
        DEFAULT_LOOKBACK,
    );
    let mut sink = Collect::default();
    p.round(NOW, &mut sink).await.unwrap();
    assert_eq!(sink.ids(), ["keep-1", "keep-2"]);
    let call = &fake.calls()[0];
    assert_eq!(call.filter.as_deref(), Some("keep"));
    assert_eq!(call.end_ms, Some(35));
}

#[tokio::test]
async fn hours_of_following_hold_only_the_lookback_in_memory() {
    let fake = Fake::new(1000, 0);
    let mut p = poller(&fake, &["/g"], NOW);
    let mut shown = 0;
    let mut peak = 0;
    // Two simulated hours, 20 events a second, one round a second.
    for second in 0..7200i64 {
        let t = NOW + second * 1000;
        let ids: Vec<String> = (0..20).map(|i| format!("{second}-{i}")).collect();
        let events: Vec<(i64, &str)> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (t + 50 * i as i64, id.as_str()))
            .collect();
        fake.put("/g", "s", &events);
        let mut sink = Collect::default();
        shown += p.round(t + 1_000, &mut sink).await.unwrap().shown;
        peak = peak.max(p.tracked());
        if second % 600 == 0 {
            // Keep the fake's own memory small: drop what no query can reach any more.
            let mut s = fake.0.lock().unwrap();
            s.groups
                .get_mut("/g")
                .unwrap()
                .retain(|e| e.timestamp_ms >= t - 60_000);
        }
    }
    assert_eq!(shown, 7200 * 20);
    // The look-back plus one sweep interval (15 s) of ids, at 20 a second.
    let lookback_events = (DEFAULT_LOOKBACK.as_secs() as usize + 15 + 1) * 20;
    assert!(peak <= lookback_events, "peak {peak} > {lookback_events}");
}

#[tokio::test]
async fn an_event_that_arrives_a_minute_late_is_shown_once_by_the_next_sweep() {
    let fake = Fake::new(1000, 0);
    let mut p = poller(&fake, &["/g"], NOW - 10_000);
    let mut shown: Vec<String> = Vec::new();
    for second in 0..120i64 {
        let now = NOW + second * 1000;
        fake.put("/g", "s", &[(now - 200, &format!("on-time-{second}"))]);
        if second == 80 {
            // Stamped 70 s ago, searchable only now.
            fake.put("/g", "s", &[(now - 70_000, "late")]);
        }
        let mut sink = Collect::default();
        p.round(now, &mut sink).await.unwrap();
        shown.extend(sink.ids());
    }
    let late_at = shown.iter().position(|id| id == "late").expect("shown");
    assert_eq!(shown.iter().filter(|id| *id == "late").count(), 1);
    // At the first sweep after it arrived (sweeps are 15 s apart).
    assert!((80..=96).contains(&late_at), "{late_at}");
    assert_eq!(shown.len(), 121, "every event once");
    // Ordinary rounds stayed short: only sweeps reached back a minute or more.
    let long = fake
        .calls()
        .iter()
        .zip(0i64..)
        .filter(|(q, i)| NOW + i * 1000 - q.start_ms > 30_000)
        .count();
    assert!(long <= 120 / 15 + 1, "{long} long queries");
}

#[test]
fn backoff_grows_when_idle_and_more_when_throttled() {
    let mut b = Backoff::new();
    assert_eq!(b.next(5, false), Backoff::BUSY);
    let mut idle = Vec::new();
    for _ in 0..10 {
        idle.push(b.next(0, false));
    }
    assert!(idle.windows(2).all(|w| w[0] <= w[1]), "{idle:?}");
    assert_eq!(*idle.last().unwrap(), Backoff::IDLE_MAX);
    assert!(idle[0] > Backoff::BUSY);
    assert_eq!(
        b.next(3, false),
        Backoff::BUSY,
        "events bring it back at once"
    );
    let mut trouble = Vec::new();
    for _ in 0..10 {
        trouble.push(b.next(0, true));
    }
    assert_eq!(trouble[0], Backoff::BUSY * 2);
    assert_eq!(*trouble.last().unwrap(), Backoff::TROUBLE_MAX);
    // Recovering from throttling eases off gradually, never below the idle pace at once.
    let after = b.next(10, false);
    assert!(
        after < Backoff::TROUBLE_MAX && after >= Backoff::IDLE_MAX,
        "{after:?}"
    );
}

#[tokio::test]
async fn a_stream_prefix_goes_with_every_group_s_query() {
    let fake = Fake::new(100, 0);
    fake.put("/a", "2026/11/29/[$LATEST]aaa", &[(NOW - 50, "a1")]);
    fake.put("/a", "2026/11/29/[7]bbb", &[(NOW - 40, "a2")]);
    fake.put("/b", "2026/11/29/[$LATEST]ccc", &[(NOW - 30, "b1")]);
    let mut p = poller(&fake, &["/a", "/b"], NOW - 1000)
        .with_stream_prefix(Some("2026/11/29/[$LATEST]".into()));
    let mut sink = Collect::default();
    p.round(NOW, &mut sink).await.unwrap();
    assert_eq!(sink.ids(), ["a1", "b1"]);
    let prefixes: Vec<_> = fake
        .calls()
        .iter()
        .map(|q| q.stream_prefix.clone())
        .collect();
    assert_eq!(prefixes, vec![Some("2026/11/29/[$LATEST]".to_string()); 2]);
}
