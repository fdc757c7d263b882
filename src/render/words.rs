//! Counted nouns in the singular or plural (`1 run`, `4 runs`), never `run(s)`.

/// `n` and the noun it counts, `one` or `many` as `n` needs.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "run", "runs"), "1 run");
        assert_eq!(count(0, "run", "runs"), "0 runs");
        assert_eq!(count(4, "delta", "deltas"), "4 deltas");
    }
}
