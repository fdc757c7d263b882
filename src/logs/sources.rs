//! What each `ccx tail` NAME stands for: a topology function (resolved by pattern within
//! the stack), a real function name or ARN, or a log group (starts with `/`). A
//! function's logs are in the group its logging configuration names. Anything else is
//! refused with the closest names.

use crate::aws::arn;
use crate::base::resolve;
use crate::base::topology::Topology;
use crate::logs::closest;
use crate::state::functions::{FunctionSummary, LogConfig, log_group};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// A `[functions]` key of the topology.
    Topology { key: String, function: String },
    /// A function name taken as given.
    Function { function: String },
    /// A log group named directly.
    Group,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Short name printed before each line and in JSON's `source`.
    pub label: String,
    pub group: String,
    pub kind: SourceKind,
}

impl Source {
    /// The function whose streams the source shows (None: a log group, every line).
    pub fn function(&self) -> Option<&str> {
        match &self.kind {
            SourceKind::Topology { function, .. } | SourceKind::Function { function } => {
                Some(function)
            }
            SourceKind::Group => None,
        }
    }
}

/// Whether resolving `names` needs the account's function listing: every NAME but a
/// log group does (for its logging configuration, or to know it is no function at all).
pub fn needs_function_list(names: &[String]) -> bool {
    names.iter().any(|n| !n.trim().starts_with('/'))
}

/// Resolves every NAME; `functions` is the account's function listing (needed unless
/// every NAME is a log group). A function's logs are read from the group its logging
/// configuration names. Two NAMEs for one function, or for one log group, count once;
/// two functions sharing a group are two sources of it (`logs::routes`).
pub fn resolve_sources(
    names: &[String],
    topology: &Topology,
    stack: &str,
    functions: &[FunctionSummary],
) -> Result<Vec<Source>, String> {
    let function_names: Vec<String> = functions.iter().map(|f| f.name.clone()).collect();
    let summary = |name: &str| functions.iter().find(|f| f.name == name);
    let mut sources: Vec<Source> = Vec::new();
    for name in names {
        let name = name.trim();
        if name.is_empty() {
            return Err(
                "empty NAME: give a topology function, a function name or a log group".into(),
            );
        }
        let source = if name.starts_with('/') {
            Source {
                label: name
                    .rsplit('/')
                    .find(|s| !s.is_empty())
                    .unwrap_or(name)
                    .to_string(),
                group: name.trim_end_matches('/').to_string(),
                kind: SourceKind::Group,
            }
        } else if let Some(spec) = topology.functions.get(name) {
            let function =
                resolve::resolve_required("function", name, &spec.pattern, stack, &function_names)
                    .map_err(|e| e.to_string())?;
            Source {
                label: name.to_string(),
                group: summary(&function).map_or_else(
                    || log_group(&function, &LogConfig::default()),
                    FunctionSummary::log_group,
                ),
                kind: SourceKind::Topology {
                    key: name.to_string(),
                    function,
                },
            }
        } else if let Some(found) = summary(arn::function_name(name)) {
            Source {
                label: found.name.clone(),
                group: found.log_group(),
                kind: SourceKind::Function {
                    function: found.name.clone(),
                },
            }
        } else {
            return Err(unknown_name(name, topology, stack, &function_names));
        };
        if !sources
            .iter()
            .any(|s| s.group == source.group && s.function() == source.function())
        {
            sources.push(source);
        }
    }
    // Two groups ending in the same segment are told apart by their full names.
    let clashes: Vec<bool> = (0..sources.len())
        .map(|i| {
            sources
                .iter()
                .enumerate()
                .any(|(j, s)| j != i && s.label == sources[i].label)
        })
        .collect();
    for (source, clash) in sources.iter_mut().zip(clashes) {
        if clash && source.kind == SourceKind::Group {
            source.label = source.group.clone();
        }
    }
    Ok(sources)
}

/// A NAME that is no topology function, no function and no log group: the closest
/// topology keys and function names of the stack, or else the topology's keys.
fn unknown_name(name: &str, topology: &Topology, stack: &str, functions: &[String]) -> String {
    let keys = topology.functions.keys().map(String::as_str);
    let in_stack = functions
        .iter()
        .map(String::as_str)
        .filter(|f| resolve::in_stack(f, stack));
    let near = closest::closest(name, keys.clone().chain(in_stack));
    let hint = if near.is_empty() {
        format!(
            "topology functions: {}",
            keys.collect::<Vec<_>>().join(", ")
        )
    } else {
        format!("closest: {}", near.join(", "))
    };
    format!(
        "`{name}` is not a topology function, a function in this account and region, or a \
         log group (those start with `/`); {hint}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn plain(name: &str) -> FunctionSummary {
        FunctionSummary {
            name: name.to_string(),
            logging: LogConfig::default(),
        }
    }

    fn functions() -> Vec<FunctionSummary> {
        vec![
            plain("chromadb-dev-lambdas-enhanced-compaction"),
            plain("chroma-worker-lambda-dev-ed34dbe"),
            plain("chroma-worker-lambda-prod-1111111"),
            plain("chromadb-prod-lambdas-enhanced-compaction"),
            plain("some-other-function"),
            plain("billing"),
        ]
    }

    #[test]
    fn topology_keys_functions_and_groups_resolve() {
        let t = Topology::builtin();
        let args = names(&[
            "enhanced-compaction",
            "some-other-function",
            "arn:aws:lambda:us-east-1:123456789012:function:billing:live",
            "/custom/app/",
        ]);
        assert!(needs_function_list(&args));
        let s = resolve_sources(&args, &t, "dev", &functions()).unwrap();
        assert_eq!(s.len(), 4);
        assert_eq!(s[0].label, "enhanced-compaction");
        assert_eq!(
            s[0].group,
            "/aws/lambda/chromadb-dev-lambdas-enhanced-compaction"
        );
        assert_eq!(s[1].label, "some-other-function");
        assert_eq!(s[1].group, "/aws/lambda/some-other-function");
        assert_eq!(s[2].label, "billing");
        assert_eq!(s[2].group, "/aws/lambda/billing");
        assert_eq!(s[3].label, "app");
        assert_eq!(s[3].group, "/custom/app");
        assert_eq!(s[3].kind, SourceKind::Group);
    }

    #[test]
    fn a_function_s_configured_log_group_is_the_one_read() {
        let t = Topology::builtin();
        let mut listing = functions();
        listing[0].logging.group = Some("/shared/compaction".into());
        let s = resolve_sources(
            &names(&[
                "enhanced-compaction",
                "chromadb-dev-lambdas-enhanced-compaction",
            ]),
            &t,
            "dev",
            &listing,
        )
        .unwrap();
        assert_eq!(s.len(), 1, "one function, however it is named: {s:?}");
        assert_eq!(s[0].group, "/shared/compaction");
    }

    #[test]
    fn two_functions_sharing_a_group_are_two_sources_of_it() {
        let t = Topology::builtin();
        let mut listing = functions();
        listing[0].logging.group = Some("/shared/compaction".into());
        listing[1].logging.group = Some("/shared/compaction".into());
        let s = resolve_sources(
            &names(&["enhanced-compaction", "chroma-worker", "/shared/compaction"]),
            &t,
            "dev",
            &listing,
        )
        .unwrap();
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s.iter().all(|s| s.group == "/shared/compaction"));
        assert_eq!(
            s.iter().map(Source::function).collect::<Vec<_>>(),
            [
                Some("chromadb-dev-lambdas-enhanced-compaction"),
                Some("chroma-worker-lambda-dev-ed34dbe"),
                None
            ]
        );
    }

    #[test]
    fn the_stack_picks_the_function() {
        let t = Topology::builtin();
        let s = resolve_sources(&names(&["chroma-worker"]), &t, "prod", &functions()).unwrap();
        assert_eq!(s[0].group, "/aws/lambda/chroma-worker-lambda-prod-1111111");
    }

    #[test]
    fn a_missing_or_ambiguous_topology_function_lists_candidates() {
        let t = Topology::builtin();
        let err =
            resolve_sources(&names(&["stream-processor"]), &t, "dev", &functions()).unwrap_err();
        assert!(
            err.contains("no function in stack `dev` contains `stream-processor`"),
            "{err}"
        );
        let mut two = functions();
        two.push(plain("chroma-worker-lambda-dev-0000000"));
        let err = resolve_sources(&names(&["chroma-worker"]), &t, "dev", &two).unwrap_err();
        assert!(err.contains("ambiguous"), "{err}");
        assert!(
            err.contains("chroma-worker-lambda-dev-0000000, chroma-worker-lambda-dev-ed34dbe"),
            "{err}"
        );
    }

    #[test]
    fn a_name_that_is_nothing_names_the_closest_candidates_of_the_stack() {
        let t = Topology::builtin();
        let err =
            resolve_sources(&names(&["enhnced-compaction"]), &t, "dev", &functions()).unwrap_err();
        assert_eq!(
            err,
            "`enhnced-compaction` is not a topology function, a function in this account and \
             region, or a log group (those start with `/`); closest: enhanced-compaction, \
             chromadb-dev-lambdas-enhanced-compaction"
        );
        let err =
            resolve_sources(&names(&["zzz-nothing-like-it"]), &t, "dev", &functions()).unwrap_err();
        assert!(
            err.ends_with(
                "topology functions: chroma-worker, embed-from-ndjson, enhanced-compaction, \
                 stream-processor"
            ),
            "{err}"
        );
    }

    #[test]
    fn log_groups_need_no_listing_and_repeats_count_once() {
        let t = Topology::builtin();
        let args = names(&["/aws/lambda/x", "/aws/lambda/x/", "/other/x"]);
        assert!(!needs_function_list(&args));
        let s = resolve_sources(&args, &t, "dev", &[]).unwrap();
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0].label, "/aws/lambda/x");
        assert_eq!(s[1].label, "/other/x");
        assert!(resolve_sources(&names(&[" "]), &t, "dev", &[]).is_err());
    }
}
