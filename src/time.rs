//! Reading the timestamps AWS hands out. Lambda writes `2026-11-29T01:58:47.000+0000`,
//! the mapping API and ccx itself RFC 3339; both become one `Timestamp` here.

use jiff::Timestamp;

/// Parses RFC 3339 and Lambda's `2026-11-29T01:58:47.000+0000` form.
pub fn parse(text: &str) -> Option<Timestamp> {
    text.parse::<Timestamp>().ok().or_else(|| {
        jiff::fmt::strtime::parse("%Y-%m-%dT%H:%M:%S%.f%z", text)
            .ok()?
            .to_timestamp()
            .ok()
    })
}

/// `t` as RFC 3339 UTC with exactly three decimals (`2026-11-29T01:58:47.120Z`): how ccx
/// writes every time it shows or records, so times line up and compare as text (jiff's
/// own form drops trailing zeros: `47.12Z`, `47Z`).
pub fn rfc3339_ms(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// [`rfc3339_ms`] of the current time.
pub fn now_rfc3339_ms() -> String {
    rfc3339_ms(Timestamp::now())
}

/// Normalises any timestamp text ccx reads to RFC 3339 (UTC), or keeps it as is.
pub fn normalize(text: &str) -> String {
    parse(text).map_or_else(|| text.to_string(), |t| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_with_three_decimals_always() {
        let t: Timestamp = "2026-11-29T01:58:47.12Z".parse().unwrap();
        assert_eq!(rfc3339_ms(t), "2026-11-29T01:58:47.120Z");
        let whole: Timestamp = "2026-11-29T01:58:47Z".parse().unwrap();
        assert_eq!(rfc3339_ms(whole), "2026-11-29T01:58:47.000Z");
        let fine: Timestamp = "2026-11-29T01:58:47.123456789Z".parse().unwrap();
        assert_eq!(rfc3339_ms(fine), "2026-11-29T01:58:47.123Z");
    }

    #[test]
    fn lambda_and_rfc3339_times_parse() {
        let a = parse("2026-11-29T01:58:47.000+0000").unwrap();
        let b = parse("2026-11-29T01:58:47Z").unwrap();
        assert_eq!(a, b);
        assert_eq!(
            normalize("2026-11-29T01:58:47.000+0000"),
            "2026-11-29T01:58:47Z"
        );
        assert_eq!(normalize("yesterday"), "yesterday");
        assert!(parse("2026-11-29").is_none());
    }
}

/// Properties of reading times: the timestamp parser here and `--since`/`--until`
/// (`logs::since`) never panic, and what they read back is what was written.
#[cfg(test)]
mod proptests {
    use std::time::Duration;

    use jiff::Timestamp;
    use proptest::prelude::*;

    use super::*;
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
