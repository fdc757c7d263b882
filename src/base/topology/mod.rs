//! The topology: which functions, queues and streams make up the system, and what
//! "healthy" looks like. A built-in default mirrors the runbook; `ccx.toml` overrides it.

mod file;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use file::{LoadedTopology, TopologySource, load, to_config_file};

/// The embedded default, equal to the runbook's system (stack `dev`).
pub const DEFAULT_TOML: &str = include_str!("default.toml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topology {
    /// Stack used when `--stack` is not given.
    pub stack: String,
    #[serde(default)]
    pub functions: BTreeMap<String, FunctionSpec>,
    #[serde(default)]
    pub queues: BTreeMap<String, QueueSpec>,
    #[serde(default)]
    pub streams: BTreeMap<String, StreamSpec>,
    #[serde(default)]
    pub logs: LogSpec,
    #[serde(default)]
    pub metrics: MetricsSpec,
    #[serde(default)]
    pub iac: IacSpec,
    /// The fallbacks [`Topology::rolled_back`] made the consumers again: `verify
    /// --rolled-back` checks that they process. Never in a file.
    #[serde(skip)]
    pub restored: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionSpec {
    /// Substring of the real function name.
    pub pattern: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where this function's output goes: keys of the queues it sends to and of the
    /// streams whose tables it writes. `ccx map` draws the pipeline in this order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub writes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A consumer the healthy system has.
    Expected,
    /// Replaced by the cutover; may still exist as a rollback fallback.
    Retired,
    /// A live standby consumer.
    Fallback,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Expected => "expected",
            Role::Retired => "retired",
            Role::Fallback => "fallback",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueSpec {
    /// Substring of the real queue name.
    pub pattern: String,
    /// Function key of the one consumer this queue should have.
    pub consumer: String,
    /// Function key `ccx rollback` switches this queue to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamSpec {
    /// Substring of the DynamoDB table name whose stream this is. Optional: without it
    /// (or when it matches nothing) the stream is the one its consumer's mappings read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_pattern: Option<String>,
    /// Function key of the stream's one consumer.
    pub consumer: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSpec {
    /// Function keys whose logs must show the markers while they consume.
    #[serde(default)]
    pub watch: Vec<String>,
    /// Lines a healthy consumer logs.
    #[serde(default)]
    pub markers: Vec<Marker>,
    /// Substrings that make a log line an error.
    #[serde(default)]
    pub errors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marker {
    pub name: String,
    /// Substring that identifies the line.
    pub text: String,
    /// Add up the first integer that follows `text` (e.g. "Merged 128 records").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sum_number: bool,
}

/// How CloudWatch metrics are judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsSpec {
    /// A consumer whose errors exceed this share of its invocations warns.
    #[serde(default = "default_max_rate")]
    pub max_error_rate: f64,
    /// A consumer whose throttles exceed this share of its invocation attempts warns.
    #[serde(default = "default_max_rate")]
    pub max_throttle_rate: f64,
}

fn default_max_rate() -> f64 {
    0.05
}

impl Default for MetricsSpec {
    fn default() -> MetricsSpec {
        MetricsSpec {
            max_error_rate: default_max_rate(),
            max_throttle_rate: default_max_rate(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IacSpec {
    /// Steps that make a rollback permanent (and that replace it when ccx cannot flip).
    #[serde(default)]
    pub rollback: String,
    /// Steps that make a roll-forward permanent.
    #[serde(default)]
    pub forward: String,
}

impl Topology {
    pub fn builtin() -> Topology {
        // The embedded file is covered by a unit test, so this cannot fail at run time.
        toml::from_str(DEFAULT_TOML).expect("embedded default topology is valid")
    }

    /// Checks references between sections; returns every problem found.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        if self.stack.trim().is_empty() {
            problems.push("`stack` must not be empty".to_string());
        }
        for (key, f) in &self.functions {
            if f.pattern.trim().is_empty() {
                problems.push(format!("functions.{key}: `pattern` must not be empty"));
            }
        }
        let known = |key: &str| self.functions.contains_key(key);
        for (key, f) in &self.functions {
            for target in &f.writes {
                if !self.queues.contains_key(target) && !self.streams.contains_key(target) {
                    problems.push(format!(
                        "functions.{key}: writes `{target}`, which is neither in [queues] nor in [streams]"
                    ));
                }
            }
        }
        for (key, q) in &self.queues {
            if q.pattern.trim().is_empty() {
                problems.push(format!("queues.{key}: `pattern` must not be empty"));
            }
            if !known(&q.consumer) {
                problems.push(format!(
                    "queues.{key}: consumer `{}` is not a function in [functions]",
                    q.consumer
                ));
            }
            if let Some(fallback) = &q.fallback {
                if !known(fallback) {
                    problems.push(format!(
                        "queues.{key}: fallback `{fallback}` is not a function in [functions]"
                    ));
                } else if fallback == &q.consumer {
                    problems.push(format!(
                        "queues.{key}: fallback must differ from the consumer `{fallback}`"
                    ));
                }
            }
        }
        for (key, s) in &self.streams {
            if s.table_pattern
                .as_deref()
                .is_some_and(|p| p.trim().is_empty())
            {
                problems.push(format!("streams.{key}: `table_pattern` must not be empty"));
            }
            if !known(&s.consumer) {
                problems.push(format!(
                    "streams.{key}: consumer `{}` is not a function in [functions]",
                    s.consumer
                ));
            }
        }
        for key in &self.logs.watch {
            if !known(key) {
                problems.push(format!(
                    "logs.watch: `{key}` is not a function in [functions]"
                ));
            }
        }
        for m in &self.logs.markers {
            if m.text.is_empty() {
                problems.push(format!(
                    "logs.markers `{}`: `text` must not be empty",
                    m.name
                ));
            }
        }
        for (name, rate) in [
            ("max_error_rate", self.metrics.max_error_rate),
            ("max_throttle_rate", self.metrics.max_throttle_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                problems.push(format!(
                    "metrics.{name}: {rate} is not a share between 0 and 1 (0.05 is 5%)"
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The topology as it stands after `ccx rollback`: each queue with a fallback expects
    /// that fallback as its consumer, and the consumer it replaced becomes the retired
    /// one (still deployed, expected to be idle). Log markers describe the replaced
    /// consumer, so it leaves the watch list.
    pub fn rolled_back(&self) -> Topology {
        let mut topology = self.clone();
        let mut replaced = std::collections::BTreeSet::new();
        let mut restored = std::collections::BTreeSet::new();
        for queue in topology.queues.values_mut() {
            if let Some(fallback) = queue.fallback.take() {
                let consumer = std::mem::replace(&mut queue.consumer, fallback);
                restored.insert(queue.consumer.clone());
                replaced.insert(consumer.clone());
                queue.fallback = Some(consumer);
            }
        }
        for key in &restored {
            if let Some(f) = topology.functions.get_mut(key) {
                f.role = Role::Expected;
            }
        }
        for key in &replaced {
            let still_consumes = topology.queues.values().any(|q| &q.consumer == key)
                || topology.streams.values().any(|s| &s.consumer == key);
            if let (false, Some(f)) = (still_consumes, topology.functions.get_mut(key)) {
                f.role = Role::Retired;
            }
        }
        topology.logs.watch.retain(|key| !replaced.contains(key));
        topology.restored = restored.into_iter().collect();
        topology
    }

    /// Queues that name `function_key` as their rollback fallback.
    pub fn queues_falling_back_to<'a>(
        &'a self,
        function_key: &'a str,
    ) -> impl Iterator<Item = &'a str> {
        self.queues
            .iter()
            .filter(move |(_, q)| q.fallback.as_deref() == Some(function_key))
            .map(|(k, _)| k.as_str())
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_topology_parses_and_validates() {
        let t = Topology::builtin();
        assert_eq!(t.stack, "dev");
        assert_eq!(t.validate(), Ok(()));
        assert_eq!(t.queues["lines"].consumer, "enhanced-compaction");
        assert_eq!(t.queues["words"].fallback.as_deref(), Some("chroma-worker"));
        assert_eq!(t.functions["chroma-worker"].role, Role::Retired);
        assert_eq!(t.streams["compaction-runs"].consumer, "stream-processor");
        // The runbook names no table: the stream is found through its consumer.
        assert_eq!(t.streams["compaction-runs"].table_pattern, None);
        assert!(t.iac.rollback.contains("pulumi up"));
    }

    #[test]
    fn the_rolled_back_topology_swaps_consumer_and_fallback() {
        let t = Topology::builtin().rolled_back();
        assert_eq!(t.queues["lines"].consumer, "chroma-worker");
        assert_eq!(
            t.queues["lines"].fallback.as_deref(),
            Some("enhanced-compaction")
        );
        assert_eq!(t.queues["embed-ndjson"].consumer, "embed-from-ndjson");
        assert_eq!(t.functions["chroma-worker"].role, Role::Expected);
        assert_eq!(t.functions["enhanced-compaction"].role, Role::Retired);
        assert_eq!(t.functions["stream-processor"].role, Role::Expected);
        assert!(t.logs.watch.is_empty());
        assert_eq!(t.restored, ["chroma-worker"]);
        assert_eq!(t.validate(), Ok(()));
    }

    #[test]
    fn serialized_topology_round_trips() {
        let t = Topology::builtin();
        let back: Topology = toml::from_str(&t.to_toml()).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn a_stream_may_name_its_table_but_not_with_an_empty_pattern() {
        let named: Topology = toml::from_str(
            "stack = \"dev\"\n[functions.sp]\npattern = \"sp\"\nrole = \"expected\"\n\
             [streams.runs]\ntable_pattern = \"runs\"\nconsumer = \"sp\"\n",
        )
        .unwrap();
        assert_eq!(named.streams["runs"].table_pattern.as_deref(), Some("runs"));
        assert_eq!(named.validate(), Ok(()));
        let mut empty = named;
        empty.streams.get_mut("runs").unwrap().table_pattern = Some(" ".into());
        assert_eq!(
            empty.validate(),
            Err(vec![
                "streams.runs: `table_pattern` must not be empty".to_string()
            ])
        );
    }

    #[test]
    fn validate_reports_dangling_references() {
        let mut t = Topology::builtin();
        t.queues.get_mut("lines").unwrap().consumer = "nope".into();
        t.queues.get_mut("words").unwrap().fallback = Some("enhanced-compaction".into());
        let problems = t.validate().unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("consumer `nope`"));
        assert!(problems[1].contains("must differ"));
    }

    #[test]
    fn functions_write_to_known_queues_and_streams() {
        let t = Topology::builtin();
        assert_eq!(t.functions["stream-processor"].writes, ["lines", "words"]);
        assert_eq!(t.functions["embed-from-ndjson"].writes, ["compaction-runs"]);
        let mut t = t;
        t.functions
            .get_mut("stream-processor")
            .unwrap()
            .writes
            .push("sentences".into());
        let problems = t.validate().unwrap_err();
        assert_eq!(
            problems,
            [
                "functions.stream-processor: writes `sentences`, which is neither in [queues] nor in [streams]"
            ]
        );
    }
}
