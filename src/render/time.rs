//! Human time: "3m ago" for tables; RFC 3339 stays in JSON.

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

/// "42s ago", "3m ago", "5h ago", "2d ago".
pub fn ago(text: &str, now: Timestamp) -> String {
    let Some(then) = parse(text) else {
        return text.to_string();
    };
    let seconds = now.as_second() - then.as_second();
    if seconds < 0 {
        return "just now".into();
    }
    match seconds {
        0..60 => format!("{seconds}s ago"),
        60..3600 => format!("{}m ago", seconds / 60),
        3600..86_400 => format!("{}h ago", seconds / 3600),
        _ => format!("{}d ago", seconds / 86_400),
    }
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
    }

    #[test]
    fn ages_are_short() {
        let now: Timestamp = "2026-11-29T02:00:00Z".parse().unwrap();
        assert_eq!(ago("2026-11-29T01:59:30Z", now), "30s ago");
        assert_eq!(ago("2026-11-29T01:57:00Z", now), "3m ago");
        assert_eq!(ago("2026-11-28T20:00:00Z", now), "6h ago");
        assert_eq!(ago("2026-11-25T02:00:00Z", now), "4d ago");
        assert_eq!(ago("not a time", now), "not a time");
    }
}
