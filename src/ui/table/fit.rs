//! How wide each column is, and which leave the table for detail lines, for a table
//! to fit a width. The order in which columns give way, each step only as far as
//! needed: prose wraps down to 30 columns (or its longest word), names shorten down to
//! 30, prose wraps down to 24, names shorten down to 20; then columns leave the table
//! for detail lines under each row, whole: UUIDs, then prose, then names, then the
//! other columns from the right. The first column always stays.

use super::{GAP, Kind, Table};
use crate::ui::styled;

/// Prose wraps to this first (or to its longest word, when wider).
const PROSE_SOFT: usize = 30;
/// Prose never wraps narrower than this in a table: narrower, a sentence is a column of
/// stubs, and it reads better whole-width on a detail line under its row.
const PROSE_HARD: usize = 24;
/// Names are shortened to this first.
const NAME_SOFT: usize = 30;
/// A shortened name keeps at least this many characters (topology keys stay whole).
const NAME_HARD: usize = 20;

/// What fitting needs to know of a column.
#[derive(Debug, Clone)]
pub struct Column {
    pub kind: Kind,
    /// Its widest cell line or header.
    natural: usize,
    /// How narrow it goes before names are shortened (prose), or first (names).
    soft: usize,
    /// How narrow it goes at all in the table.
    hard: usize,
}

/// Widths of the columns in the table (`None`: moved to detail lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub widths: Vec<Option<usize>>,
}

impl Layout {
    pub fn moved(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.widths.len()).filter(|&c| self.widths[c].is_none())
    }
}

pub fn columns(table: &Table) -> Vec<Column> {
    (0..table.headers.len())
        .map(|c| {
            let header = styled::width(&table.headers[c]);
            let lines: Vec<String> = (0..table.rows.len())
                .flat_map(|r| {
                    styled::plain(table.cell(r, c))
                        .split('\n')
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .collect();
            let natural = lines
                .iter()
                .map(|l| l.chars().count())
                .chain([header])
                .max()
                .unwrap_or(0);
            let longest_word = lines
                .iter()
                .flat_map(|l| l.split(' ').map(|w| w.chars().count()))
                .max()
                .unwrap_or(0);
            let kind = table.kind_of(c);
            let (soft, hard) = match kind {
                Kind::Prose => (PROSE_SOFT.max(longest_word), PROSE_HARD),
                Kind::Name => (NAME_SOFT, NAME_HARD),
                Kind::Fixed | Kind::Whole => (natural, natural),
            };
            Column {
                kind,
                natural,
                soft: soft.max(header).min(natural),
                hard: hard.max(header).min(natural),
            }
        })
        .collect()
}

/// Every column at its natural width.
pub fn natural(columns: &[Column]) -> Layout {
    Layout {
        widths: columns.iter().map(|c| Some(c.natural)).collect(),
    }
}

/// The widest layout within `limit`: columns given way in the order above.
pub fn fit(columns: &[Column], limit: usize) -> Layout {
    let mut moved = vec![false; columns.len()];
    if let Some(layout) = shrink(columns, &moved, limit) {
        return layout;
    }
    let leave_in_order = [Kind::Whole, Kind::Prose, Kind::Name];
    for kind in leave_in_order {
        for (c, column) in columns.iter().enumerate().skip(1) {
            if column.kind == kind {
                moved[c] = true;
            }
        }
        if let Some(layout) = shrink(columns, &moved, limit) {
            return layout;
        }
    }
    for c in (1..columns.len()).rev() {
        moved[c] = true;
        if let Some(layout) = shrink(columns, &moved, limit) {
            return layout;
        }
    }
    // Only the first column is left: it is what it is (a name shortened to its least).
    let mut widths = vec![None; columns.len()];
    if let Some(first) = columns.first() {
        widths[0] = Some(first.hard.max(limit.min(first.natural)));
    }
    Layout { widths }
}

/// How narrow a column may go at one stage of shrinking.
type Floor = fn(&Column) -> usize;

/// The columns not `moved`, narrowed stage by stage until they fit `limit`.
fn shrink(columns: &[Column], moved: &[bool], limit: usize) -> Option<Layout> {
    let mut widths: Vec<Option<usize>> = columns
        .iter()
        .zip(moved)
        .map(|(c, &gone)| (!gone).then_some(c.natural))
        .collect();
    let total = |widths: &[Option<usize>]| {
        let kept: Vec<usize> = widths.iter().flatten().copied().collect();
        kept.iter().sum::<usize>() + GAP * kept.len().saturating_sub(1)
    };
    let stages: [(Kind, Floor); 4] = [
        (Kind::Prose, |c| c.soft),
        (Kind::Name, |c| c.soft),
        (Kind::Prose, |c| c.hard),
        (Kind::Name, |c| c.hard),
    ];
    for (kind, floor) in stages {
        while total(&widths) > limit {
            let widest = (0..columns.len())
                .filter(|&c| columns[c].kind == kind)
                .filter(|&c| widths[c].is_some_and(|w| w > floor(&columns[c])))
                .max_by_key(|&c| widths[c]);
            let Some(c) = widest else { break };
            widths[c] = widths[c].map(|w| w - 1);
        }
    }
    (total(&widths) <= limit).then_some(Layout { widths })
}
