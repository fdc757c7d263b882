//! Human time: "3m ago" for tables; RFC 3339 stays in JSON.

use jiff::Timestamp;

/// "42s ago", "3m ago", "5h ago", "2d ago"; text that is not a time is shown as it is.
pub fn ago(text: &str, now: Timestamp) -> String {
    let Some(then) = crate::time::parse(text) else {
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
    fn ages_are_short() {
        let now: Timestamp = "2026-11-29T02:00:00Z".parse().unwrap();
        assert_eq!(ago("2026-11-29T01:59:30Z", now), "30s ago");
        assert_eq!(ago("2026-11-29T01:57:00.000+0000", now), "3m ago");
        assert_eq!(ago("2026-11-28T20:00:00Z", now), "6h ago");
        assert_eq!(ago("2026-11-25T02:00:00Z", now), "4d ago");
        assert_eq!(ago("2026-11-29T02:00:05Z", now), "just now");
        assert_eq!(ago("not a time", now), "not a time");
    }
}
