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
