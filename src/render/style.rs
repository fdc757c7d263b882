//! Text styles. Always emitted; anstream strips them when colour is off.

use anstyle::{AnsiColor, Effects, Style};

use crate::state::mapping_state::MappingState;

fn paint(style: Style, text: &str) -> String {
    format!("{}{text}{}", style.render(), style.render_reset())
}

pub fn ok(text: &str) -> String {
    paint(AnsiColor::Green.on_default(), text)
}

pub fn warn(text: &str) -> String {
    paint(AnsiColor::Yellow.on_default().effects(Effects::BOLD), text)
}

pub fn bad(text: &str) -> String {
    paint(AnsiColor::Red.on_default().effects(Effects::BOLD), text)
}

pub fn dim(text: &str) -> String {
    paint(Style::new().effects(Effects::DIMMED), text)
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
