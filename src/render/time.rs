//! Human time: "3m ago" for tables; RFC 3339 stays in JSON.

use jiff::Timestamp;

/// "42s ago", "3m ago", "5h ago", "2d ago"; text that is not a time is shown as it is.
pub fn ago(text: &str, now: Timestamp) -> String {
    let Some(then) = crate::base::time::parse(text) else {
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

/// A message age in seconds, short ("42s", "3m", "5h", "2d"); dimmed "no data" when
/// CloudWatch had none.
pub fn age_or_no_data(seconds: Option<u64>) -> String {
    match seconds {
        None => crate::ui::style::dim("no data"),
        Some(s @ 0..60) => format!("{s}s"),
        Some(s @ 60..3600) => format!("{}m", s / 60),
        Some(s @ 3600..86_400) => format!("{}h", s / 3600),
        Some(s) => format!("{}d", s / 86_400),
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

    #[test]
    fn message_ages_are_short_and_no_data_says_so() {
        assert_eq!(age_or_no_data(Some(42)), "42s");
        assert_eq!(age_or_no_data(Some(200)), "3m");
        assert_eq!(age_or_no_data(Some(7200)), "2h");
        assert!(age_or_no_data(None).contains("no data"));
    }
}
