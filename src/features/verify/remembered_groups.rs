//! The log groups the last `verify` of a stack searched, remembered between runs so the
//! next run can start those searches with the listings instead of after them.
//!
//! Why: a function's log group is known only once the function listing has named the
//! function, and CloudWatch Logs may answer a long search with an empty first page and a
//! token. Searching only after the listing then costs three dependent round trips where
//! two would do. An operator runs `verify` in a loop during a cutover; from the second
//! run on, the remembered groups are searched at once. The listing still decides: a
//! remembered group that is not the function's group now is searched for nothing and
//! its result is dropped; the right group is searched as soon as a page shows it.
//!
//! The file is a cache (`$XDG_CACHE_HOME/ccx/log-groups.json`): deleting it costs one
//! round trip on the next run, nothing else; a file that cannot be read or written is
//! ignored.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Where the groups were searched: the same profile, region, endpoint and stack make the
/// same account's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub profile: Option<String>,
    pub region: String,
    pub endpoint: Option<String>,
    pub stack: String,
}

impl Scope {
    fn key(&self) -> String {
        format!(
            "{}|{}|{}|{}",
            self.profile.as_deref().unwrap_or("default"),
            self.region,
            self.endpoint.as_deref().unwrap_or("aws"),
            self.stack
        )
    }
}

/// At most this many scopes are kept (the least recently written go first).
const MAX_SCOPES: usize = 32;

/// The cache file in the user's cache directory; `None` where there is none.
pub fn default_path() -> Option<PathBuf> {
    dirs::cache_dir().map(|dir| dir.join("ccx").join("log-groups.json"))
}

/// The groups remembered for `scope`, by topology function key; empty when there are
/// none or the file cannot be read.
pub fn load(path: Option<&Path>, scope: &Scope) -> BTreeMap<String, String> {
    path.map(read_file)
        .and_then(|mut file| file.scopes.remove(&scope.key()))
        .unwrap_or_default()
}

/// Remembers `groups` for `scope` when they differ from what is remembered. Best effort:
/// a failed write changes nothing the run reports.
pub fn save(path: Option<&Path>, scope: &Scope, groups: BTreeMap<String, String>) {
    let Some(path) = path else {
        return;
    };
    let mut file = read_file(path);
    let key = scope.key();
    if file.scopes.get(&key) == Some(&groups) {
        return;
    }
    file.order
        .retain(|k| k != &key && file.scopes.contains_key(k));
    file.order.push(key.clone());
    file.scopes.insert(key, groups);
    while file.order.len() > MAX_SCOPES {
        let oldest = file.order.remove(0);
        file.scopes.remove(&oldest);
    }
    let _ = write_atomically(path, &file);
}

/// The file's contents.
#[derive(serde::Serialize, serde::Deserialize, Default)]
struct File {
    /// Scope keys, least recently written first.
    order: Vec<String>,
    /// Each scope's groups, by topology function key.
    scopes: BTreeMap<String, BTreeMap<String, String>>,
}

fn read_file(path: &Path) -> File {
    fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Writes a temporary file beside `path` and renames it over: a run that reads the
/// file meanwhile sees the old contents or the new, never half of them.
fn write_atomically(path: &Path, file: &File) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    // One temporary name per process: two runs writing at once each rename their own.
    let temporary = dir.join(format!(".log-groups.{}.tmp", std::process::id()));
    let written = serde_json::to_vec_pretty(file)
        .map_err(std::io::Error::other)
        .and_then(|bytes| fs::write(&temporary, bytes))
        .and_then(|()| fs::rename(&temporary, path));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(stack: &str) -> Scope {
        Scope {
            profile: None,
            region: "eu-west-1".into(),
            endpoint: None,
            stack: stack.into(),
        }
    }

    fn groups(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, g)| (k.to_string(), g.to_string()))
            .collect()
    }

    #[test]
    fn what_is_saved_for_a_scope_loads_back_for_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ccx").join("log-groups.json");
        let dev = groups(&[("enhanced-compaction", "/aws/lambda/x-dev-ec")]);
        save(Some(&path), &scope("dev"), dev.clone());
        assert_eq!(load(Some(&path), &scope("dev")), dev);
        assert!(load(Some(&path), &scope("prod")).is_empty());
        let other_region = Scope {
            region: "us-east-1".into(),
            ..scope("dev")
        };
        assert!(load(Some(&path), &other_region).is_empty());
    }

    #[test]
    fn a_missing_or_unreadable_file_remembers_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log-groups.json");
        assert!(load(Some(&path), &scope("dev")).is_empty());
        fs::write(&path, "{ not json").unwrap();
        assert!(load(Some(&path), &scope("dev")).is_empty());
        assert!(load(None, &scope("dev")).is_empty());
        // And it is replaced by the next save.
        let dev = groups(&[("a", "/g")]);
        save(Some(&path), &scope("dev"), dev.clone());
        assert_eq!(load(Some(&path), &scope("dev")), dev);
    }

    #[test]
    fn the_least_recently_written_scopes_go_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log-groups.json");
        for i in 0..MAX_SCOPES + 2 {
            save(
                Some(&path),
                &scope(&format!("s{i}")),
                groups(&[("a", "/g")]),
            );
        }
        assert!(load(Some(&path), &scope("s0")).is_empty());
        assert!(load(Some(&path), &scope("s1")).is_empty());
        assert!(!load(Some(&path), &scope("s2")).is_empty());
        assert!(!load(Some(&path), &scope(&format!("s{}", MAX_SCOPES + 1))).is_empty());
    }
}
