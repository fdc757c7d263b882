//! The metric checks against hand-built CloudWatch readings: rates above the
//! topology's thresholds, the retired consumer invoked after the takeover, a queue's
//! oldest message growing older, a DLQ receiving messages, and no data never passing.

use std::sync::Arc;

use crate::aws::AwsError;
use crate::aws::error::AwsErrorKind;
use crate::fixtures::{
    EMBED, EMBED_NDJSON, ENHANCED, LEGACY, LINES, STREAM_PROCESSOR, WORDS, function,
};
use crate::state::logs::{LogLine, LogSearch};
use crate::state::metrics::{Metric, MetricsReading, Series};

use super::{NOW_MS, check, healthy, report};
use crate::aws::endpoint_setting::EndpointSetting;
use crate::features::verify::metric_checks::growing_older;
use crate::features::verify::metric_evidence::MetricsFailure;
use crate::features::verify::report::{Check, CheckStatus, NotRun};

const MINUTE: i64 = 60_000;

/// Points a minute apart, the last one a minute before now.
fn series(values: &[f64]) -> Series {
    let n = values.len() as i64;
    Series {
        points: values
            .iter()
            .enumerate()
            .map(|(i, v)| (NOW_MS - (n - i as i64) * MINUTE, *v))
            .collect(),
    }
}

fn set(reading: &mut MetricsReading, name: &str, metric: Metric, values: &[f64]) {
    reading
        .series
        .insert((name.to_string(), metric), series(values));
}

/// Busy consumers without errors, queues drained, DLQs quiet.
pub(super) fn healthy_metrics() -> MetricsReading {
    let mut r = MetricsReading {
        start_ms: NOW_MS - 15 * MINUTE,
        end_ms: NOW_MS,
        period_seconds: 60,
        ..MetricsReading::default()
    };
    for name in [ENHANCED, EMBED, STREAM_PROCESSOR] {
        set(&mut r, name, Metric::Invocations, &[10.0, 12.0, 8.0]);
        set(&mut r, name, Metric::Errors, &[0.0, 0.0, 0.0]);
        set(&mut r, name, Metric::Throttles, &[0.0, 0.0, 0.0]);
        set(&mut r, name, Metric::ConcurrentExecutions, &[2.0, 3.0, 2.0]);
        set(&mut r, name, Metric::Duration, &[800.0, 900.0, 1000.0]);
    }
    for name in [LINES, WORDS, EMBED_NDJSON] {
        set(&mut r, name, Metric::AgeOfOldestMessage, &[30.0, 0.0, 12.0]);
        set(&mut r, name, Metric::MessagesReceived, &[10.0, 12.0, 8.0]);
        set(&mut r, name, Metric::MessagesDeleted, &[10.0, 12.0, 8.0]);
        let dlq = format!("{name}-dlq");
        set(&mut r, &dlq, Metric::MessagesSent, &[0.0, 0.0, 0.0]);
        set(&mut r, &dlq, Metric::MessagesVisible, &[0.0, 0.0, 0.0]);
    }
    r
}

fn metrics(ev: &mut crate::features::verify::evidence::Evidence) -> &mut MetricsReading {
    ev.metrics.as_mut().unwrap().as_mut().unwrap()
}

#[test]
fn healthy_metrics_pass_with_their_numbers() {
    let (t, ev) = healthy();
    let r = report(&t, &ev);
    let enhanced = check(&r, "metrics.enhanced-compaction");
    assert_eq!(enhanced.status, CheckStatus::Pass);
    assert!(
        enhanced
            .summary()
            .contains("30 invocations, 0 errors, 0 throttles"),
        "{}",
        enhanced.summary()
    );
    let lines = check(&r, "metrics.lines");
    assert_eq!(lines.status, CheckStatus::Pass);
    assert!(
        lines.summary().contains("oldest message 12s"),
        "{}",
        lines.summary()
    );
    assert_eq!(check(&r, "metrics.chroma-worker").status, CheckStatus::Pass);
}

#[test]
fn an_error_rate_above_the_threshold_warns_with_the_numbers() {
    let (mut t, mut ev) = healthy();
    set(metrics(&mut ev), ENHANCED, Metric::Errors, &[0.0, 3.0, 0.0]);
    let r = report(&t, &ev);
    let c = check(&r, "metrics.enhanced-compaction");
    assert_eq!(c.status, CheckStatus::Warn);
    assert!(
        c.summary()
            .contains("error rate 10.0% (3 errors in 30 invocations) above 5.0%"),
        "{}",
        c.summary()
    );
    // A higher threshold in the topology lets the same numbers pass.
    t.metrics.max_error_rate = 0.2;
    assert_eq!(
        check(&report(&t, &ev), "metrics.enhanced-compaction").status,
        CheckStatus::Pass
    );
}

#[test]
fn throttles_count_against_every_attempt() {
    let (t, mut ev) = healthy();
    set(
        metrics(&mut ev),
        EMBED,
        Metric::Throttles,
        &[10.0, 0.0, 0.0],
    );
    let c = check(&report(&t, &ev), "metrics.embed-from-ndjson").clone();
    assert_eq!(c.status, CheckStatus::Warn);
    assert!(
        c.summary()
            .contains("throttle rate 25.0% (10 throttles in 40 attempts)"),
        "{}",
        c.summary()
    );
}

#[test]
fn no_data_is_never_a_pass() {
    let (t, mut ev) = healthy();
    *metrics(&mut ev) = MetricsReading::default();
    let r = report(&t, &ev);
    for id in [
        "metrics.enhanced-compaction",
        "metrics.lines",
        "metrics.words",
    ] {
        let c = check(&r, id);
        assert_eq!(c.status, CheckStatus::Skip, "{id}");
        assert!(c.summary().starts_with("no data"), "{id}: {}", c.summary());
    }
    assert!(
        check(&r, "metrics.enhanced-compaction")
            .details()
            .contains(&"Errors: no data".to_string())
    );
}

fn failure(kind: AwsErrorKind, caller: Option<&str>) -> Arc<MetricsFailure> {
    Arc::new(MetricsFailure {
        error: AwsError {
            action: "reading CloudWatch metrics (GetMetricData)".into(),
            kind,
            code: None,
            detail: "unexpected type 0x3c at position 0: expected map".into(),
        },
        caller: caller.map(str::to_string),
        endpoint: Some(EndpointSetting {
            url: "http://localhost:5000".into(),
            setting: "AWS_ENDPOINT_URL_CLOUDWATCH".into(),
        }),
    })
}

#[test]
fn a_failed_read_is_one_error_and_the_checks_that_needed_it_did_not_run() {
    let (t, mut ev) = healthy();
    ev.metrics = Some(Err(failure(
        AwsErrorKind::AccessDenied,
        Some("arn:aws:iam::1:role/ops"),
    )));
    let r = report(&t, &ev);
    let errors: Vec<&Check> = r
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].id, "metrics");
    assert_eq!(
        errors[0].summary(),
        "cloudwatch:GetMetricData denied for arn:aws:iam::1:role/ops: grant it (`ccx policy` prints the policy) or `--skip metrics`"
    );
    let c = check(&r, "metrics.lines");
    assert_eq!(c.status, CheckStatus::Skip);
    assert_eq!(c.not_run, Some(NotRun::SourceFailed));
    assert_eq!(r.status, CheckStatus::Error);

    ev.metrics = Some(Err(failure(AwsErrorKind::Undecodable, None)));
    let r = report(&t, &ev);
    let source = check(&r, "metrics");
    assert!(
        source
            .summary()
            .starts_with("the CloudWatch endpoint http://localhost:5000 set by AWS_ENDPOINT_URL_CLOUDWATCH does not answer in CloudWatch's protocol"),
        "{}",
        source.summary()
    );
    assert!(
        source.details()[0].contains("0x3c"),
        "{:?}",
        source.details()
    );
    ev.metrics = None;
    assert_eq!(
        check(&report(&t, &ev), "metrics.lines").status,
        CheckStatus::Skip
    );
}

/// chroma-worker still deployed, with START lines in its logs `log_minutes_ago`.
fn with_legacy_present(
    ev: &mut crate::features::verify::evidence::Evidence,
    log_minutes_ago: &[i64],
) {
    let functions = ev.functions.as_mut().unwrap();
    let legacy = functions.by_key.get_mut("chroma-worker").unwrap();
    legacy.name = Ok(Some(LEGACY.into()));
    legacy.info = Ok(Some(function(LEGACY, 900)));
    let group = legacy.log_group().unwrap();
    functions.logs.insert(
        group,
        Ok(LogSearch {
            group_exists: true,
            lines: log_minutes_ago
                .iter()
                .map(|m| LogLine {
                    timestamp_ms: NOW_MS - m * MINUTE,
                    event_id: format!("s{m}"),
                    stream: "2026/12/01/[$LATEST]0a1b".into(),
                    message: "START RequestId: r Version: $LATEST".into(),
                })
                .collect(),
            truncated: false,
        }),
    );
}

#[test]
fn the_retired_consumer_invoked_after_the_takeover_warns_and_says_what_its_logs_show() {
    let (t, mut ev) = healthy();
    with_legacy_present(&mut ev, &[2]);
    set(
        metrics(&mut ev),
        LEGACY,
        Metric::Invocations,
        &[0.0, 4.0, 0.0],
    );
    let c = check(&report(&t, &ev), "metrics.chroma-worker").clone();
    assert_eq!(c.status, CheckStatus::Warn);
    assert!(c.summary().contains("invoked 4 time(s)"), "{}", c.summary());
    assert!(
        c.summary().contains("its logs agree (1)"),
        "{}",
        c.summary()
    );

    with_legacy_present(&mut ev, &[]);
    let c = check(&report(&t, &ev), "metrics.chroma-worker").clone();
    assert_eq!(c.status, CheckStatus::Warn);
    assert!(
        c.summary().contains("though its logs show none"),
        "{}",
        c.summary()
    );
}

#[test]
fn the_retired_consumer_idle_passes_and_without_data_leaves_it_to_the_logs() {
    let (t, mut ev) = healthy();
    with_legacy_present(&mut ev, &[]);
    set(metrics(&mut ev), LEGACY, Metric::Invocations, &[0.0, 0.0]);
    assert_eq!(
        check(&report(&t, &ev), "metrics.chroma-worker").status,
        CheckStatus::Pass
    );
    metrics(&mut ev)
        .series
        .remove(&(LEGACY.to_string(), Metric::Invocations));
    let c = check(&report(&t, &ev), "metrics.chroma-worker").clone();
    assert_eq!(c.status, CheckStatus::Skip);
    assert!(c.summary().starts_with("no data"), "{}", c.summary());
}

#[test]
fn an_oldest_message_growing_older_warns() {
    let (t, mut ev) = healthy();
    set(
        metrics(&mut ev),
        LINES,
        Metric::AgeOfOldestMessage,
        &[20.0, 10.0, 70.0, 130.0, 190.0, 250.0],
    );
    let c = check(&report(&t, &ev), "metrics.lines").clone();
    assert_eq!(c.status, CheckStatus::Warn);
    assert!(
        c.summary()
            .contains("oldest message 4m 10s old and growing (10s → 4m 10s in 4m)"),
        "{}",
        c.summary()
    );
}

#[test]
fn growth_needs_a_run_of_readings_an_old_age_and_the_wall_clock() {
    assert!(growing_older(&series(&[100.0, 160.0, 220.0])).is_some());
    // Two readings are not a trend.
    assert!(growing_older(&series(&[100.0, 220.0])).is_none());
    // Young messages, however they move.
    assert!(growing_older(&series(&[10.0, 50.0, 110.0])).is_none());
    // Old but barely moving: the oldest one is being replaced.
    assert!(growing_older(&series(&[300.0, 305.0, 310.0])).is_none());
    // Only the trailing run counts.
    assert!(growing_older(&series(&[500.0, 620.0, 740.0, 20.0])).is_none());
}

#[test]
fn a_dlq_receiving_messages_warns() {
    let (t, mut ev) = healthy();
    set(
        metrics(&mut ev),
        &format!("{WORDS}-dlq"),
        Metric::MessagesSent,
        &[0.0, 2.0],
    );
    let c = check(&report(&t, &ev), "metrics.words").clone();
    assert_eq!(c.status, CheckStatus::Warn);
    assert!(
        c.summary().contains("2 messages sent to it in 15m"),
        "{}",
        c.summary()
    );

    // Moved there by the redrive policy: only the visible count shows it.
    let (t, mut ev) = healthy();
    set(
        metrics(&mut ev),
        &format!("{WORDS}-dlq"),
        Metric::MessagesVisible,
        &[0.0, 3.0],
    );
    let c = check(&report(&t, &ev), "metrics.words").clone();
    assert_eq!(c.status, CheckStatus::Warn);
    assert!(
        c.summary().contains("visible messages rose from 0 to 3"),
        "{}",
        c.summary()
    );
}

#[test]
fn a_dlq_whose_metrics_could_not_be_read_errs_only_its_queue_s_check() {
    let (t, mut ev) = healthy();
    let dlq = format!("{LINES}-dlq");
    metrics(&mut ev)
        .unread
        .insert(dlq.clone(), "throttled".to_string());
    let r = report(&t, &ev);
    let lines = check(&r, "metrics.lines");
    assert_eq!(lines.status, CheckStatus::Error, "{lines:?}");
    assert!(
        lines.summary().contains(&format!(
            "could not read the metrics of DLQ {dlq}: throttled"
        )),
        "{}",
        lines.summary()
    );
    for id in ["metrics.words", "metrics.enhanced-compaction"] {
        assert_eq!(check(&r, id).status, CheckStatus::Pass, "{id}");
    }
}
