//! `--since` / `--until`: a span back from now (`30s`, `15m`, `2h`, `1d`, `1h30m`) or an
//! RFC 3339 time (`2026-11-29T01:00:00Z`).

use std::time::Duration;

use jiff::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeArg {
    /// That long before now.
    Ago(Duration),
    /// This instant.
    At(Timestamp),
}

impl TimeArg {
    /// Epoch milliseconds of this time, relative to `now_ms`.
    pub fn to_ms(self, now_ms: i64) -> i64 {
        match self {
            TimeArg::Ago(span) => {
                let back = i64::try_from(span.as_millis()).unwrap_or(i64::MAX);
                now_ms.saturating_sub(back).max(0)
            }
            TimeArg::At(at) => at.as_millisecond(),
        }
    }
}

/// Parses a `--since`/`--until` value (clap value parser).
pub fn parse(text: &str) -> Result<TimeArg, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("now") {
        return Ok(TimeArg::Ago(Duration::ZERO));
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) && !text.contains(['-', ':']) {
        return humantime::parse_duration(text)
            .map(TimeArg::Ago)
            .map_err(|e| format!("`{text}` is not a duration ({e}); use e.g. 30s, 15m, 2h, 1d"));
    }
    text.parse::<Timestamp>().map(TimeArg::At).map_err(|_| {
        format!(
            "`{text}` is neither a duration (30s, 15m, 2h, 1d) nor an RFC 3339 time \
             (2026-11-29T01:00:00Z)"
        )
    })
}

/// The time range asked for, in epoch milliseconds; `until` is open when not given.
pub fn range(
    since: TimeArg,
    until: Option<TimeArg>,
    now_ms: i64,
) -> Result<(i64, Option<i64>), String> {
    let start = since.to_ms(now_ms);
    let end = until.map(|u| u.to_ms(now_ms));
    match end {
        Some(end) if end < start => {
            return Err("--until is before --since: nothing to show".to_string());
        }
        // `tail -f --until 10m` with the default `--since 10m`: an empty range.
        Some(end) if end == start => {
            return Err(
                "--until is the same time as --since: nothing to show (give an earlier --since)"
                    .to_string(),
            );
        }
        _ => {}
    }
    Ok((start, end))
}

/// With `--follow`, an `--until` that has already passed ends the follow as soon as the
/// range up to it is read: the note that says so (None when it is still to come).
pub fn past_follow_end(until: Option<TimeArg>, now_ms: i64) -> Option<String> {
    let past = match until? {
        TimeArg::Ago(_) => true,
        TimeArg::At(at) => at.as_millisecond() <= now_ms,
    };
    past.then(|| {
        "--until is already past: showing the events up to it, with nothing left to follow \
         (to follow until later, give --until as a time still to come, in RFC 3339)"
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_900_000_000;

    #[test]
    fn an_empty_range_is_refused_and_a_past_end_of_a_follow_is_told() {
        let ten = parse("10m").unwrap();
        assert!(
            range(ten, Some(ten), NOW)
                .unwrap_err()
                .starts_with("--until is the same time as --since")
        );
        assert!(range(parse("1h").unwrap(), Some(ten), NOW).is_ok());
        assert!(past_follow_end(Some(ten), NOW).is_some());
        assert!(past_follow_end(Some(parse("now").unwrap()), NOW).is_some());
        let future = TimeArg::At(Timestamp::from_millisecond(NOW + 60_000).unwrap());
        assert_eq!(past_follow_end(Some(future), NOW), None);
        assert_eq!(past_follow_end(None, NOW), None);
    }

    #[test]
    fn relative_spans_count_back_from_now() {
        assert_eq!(parse("30s").unwrap().to_ms(NOW), NOW - 30_000);
        assert_eq!(parse("15m").unwrap().to_ms(NOW), NOW - 900_000);
        assert_eq!(parse("2h").unwrap().to_ms(NOW), NOW - 7_200_000);
        assert_eq!(parse("1d").unwrap().to_ms(NOW), NOW - 86_400_000);
        assert_eq!(parse("1h30m").unwrap().to_ms(NOW), NOW - 5_400_000);
        assert_eq!(parse("now").unwrap().to_ms(NOW), NOW);
    }

    #[test]
    fn rfc3339_times_are_absolute() {
        let at = parse("2026-11-29T01:00:00Z").unwrap();
        assert_eq!(at.to_ms(NOW), 1_795_914_000_000);
        assert_eq!(at.to_ms(0), 1_795_914_000_000);
        let offset = parse("2026-11-29T02:00:00.250+01:00").unwrap();
        assert_eq!(offset.to_ms(NOW), 1_795_914_000_250);
    }

    #[test]
    fn nonsense_is_refused_with_examples() {
        for bad in ["", "yesterday", "15x", "2026-11-29", "-5m"] {
            let err = parse(bad).unwrap_err();
            assert!(err.contains("30s"), "{bad}: {err}");
        }
    }

    #[test]
    fn huge_spans_do_not_overflow() {
        assert_eq!(TimeArg::Ago(Duration::MAX).to_ms(NOW), 0);
    }

    #[test]
    fn until_must_not_precede_since() {
        let since = parse("10m").unwrap();
        assert_eq!(range(since, None, NOW), Ok((NOW - 600_000, None)));
        assert_eq!(
            range(since, Some(parse("5m").unwrap()), NOW),
            Ok((NOW - 600_000, Some(NOW - 300_000)))
        );
        assert!(range(since, Some(parse("20m").unwrap()), NOW).is_err());
    }
}

/// Properties of reading times: the timestamp parser (`base::time`) and `--since`/`--until`
/// (here) never panic, and what they read back is what was written.
#[cfg(test)]
mod proptests {
    use std::time::Duration;

    use jiff::Timestamp;
    use proptest::prelude::*;

    use crate::base::time::{normalize, parse};
    use crate::logs::since::{self, TimeArg};

    /// Any instant from year 0001 to 9999, to the nanosecond.
    fn timestamp() -> impl Strategy<Value = Timestamp> {
        (-62_135_596_800i64..253_402_300_799, 0i32..1_000_000_000)
            .prop_map(|(s, ns)| Timestamp::new(s, ns).unwrap())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn no_text_makes_the_time_parsers_panic(text in "\\PC{0,40}|[0-9T:.+Z-]{0,30}") {
            let _ = parse(&text);
            let _ = normalize(&text);
            if let Ok(arg) = since::parse(&text) {
                for now in [0, i64::MAX, i64::MIN] {
                    let _ = arg.to_ms(now);
                }
            }
        }

        #[test]
        fn rfc3339_and_lambdas_form_read_back(t in timestamp()) {
            prop_assert_eq!(parse(&t.to_string()), Some(t));
            let lambda_form = "%Y-%m-%dT%H:%M:%S%.3f%z";
            let lambda = t.strftime(lambda_form).to_string();
            let back = parse(&lambda).map(|p| p.strftime(lambda_form).to_string());
            prop_assert_eq!(back, Some(lambda));
            prop_assert_eq!(since::parse(&t.to_string()), Ok(TimeArg::At(t)));
        }

        #[test]
        fn written_spans_read_back(secs in 0u64..10_000_000_000, nanos in 0u32..1_000_000_000) {
            let span = Duration::new(secs, nanos);
            let text = humantime::format_duration(span).to_string().replace(' ', "");
            prop_assert_eq!(since::parse(&text), Ok(TimeArg::Ago(span)));
        }

        #[test]
        fn any_span_and_now_give_a_time_within_range(
            secs in any::<u64>(),
            now in any::<i64>(),
        ) {
            let ms = TimeArg::Ago(Duration::from_secs(secs)).to_ms(now);
            prop_assert!(ms >= 0 && ms <= now.max(0));
            let until = since::range(TimeArg::Ago(Duration::from_secs(secs)), None, now);
            prop_assert!(until.is_ok());
        }
    }
}
