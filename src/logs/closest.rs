//! "Did you mean": the known names closest to one that matched nothing, by edit
//! distance, where a name may also match part of a longer one (`enhnced-compaction` is
//! one edit from `chromadb-dev-lambdas-enhanced-compaction`).

/// How many candidates a message names at most.
const SHOWN: usize = 5;

/// The fewest single-character edits (insert, delete, replace) that turn `query` into
/// `candidate` or into a part of it. Case is ignored.
pub fn distance(query: &str, candidate: &str) -> usize {
    let query: Vec<char> = query.to_lowercase().chars().collect();
    let candidate: Vec<char> = candidate.to_lowercase().chars().collect();
    // row[j]: edits to match the query so far ending at candidate[..j]; a match may
    // start anywhere, so the first row is all zeros.
    let mut row = vec![0; candidate.len() + 1];
    for (i, q) in query.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, c) in candidate.iter().enumerate() {
            let replaced = diagonal + usize::from(q != c);
            diagonal = row[j + 1];
            row[j + 1] = replaced.min(row[j + 1] + 1).min(row[j] + 1);
        }
    }
    row.into_iter().min().unwrap_or(0)
}

/// The candidates within a few edits of `query` (about one in three of its characters),
/// closest first, then shortest, then by name; at most a handful.
pub fn closest<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let allowed = (query.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, usize, &str)> = candidates
        .into_iter()
        .map(|c| (distance(query, c), c.chars().count(), c))
        .filter(|(d, _, _)| *d <= allowed)
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.2 == b.2);
    scored.into_iter().take(SHOWN).map(|(_, _, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_is_a_few_edits_from_the_name_and_from_any_name_containing_it() {
        assert_eq!(distance("enhnced-compaction", "enhanced-compaction"), 1);
        assert_eq!(
            distance(
                "enhnced-compaction",
                "chromadb-dev-lambdas-enhanced-compaction"
            ),
            1
        );
        assert_eq!(distance("chroma-wroker", "chroma-worker"), 2);
        assert_eq!(distance("Enhanced", "enhanced-compaction"), 0);
        assert_eq!(distance("", "anything"), 0);
        assert_eq!(distance("abc", ""), 3);
    }

    #[test]
    fn closest_names_come_first_and_distant_ones_not_at_all() {
        let names = [
            "chroma-worker",
            "enhanced-compaction",
            "chromadb-dev-lambdas-enhanced-compaction",
            "stream-processor",
            "image-resizer-dev",
        ];
        assert_eq!(
            closest("enhnced-compaction", names),
            [
                "enhanced-compaction",
                "chromadb-dev-lambdas-enhanced-compaction"
            ]
        );
        assert_eq!(closest("stream-procesor", names), ["stream-processor"]);
        assert!(closest("billing", names).is_empty());
    }
}
