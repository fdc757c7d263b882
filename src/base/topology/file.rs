//! Finding and reading `ccx.toml`, and laying it over the built-in topology.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use serde::Deserialize;

use super::{FunctionSpec, IacSpec, LogSpec, MetricsSpec, QueueSpec, StreamSpec, Topology};

/// Where the effective topology came from.
#[derive(Debug, Clone, PartialEq)]
pub enum TopologySource {
    Builtin,
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct LoadedTopology {
    pub topology: Topology,
    pub source: TopologySource,
}

/// A `ccx.toml`: every section optional. Entries of `functions`, `queues` and `streams`
/// replace the default entry of the same key; `logs` and `iac` fields replace the
/// default's fields. `inherit_defaults = false` starts from an empty topology instead.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopologyFile {
    #[serde(default = "yes")]
    inherit_defaults: bool,
    stack: Option<String>,
    #[serde(default)]
    functions: BTreeMap<String, FunctionSpec>,
    #[serde(default)]
    queues: BTreeMap<String, QueueSpec>,
    #[serde(default)]
    streams: BTreeMap<String, StreamSpec>,
    logs: Option<LogsFile>,
    metrics: Option<MetricsFile>,
    iac: Option<IacFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LogsFile {
    watch: Option<Vec<String>>,
    markers: Option<Vec<super::Marker>>,
    errors: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricsFile {
    max_error_rate: Option<f64>,
    max_throttle_rate: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IacFile {
    rollback: Option<String>,
    forward: Option<String>,
}

fn yes() -> bool {
    true
}

/// Loads the effective topology: `explicit` (from `--config`/`CCX_CONFIG`) must exist;
/// otherwise `./ccx.toml`, then `<user config dir>/ccx/ccx.toml`, then the built-in.
pub fn load(
    explicit: Option<&Path>,
    cwd: &Path,
    user_config_dir: Option<&Path>,
) -> Result<LoadedTopology> {
    let path = match explicit {
        Some(p) => {
            if p.is_dir() {
                bail!(
                    "config file {} is a directory: give the path of a ccx.toml in it",
                    p.display()
                );
            }
            if !p.exists() {
                bail!(
                    "config file {} does not exist: check --config/CCX_CONFIG \
                     (`ccx config init {}` writes the default one)",
                    p.display(),
                    p.display()
                );
            }
            Some(p.to_path_buf())
        }
        None => [
            Some(cwd.join("ccx.toml")),
            user_config_dir.map(|d| d.join("ccx").join("ccx.toml")),
        ]
        .into_iter()
        .flatten()
        .find(|p| p.is_file()),
    };
    let Some(path) = path else {
        return Ok(LoadedTopology {
            topology: Topology::builtin(),
            source: TopologySource::Builtin,
        });
    };
    let bytes = std::fs::read(&path).map_err(|e| {
        anyhow::anyhow!(
            "cannot read config file {}: {}: check its permissions (or pass another with --config)",
            path.display(),
            e.kind().to_string().to_lowercase()
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "config file {} is not UTF-8 text (invalid byte at offset {}): save it as UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let topology = parse(&text).map_err(|e| {
        anyhow::anyhow!(
            "invalid config {}: {e} (`ccx config show` prints a valid topology to start from)",
            path.display()
        )
    })?;
    Ok(LoadedTopology {
        topology,
        source: TopologySource::File(path),
    })
}

/// `topology` as a `ccx.toml` that loads back to exactly it (`ccx config show`): the
/// whole topology, not laid over the built-in one.
pub fn to_config_file(topology: &Topology) -> String {
    format!(
        "# Loads back to this topology: every entry is here, none is taken from the default.\n\
         inherit_defaults = false\n{}",
        topology.to_toml()
    )
}

/// Parses a `ccx.toml` text and merges it over the built-in topology.
/// Errors are one line: `line L, column C: what is wrong`.
pub fn parse(text: &str) -> Result<Topology, String> {
    let file: TopologyFile = toml::from_str(text).map_err(|e| describe_toml_error(text, &e))?;
    let mut topology = if file.inherit_defaults {
        Topology::builtin()
    } else {
        Topology {
            stack: "dev".into(),
            functions: BTreeMap::new(),
            queues: BTreeMap::new(),
            streams: BTreeMap::new(),
            logs: LogSpec::default(),
            metrics: MetricsSpec::default(),
            iac: IacSpec::default(),
            restored: Vec::new(),
        }
    };
    if let Some(stack) = file.stack {
        topology.stack = stack;
    }
    topology.functions.extend(file.functions);
    topology.queues.extend(file.queues);
    topology.streams.extend(file.streams);
    if let Some(logs) = file.logs {
        if let Some(watch) = logs.watch {
            topology.logs.watch = watch;
        }
        if let Some(markers) = logs.markers {
            topology.logs.markers = markers;
        }
        if let Some(errors) = logs.errors {
            topology.logs.errors = errors;
        }
    }
    if let Some(metrics) = file.metrics {
        if let Some(rate) = metrics.max_error_rate {
            topology.metrics.max_error_rate = rate;
        }
        if let Some(rate) = metrics.max_throttle_rate {
            topology.metrics.max_throttle_rate = rate;
        }
    }
    if let Some(iac) = file.iac {
        if let Some(rollback) = iac.rollback {
            topology.iac.rollback = rollback;
        }
        if let Some(forward) = iac.forward {
            topology.iac.forward = forward;
        }
    }
    topology
        .validate()
        .map_err(|problems| problems.join("; "))?;
    Ok(topology)
}

fn describe_toml_error(text: &str, err: &toml::de::Error) -> String {
    let message = err.message().trim().replace('\n', " ");
    // A span off a character boundary (never seen, but not ours to trust) loses the
    // position, not the message.
    match err.span().and_then(|span| text.get(..span.start)) {
        Some(before) => {
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message,
    }
}

#[cfg(test)]
mod proptests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_replaces_one_entry_and_keeps_the_rest() {
        let t = parse(
            r#"
stack = "prod"
[queues.lines]
pattern = "lines-q"
consumer = "enhanced-compaction"
"#,
        )
        .unwrap();
        assert_eq!(t.stack, "prod");
        assert_eq!(t.queues["lines"].pattern, "lines-q");
        assert_eq!(t.queues["lines"].fallback, None);
        assert_eq!(t.queues["words"].pattern, "words-queue");
        assert_eq!(t.functions.len(), 4);
    }

    #[test]
    fn metric_thresholds_default_to_five_percent_and_can_be_changed() {
        let t = parse("[metrics]\nmax_error_rate = 0.2\n").unwrap();
        assert_eq!(t.metrics.max_error_rate, 0.2);
        assert_eq!(t.metrics.max_throttle_rate, 0.05);
        let err = parse("[metrics]\nmax_throttle_rate = 5\n").unwrap_err();
        assert!(err.contains("metrics.max_throttle_rate"), "{err}");
    }

    #[test]
    fn an_unknown_field_names_its_line() {
        let err = parse("stack = \"dev\"\n\n[queues.lines]\npatern = \"x\"\n").unwrap_err();
        assert!(err.starts_with("line 4, column 1:"), "{err}");
        assert!(err.contains("patern"), "{err}");
    }

    #[test]
    fn a_dangling_reference_is_rejected() {
        let err = parse("[queues.extra]\npattern = \"x\"\nconsumer = \"ghost\"\n").unwrap_err();
        assert!(err.contains("queues.extra: consumer `ghost`"), "{err}");
    }

    #[test]
    fn without_inheritance_only_the_file_counts() {
        let t = parse(
            r#"
inherit_defaults = false
stack = "qa"
[functions.a]
pattern = "a-fn"
role = "expected"
[queues.q]
pattern = "q-queue"
consumer = "a"
"#,
        )
        .unwrap();
        assert_eq!(t.functions.len(), 1);
        assert_eq!(t.queues.len(), 1);
        assert!(t.streams.is_empty());
    }

    #[test]
    fn the_shown_topology_loads_back_whole() {
        let mut t = Topology::builtin();
        t.functions.remove("stream-processor");
        t.streams.clear();
        // What wrote to the removed stream's table writes nothing the topology knows now.
        let queues: Vec<String> = t.queues.keys().cloned().collect();
        for f in t.functions.values_mut() {
            f.writes.retain(|w| queues.contains(w));
        }
        t.stack = "qa".into();
        assert_eq!(parse(&to_config_file(&t)).unwrap(), t);
    }

    #[test]
    fn config_files_that_are_missing_a_directory_or_not_utf8_say_so() {
        let dir = tempfile::tempdir().unwrap();
        let err = load(Some(dir.path()), dir.path(), None).unwrap_err();
        assert!(err.to_string().contains("is a directory"), "{err}");
        let latin1 = dir.path().join("latin1.toml");
        std::fs::write(&latin1, b"stack = \"d\xe9v\"\n").unwrap();
        let err = load(Some(&latin1), dir.path(), None).unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
    }

    #[test]
    fn lookup_order_is_explicit_then_cwd_then_user_dir() {
        let dir = tempfile::tempdir().unwrap();
        let cwd = dir.path().join("cwd");
        let user = dir.path().join("user");
        std::fs::create_dir_all(&cwd).unwrap();
        std::fs::create_dir_all(user.join("ccx")).unwrap();
        std::fs::write(user.join("ccx/ccx.toml"), "stack = \"from-user\"\n").unwrap();
        let loaded = load(None, &cwd, Some(&user)).unwrap();
        assert_eq!(loaded.topology.stack, "from-user");

        std::fs::write(cwd.join("ccx.toml"), "stack = \"from-cwd\"\n").unwrap();
        assert_eq!(
            load(None, &cwd, Some(&user)).unwrap().topology.stack,
            "from-cwd"
        );

        let missing = dir.path().join("missing.toml");
        let err = load(Some(&missing), &cwd, Some(&user)).unwrap_err();
        assert!(err.to_string().contains("does not exist"));
    }
}
