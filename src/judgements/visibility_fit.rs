//! Whether a queue's visibility timeout fits the function that consumes it. A message
//! Lambda has received stays invisible for the visibility timeout; a batch still running
//! after it becomes visible again and is delivered a second time. AWS asks for a
//! visibility timeout of at least six times the function's timeout on an SQS mapping
//! (room for retries after throttling), and Lambda checks that the function's timeout
//! is no longer than the visibility timeout when a mapping is created or updated
//! (Lambda developer guide, "Creating and configuring an Amazon SQS event source
//! mapping"). One judgement for `verify`'s configuration check and the switch plan.

/// AWS's guidance: a queue's visibility timeout at least 6× its consumer's timeout.
pub const FACTOR: u64 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// At least `FACTOR` × the function's timeout.
    Fits,
    /// At least the function's timeout, but under AWS's recommendation of `needed`
    /// seconds: a batch retried after a throttle may be delivered twice.
    BelowRecommendation { needed: u64 },
    /// Shorter than the function's timeout: a batch that runs long is delivered again
    /// while it still runs, and Lambda may refuse the mapping.
    ShorterThanTimeout { needed: u64 },
}

/// How a visibility timeout of `visibility` seconds fits a function timeout of
/// `timeout` seconds.
pub fn fit(visibility: u64, timeout: u64) -> Fit {
    let needed = FACTOR.saturating_mul(timeout);
    if visibility >= needed {
        Fit::Fits
    } else if visibility >= timeout {
        Fit::BelowRecommendation { needed }
    } else {
        Fit::ShorterThanTimeout { needed }
    }
}

/// What the misfit means, in plain words, for `function` about to consume `queue`;
/// None when it fits.
pub fn warning(queue: &str, visibility: u64, function: &str, timeout: u64) -> Option<String> {
    match fit(visibility, timeout) {
        Fit::Fits => None,
        Fit::ShorterThanTimeout { needed } => Some(format!(
            "{function} may run a batch for up to {timeout}s, longer than the {visibility}s \
             visibility timeout of {queue}: a batch still running after {visibility}s becomes \
             visible again and is delivered a second time (duplicate processing), and Lambda \
             may refuse the mapping for it; AWS asks for a visibility timeout of at least \
             {FACTOR} × the function's timeout ({needed}s)"
        )),
        Fit::BelowRecommendation { needed } => Some(format!(
            "the {visibility}s visibility timeout of {queue} is less than {FACTOR} × the {timeout}s \
             timeout of {function} ({needed}s), AWS's recommendation: a batch retried after a \
             throttle may be delivered twice"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_times_the_timeout_fits_and_less_is_told_apart_from_shorter_than_it() {
        assert_eq!(fit(360, 60), Fit::Fits);
        assert_eq!(fit(359, 60), Fit::BelowRecommendation { needed: 360 });
        assert_eq!(fit(360, 900), Fit::ShorterThanTimeout { needed: 5400 });
        assert_eq!(fit(900, 900), Fit::BelowRecommendation { needed: 5400 });
        assert_eq!(fit(0, 0), Fit::Fits);
    }

    #[test]
    fn the_warning_says_what_happens_to_the_messages() {
        let text = warning("lines", 360, "chroma-worker-lambda-dev-1", 900).unwrap();
        assert!(text.contains("up to 900s"), "{text}");
        assert!(text.contains("delivered a second time"), "{text}");
        assert!(text.contains("5400s"), "{text}");
        let text = warning("lines", 360, "f", 90).unwrap();
        assert!(text.contains("6 × the 90s timeout of f (540s)"), "{text}");
        assert_eq!(warning("lines", 360, "f", 60), None);
    }
}
