//! The `queues.KEY` checks in words: the counts first (a DLQ count alone hides what
//! still waits), then what warns or could not be read; a `--sample` reading with a rate
//! only over a window long enough for SQS's approximate counts to mean something.

use crate::features::verify::finding::{DlqDepth, QueueDepth};
use crate::judgements::queue_drain_rate::{Drain, SETTLE_WINDOW};

pub fn summary(q: &QueueDepth) -> String {
    let mut errors = Vec::new();
    if let DlqDepth::Failed(e) = &q.dlq {
        errors.push(format!("could not read the DLQ: {e}"));
    }
    if let Some(Err(e)) = &q.sample {
        errors.push(format!("could not sample the depth again: {e}"));
    }
    if !errors.is_empty() {
        return errors.join("; ");
    }
    let counts = format!(
        "{}: {} visible, {} in flight, {} delayed",
        q.name, q.visible, q.in_flight, q.delayed
    );
    let mut warnings = Vec::new();
    if let DlqDepth::Read { name, visible } = &q.dlq
        && *visible > 0
    {
        let noun = if *visible == 1 { "message" } else { "messages" };
        warnings.push(format!("{visible} {noun} in DLQ {name}"));
    }
    if let Some(Ok(drain)) = &q.sample
        && q.stalled
    {
        warnings.push(format!(
            "not draining: {} → {} visible (approximate) in {:.0}s while it has a consumer",
            drain.before, drain.after, drain.seconds
        ));
    }
    if warnings.is_empty() {
        counts
    } else {
        format!("{counts}; {}", warnings.join("; "))
    }
}

pub fn details(q: &QueueDepth) -> Vec<String> {
    let mut details = vec![format!(
        "visible {}, in flight {}, delayed {}",
        q.visible, q.in_flight, q.delayed
    )];
    match &q.dlq {
        DlqDepth::Read { name, visible } => details.push(format!("DLQ {name}: {visible} visible")),
        DlqDepth::NoDlq => details.push("no DLQ".into()),
        DlqDepth::Failed(_) => {}
    }
    if let Some(Ok(drain)) = &q.sample {
        details.extend(sample_details(drain));
    }
    details
}

/// What a `--sample` reading says: the counts, and a rate only over a window long
/// enough for SQS's approximate counts to mean something.
fn sample_details(drain: &Drain) -> Vec<String> {
    let counts = format!(
        "sampled over {:.0}s: {} → {} visible",
        drain.seconds, drain.before, drain.after
    );
    let Some(rate) = drain.rate() else {
        return vec![format!(
            "{counts}; too short to judge draining: SQS counts are approximate and settle about a minute after producers stop (use --sample {}s or more)",
            SETTLE_WINDOW.as_secs()
        )];
    };
    let mut details = vec![format!(
        "{counts} (approximate counts, {rate:+.2} msg/s drained)"
    )];
    if let Some(eta) = drain.eta_seconds().filter(|_| drain.after > 0) {
        details.push(format!("drain ETA about {eta}s"));
    }
    details
}
