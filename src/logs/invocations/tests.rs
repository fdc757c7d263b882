//! Grouping lines into invocations: by request id, by stream for lines without one, in
//! order of start, and flushed at the horizon.

use super::*;

const A: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const B: &str = "bbbbbbbb-0000-4000-8000-000000000002";

fn ev(t: i64, stream: &str, message: &str) -> Event {
    Event {
        source: 0,
        timestamp_ms: t,
        ingestion_ms: t,
        stream: stream.into(),
        event_id: t.to_string(),
        message: message.into(),
    }
}

fn feed(tracker: &mut Tracker, events: &[Event]) -> Vec<Invocation> {
    let mut out = Vec::new();
    for e in events {
        let line = LambdaLine::parse(&e.message);
        let error = e.message.contains("ERROR");
        tracker.add(e.source, e, &line, error, &mut out);
    }
    out
}

fn report(id: &str, extra: &str) -> String {
    format!(
        "REPORT RequestId: {id}\tDuration: 100.50 ms\tBilled Duration: 101 ms\tMemory Size: 128 \
         MB\tMax Memory Used: 60 MB\t{extra}\n"
    )
}

#[test]
fn two_streams_interleaved_come_out_in_order_of_start_with_their_lines() {
    let mut t = Tracker::new(vec![60_000], true);
    let out = feed(
        &mut t,
        &[
            ev(1, "s1", "INIT_START Runtime Version: python:3.12\n"),
            ev(2, "s1", &format!("START RequestId: {A} Version: $LATEST\n")),
            ev(3, "s2", &format!("START RequestId: {B} Version: $LATEST\n")),
            ev(4, "s1", "[INFO] Merged 1 records\n"),
            ev(5, "s2", "[INFO] Merged 2 records\n"),
            ev(6, "s2", &format!("END RequestId: {B}\n")),
            ev(7, "s2", &report(B, "")),
        ],
    );
    assert!(out.is_empty(), "B waits for A, which started first");
    assert_eq!(t.held(), 2);
    let out = feed(
        &mut t,
        &[
            ev(8, "s1", &format!("END RequestId: {A}\n")),
            ev(9, "s1", &report(A, "Init Duration: 250.00 ms")),
        ],
    );
    assert_eq!(out.len(), 2);
    assert_eq!(out[0].request_id.as_deref(), Some(A));
    assert_eq!(out[0].start_ms, 2);
    assert_eq!(
        out[0].lines.len(),
        5,
        "INIT_START, START, the app line, END, REPORT"
    );
    assert!(out[0].cold_start() && !out[1].cold_start());
    assert_eq!(out[1].lines.len(), 4);
    assert_eq!((out[0].outcome, out[1].outcome), (Outcome::Ok, Outcome::Ok));
    assert_eq!(out[1].report.billed_ms, Some(101));
    assert_eq!(t.held(), 0);
}

#[test]
fn outcomes_from_the_lines_lambda_writes() {
    let cases = [
        (format!("2026-11-29T01:00:00.000Z\t{A}\tTask timed out after 3.00 seconds\n"), "Status: timeout", Outcome::Timeout),
        (format!("RequestId: {A} Error: Runtime exited with error: signal: killed\nRuntime.ExitError\n"), "", Outcome::RuntimeExit),
        (format!("[ERROR]\t2026-11-29T01:00:00.000Z\t{A}\tValueError: boom\n"), "", Outcome::Error),
        ("INIT_REPORT Init Duration: 3000.00 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError\n".into(), "", Outcome::InitError),
    ];
    for (line, extra, outcome) in cases {
        let mut t = Tracker::new(vec![60_000], false);
        let mut out = feed(
            &mut t,
            &[
                ev(1, "s", &format!("START RequestId: {A} Version: $LATEST\n")),
                ev(2, "s", &line),
                ev(3, "s", &report(A, extra)),
            ],
        );
        assert_eq!(out.pop().map(|i| i.outcome), Some(outcome), "{line}");
    }
    // An exit at the memory size is out of memory.
    let mut t = Tracker::new(vec![60_000], false);
    let out = feed(
        &mut t,
        &[
            ev(1, "s", &format!("START RequestId: {A} Version: $LATEST\n")),
            ev(
                2,
                "s",
                &format!(
                    "RequestId: {A} Error: Runtime exited with error: signal: killed\nRuntime.ExitError\n"
                ),
            ),
            ev(
                3,
                "s",
                &format!(
                    "REPORT RequestId: {A}\tDuration: 900.00 ms\tBilled Duration: 900 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\n"
                ),
            ),
        ],
    );
    assert_eq!(out[0].outcome, Outcome::OutOfMemory);
}

#[test]
fn an_invocation_without_an_end_is_flushed_at_its_horizon() {
    let mut t = Tracker::new(vec![1_000], true);
    let mut out = feed(
        &mut t,
        &[
            ev(0, "s1", &format!("START RequestId: {A} Version: $LATEST\n")),
            ev(
                500,
                "s2",
                &format!("START RequestId: {B} Version: $LATEST\n"),
            ),
            ev(600, "s2", &report(B, "")),
            ev(1_000, "s3", "[INFO] unrelated\n"),
        ],
    );
    assert!(out.is_empty());
    out = feed(&mut t, &[ev(1_001, "s3", "[INFO] later\n")]);
    assert_eq!(out.len(), 2, "A's horizon passed: A unfinished, then B");
    assert_eq!(out[0].outcome, Outcome::Unfinished);
    assert_eq!(out[1].outcome, Outcome::Ok);
    let mut rest = Vec::new();
    t.finish(&mut rest);
    assert_eq!(rest.len(), 1);
    assert_eq!(
        rest[0].outcome,
        Outcome::Outside,
        "s3's lines never met a START"
    );
    assert_eq!(rest[0].lines.len(), 2);
}
