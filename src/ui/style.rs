//! The one palette: what each colour means, for every renderer. Tables and text carry
//! the styles always (anstream strips them when colour is off); the log stream of
//! `ccx tail` writes them straight into its buffer, only when colour is on.

use std::io::{self, Write};

use anstyle::{AnsiColor, Effects, Style};

use crate::state::mapping_state::MappingState;

/// As it should be: a pass, an enabled consumer, a queue draining.
pub const OK: Style = AnsiColor::Green.on_default();
/// Worth a look.
pub const WARN: Style = AnsiColor::Yellow.on_default().effects(Effects::BOLD);
/// Broken, or an error line.
pub const BAD: Style = AnsiColor::Red.on_default().effects(Effects::BOLD);
/// Background: Lambda's own log lines, absent values, details.
pub const DIM: Style = Style::new().effects(Effects::DIMMED);
/// A runbook marker in a log line (`Merged 128`).
pub const MARKER: Style = AnsiColor::Green.on_default().effects(Effects::BOLD);
/// A heading within a stream of lines (an invocation's header in `tail --by-request`).
pub const HEADING: Style = Style::new().effects(Effects::BOLD);
/// Source labels, one per source in turn (red, green and yellow mean something else).
pub const LABELS: [Style; 6] = [
    AnsiColor::Cyan.on_default(),
    AnsiColor::Magenta.on_default(),
    AnsiColor::Blue.on_default(),
    AnsiColor::BrightCyan.on_default(),
    AnsiColor::BrightMagenta.on_default(),
    AnsiColor::BrightBlue.on_default(),
];

pub fn paint(style: Style, text: &str) -> String {
    format!("{}{text}{}", style.render(), style.render_reset())
}

/// `text` in `style` written into `out` (no allocation), or plain when `colour` is off.
pub fn write_painted(
    out: &mut impl Write,
    style: Style,
    text: &str,
    colour: bool,
) -> io::Result<()> {
    if colour {
        write!(out, "{}{text}{}", style.render(), style.render_reset())
    } else {
        out.write_all(text.as_bytes())
    }
}

pub fn ok(text: &str) -> String {
    paint(OK, text)
}

pub fn warn(text: &str) -> String {
    paint(WARN, text)
}

pub fn bad(text: &str) -> String {
    paint(BAD, text)
}

pub fn dim(text: &str) -> String {
    paint(DIM, text)
}

pub fn bold(text: &str) -> String {
    paint(Style::new().effects(Effects::BOLD), text)
}

/// A mapping state coloured by what it means for message flow.
pub fn mapping_state(state: &MappingState) -> String {
    let text = state.as_str();
    match state {
        MappingState::Enabled => ok(text),
        MappingState::Disabled => dim(text),
        s if s.is_transitional() => warn(text),
        _ => bad(text),
    }
}
