//! The stretch of time a check covers, as its summary says it: `in the last 15m`,
//! `since the last consumer change at …`, `since the takeover at …`, `in the window`.

use std::fmt;

use crate::base::time;
use crate::features::verify::window::{ActivityWindow, SinceTakeover};

impl fmt::Display for ActivityWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActivityWindow::Recent(label) => write!(f, "in {label}"),
            ActivityWindow::SinceChange(ms) => {
                write!(f, "since the last consumer change at {}", clock(*ms))
            }
        }
    }
}

impl fmt::Display for SinceTakeover {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(ms) => write!(f, "since the takeover at {}", clock(ms)),
            None => f.write_str("in the window"),
        }
    }
}

fn clock(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(time::rfc3339_ms)
        .unwrap_or_default()
}
