//! Which DynamoDB table a topology stream reads. The runbook never names the table that
//! holds `CompactionRun`, so a stream is found by its `table_pattern` when one is set
//! and matches, else through its consumer: the stream that the consumer's mappings read.
//! ccx has no table listing, only mappings: a table that no mapping reads is not seen.

use crate::aws::arn::{self, EventSource};
use crate::base::resolve;
use crate::base::topology::StreamSpec;
use crate::state::mappings::MappingInfo;

/// What the lookup found for one topology stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum StreamLookup {
    /// The stream's table; `note` says how it was found when not by its pattern.
    Found { table: String, note: Option<String> },
    /// No stream found; `note` says what was tried and how to name the table.
    Missing { note: String },
}

/// Finds the table of stream `key`. `consumer_of` tells the topology function key of a
/// mapping's function. Several candidate tables are an error naming them: ccx never
/// guesses.
pub(super) fn find_stream(
    key: &str,
    spec: &StreamSpec,
    stack: &str,
    mappings: &[MappingInfo],
    consumer_of: impl Fn(&MappingInfo) -> Option<String>,
) -> Result<StreamLookup, String> {
    let where_ = format!("under [streams.{key}] in ccx.toml");
    let by_pattern = spec
        .table_pattern
        .as_deref()
        .map(|pattern| tables(mappings, |table, _| resolve::matches(table, pattern, stack)));
    if let Some(found) = &by_pattern {
        match found.as_slice() {
            [] => {}
            [table] => {
                return Ok(StreamLookup::Found {
                    table: table.clone(),
                    note: None,
                });
            }
            several => {
                return Err(format!(
                    "stream `{key}` is ambiguous in stack `{stack}`: {} tables contain `{}`: {}",
                    several.len(),
                    spec.table_pattern.as_deref().unwrap_or_default(),
                    several.join(", ")
                ));
            }
        }
    }
    let consumer = &spec.consumer;
    let consumed = tables(mappings, |_, m| {
        consumer_of(m).as_deref() == Some(consumer.as_str())
    });
    let pattern_missed = spec
        .table_pattern
        .as_deref()
        .map(|p| format!("no table in stack {stack} contains `{p}`; "))
        .unwrap_or_default();
    match consumed.as_slice() {
        [] => Ok(StreamLookup::Missing {
            note: match &spec.table_pattern {
                Some(_) => format!(
                    "{pattern_missed}{consumer} reads no DynamoDB stream either; correct `table_pattern` {where_}"
                ),
                None => format!(
                    "{consumer} reads no DynamoDB stream in stack {stack}; name the table with `table_pattern` {where_}"
                ),
            },
        }),
        [table] => Ok(StreamLookup::Found {
            table: table.clone(),
            note: Some(format!(
                "{pattern_missed}table {table} found through {consumer}'s mapping"
            )),
        }),
        several => Err(format!(
            "stream `{key}`: {consumer} reads the streams of {} tables ({}); name the one meant with `table_pattern` {where_}",
            several.len(),
            several.join(", "),
        )),
    }
}

/// The distinct tables, sorted, whose streams are read by mappings that `keep`.
fn tables(mappings: &[MappingInfo], keep: impl Fn(&str, &MappingInfo) -> bool) -> Vec<String> {
    let mut found: Vec<String> = mappings
        .iter()
        .filter_map(|m| match arn::event_source(&m.event_source_arn) {
            EventSource::DynamoStream { table } if keep(&table, m) => Some(table),
            _ => None,
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, STREAM_ARN, STREAM_PROCESSOR};
    use crate::state::mapping_state::MappingState;

    const TABLE: &str = "chromadb-dev-compaction-runs-x";

    fn spec(table_pattern: Option<&str>) -> StreamSpec {
        StreamSpec {
            table_pattern: table_pattern.map(String::from),
            consumer: "stream-processor".into(),
        }
    }

    fn stream_of(table: &str) -> String {
        format!("arn:aws:dynamodb:us-east-1:123456789012:table/{table}/stream/2026")
    }

    fn consumer_of(m: &MappingInfo) -> Option<String> {
        (m.function_name == STREAM_PROCESSOR).then(|| "stream-processor".to_string())
    }

    fn find(pattern: Option<&str>, mappings: &[MappingInfo]) -> Result<StreamLookup, String> {
        find_stream("runs", &spec(pattern), "dev", mappings, consumer_of)
    }

    fn consumed(table: &str, state: MappingState) -> MappingInfo {
        fixtures::mapping("s", STREAM_PROCESSOR, &stream_of(table), state)
    }

    #[test]
    fn without_a_pattern_the_table_is_the_one_the_consumer_reads_even_disabled() {
        for state in [MappingState::Enabled, MappingState::Disabled] {
            let found = find(None, &[consumed(TABLE, state)]).unwrap();
            assert_eq!(
                found,
                StreamLookup::Found {
                    table: TABLE.into(),
                    note: Some(format!(
                        "table {TABLE} found through stream-processor's mapping"
                    )),
                }
            );
        }
        // Its table's name need not carry the stack: the consumer does.
        let found = find(None, &[consumed("CompactionRuns", MappingState::Enabled)]);
        assert!(
            matches!(found, Ok(StreamLookup::Found { table, .. }) if table == "CompactionRuns")
        );
    }

    #[test]
    fn a_matching_pattern_wins_and_one_that_matches_nothing_falls_back_to_the_consumer() {
        let other = fixtures::mapping(
            "o",
            "audit-dev-1",
            &stream_of("chromadb-dev-audit-log-y"),
            MappingState::Enabled,
        );
        let mappings = vec![
            fixtures::mapping("m4", STREAM_PROCESSOR, STREAM_ARN, MappingState::Enabled),
            other,
        ];
        assert_eq!(
            find(Some("audit-log"), &mappings),
            Ok(StreamLookup::Found {
                table: "chromadb-dev-audit-log-y".into(),
                note: None
            })
        );
        let Ok(StreamLookup::Found { table, note }) = find(Some("compaction-run-table"), &mappings)
        else {
            panic!("found through the consumer")
        };
        assert_eq!(table, TABLE);
        assert_eq!(
            note.unwrap(),
            format!(
                "no table in stack dev contains `compaction-run-table`; table {TABLE} found through stream-processor's mapping"
            )
        );
    }

    #[test]
    fn nothing_found_says_how_to_name_the_table() {
        let Ok(StreamLookup::Missing { note }) = find(None, &[]) else {
            panic!("missing")
        };
        assert_eq!(
            note,
            "stream-processor reads no DynamoDB stream in stack dev; name the table with `table_pattern` under [streams.runs] in ccx.toml"
        );
        let Ok(StreamLookup::Missing { note }) = find(Some("nope"), &[]) else {
            panic!("missing")
        };
        assert!(
            note.starts_with("no table in stack dev contains `nope`; "),
            "{note}"
        );
        assert!(
            note.ends_with("reads no DynamoDB stream either; correct `table_pattern` under [streams.runs] in ccx.toml"),
            "{note}"
        );
    }

    #[test]
    fn several_candidate_tables_are_an_error_naming_them() {
        let two = vec![
            consumed("chromadb-dev-compaction-runs-a", MappingState::Enabled),
            consumed("chromadb-dev-compaction-runs-b", MappingState::Disabled),
        ];
        let err = find(None, &two).unwrap_err();
        assert!(
            err.contains("reads the streams of 2 tables (chromadb-dev-compaction-runs-a, chromadb-dev-compaction-runs-b)"),
            "{err}"
        );
        let err = find(Some("compaction-runs"), &two).unwrap_err();
        assert!(
            err.starts_with("stream `runs` is ambiguous in stack `dev`: 2 tables"),
            "{err}"
        );
    }
}
