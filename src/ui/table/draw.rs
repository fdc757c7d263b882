//! Drawing a fitted table: padded cells, prose wrapped and names shortened to their
//! column, and the columns that left the table as detail lines under each row
//! (`LABEL  value`), indented under the first column that no row leaves blank.

use super::fit::{Column, Layout};
use super::{GAP, Kind, Table};
use crate::ui::{style, styled, wrap};

/// A detail line's value gets at least this many columns, or the detail lines start
/// closer to the left edge.
const DETAIL_ROOM: usize = 30;

pub fn draw(table: &Table, columns: &[Column], layout: &Layout, width: Option<usize>) -> String {
    let indent = " ".repeat(table.indent);
    let kept: Vec<(usize, usize)> = (0..columns.len())
        .filter_map(|c| layout.widths[c].map(|w| (c, w)))
        .collect();
    let header: Vec<String> = kept
        .iter()
        .map(|&(c, w)| styled::pad(&style::bold(&table.headers[c]), w))
        .collect();
    let mut out = vec![
        format!("{indent}{}", header.join(&" ".repeat(GAP)))
            .trim_end()
            .to_string(),
    ];
    let details = Details::new(table, layout, &kept, width);
    for row in 0..table.rows.len() {
        let cells: Vec<Vec<String>> = kept
            .iter()
            .map(|&(c, w)| cell_lines(table.cell(row, c), columns[c].kind, w))
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            let padded: Vec<String> = cells
                .iter()
                .zip(&kept)
                .map(|(lines, &(_, w))| styled::pad(lines.get(line).map_or("", String::as_str), w))
                .collect();
            out.push(
                format!("{indent}{}", padded.join(&" ".repeat(GAP)))
                    .trim_end()
                    .to_string(),
            );
        }
        out.extend(details.of(table, columns, row));
    }
    out.join("\n")
}

/// A cell's lines within `width`: prose wrapped, anything else shortened if it must.
fn cell_lines(cell: &str, kind: Kind, width: usize) -> Vec<String> {
    cell.split('\n')
        .flat_map(|line| match kind {
            Kind::Prose => wrap::wrap(line, width),
            _ => vec![styled::shorten_middle(line, width)],
        })
        .collect()
}

/// Where detail lines go and how their labels line up.
struct Details {
    moved: Vec<usize>,
    /// Spaces before a label.
    indent: String,
    label_width: usize,
    width: Option<usize>,
}

impl Details {
    fn new(table: &Table, layout: &Layout, kept: &[(usize, usize)], width: Option<usize>) -> Self {
        let moved: Vec<usize> = layout.moved().collect();
        let label_width = moved
            .iter()
            .map(|&c| styled::width(&table.headers[c]))
            .max()
            .unwrap_or(0);
        // Under the first column no row leaves blank (rows grouped under a blank key
        // keep their details with them), two further in.
        let mut x = table.indent;
        let mut at = table.indent + 2;
        for &(c, w) in kept {
            let blank =
                (0..table.rows.len()).any(|r| styled::plain(table.cell(r, c)).trim().is_empty());
            if !blank {
                at = x + 2;
                break;
            }
            x += w + GAP;
        }
        // Room for the longest word a detail holds, so that no name in it is shortened
        // when starting further left would show it whole.
        let longest_word = moved
            .iter()
            .flat_map(|&c| (0..table.rows.len()).map(move |r| (r, c)))
            .flat_map(|(r, c)| {
                styled::plain(table.cell(r, c))
                    .split_whitespace()
                    .map(|w| w.chars().count())
                    .collect::<Vec<_>>()
            })
            .max()
            .unwrap_or(0);
        let room = width.map_or(usize::MAX, |w| w.saturating_sub(at + label_width + GAP));
        if room < DETAIL_ROOM.max(longest_word) {
            at = table.indent + 2;
        }
        Details {
            moved,
            indent: " ".repeat(at),
            label_width,
            width,
        }
    }

    /// The detail lines of `row`: each moved column's cell that is not blank.
    fn of(&self, table: &Table, columns: &[Column], row: usize) -> Vec<String> {
        let mut out = Vec::new();
        for &c in &self.moved {
            let cell = table.cell(row, c);
            if styled::plain(cell).trim().is_empty() {
                continue;
            }
            let label = styled::pad(&table.headers[c], self.label_width);
            let first = format!("{}{label}{}", self.indent, " ".repeat(GAP));
            let rest = " ".repeat(styled::width(&first));
            for (i, line) in cell.split('\n').enumerate() {
                let lead = if i == 0 { &first } else { &rest };
                out.extend(self.value(lead, &rest, line, columns[c].kind));
            }
        }
        out
    }

    /// One value after its label: prose wrapped under itself; anything else whole after
    /// the label when it fits, else on a line of its own below (shortened only if even
    /// that is too narrow).
    fn value(&self, lead: &str, rest: &str, text: &str, kind: Kind) -> Vec<String> {
        let Some(width) = self.width else {
            return vec![format!("{lead}{text}")];
        };
        if kind == Kind::Prose {
            return wrap::indented(lead, rest, text, Some(width));
        }
        if styled::width(lead) + styled::width(text) <= width {
            return vec![format!("{lead}{text}")];
        }
        let below = format!("{}  ", self.indent);
        let room = width.saturating_sub(below.len());
        let value = format!("{below}{}", styled::shorten_middle(text, room));
        if lead.trim().is_empty() {
            return vec![value];
        }
        vec![lead.trim_end().to_string(), value]
    }
}
