//! Who consumes what: groups mappings by event source and judges each topology source
//! against the rule "exactly one enabled consumer, and it is the expected one".

use serde::Serialize;

use crate::aws::arn::{self, EventSource};
use crate::base::resolve;
use crate::base::topology::Topology;
use crate::state::mappings::MappingInfo;

mod stream_lookup;

use stream_lookup::StreamLookup;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Queue,
    Stream,
    Other,
}

/// A mapping with the topology function it belongs to, if any.
#[derive(Debug, Clone, Serialize)]
pub struct ClassifiedMapping {
    #[serde(flatten)]
    pub mapping: MappingInfo,
    /// Topology key of the mapping's function (`enhanced-compaction`), if it is one.
    pub function_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Exactly one consumer, the expected one (or no expectation).
    Ok,
    /// The topology source does not exist in this stack.
    SourceMissing,
    /// No enabled consumer: messages pile up.
    NoConsumer,
    /// Two or more enabled consumers: races and unpredictable routing. `consumers` are
    /// their function names, `consumer_arns` the mappings' function ARNs in the same
    /// order (two mappings of one function, unqualified and by an alias or version, are
    /// two consumers: only their ARNs tell them apart).
    Duplicate {
        consumers: Vec<String>,
        consumer_arns: Vec<String>,
    },
    /// One consumer, but not the expected function.
    WrongConsumer { found: String, expected: String },
}

impl Verdict {
    /// The runbook's bug: zero or several consumers (or no queue at all).
    pub fn is_consumer_count_problem(&self) -> bool {
        matches!(
            self,
            Verdict::SourceMissing | Verdict::NoConsumer | Verdict::Duplicate { .. }
        )
    }

    /// Each consumer of a duplicate as the words name it: its function name, or its
    /// function ARN where another consumer has the same name (the same function named
    /// unqualified and by an alias or version). Empty for the other verdicts.
    pub fn consumer_labels(&self) -> Vec<String> {
        let Verdict::Duplicate {
            consumers,
            consumer_arns,
        } = self
        else {
            return Vec::new();
        };
        consumers
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let repeated = consumers.iter().filter(|n| *n == name).count() > 1;
                match consumer_arns.get(i) {
                    Some(arn) if repeated => arn.clone(),
                    _ => name.clone(),
                }
            })
            .collect()
    }

    pub fn describe(&self) -> String {
        match self {
            Verdict::Ok => "one enabled consumer".into(),
            Verdict::SourceMissing => "not found in this stack".into(),
            Verdict::NoConsumer => "NO enabled consumer: messages are not being processed".into(),
            Verdict::Duplicate { consumers, .. } => format!(
                "{} ENABLED CONSUMERS ({}): messages race between them",
                consumers.len(),
                self.consumer_labels().join(", ")
            ),
            Verdict::WrongConsumer { found, expected } => {
                format!("consumed by {found}, expected {expected}")
            }
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// Topology key (`lines`, `compaction-runs`), or None for a source outside the topology.
    pub key: Option<String>,
    pub kind: SourceKind,
    /// Queue name, table name, or the ARN's resource part; None when not found.
    pub name: Option<String>,
    pub event_source_arn: Option<String>,
    /// Topology key of the function that should consume it.
    pub expected_consumer: Option<String>,
    pub mappings: Vec<ClassifiedMapping>,
    #[serde(flatten)]
    pub verdict: Verdict,
    /// For a stream found other than by its `table_pattern`, or not found: how, or what
    /// was tried and how to name it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lookup: Option<String>,
}

impl Source {
    /// The verdict in one line, with how a stream was (not) found.
    pub fn summary(&self) -> String {
        match &self.lookup {
            Some(lookup) => format!("{}: {lookup}", self.verdict.describe()),
            None => self.verdict.describe(),
        }
    }

    /// Mappings that are (or may be) delivering messages.
    pub fn active(&self) -> impl Iterator<Item = &ClassifiedMapping> {
        self.mappings.iter().filter(|m| m.mapping.may_consume())
    }
}

/// The topology key of the function called `function_name`, if any.
pub fn function_key(topology: &Topology, stack: &str, function_name: &str) -> Option<String> {
    topology
        .functions
        .iter()
        .find(|(_, f)| resolve::matches(function_name, &f.pattern, stack))
        .map(|(k, _)| k.clone())
}

/// Groups `mappings` by source and judges each topology queue and stream.
/// `queue_names` is every queue in the account (to find topology queues without any
/// mapping). With `include_other`, sources outside the topology are listed too.
pub fn group_by_source(
    topology: &Topology,
    stack: &str,
    queue_names: &[String],
    mappings: &[MappingInfo],
    include_other: bool,
) -> anyhow::Result<Vec<Source>> {
    let classify = |m: &MappingInfo| ClassifiedMapping {
        mapping: m.clone(),
        function_key: function_key(topology, stack, &m.function_name),
    };
    let mut claimed = vec![false; mappings.len()];
    let mut sources = Vec::new();

    for (key, spec) in &topology.queues {
        let name = resolve::resolve_unique("queue", key, &spec.pattern, stack, queue_names)?;
        let mut own = Vec::new();
        if let Some(name) = &name {
            for (i, m) in mappings.iter().enumerate() {
                if matches!(arn::event_source(&m.event_source_arn), EventSource::Queue { name: n } if &n == name)
                {
                    claimed[i] = true;
                    own.push(classify(m));
                }
            }
        }
        let event_source_arn = own.first().map(|m| m.mapping.event_source_arn.clone());
        sources.push(judge(
            Some(key.clone()),
            SourceKind::Queue,
            name,
            event_source_arn,
            Some(spec.consumer.clone()),
            own,
        ));
    }

    for (key, spec) in &topology.streams {
        let lookup = stream_lookup::find_stream(key, spec, stack, mappings, |m| {
            function_key(topology, stack, &m.function_name)
        })
        .map_err(anyhow::Error::msg)?;
        let (table_name, note) = match lookup {
            StreamLookup::Found { table, note } => (Some(table), note),
            StreamLookup::Missing { note } => (None, Some(note)),
        };
        let mut own = Vec::new();
        for (i, m) in mappings.iter().enumerate() {
            if let EventSource::DynamoStream { table } = arn::event_source(&m.event_source_arn)
                && Some(&table) == table_name.as_ref()
            {
                claimed[i] = true;
                own.push(classify(m));
            }
        }
        let event_source_arn = own.first().map(|m| m.mapping.event_source_arn.clone());
        let mut source = judge(
            Some(key.clone()),
            SourceKind::Stream,
            table_name,
            event_source_arn,
            Some(spec.consumer.clone()),
            own,
        );
        source.lookup = note;
        sources.push(source);
    }

    if include_other {
        let mut others: Vec<(String, Vec<ClassifiedMapping>)> = Vec::new();
        for (i, m) in mappings.iter().enumerate() {
            if claimed[i] {
                continue;
            }
            match others
                .iter_mut()
                .find(|(arn, _)| arn == &m.event_source_arn)
            {
                Some((_, group)) => group.push(classify(m)),
                None => others.push((m.event_source_arn.clone(), vec![classify(m)])),
            }
        }
        for (source_arn, group) in others {
            let (kind, name) = match arn::event_source(&source_arn) {
                EventSource::Queue { name } => (SourceKind::Queue, name),
                EventSource::DynamoStream { table } => (SourceKind::Stream, table),
                EventSource::Other { resource, .. } => (SourceKind::Other, resource),
            };
            sources.push(judge(None, kind, Some(name), Some(source_arn), None, group));
        }
    }
    Ok(sources)
}

fn judge(
    key: Option<String>,
    kind: SourceKind,
    name: Option<String>,
    event_source_arn: Option<String>,
    expected_consumer: Option<String>,
    mappings: Vec<ClassifiedMapping>,
) -> Source {
    let active: Vec<&ClassifiedMapping> = mappings
        .iter()
        .filter(|m| m.mapping.may_consume())
        .collect();
    let verdict = if name.is_none() {
        Verdict::SourceMissing
    } else {
        match active.as_slice() {
            [] => Verdict::NoConsumer,
            [one] => match &expected_consumer {
                Some(expected) if one.function_key.as_deref() != Some(expected.as_str()) => {
                    Verdict::WrongConsumer {
                        found: one.mapping.function_name.clone(),
                        expected: expected.clone(),
                    }
                }
                _ => Verdict::Ok,
            },
            several => {
                let mut pairs: Vec<(String, String)> = several
                    .iter()
                    .map(|m| {
                        (
                            m.mapping.function_name.clone(),
                            m.mapping.function_arn.clone(),
                        )
                    })
                    .collect();
                pairs.sort();
                let (consumers, consumer_arns) = pairs.into_iter().unzip();
                Verdict::Duplicate {
                    consumers,
                    consumer_arns,
                }
            }
        }
    };
    Source {
        key,
        kind,
        name,
        event_source_arn,
        expected_consumer,
        mappings,
        verdict,
        lookup: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::mapping_state::MappingState as S;

    const ACCOUNT: &str = "arn:aws:sqs:us-east-1:123456789012";
    const FN: &str = "arn:aws:lambda:us-east-1:123456789012:function";

    fn mapping(uuid: &str, function: &str, queue: &str, state: S) -> MappingInfo {
        MappingInfo {
            uuid: uuid.into(),
            function_arn: format!("{FN}:{function}"),
            function_name: arn::function_name(&format!("{FN}:{function}")).into(),
            event_source_arn: format!("{ACCOUNT}:{queue}"),
            state,
            state_transition_reason: None,
            batch_size: Some(10),
            maximum_batching_window_seconds: None,
            maximum_concurrency: None,
            function_response_types: vec![],
            filter_patterns: vec![],
            last_modified: None,
            last_processing_result: None,
            metrics: Vec::new(),
            provisioned_pollers: None,
        }
    }

    fn queues() -> Vec<String> {
        [
            "chromadb-dev-lines-queue-a1",
            "chromadb-dev-words-queue-b2",
            "upload-images-dev-embed-ndjson-queue-c3",
        ]
        .map(String::from)
        .to_vec()
    }

    fn by_key<'a>(sources: &'a [Source], key: &str) -> &'a Source {
        sources
            .iter()
            .find(|s| s.key.as_deref() == Some(key))
            .unwrap()
    }

    #[test]
    fn two_enabled_consumers_on_one_queue_is_a_duplicate_whatever_the_qualifier() {
        let t = Topology::builtin();
        let maps = vec![
            mapping(
                "1",
                "chromadb-dev-lambdas-enhanced-compaction:live",
                "chromadb-dev-lines-queue-a1",
                S::Enabled,
            ),
            mapping(
                "2",
                "chroma-worker-lambda-dev-ed34dbe",
                "chromadb-dev-lines-queue-a1",
                S::Enabled,
            ),
            mapping(
                "3",
                "chromadb-dev-lambdas-enhanced-compaction:3",
                "chromadb-dev-words-queue-b2",
                S::Enabled,
            ),
            mapping(
                "4",
                "chroma-worker-lambda-dev-ed34dbe",
                "chromadb-dev-words-queue-b2",
                S::Disabled,
            ),
        ];
        let sources = group_by_source(&t, "dev", &queues(), &maps, false).unwrap();
        assert_eq!(
            by_key(&sources, "lines").verdict,
            Verdict::Duplicate {
                consumers: vec![
                    "chroma-worker-lambda-dev-ed34dbe".into(),
                    "chromadb-dev-lambdas-enhanced-compaction".into()
                ],
                consumer_arns: vec![
                    format!("{FN}:chroma-worker-lambda-dev-ed34dbe"),
                    format!("{FN}:chromadb-dev-lambdas-enhanced-compaction:live"),
                ]
            }
        );
        assert_eq!(by_key(&sources, "words").verdict, Verdict::Ok);
        assert_eq!(
            by_key(&sources, "embed-ndjson").verdict,
            Verdict::NoConsumer
        );
        // No mapping reads a DynamoDB stream: the stream is not found, and the summary
        // says how to name its table.
        let stream = by_key(&sources, "compaction-runs");
        assert_eq!(stream.verdict, Verdict::SourceMissing);
        assert!(
            stream.summary().ends_with(
                "name the table with `table_pattern` under [streams.compaction-runs] in ccx.toml"
            ),
            "{}",
            stream.summary()
        );
    }

    #[test]
    fn one_function_mapped_unqualified_and_by_an_alias_is_two_consumers_named_by_their_arns() {
        let t = Topology::builtin();
        let enhanced = "chromadb-dev-lambdas-enhanced-compaction";
        let maps = vec![
            mapping(
                "1",
                &format!("{enhanced}:live"),
                "chromadb-dev-lines-queue-a1",
                S::Enabled,
            ),
            mapping("2", enhanced, "chromadb-dev-lines-queue-a1", S::Enabled),
            mapping(
                "3",
                "chroma-worker-lambda-dev-ed34dbe",
                "chromadb-dev-lines-queue-a1",
                S::Enabled,
            ),
        ];
        let sources = group_by_source(&t, "dev", &queues(), &maps, false).unwrap();
        let verdict = &by_key(&sources, "lines").verdict;
        assert_eq!(
            verdict,
            &Verdict::Duplicate {
                consumers: vec![
                    "chroma-worker-lambda-dev-ed34dbe".into(),
                    enhanced.into(),
                    enhanced.into()
                ],
                consumer_arns: vec![
                    format!("{FN}:chroma-worker-lambda-dev-ed34dbe"),
                    format!("{FN}:{enhanced}"),
                    format!("{FN}:{enhanced}:live"),
                ]
            }
        );
        // The function named twice is told apart by its ARNs; the other keeps its name.
        assert_eq!(
            verdict.describe(),
            format!(
                "3 ENABLED CONSUMERS (chroma-worker-lambda-dev-ed34dbe, {FN}:{enhanced}, \
                 {FN}:{enhanced}:live): messages race between them"
            )
        );
    }

    #[test]
    fn a_single_retired_consumer_is_the_wrong_one_and_transitional_states_count_as_active() {
        let t = Topology::builtin();
        let maps = vec![
            mapping(
                "1",
                "chroma-worker-lambda-dev-ed34dbe",
                "chromadb-dev-lines-queue-a1",
                S::Enabled,
            ),
            mapping(
                "2",
                "chromadb-dev-lambdas-enhanced-compaction",
                "chromadb-dev-lines-queue-a1",
                S::Disabled,
            ),
            mapping(
                "3",
                "chroma-worker-lambda-dev-ed34dbe",
                "chromadb-dev-words-queue-b2",
                S::Disabling,
            ),
            mapping(
                "4",
                "chromadb-dev-lambdas-enhanced-compaction",
                "chromadb-dev-words-queue-b2",
                S::Enabling,
            ),
        ];
        let sources = group_by_source(&t, "dev", &queues(), &maps, false).unwrap();
        assert_eq!(
            by_key(&sources, "lines").verdict,
            Verdict::WrongConsumer {
                found: "chroma-worker-lambda-dev-ed34dbe".into(),
                expected: "enhanced-compaction".into()
            }
        );
        assert_eq!(by_key(&sources, "words").verdict, Verdict::Ok);
    }

    #[test]
    fn other_stacks_and_unrelated_sources_stay_out_unless_asked() {
        let t = Topology::builtin();
        let mut all_queues = queues();
        all_queues.push("chromadb-prod-lines-queue-zz".into());
        all_queues.push("thumbnails-queue-dev-x".into());
        let maps = vec![
            mapping(
                "1",
                "chromadb-prod-lambdas-enhanced-compaction",
                "chromadb-prod-lines-queue-zz",
                S::Enabled,
            ),
            mapping(
                "2",
                "image-resizer-dev-1",
                "thumbnails-queue-dev-x",
                S::Enabled,
            ),
        ];
        let sources = group_by_source(&t, "dev", &all_queues, &maps, false).unwrap();
        assert!(sources.iter().all(|s| s.mappings.is_empty()));
        let sources = group_by_source(&t, "dev", &all_queues, &maps, true).unwrap();
        assert_eq!(sources.iter().filter(|s| s.key.is_none()).count(), 2);
        let prod = group_by_source(&t, "prod", &all_queues, &maps, false).unwrap();
        assert_eq!(by_key(&prod, "lines").mappings.len(), 1);
        assert_eq!(by_key(&prod, "words").verdict, Verdict::SourceMissing);
    }

    #[test]
    fn the_stream_is_the_one_its_consumer_reads_and_every_mapping_on_it_counts() {
        let t = Topology::builtin();
        let stream = "arn:aws:dynamodb:us-east-1:123456789012:table/CompactionRuns/stream/1";
        let on_stream = |uuid: &str, function: &str| {
            let mut m = mapping(uuid, function, "unused", S::Enabled);
            m.event_source_arn = stream.to_string();
            m
        };
        let maps = vec![
            on_stream("1", "chromadb-dev-lambdas-stream-processor-2"),
            on_stream("2", "audit-trail-dev-9"),
        ];
        let sources = group_by_source(&t, "dev", &queues(), &maps, false).unwrap();
        let runs = by_key(&sources, "compaction-runs");
        assert_eq!(runs.name.as_deref(), Some("CompactionRuns"));
        assert_eq!(runs.mappings.len(), 2);
        assert!(matches!(runs.verdict, Verdict::Duplicate { .. }));
        assert!(
            runs.summary()
                .ends_with("table CompactionRuns found through stream-processor's mapping"),
            "{}",
            runs.summary()
        );
    }

    #[test]
    fn an_ambiguous_queue_is_an_error_naming_the_candidates() {
        let t = Topology::builtin();
        let mut qs = queues();
        qs.push("chromadb-dev-lines-queue-second".into());
        let err = group_by_source(&t, "dev", &qs, &[], false)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("chromadb-dev-lines-queue-a1, chromadb-dev-lines-queue-second"),
            "{err}"
        );
    }
}
