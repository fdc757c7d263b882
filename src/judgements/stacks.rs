//! Which stacks the account holds, as the topology's patterns find them, and the check
//! that the stack asked for is one of them. A misspelt `--stack prdo` matches nothing:
//! without this check every command would judge a pipeline of missing pieces (a wall of
//! failures, and "retired function absent" as a pass) instead of saying it could not
//! find the stack at all.

use std::collections::BTreeSet;
use std::fmt;

use crate::base::resolve;
use crate::base::topology::Topology;
use crate::judgements::consumers::{self, Source};
use crate::state::mappings::MappingInfo;

/// A stack seen in the account: a name token shared by the resources the topology's
/// patterns find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenStack {
    pub name: String,
    /// How many of the topology's functions and queues it has.
    pub resources: usize,
}

/// The stack asked for has none of the topology's functions or queues.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct StackNotFound {
    pub stack: String,
    /// The topology's functions and queues, counted.
    pub of: usize,
    pub seen: Vec<SeenStack>,
}

impl fmt::Display for StackNotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no resource of stack `{}` found (no topology function or queue has `{}` in its name); ",
            self.stack, self.stack
        )?;
        if self.seen.is_empty() {
            return write!(
                f,
                "no stack seen at all: check --region, --profile and --endpoint-url"
            );
        }
        let seen: Vec<String> = self
            .seen
            .iter()
            .map(|s| format!("{} ({} of {} resources)", s.name, s.resources, self.of))
            .collect();
        write!(f, "stacks seen: {}", seen.join(", "))
    }
}

/// The stack's sources with their consumers, once the stack is known to exist: the
/// queue names and mappings listed, and `more_names` (functions listed too) are what
/// the stack is looked for in. `all` keeps the mappings of sources outside the topology.
pub fn judged_sources<'a>(
    topology: &Topology,
    stack: &str,
    queue_names: &'a [String],
    mappings: &'a [MappingInfo],
    more_names: impl IntoIterator<Item = &'a str>,
    all: bool,
) -> anyhow::Result<Vec<Source>> {
    let mapped = mappings.iter().map(|m| m.function_name.as_str());
    let listed = queue_names.iter().map(String::as_str);
    ensure_found(topology, stack, listed.chain(mapped).chain(more_names))?;
    consumers::group_by_source(topology, stack, queue_names, mappings, all)
}

/// Ok when at least one topology function or queue of `stack` is among `names` (every
/// function, queue and mapped function name the command listed).
pub fn ensure_found<'a>(
    topology: &Topology,
    stack: &str,
    names: impl IntoIterator<Item = &'a str>,
) -> Result<(), StackNotFound> {
    let names: BTreeSet<&str> = names.into_iter().collect();
    let found = patterns(topology).any(|pattern| {
        names
            .iter()
            .any(|name| resolve::matches(name, pattern, stack))
    });
    if found {
        return Ok(());
    }
    Err(StackNotFound {
        stack: stack.to_string(),
        of: patterns(topology).count(),
        seen: seen(topology, &names),
    })
}

fn patterns(topology: &Topology) -> impl Iterator<Item = &str> {
    topology
        .functions
        .values()
        .map(|f| f.pattern.as_str())
        .chain(topology.queues.values().map(|q| q.pattern.as_str()))
}

/// The stacks in `names`. A candidate is a token (or two adjacent tokens, for stacks
/// such as `eu-prod`) of a name a pattern finds, outside the pattern itself; it is a
/// stack when it finds at least two topology resources, and when none of the names it
/// finds belongs to a stack already taken (which rules out the words names share, such
/// as `chromadb` or `queue`, and the random suffixes). Candidates are taken by the most
/// resources found, then the longer, then by name.
pub fn seen(topology: &Topology, names: &BTreeSet<&str>) -> Vec<SeenStack> {
    let patterns: Vec<&str> = patterns(topology).collect();
    let mut candidates: BTreeSet<String> = BTreeSet::new();
    for name in names {
        for pattern in patterns.iter().filter(|p| name.contains(*p)) {
            let rest = name.replacen(pattern, " ", 1);
            let tokens: Vec<&str> = rest.split(['-', ' ']).filter(|t| !t.is_empty()).collect();
            for (i, token) in tokens.iter().enumerate() {
                candidates.insert((*token).to_string());
                if let Some(next) = tokens.get(i + 1) {
                    candidates.insert(format!("{token}-{next}"));
                }
            }
        }
    }
    struct Candidate<'a> {
        name: String,
        resources: usize,
        names: BTreeSet<&'a str>,
    }
    let mut ranked: Vec<Candidate> = candidates
        .into_iter()
        .map(|stack| {
            let mut found = BTreeSet::new();
            let mut resources = 0;
            for pattern in &patterns {
                let mut any = false;
                for name in names
                    .iter()
                    .filter(|n| resolve::matches(n, pattern, &stack))
                {
                    found.insert(*name);
                    any = true;
                }
                resources += usize::from(any);
            }
            Candidate {
                name: stack,
                resources,
                names: found,
            }
        })
        .filter(|c| c.resources >= 2)
        .collect();
    ranked.sort_by(|a, b| {
        (b.resources, b.name.matches('-').count(), &a.name).cmp(&(
            a.resources,
            a.name.matches('-').count(),
            &b.name,
        ))
    });
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    let mut stacks = Vec::new();
    for candidate in ranked {
        if candidate.names.iter().any(|n| taken.contains(n)) {
            continue;
        }
        taken.extend(candidate.names.iter().copied());
        stacks.push(SeenStack {
            name: candidate.name,
            resources: candidate.resources,
        });
    }
    stacks.sort_by(|a, b| a.name.cmp(&b.name));
    stacks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runbook's resources in stack `stack`, as the test bed names them.
    fn stack(stack: &str, suffix: &str) -> Vec<String> {
        [
            format!("chromadb-{stack}-lambdas-enhanced-compaction"),
            format!("chroma-worker-lambda-{stack}-{suffix}1"),
            format!("embed-from-ndjson-lambda-{stack}-{suffix}2"),
            format!("chromadb-{stack}-lambdas-stream-processor-{suffix}3"),
            format!("chromadb-{stack}-lines-queue-{suffix}4"),
            format!("chromadb-{stack}-words-queue-{suffix}5"),
            format!("upload-images-{stack}-embed-ndjson-queue-{suffix}6"),
            format!("upload-images-{stack}-embed-ndjson-dlq-{suffix}7"),
            format!("image-resizer-{stack}-{suffix}8"),
        ]
        .to_vec()
    }

    fn refs(names: &[String]) -> Vec<&str> {
        names.iter().map(String::as_str).collect()
    }

    #[test]
    fn a_stack_with_any_topology_resource_is_found() {
        let t = Topology::builtin();
        let names = stack("dev", "ab12cd");
        assert_eq!(ensure_found(&t, "dev", refs(&names)), Ok(()));
        // One queue is enough.
        let one = ["chromadb-qa-lines-queue-1".to_string()];
        assert_eq!(ensure_found(&t, "qa", refs(&one)), Ok(()));
    }

    #[test]
    fn a_misspelt_stack_names_the_stacks_seen_and_not_the_words_names_share() {
        let t = Topology::builtin();
        let mut names = stack("dev", "ab12cd");
        names.extend(stack("prod", "ef34gh"));
        // prod without its retired function: 6 of the 7.
        names.retain(|n| !n.starts_with("chroma-worker-lambda-prod"));
        let err = ensure_found(&t, "prdo", refs(&names)).unwrap_err();
        assert_eq!(
            err.seen,
            [
                SeenStack {
                    name: "dev".into(),
                    resources: 7
                },
                SeenStack {
                    name: "prod".into(),
                    resources: 6
                }
            ]
        );
        assert_eq!(
            err.to_string(),
            "no resource of stack `prdo` found (no topology function or queue has `prdo` in \
             its name); stacks seen: dev (7 of 7 resources), prod (6 of 7 resources)"
        );
    }

    #[test]
    fn a_stack_of_two_tokens_is_seen_whole() {
        let t = Topology::builtin();
        let names = stack("eu-prod", "x9");
        let err = ensure_found(&t, "prod-eu", refs(&names)).unwrap_err();
        assert_eq!(
            err.seen.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["eu-prod"]
        );
    }

    #[test]
    fn an_account_without_the_pipeline_says_no_stack_is_seen() {
        let t = Topology::builtin();
        let names = ["something-else".to_string()];
        let err = ensure_found(&t, "dev", refs(&names)).unwrap_err();
        assert!(err.seen.is_empty());
        assert!(
            err.to_string()
                .ends_with("no stack seen at all: check --region, --profile and --endpoint-url")
        );
    }
}
