//! Reading log groups with FilterLogEvents: one round fetches every group's new events
//! concurrently (each group's pages prefetched by its own task), de-duplicates them and
//! hands them to a sink merged in time order. `ccx tail` runs one round, or rounds in a
//! loop under `--follow`.

use std::future::Future;
use std::io;
use std::time::Duration;

use aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata;
use tokio::sync::mpsc;

use crate::aws::{AwsError, error::AwsErrorKind};
use crate::logs::dedup::Window;
use crate::logs::merge::{Event, Merger};
use crate::state::log_budget::SearchBudget;

/// How far each ordinary query reaches back behind the newest event seen: events that
/// share a millisecond, pages that repeat an event, events a few seconds late.
pub const OVERLAP: Duration = Duration::from_secs(10);
/// How late an event may reach CloudWatch and still be shown under `--follow`, unless
/// configured (`ccx tail --lookback`, whose help names it): the sweeps reach this far
/// behind the wall clock.
pub const DEFAULT_LOOKBACK: Duration = Duration::from_secs(120);
/// Pages fetched ahead of the printer, per group.
const PREFETCH_PAGES: usize = 2;

/// One FilterLogEvents request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub group: String,
    pub start_ms: i64,
    pub end_ms: Option<i64>,
    pub filter: Option<String>,
    /// Only streams whose names start with this (`logStreamNamePrefix`). CloudWatch
    /// refuses it together with `logStreamNames` (InvalidParameterException), so a
    /// query never carries both.
    pub stream_prefix: Option<String>,
    pub token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    /// Events with `source` left at 0; the round fills it in.
    pub events: Vec<Event>,
    pub next_token: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("log group {0} does not exist")]
    Missing(String),
    #[error(transparent)]
    Aws(#[from] AwsError),
}

impl FetchError {
    /// Worth retrying after a pause (throttling, timeouts, network trouble).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            FetchError::Aws(e) if matches!(
                e.kind,
                AwsErrorKind::Throttled | AwsErrorKind::Timeout | AwsErrorKind::Unreachable
            ) || e.code.as_deref() == Some("ServiceUnavailableException")
        )
    }
}

/// Where pages come from: CloudWatch Logs, or a fake in tests.
pub trait PageSource: Clone + Send + Sync + 'static {
    fn fetch(&self, query: Query) -> impl Future<Output = Result<Page, FetchError>> + Send;
}

/// FilterLogEvents through the AWS SDK (whose retry configuration handles throttling
/// within one call), each request within the process's FilterLogEvents budget.
#[derive(Debug, Clone)]
pub struct CloudWatch {
    pub client: aws_sdk_cloudwatchlogs::Client,
    pub budget: std::sync::Arc<SearchBudget>,
}

impl PageSource for CloudWatch {
    async fn fetch(&self, query: Query) -> Result<Page, FetchError> {
        self.budget.acquire().await;
        // `interleaved` is ignored (always on) by CloudWatch; emulators still need it.
        #[allow(deprecated)]
        let request = self
            .client
            .filter_log_events()
            .log_group_name(&query.group)
            .start_time(query.start_ms)
            .set_end_time(query.end_ms)
            .set_filter_pattern(query.filter.clone())
            .set_log_stream_name_prefix(query.stream_prefix.clone())
            .set_next_token(query.token.clone())
            .interleaved(true);
        match request.send().await {
            Ok(out) => Ok(Page {
                events: out
                    .events
                    .unwrap_or_default()
                    .into_iter()
                    .map(|e| Event {
                        source: 0,
                        timestamp_ms: e.timestamp.unwrap_or_default(),
                        ingestion_ms: e.ingestion_time.unwrap_or_default(),
                        stream: e.log_stream_name.unwrap_or_default(),
                        event_id: e.event_id.unwrap_or_default(),
                        message: e.message.unwrap_or_default(),
                    })
                    .collect(),
                next_token: out.next_token,
            }),
            Err(err)
                if err
                    .as_service_error()
                    .is_some_and(|e| e.is_resource_not_found_exception())
                    || err.code() == Some("ResourceNotFoundException") =>
            {
                Err(FetchError::Missing(query.group))
            }
            Err(err) => Err(FetchError::Aws(AwsError::from_sdk(
                format!("reading log group {}", query.group),
                &err,
            ))),
        }
    }
}

/// Receives merged events; flushed whenever the round waits for the network.
pub trait Sink {
    fn event(&mut self, event: &Event) -> io::Result<()>;
    fn flush(&mut self) -> io::Result<()>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Unknown,
    Present,
    Missing,
}

#[derive(Debug)]
struct Group {
    name: String,
    window: Window,
    presence: Presence,
}

/// What one round found.
#[derive(Debug, Default)]
pub struct RoundReport {
    pub shown: u64,
    /// Groups that do not exist (yet).
    pub missing: Vec<usize>,
    /// Groups that were missing before and exist now.
    pub appeared: Vec<usize>,
    /// Groups whose pages could not all be read this round.
    pub failures: Vec<(usize, FetchError)>,
}

pub struct Poller<S> {
    source: S,
    groups: Vec<Group>,
    end_ms: Option<i64>,
    filter: Option<String>,
    stream_prefix: Option<String>,
}

impl<S: PageSource> Poller<S> {
    /// Polls `groups` from `start_ms` on; `lookback` is how late an event may arrive and
    /// still be shown by a later round.
    pub fn new(
        source: S,
        groups: Vec<String>,
        range: (i64, Option<i64>),
        filter: Option<String>,
        lookback: Duration,
    ) -> Poller<S> {
        let ms = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        let (start_ms, end_ms) = range;
        Poller {
            source,
            groups: groups
                .into_iter()
                .map(|name| Group {
                    name,
                    window: Window::new(start_ms, ms(OVERLAP), ms(lookback)),
                    presence: Presence::Unknown,
                })
                .collect(),
            end_ms,
            filter,
            stream_prefix: None,
        }
    }

    /// Reads only the streams whose names start with `prefix`, in every group.
    pub fn with_stream_prefix(mut self, prefix: Option<String>) -> Poller<S> {
        self.stream_prefix = prefix;
        self
    }

    /// Every event stamped up to this moment that reached CloudWatch at most the
    /// look-back late has been delivered, in every group; None until each group has
    /// been read completely once.
    pub fn seen_through(&self) -> Option<i64> {
        self.groups
            .iter()
            .map(|g| g.window.seen_through())
            .min()
            .flatten()
    }

    /// Ids remembered for de-duplication, over all groups.
    pub fn tracked(&self) -> usize {
        self.groups.iter().map(|g| g.window.tracked()).sum()
    }

    /// Fetches every group's events from where the last round left off and writes the
    /// new ones to `sink` in time order. `now_ms` is the wall clock at the round's start.
    /// Only the sink's errors end the round early; fetch failures are reported.
    pub async fn round(&mut self, now_ms: i64, sink: &mut impl Sink) -> io::Result<RoundReport> {
        let mut receivers = Vec::with_capacity(self.groups.len());
        for group in &mut self.groups {
            let (sender, receiver) = mpsc::channel(PREFETCH_PAGES);
            let query = Query {
                group: group.name.clone(),
                start_ms: group.window.begin(now_ms),
                end_ms: self.end_ms,
                filter: self.filter.clone(),
                stream_prefix: self.stream_prefix.clone(),
                token: None,
            };
            tokio::spawn(fetch_pages(self.source.clone(), query, sender));
            receivers.push(receiver);
        }
        let mut report = RoundReport::default();
        let mut found = vec![true; self.groups.len()];
        let mut failed = vec![false; self.groups.len()];
        let mut merger = Merger::new(self.groups.len());
        loop {
            while let Some(i) = merger.starving() {
                sink.flush()?;
                match receivers[i].recv().await {
                    Some(Ok(page)) => {
                        let window = &mut self.groups[i].window;
                        let events = page
                            .events
                            .into_iter()
                            .filter(|e| window.admit(e.timestamp_ms, &e.event_id))
                            .map(|e| Event { source: i, ..e })
                            .collect();
                        window.settle(now_ms);
                        merger.push(i, events);
                    }
                    Some(Err(FetchError::Missing(_))) => {
                        found[i] = false;
                        merger.finish(i);
                    }
                    Some(Err(err)) => {
                        failed[i] = true;
                        report.failures.push((i, err));
                        merger.finish(i);
                    }
                    None => merger.finish(i),
                }
            }
            match merger.pop() {
                Some(event) => {
                    sink.event(&event)?;
                    report.shown += 1;
                }
                None => break,
            }
        }
        sink.flush()?;
        for (i, group) in self.groups.iter_mut().enumerate() {
            if failed[i] {
                group.window.resume();
                continue;
            }
            group.window.advance(now_ms);
            let presence = if found[i] {
                Presence::Present
            } else {
                Presence::Missing
            };
            if presence == Presence::Missing {
                report.missing.push(i);
            } else if group.presence == Presence::Missing {
                report.appeared.push(i);
            }
            group.presence = presence;
        }
        Ok(report)
    }
}

/// Every page of one query, in order, until the last page, an error, or the receiver
/// hangs up.
async fn fetch_pages<S: PageSource>(
    source: S,
    mut query: Query,
    sender: mpsc::Sender<Result<Page, FetchError>>,
) {
    loop {
        let result = source.fetch(query.clone()).await;
        let next = match &result {
            Ok(page) => page.next_token.clone(),
            Err(_) => None,
        };
        if sender.send(result).await.is_err() {
            return;
        }
        match next {
            // A repeated token means the service has nothing more for now.
            Some(token) if query.token.as_deref() != Some(token.as_str()) => {
                query.token = Some(token);
            }
            _ => return,
        }
    }
}

/// The pause between rounds under `--follow`: about a second while events flow, longer
/// while nothing happens, much longer while AWS pushes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    interval: Duration,
}

impl Backoff {
    pub const BUSY: Duration = Duration::from_secs(1);
    pub const IDLE_MAX: Duration = Duration::from_secs(2);
    pub const TROUBLE_MAX: Duration = Duration::from_secs(30);
    const IDLE_STEP: Duration = Duration::from_millis(250);

    pub fn new() -> Backoff {
        Backoff {
            interval: Backoff::BUSY,
        }
    }

    /// The pause after a round that showed `shown` events and did (or did not) meet
    /// throttling or another transient failure.
    pub fn next(&mut self, shown: u64, trouble: bool) -> Duration {
        self.interval = if trouble {
            (self.interval * 2).min(Backoff::TROUBLE_MAX)
        } else if self.interval > Backoff::IDLE_MAX {
            (self.interval / 2).max(Backoff::IDLE_MAX)
        } else if shown > 0 {
            Backoff::BUSY
        } else {
            (self.interval + Backoff::IDLE_STEP).min(Backoff::IDLE_MAX)
        };
        self.interval
    }
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff::new()
    }
}

#[cfg(test)]
mod tests;
