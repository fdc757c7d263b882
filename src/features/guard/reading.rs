//! One reading: each watched source's mappings, one ListEventSourceMappings filtered by
//! the source's ARN per source, all at once.

use futures::future::join_all;

use super::sources::WatchedSource;
use super::timeline::{Observed, SourceObservation};
use crate::aws::Aws;
use crate::base::topology::Topology;
use crate::judgements::consumers;
use crate::judgements::mapping_reasons;
use crate::state::mappings::{self, MappingInfo};

/// A reading: when it was made (milliseconds since the epoch) and what it saw of each
/// source, in the order of `sources`.
pub struct Reading {
    pub at_ms: i64,
    pub sources: Vec<SourceObservation>,
}

impl Reading {
    /// No watched source could be read.
    pub fn all_failed(&self) -> Option<&str> {
        let mut errors = self.sources.iter().flatten();
        let first = errors.next()?.as_ref().err()?;
        errors.all(Result::is_err).then_some(first.as_str())
    }
}

pub async fn read(
    aws: &Aws,
    topology: &Topology,
    stack: &str,
    sources: &[WatchedSource],
) -> Reading {
    let at_ms = jiff::Timestamp::now().as_millisecond();
    let per_source = sources.iter().map(|source| async move {
        let arn = source.event_source_arn.as_deref()?;
        let listed = mappings::list_mappings_for_source(aws, arn).await;
        Some(
            listed
                .map(|found| {
                    found
                        .iter()
                        .map(|m| observe(topology, stack, source, m))
                        .collect()
                })
                .map_err(|e| e.to_string()),
        )
    });
    Reading {
        at_ms,
        sources: join_all(per_source).await,
    }
}

fn observe(topology: &Topology, stack: &str, source: &WatchedSource, m: &MappingInfo) -> Observed {
    let function_key = consumers::function_key(topology, stack, &m.function_name);
    let expected = function_key.as_deref() == Some(source.expected_consumer.as_str());
    Observed {
        uuid: m.uuid.clone(),
        function_name: m.function_name.clone(),
        function_arn: m.function_arn.clone(),
        function_key,
        state: m.state.clone(),
        troubles: mapping_reasons::failing_troubles(m, expected),
        metrics: m.metrics.clone(),
        pollers: m.provisioned_pollers.clone(),
    }
}
