//! CloudWatch metrics as evidence: the Lambda and SQS metrics ccx judges, read with
//! one `GetMetricData` call per command run (up to 500 queries a call, paged with
//! `NextToken`). A metric without datapoints is "no data", kept apart from zero.

use std::collections::BTreeMap;

use aws_sdk_cloudwatch::types::{
    Dimension, Metric as CwMetric, MetricDataQuery, MetricStat, ScanBy,
};
use aws_smithy_types::DateTime;
use serde::Serialize;

use crate::aws::{Aws, AwsError, AwsResultExt};

/// GetMetricData takes at most 500 queries a call.
const MAX_QUERIES_PER_CALL: usize = 500;
/// Lambda and SQS publish one datapoint a minute; a coarser period keeps a long window
/// within this many datapoints per metric.
const MAX_POINTS_PER_METRIC: i64 = 1_440;

/// One metric ccx reads, with where CloudWatch keeps it and how it is aggregated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// `AWS/Lambda` `Invocations` (Sum).
    Invocations,
    /// `AWS/Lambda` `Errors` (Sum).
    Errors,
    /// `AWS/Lambda` `Throttles` (Sum).
    Throttles,
    /// `AWS/Lambda` `ConcurrentExecutions` (Maximum).
    ConcurrentExecutions,
    /// `AWS/Lambda` `Duration` (Average, milliseconds).
    Duration,
    /// `AWS/SQS` `ApproximateAgeOfOldestMessage` (Maximum, seconds).
    AgeOfOldestMessage,
    /// `AWS/SQS` `NumberOfMessagesReceived` (Sum).
    MessagesReceived,
    /// `AWS/SQS` `NumberOfMessagesDeleted` (Sum).
    MessagesDeleted,
    /// `AWS/SQS` `NumberOfMessagesSent` (Sum).
    MessagesSent,
    /// `AWS/SQS` `ApproximateNumberOfMessagesVisible` (Maximum).
    MessagesVisible,
    /// `AWS/Lambda` `PolledEventCount` by `EventSourceMappingUUID` (Sum): events the
    /// mapping read from its source. This and the five below are published only for a
    /// mapping whose `MetricsConfig` has `EventCount`.
    PolledEventCount,
    /// `AWS/Lambda` `InvokedEventCount` (Sum): events the function was invoked with.
    InvokedEventCount,
    /// `AWS/Lambda` `FilteredOutEventCount` (Sum): events no filter pattern matched.
    FilteredOutEventCount,
    /// `AWS/Lambda` `FailedInvokeEventCount` (Sum): events whose invocation failed.
    FailedInvokeEventCount,
    /// `AWS/Lambda` `DeletedEventCount` (Sum): events deleted from the queue once done.
    DeletedEventCount,
    /// `AWS/Lambda` `DroppedEventCount` (Sum): events dropped (expired or over retries).
    DroppedEventCount,
}

impl Metric {
    /// What a consumer function is judged by.
    pub const FUNCTION: [Metric; 5] = [
        Metric::Invocations,
        Metric::Errors,
        Metric::Throttles,
        Metric::ConcurrentExecutions,
        Metric::Duration,
    ];
    /// What a consumed queue is judged by.
    pub const QUEUE: [Metric; 3] = [
        Metric::AgeOfOldestMessage,
        Metric::MessagesReceived,
        Metric::MessagesDeleted,
    ];
    /// What a dead-letter queue is judged by. SQS counts in `NumberOfMessagesSent` only
    /// messages sent to the DLQ by a client, not those its redrive policy moves there,
    /// so the visible count is read as well.
    pub const DLQ: [Metric; 2] = [Metric::MessagesSent, Metric::MessagesVisible];
    /// What an event source mapping with `EventCount` metrics is judged by (Lambda
    /// developer guide, "Event source mapping metrics").
    pub const MAPPING: [Metric; 6] = [
        Metric::PolledEventCount,
        Metric::InvokedEventCount,
        Metric::FilteredOutEventCount,
        Metric::FailedInvokeEventCount,
        Metric::DeletedEventCount,
        Metric::DroppedEventCount,
    ];

    pub fn namespace(self) -> &'static str {
        if self.is_lambda() {
            "AWS/Lambda"
        } else {
            "AWS/SQS"
        }
    }

    pub fn dimension(self) -> &'static str {
        if self.is_mapping() {
            "EventSourceMappingUUID"
        } else if self.is_lambda() {
            "FunctionName"
        } else {
            "QueueName"
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Metric::Invocations => "Invocations",
            Metric::Errors => "Errors",
            Metric::Throttles => "Throttles",
            Metric::ConcurrentExecutions => "ConcurrentExecutions",
            Metric::Duration => "Duration",
            Metric::AgeOfOldestMessage => "ApproximateAgeOfOldestMessage",
            Metric::MessagesReceived => "NumberOfMessagesReceived",
            Metric::MessagesDeleted => "NumberOfMessagesDeleted",
            Metric::MessagesSent => "NumberOfMessagesSent",
            Metric::MessagesVisible => "ApproximateNumberOfMessagesVisible",
            Metric::PolledEventCount => "PolledEventCount",
            Metric::InvokedEventCount => "InvokedEventCount",
            Metric::FilteredOutEventCount => "FilteredOutEventCount",
            Metric::FailedInvokeEventCount => "FailedInvokeEventCount",
            Metric::DeletedEventCount => "DeletedEventCount",
            Metric::DroppedEventCount => "DroppedEventCount",
        }
    }

    /// The statistic each period is reduced to.
    pub fn stat(self) -> &'static str {
        match self {
            Metric::ConcurrentExecutions | Metric::AgeOfOldestMessage | Metric::MessagesVisible => {
                "Maximum"
            }
            Metric::Duration => "Average",
            _ => "Sum",
        }
    }

    fn is_lambda(self) -> bool {
        self.is_mapping()
            || matches!(
                self,
                Metric::Invocations
                    | Metric::Errors
                    | Metric::Throttles
                    | Metric::ConcurrentExecutions
                    | Metric::Duration
            )
    }

    /// Published per event source mapping (the resource is its UUID).
    pub fn is_mapping(self) -> bool {
        Metric::MAPPING.contains(&self)
    }
}

/// One metric of one resource (a function or queue name, or a mapping's UUID).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MetricQuery {
    pub resource: String,
    pub metric: Metric,
}

impl MetricQuery {
    pub fn new(resource: &str, metric: Metric) -> MetricQuery {
        MetricQuery {
            resource: resource.to_string(),
            metric,
        }
    }

    /// Every metric of `metrics` for `resource`.
    pub fn all(resource: &str, metrics: &[Metric]) -> Vec<MetricQuery> {
        metrics
            .iter()
            .map(|m| MetricQuery::new(resource, *m))
            .collect()
    }
}

/// The datapoints of one metric in time order: (period start in ms, value).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    pub points: Vec<(i64, f64)>,
}

impl Series {
    /// No datapoint at all: CloudWatch has nothing (not the same as zero).
    pub fn no_data(&self) -> bool {
        self.points.is_empty()
    }

    pub fn sum(&self) -> f64 {
        self.points.iter().map(|(_, v)| v).sum()
    }

    /// The sum of the periods that start at or after `from_ms`.
    pub fn sum_since(&self, from_ms: i64) -> f64 {
        self.points
            .iter()
            .filter(|(t, _)| *t >= from_ms)
            .map(|(_, v)| v)
            .sum()
    }

    pub fn max(&self) -> Option<f64> {
        self.points.iter().map(|(_, v)| *v).reduce(f64::max)
    }

    pub fn mean(&self) -> Option<f64> {
        (!self.points.is_empty()).then(|| self.sum() / self.points.len() as f64)
    }

    pub fn first(&self) -> Option<(i64, f64)> {
        self.points.first().copied()
    }

    pub fn last(&self) -> Option<(i64, f64)> {
        self.points.last().copied()
    }
}

/// What one `GetMetricData` read found, per resource and metric.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricsReading {
    pub start_ms: i64,
    pub end_ms: i64,
    pub period_seconds: i32,
    pub series: BTreeMap<(String, Metric), Series>,
    /// Resources whose metrics a further call could not read, with why: their series are
    /// unknown, not empty.
    pub unread: BTreeMap<String, String>,
}

impl MetricsReading {
    /// Why the metrics of `resource` could not be read, when they could not.
    pub fn unread(&self, resource: &str) -> Option<&str> {
        self.unread.get(resource).map(String::as_str)
    }

    /// What a further call found, or its failure marked on every resource it asked about.
    pub fn merge(&mut self, further: Result<MetricsReading, AwsError>, asked: &[MetricQuery]) {
        match further {
            Ok(reading) => {
                self.series.extend(reading.series);
                self.unread.extend(reading.unread);
            }
            Err(err) => {
                for q in asked {
                    self.series.remove(&(q.resource.clone(), q.metric));
                    self.unread.insert(q.resource.clone(), err.to_string());
                }
            }
        }
    }

    /// The series of a metric that was asked for (empty when CloudWatch had no data);
    /// None when it was not asked for.
    pub fn get(&self, resource: &str, metric: Metric) -> Option<&Series> {
        self.series.get(&(resource.to_string(), metric))
    }
}

/// The period for a window: one minute, coarser when the window would give more than
/// [`MAX_POINTS_PER_METRIC`] points (always a multiple of 60 s, as CloudWatch wants).
pub fn period_for(window_ms: i64) -> i32 {
    let minutes = (window_ms / 60_000).max(1);
    let per_point = (minutes + MAX_POINTS_PER_METRIC - 1) / MAX_POINTS_PER_METRIC;
    i32::try_from(per_point.max(1) * 60).unwrap_or(i32::MAX)
}

fn query(id: usize, q: &MetricQuery, period: i32) -> MetricDataQuery {
    let metric = CwMetric::builder()
        .namespace(q.metric.namespace())
        .metric_name(q.metric.name())
        .dimensions(
            Dimension::builder()
                .name(q.metric.dimension())
                .value(&q.resource)
                .build(),
        )
        .build();
    MetricDataQuery::builder()
        .id(format!("m{id}"))
        .metric_stat(
            MetricStat::builder()
                .metric(metric)
                .period(period)
                .stat(q.metric.stat())
                .build(),
        )
        .return_data(true)
        .build()
}

/// Reads `queries` over `[start_ms, end_ms)`: one `GetMetricData` call per 500 queries,
/// each followed through its pages. Every query gets a series, empty when CloudWatch
/// has no datapoint for it.
pub async fn read(
    aws: &Aws,
    queries: &[MetricQuery],
    start_ms: i64,
    end_ms: i64,
) -> Result<MetricsReading, AwsError> {
    let period = period_for(end_ms - start_ms);
    let mut reading = MetricsReading {
        start_ms,
        end_ms,
        period_seconds: period,
        series: queries
            .iter()
            .map(|q| ((q.resource.clone(), q.metric), Series::default()))
            .collect(),
        unread: BTreeMap::new(),
    };
    for (chunk_index, chunk) in queries.chunks(MAX_QUERIES_PER_CALL).enumerate() {
        let first_id = chunk_index * MAX_QUERIES_PER_CALL;
        let by_id: BTreeMap<String, &MetricQuery> = chunk
            .iter()
            .enumerate()
            .map(|(i, q)| (format!("m{}", first_id + i), q))
            .collect();
        let mut next_token: Option<String> = None;
        loop {
            let out = aws
                .cloudwatch
                .get_metric_data()
                .set_metric_data_queries(Some(
                    chunk
                        .iter()
                        .enumerate()
                        .map(|(i, q)| query(first_id + i, q, period))
                        .collect(),
                ))
                .start_time(DateTime::from_millis(start_ms))
                .end_time(DateTime::from_millis(end_ms))
                .scan_by(ScanBy::TimestampAscending)
                .set_next_token(next_token.take())
                .send()
                .await
                .aws_context(|| "reading CloudWatch metrics (GetMetricData)")?;
            for result in out.metric_data_results() {
                let Some(q) = result.id().and_then(|id| by_id.get(id)) else {
                    continue;
                };
                let points = result
                    .timestamps()
                    .iter()
                    .map(|t| t.to_millis().unwrap_or_default())
                    .zip(result.values().iter().copied());
                if let Some(series) = reading.series.get_mut(&(q.resource.clone(), q.metric)) {
                    series.points.extend(points);
                }
            }
            match out.next_token() {
                Some(token) if !token.is_empty() => next_token = Some(token.to_string()),
                _ => break,
            }
        }
    }
    for series in reading.series.values_mut() {
        series.points.sort_by_key(|(t, _)| *t);
    }
    Ok(reading)
}

/// How far back `queues` and `map` look for a queue's latest age of oldest message
/// (SQS publishes it every minute while the queue is active).
const AGE_LOOKBACK_MS: i64 = 15 * 60_000;

/// The latest `ApproximateAgeOfOldestMessage` of each queue, in seconds, by queue name;
/// a queue CloudWatch has no datapoint for is left out ("no data"). One call.
pub async fn oldest_message_ages(
    aws: &Aws,
    queue_names: &[String],
) -> Result<BTreeMap<String, u64>, AwsError> {
    if queue_names.is_empty() {
        return Ok(BTreeMap::new());
    }
    let queries: Vec<MetricQuery> = queue_names
        .iter()
        .map(|n| MetricQuery::new(n, Metric::AgeOfOldestMessage))
        .collect();
    let now_ms = jiff::Timestamp::now().as_millisecond();
    let reading = read(aws, &queries, now_ms - AGE_LOOKBACK_MS, now_ms).await?;
    Ok(latest_ages(&reading))
}

fn latest_ages(reading: &MetricsReading) -> BTreeMap<String, u64> {
    reading
        .series
        .iter()
        .filter(|((_, metric), _)| *metric == Metric::AgeOfOldestMessage)
        .filter_map(|((name, _), series)| {
            let (_, age) = series.last()?;
            Some((name.clone(), age.max(0.0).round() as u64))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_is_a_minute_until_the_window_is_a_day() {
        assert_eq!(period_for(15 * 60_000), 60);
        assert_eq!(period_for(24 * 3_600_000), 60);
        assert_eq!(period_for(24 * 3_600_000 + 60_000), 120);
        assert_eq!(period_for(7 * 24 * 3_600_000), 420);
        assert_eq!(period_for(1_000), 60);
    }

    #[test]
    fn no_data_is_not_zero() {
        let empty = Series::default();
        assert!(empty.no_data());
        assert_eq!(empty.max(), None);
        let zero = Series {
            points: vec![(0, 0.0)],
        };
        assert!(!zero.no_data());
        assert_eq!(zero.max(), Some(0.0));
    }

    #[test]
    fn sums_count_the_periods_from_a_moment_on() {
        let s = Series {
            points: vec![(0, 1.0), (60_000, 2.0), (120_000, 4.0)],
        };
        assert_eq!(s.sum(), 7.0);
        assert_eq!(s.sum_since(60_000), 6.0);
        assert_eq!(s.mean(), Some(7.0 / 3.0));
        assert_eq!(s.last(), Some((120_000, 4.0)));
    }

    #[test]
    fn the_latest_age_counts_and_no_data_is_left_out() {
        let mut reading = MetricsReading::default();
        let key = |n: &str| (n.to_string(), Metric::AgeOfOldestMessage);
        reading.series.insert(
            key("lines"),
            Series {
                points: vec![(0, 30.0), (60_000, 95.4)],
            },
        );
        reading.series.insert(key("words"), Series::default());
        let ages = latest_ages(&reading);
        assert_eq!(ages.get("lines"), Some(&95));
        assert_eq!(ages.get("words"), None);
    }

    #[test]
    fn each_metric_names_its_namespace_dimension_and_statistic() {
        assert_eq!(Metric::Errors.namespace(), "AWS/Lambda");
        assert_eq!(Metric::Errors.dimension(), "FunctionName");
        assert_eq!(
            Metric::AgeOfOldestMessage.name(),
            "ApproximateAgeOfOldestMessage"
        );
        assert_eq!(Metric::AgeOfOldestMessage.dimension(), "QueueName");
        assert_eq!(Metric::ConcurrentExecutions.stat(), "Maximum");
        assert_eq!(Metric::MessagesSent.stat(), "Sum");
        assert_eq!(Metric::DroppedEventCount.namespace(), "AWS/Lambda");
        assert_eq!(
            Metric::FailedInvokeEventCount.dimension(),
            "EventSourceMappingUUID"
        );
        assert_eq!(Metric::PolledEventCount.stat(), "Sum");
        assert!(!Metric::Invocations.is_mapping());
    }
}
