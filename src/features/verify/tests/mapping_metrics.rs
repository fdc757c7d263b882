//! The per-mapping event counts against hand-built readings: failed or dropped events
//! warn, an enabled mapping polling nothing beside visible messages warns, a busy
//! mapping passes, and mappings without the metrics get one hint, not a check.

use crate::base::topology::Topology;
use crate::features::verify::checks::hints;
use crate::features::verify::evidence::Evidence;
use crate::features::verify::report::CheckStatus;
use crate::state::mapping_config::EVENT_COUNT;
use crate::state::metrics::{Metric, Series};

use super::{NOW_MS, check, healthy, queue_mut, report};

/// The healthy evidence with EventCount metrics on the lines mapping (`m1`), each of
/// its counts summing to `counts` (Polled, Invoked, FilteredOut, FailedInvoke, Deleted,
/// Dropped), `None` for no data.
fn metered(counts: [Option<f64>; 6]) -> (Topology, Evidence) {
    let (topology, mut ev) = healthy();
    let mappings = ev.mappings.as_mut().unwrap();
    mappings[0].metrics = vec![EVENT_COUNT.to_string()];
    let reading = ev.metrics.as_mut().unwrap().as_mut().unwrap();
    for (metric, count) in Metric::MAPPING.iter().zip(counts) {
        let points = count.map_or_else(Vec::new, |c| vec![(NOW_MS - 60_000, c)]);
        reading
            .series
            .insert(("m1".to_string(), *metric), Series { points });
    }
    (topology, ev)
}

#[test]
fn a_busy_mapping_passes_with_its_counts() {
    let (topology, ev) = metered([
        Some(20.0),
        Some(20.0),
        Some(0.0),
        Some(0.0),
        Some(20.0),
        None,
    ]);
    let r = report(&topology, &ev);
    let c = check(&r, "metrics.lines.mappings");
    assert_eq!(c.status, CheckStatus::Pass, "{c:?}");
    assert!(
        c.summary().contains("20 events polled, 20 invoked"),
        "{}",
        c.summary()
    );
    assert!(
        c.details()[0].contains("m1") && c.details()[0].contains("DroppedEventCount no data"),
        "{:?}",
        c.details()
    );
    // Only queues with a metered mapping get the check.
    assert!(r.checks.iter().all(|c| c.id != "metrics.words.mappings"));
}

#[test]
fn failed_invokes_or_drops_warn_with_the_numbers() {
    let (topology, ev) = metered([
        Some(20.0),
        Some(20.0),
        Some(0.0),
        Some(3.0),
        Some(17.0),
        Some(1.0),
    ]);
    let r = report(&topology, &ev);
    let c = check(&r, "metrics.lines.mappings");
    assert_eq!(c.status, CheckStatus::Warn, "{c:?}");
    assert!(
        c.summary().contains("m1 (")
            && c.summary()
                .contains("3 events failed to invoke, 1 dropped in 15m"),
        "{}",
        c.summary()
    );
    assert_eq!(r.status, CheckStatus::Warn);
}

#[test]
fn polling_nothing_warns_only_while_messages_wait() {
    let (topology, mut ev) = metered([None, None, None, None, None, None]);
    let quiet = report(&topology, &ev);
    assert_eq!(
        check(&quiet, "metrics.lines.mappings").status,
        CheckStatus::Pass
    );

    queue_mut(&mut ev, "lines")
        .attributes
        .as_mut()
        .unwrap()
        .as_mut()
        .unwrap()
        .visible = 40;
    let waiting = report(&topology, &ev);
    let c = check(&waiting, "metrics.lines.mappings");
    assert_eq!(c.status, CheckStatus::Warn, "{c:?}");
    assert!(
        c.summary().contains("polled no events in 15m (PolledEventCount: no data) while the queue holds 40 visible messages"),
        "{}",
        c.summary()
    );
}

#[test]
fn mappings_without_event_counts_get_one_hint_with_the_command() {
    let (topology, ev) = healthy();
    let said = hints(&topology, &ev);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].contains("off for 3 mapping(s) (embed-ndjson m3, lines m1, words m2)"),
        "{}",
        said[0]
    );
    assert!(
        said[0].contains(r#"aws lambda update-event-source-mapping --uuid UUID --metrics-config '{"Metrics":["EventCount"]}'"#),
        "{}",
        said[0]
    );
    // Hints are never checks: the healthy run still passes every check.
    assert!(
        report(&topology, &ev)
            .checks
            .iter()
            .all(|c| !c.id.ends_with(".mappings"))
    );

    let (topology, mut ev) = metered([Some(1.0); 6]);
    for m in ev.mappings.as_mut().unwrap().iter_mut().skip(1) {
        m.metrics = vec![EVENT_COUNT.to_string()];
    }
    assert_eq!(hints(&topology, &ev), Vec::<String>::new());
}

#[test]
fn the_metered_mappings_on_topology_queues_are_asked_for_in_the_same_read() {
    use crate::features::verify::metric_evidence::queries;
    let (_, ev) = metered([None; 6]);
    let asked = queries(&ev);
    for metric in Metric::MAPPING {
        assert!(
            asked
                .iter()
                .any(|q| q.resource == "m1" && q.metric == metric),
            "{metric:?}"
        );
    }
    assert!(
        asked.iter().all(|q| q.resource != "m2"),
        "m2 publishes nothing"
    );
    let (_, plain) = healthy();
    assert!(queries(&plain).iter().all(|q| !q.metric.is_mapping()));
}
