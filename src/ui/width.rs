//! How wide text output may be. On a terminal, the terminal's width, read at each use
//! (a view redrawn under `--watch` follows a resized terminal); `--width N` (or
//! `CCX_WIDTH`) fits to N columns whatever the output goes to; piped output is not
//! fitted; `--wide` turns fitting off. stdout and stderr are judged apart (a table to a
//! file, the progress on the terminal). The choice is a value the `Printer` holds, not a
//! process-wide setting.

/// The narrowest width ccx fits to: a narrower terminal gets 40-column lines.
pub const MIN_WIDTH: usize = 40;
/// Text views (the map) stay within this many columns.
pub const TEXT_WIDTH: usize = 100;

/// What the command line says about width: `--wide`, `--width N` / `CCX_WIDTH`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WidthChoice {
    pub wide: bool,
    /// `--width`: fit to this many columns on a terminal or not.
    pub forced: Option<usize>,
}

/// The stream output goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl WidthChoice {
    /// The layout of `stream` now: `--width`, else the terminal's width if it is one.
    pub fn layout(self, stream: Stream) -> Layout {
        Layout {
            terminal: self.forced.or_else(|| terminal_width(stream)),
            wide: self.wide,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Columns to fit: `--width`, or those of the terminal the stream is, if it is one.
    pub terminal: Option<usize>,
    pub wide: bool,
}

impl Layout {
    /// Width tables and prose fit in: none on a pipe or with `--wide`.
    pub fn width(self) -> Option<usize> {
        self.terminal
            .filter(|_| !self.wide)
            .map(|w| w.max(MIN_WIDTH))
    }

    /// Width text views keep within: 100 columns, or a narrower terminal; none with
    /// `--wide`.
    pub fn text_width(self) -> Option<usize> {
        (!self.wide).then(|| {
            self.terminal
                .map_or(TEXT_WIDTH, |t| t.clamp(MIN_WIDTH, TEXT_WIDTH))
        })
    }
}

/// A `--width`: a number of columns, at least [`MIN_WIDTH`] (clap value parser).
pub fn parse_width(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= MIN_WIDTH => Ok(n),
        Ok(n) => Err(format!(
            "{n} columns is too narrow: at least {MIN_WIDTH} (or --wide for no limit)"
        )),
        Err(_) => Err(format!(
            "`{text}` is not a number of columns (e.g. 80, 120)"
        )),
    }
}

/// Unit tests always render as if piped.
#[cfg(not(test))]
fn terminal_width(stream: Stream) -> Option<usize> {
    use std::io::IsTerminal;
    let is_terminal = match stream {
        Stream::Stdout => std::io::stdout().is_terminal(),
        Stream::Stderr => std::io::stderr().is_terminal(),
    };
    if !is_terminal {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(columns, _)| usize::from(columns))
        .filter(|&c| c > 0)
}

#[cfg(test)]
fn terminal_width(_: Stream) -> Option<usize> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_width_is_100_columns_or_a_narrower_terminal() {
        let at = |terminal, wide| Layout { terminal, wide };
        assert_eq!(at(None, false).text_width(), Some(100));
        assert_eq!(at(Some(140), false).text_width(), Some(100));
        assert_eq!(at(Some(80), false).text_width(), Some(80));
        assert_eq!(at(Some(80), true).text_width(), None);
        assert_eq!(at(None, false).width(), None);
        assert_eq!(at(Some(80), false).width(), Some(80));
        assert_eq!(at(Some(80), true).width(), None);
        assert_eq!(at(Some(20), false).width(), Some(MIN_WIDTH));
    }

    #[test]
    fn a_width_is_a_number_of_columns_not_too_narrow() {
        assert_eq!(parse_width("80"), Ok(80));
        assert!(parse_width("39").unwrap_err().contains("at least 40"));
        assert!(parse_width("wide").unwrap_err().contains("not a number"));
    }
}
