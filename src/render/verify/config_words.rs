//! The `config.KEY` checks in words: the consumer judged, its timeout against the
//! queue's visibility timeout (AWS's 6×), the redrive policy, the mapping's settings.

use crate::features::verify::finding::ConsumerConfig;
use crate::judgements::visibility_fit::FACTOR;

pub fn summary(c: &ConsumerConfig) -> String {
    let mut warnings = Vec::new();
    if let (Some((visibility, timeout)), Some(needed)) = (c.timeouts, c.visibility_needed) {
        let timeout = u64::try_from(timeout).unwrap_or(0);
        warnings.push(format!(
            "visibility timeout {visibility}s < {FACTOR} × function timeout {timeout}s = {needed}s"
        ));
    }
    if c.dlq.is_none() {
        warnings
            .push("no dead-letter queue (redrive policy): poison messages retry forever".into());
    }
    if warnings.is_empty() {
        "visibility timeout and DLQ fit the consumer".to_string()
    } else {
        warnings.join("; ")
    }
}

pub fn details(c: &ConsumerConfig) -> Vec<String> {
    let mut details = vec![format!("consumer judged: {}", c.consumer)];
    details.push(match c.timeouts {
        Some((visibility, timeout)) => {
            format!("visibility timeout {visibility}s, function timeout {timeout}s")
        }
        None => "visibility/function timeout: unknown".into(),
    });
    if let Some((dlq, count)) = &c.dlq {
        details.push(format!(
            "DLQ {dlq} (maxReceiveCount {})",
            count.map_or("?".into(), |c| c.to_string())
        ));
    }
    if let Some(m) = &c.mapping {
        details.push(format!(
            "batch size {}",
            m.batch_size.map_or("?".into(), |b| b.to_string())
        ));
        details.push(format!(
            "maximum concurrency {}",
            m.maximum_concurrency
                .map_or("unset".into(), |c| c.to_string())
        ));
        details.push(format!(
            "ReportBatchItemFailures {}",
            if m.report_batch_item_failures {
                "on"
            } else {
                "off"
            }
        ));
    }
    details
}
