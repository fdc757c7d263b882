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

/// Normalises any timestamp text ccx reads to RFC 3339 (UTC), or keeps it as is.
pub fn normalize(text: &str) -> String {
    parse(text).map_or_else(|| text.to_string(), |t| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
