//! Turning topology short names into real resource names: substring pattern plus
//! stack membership. Ambiguity is an error that lists the candidates, never a guess.

use serde::Serialize;

/// True when `stack` appears in `name` as a dash-separated token (or run of tokens):
/// `chroma-worker-lambda-dev-ed34dbe` belongs to `dev`; `chromadb-devops-x` does not.
pub fn in_stack(name: &str, stack: &str) -> bool {
    let name_tokens: Vec<&str> = name.split('-').collect();
    let stack_tokens: Vec<&str> = stack.split('-').collect();
    name_tokens
        .windows(stack_tokens.len())
        .any(|w| w == stack_tokens.as_slice())
}

/// True when `name` is a candidate for the topology `pattern` in `stack`: it contains
/// the pattern and belongs to the stack. The one rule every resolution applies.
pub fn matches(name: &str, pattern: &str, stack: &str) -> bool {
    name.contains(pattern) && in_stack(name, stack)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Resolution {
    Found { name: String },
    Missing,
    Ambiguous { candidates: Vec<String> },
}

/// Resolves `pattern` among `names` within `stack`.
pub fn resolve<'a>(
    names: impl IntoIterator<Item = &'a str>,
    pattern: &str,
    stack: &str,
) -> Resolution {
    let mut candidates: Vec<String> = names
        .into_iter()
        .filter(|n| matches(n, pattern, stack))
        .map(str::to_string)
        .collect();
    candidates.sort();
    candidates.dedup();
    match candidates.len() {
        0 => Resolution::Missing,
        1 => Resolution::Found {
            name: candidates.remove(0),
        },
        _ => Resolution::Ambiguous { candidates },
    }
}

/// A topology short name that does not stand for exactly one real resource; the message
/// names the candidates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ResolveError(pub String);

/// The one real name of topology entry `key`, a `kind` ("function", "queue") found by
/// `pattern` among `names` within `stack`. `Ok(None)` when nothing matches; several
/// matches are an error naming them all.
pub fn resolve_unique(
    kind: &str,
    key: &str,
    pattern: &str,
    stack: &str,
    names: &[String],
) -> Result<Option<String>, ResolveError> {
    match resolve(names.iter().map(String::as_str), pattern, stack) {
        Resolution::Found { name } => Ok(Some(name)),
        Resolution::Missing => Ok(None),
        ambiguous @ Resolution::Ambiguous { .. } => Err(ResolveError(describe_failure(
            kind, key, pattern, stack, &ambiguous, names,
        ))),
    }
}

/// As [`resolve_unique`], for callers that cannot go on without the resource: a missing
/// name is an error too, pointing at other stacks that have it.
pub fn resolve_required(
    kind: &str,
    key: &str,
    pattern: &str,
    stack: &str,
    names: &[String],
) -> Result<String, ResolveError> {
    resolve_unique(kind, key, pattern, stack, names)?.ok_or_else(|| {
        ResolveError(describe_failure(
            kind,
            key,
            pattern,
            stack,
            &Resolution::Missing,
            names,
        ))
    })
}

/// Names containing `pattern` in any stack: the hint shown when nothing matched in ours.
pub fn other_stack_candidates<'a>(
    names: impl IntoIterator<Item = &'a str>,
    pattern: &str,
) -> Vec<String> {
    let mut found: Vec<String> = names
        .into_iter()
        .filter(|n| n.contains(pattern))
        .map(str::to_string)
        .collect();
    found.sort();
    found
}

/// One-line description of a resolution failure, for error messages.
pub fn describe_failure(
    kind: &str,
    key: &str,
    pattern: &str,
    stack: &str,
    resolution: &Resolution,
    all_names: &[String],
) -> String {
    match resolution {
        Resolution::Found { name } => format!("{kind} `{key}` is {name}"),
        Resolution::Ambiguous { candidates } => format!(
            "{kind} `{key}` is ambiguous in stack `{stack}`: {} names contain `{pattern}`: {}",
            candidates.len(),
            candidates.join(", ")
        ),
        Resolution::Missing => {
            let elsewhere = other_stack_candidates(all_names.iter().map(String::as_str), pattern);
            if elsewhere.is_empty() {
                format!("no {kind} in stack `{stack}` contains `{pattern}` (`{key}`)")
            } else {
                format!(
                    "no {kind} in stack `{stack}` contains `{pattern}` (`{key}`); other stacks have: {}",
                    elsewhere.join(", ")
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_is_a_whole_dash_token() {
        assert!(in_stack("chroma-worker-lambda-dev-ed34dbe", "dev"));
        assert!(in_stack("chromadb-dev-lambdas-enhanced-compaction", "dev"));
        assert!(!in_stack(
            "chromadb-prod-lambdas-enhanced-compaction",
            "dev"
        ));
        assert!(!in_stack("chromadb-devops-lines-queue", "dev"));
        assert!(!in_stack("chromadb-mydev-lines-queue", "dev"));
        assert!(in_stack("app-eu-west-lines", "eu-west"));
        assert!(!in_stack("app-eu-lines-west", "eu-west"));
    }

    #[test]
    fn resolution_is_found_missing_or_ambiguous() {
        let names = [
            "chromadb-dev-lambdas-enhanced-compaction",
            "chromadb-prod-lambdas-enhanced-compaction",
            "chroma-worker-lambda-dev-ed34dbe",
            "chroma-worker-lambda-dev-0000000",
        ];
        assert_eq!(
            resolve(names, "enhanced-compaction", "prod"),
            Resolution::Found {
                name: "chromadb-prod-lambdas-enhanced-compaction".into()
            }
        );
        assert_eq!(
            resolve(names, "stream-processor", "dev"),
            Resolution::Missing
        );
        assert_eq!(
            resolve(names, "chroma-worker", "dev"),
            Resolution::Ambiguous {
                candidates: vec![
                    "chroma-worker-lambda-dev-0000000".into(),
                    "chroma-worker-lambda-dev-ed34dbe".into()
                ]
            }
        );
    }

    #[test]
    fn unique_resolution_refuses_ambiguity_and_required_refuses_absence() {
        let names: Vec<String> = [
            "chroma-worker-lambda-dev-ed34dbe",
            "chroma-worker-lambda-dev-0000000",
            "chromadb-dev-lambdas-enhanced-compaction",
            "chromadb-prod-lambdas-stream-processor",
        ]
        .map(String::from)
        .to_vec();
        let unique = |pattern| resolve_unique("function", "k", pattern, "dev", &names);
        assert_eq!(
            unique("enhanced-compaction"),
            Ok(Some("chromadb-dev-lambdas-enhanced-compaction".into()))
        );
        assert_eq!(unique("stream-processor"), Ok(None));
        let err = unique("chroma-worker").unwrap_err().to_string();
        assert!(
            err.starts_with("function `k` is ambiguous in stack `dev`: 2 names"),
            "{err}"
        );
        let err = resolve_required("function", "k", "stream-processor", "dev", &names)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("other stacks have: chromadb-prod-lambdas-stream-processor"),
            "{err}"
        );
        assert_eq!(
            resolve_required("queue", "k", "enhanced", "dev", &names),
            Ok("chromadb-dev-lambdas-enhanced-compaction".into())
        );
    }

    #[test]
    fn a_missing_name_points_at_other_stacks() {
        let all = vec!["chromadb-prod-lambdas-enhanced-compaction".to_string()];
        let msg = describe_failure(
            "function",
            "enhanced-compaction",
            "enhanced-compaction",
            "dev",
            &Resolution::Missing,
            &all,
        );
        assert!(
            msg.contains("other stacks have: chromadb-prod-lambdas-enhanced-compaction"),
            "{msg}"
        );
    }
}
