//! The one table style ccx uses: no borders, bold header, columns padded by spaces.
//! Given a width (a terminal's, or `--width`), a table fits it without ever splitting a
//! name: prose wraps between words, long names are shortened in the middle with `…`,
//! and what still does not fit leaves the table for detail lines under its row, whole.
//! Keys, states and counts stay whole. Without a width (a pipe, `--wide`) everything is
//! whole on one line per row.

mod draw;
mod fit;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use crate::ui::styled;

/// Columns between cells.
const GAP: usize = 2;
/// A cell longer than this without a space is a resource name, which may be shortened.
const NAME_AT_LEAST: usize = 24;

/// What a column is, which says how it may give way when the table is too wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Keys, states, counts, short values: whole in the table; the last to leave it.
    Fixed,
    /// Whole or not at all, but may leave the table first (UUIDs, message ids).
    Whole,
    /// Resource names: shortened in the middle, and whole under the row when even that
    /// is too wide.
    Name,
    /// Prose: wrapped between words (a word wider than the column is shortened), and
    /// under the row when the column would be too narrow.
    Prose,
}

/// A table being filled: headers and rows of (possibly styled) cells; a cell may hold
/// several lines.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    /// Set by the renderer, or guessed from the cells (see [`Table::kind_of`]).
    kinds: Vec<Option<Kind>>,
    rows: Vec<Vec<String>>,
    /// Spaces before every line.
    indent: usize,
}

pub fn new<I, S>(headers: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let headers: Vec<String> = headers
        .into_iter()
        .map(|h| h.as_ref().to_string())
        .collect();
    Table {
        kinds: vec![None; headers.len()],
        headers,
        rows: Vec::new(),
        indent: 0,
    }
}

impl Table {
    pub fn add_row<I, S>(&mut self, row: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(row.into_iter().map(Into::into).collect());
    }

    pub fn add_rows<R, I, S>(&mut self, rows: R)
    where
        R: IntoIterator<Item = I>,
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        for row in rows {
            self.add_row(row);
        }
    }

    /// Says what the column headed `header` is, instead of guessing it from its cells.
    pub fn kind(&mut self, header: &str, kind: Kind) -> &mut Table {
        if let Some(c) = self.headers.iter().position(|h| h == header) {
            self.kinds[c] = Some(kind);
        }
        self
    }

    /// Every line of the table starts with `spaces` spaces.
    pub fn indent(&mut self, spaces: usize) -> &mut Table {
        self.indent = spaces;
        self
    }

    fn cell(&self, row: usize, column: usize) -> &str {
        self.rows[row].get(column).map_or("", String::as_str)
    }

    /// The column's kind as set, or guessed: short cells are fixed, long ones with
    /// spaces prose, long ones without names.
    fn kind_of(&self, column: usize) -> Kind {
        if let Some(kind) = self.kinds[column] {
            return kind;
        }
        let long: Vec<String> = (0..self.rows.len())
            .flat_map(|r| {
                styled::plain(self.cell(r, column))
                    .lines()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|line| line.chars().count() > NAME_AT_LEAST)
            .collect();
        if long.is_empty() {
            Kind::Fixed
        } else if long.iter().any(|line| line.contains(' ')) {
            Kind::Prose
        } else {
            Kind::Name
        }
    }
}

/// The table within `width` columns (`None`: no limit), trailing whitespace trimmed.
pub fn render(table: &Table, width: Option<usize>) -> String {
    let columns = fit::columns(table);
    let layout = match width {
        Some(limit) => fit::fit(&columns, limit.saturating_sub(table.indent)),
        None => fit::natural(&columns),
    };
    draw::draw(table, &columns, &layout, width)
}

/// `-` for absent values.
pub fn or_dash<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}
