//! The one table style ccx uses: no borders, bold header, columns padded by spaces.
//! Fitted to the terminal only when there is one (so piped output is stable), and then
//! without ever splitting a resource name: long names are shortened in the middle with
//! `…`, prose columns wrap between words, keys, states and counts stay whole. `--wide`
//! shows everything whole.

use std::sync::atomic::{AtomicBool, Ordering};

use comfy_table::{ColumnConstraint, ContentArrangement, presets};

/// Columns between cells.
const GAP: usize = 2;
/// A cell longer than this without a space is a resource name, which may be shortened.
const NAME_AT_LEAST: usize = 24;
/// A shortened name keeps at least this many characters (topology keys stay whole).
const NAME_KEEPS: usize = 20;
/// Prose wraps to this width before any name is shortened.
const PROSE_WRAPS_TO: usize = 30;
/// Text views (the map) stay within this many columns.
pub const TEXT_WIDTH: usize = 100;

static WIDE: AtomicBool = AtomicBool::new(false);

/// How wide views may be: set once from `--wide`; the terminal's width is read at each
/// use, so a view redrawn under `--watch` follows a resized terminal.
pub fn set_wide(wide: bool) {
    WIDE.store(wide, Ordering::Relaxed);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Columns of the terminal stdout is, if it is one.
    pub terminal: Option<usize>,
    pub wide: bool,
}

impl Layout {
    /// Now, for stdout. Unit tests always render as if piped.
    pub fn current() -> Layout {
        Layout {
            terminal: terminal_width(),
            wide: WIDE.load(Ordering::Relaxed),
        }
    }

    /// Width tables fit in: the terminal's; none on a pipe or with `--wide`.
    pub fn table_width(self) -> Option<usize> {
        self.terminal.filter(|_| !self.wide)
    }

    /// Width text views keep within: 100 columns, or a narrower terminal; none with
    /// `--wide`.
    pub fn text_width(self) -> Option<usize> {
        (!self.wide).then(|| self.terminal.map_or(TEXT_WIDTH, |t| t.min(TEXT_WIDTH)))
    }
}

#[cfg(not(test))]
fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(columns, _)| usize::from(columns))
        .filter(|&c| c > 0)
}

#[cfg(test)]
fn terminal_width() -> Option<usize> {
    None
}

/// A table being filled: headers and rows of (possibly styled) cells.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
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
}

pub fn new<I, S>(headers: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    Table {
        headers: headers
            .into_iter()
            .map(|h| crate::ui::style::bold(h.as_ref()))
            .collect(),
        rows: Vec::new(),
    }
}

/// Renders for stdout as it is now (see [`Layout`]), trailing whitespace trimmed.
pub fn render(table: &Table) -> String {
    render_within(table, Layout::current().table_width())
}

/// How a column may give way when the table is too wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Give {
    /// Keys, states, counts, short values: never.
    Nothing,
    /// Resource names: shortened in the middle.
    Shorten,
    /// Prose: wrapped between words.
    Wrap,
}

/// Renders within `width` columns (`None`: no limit), trailing whitespace trimmed.
/// Names are shortened first; when even shortened names do not fit, they leave the
/// table for detail lines below it, where they are whole.
pub fn render_within(table: &Table, width: Option<usize>) -> String {
    let columns = table.headers.len();
    let mut widths = natural_widths(table);
    let give: Vec<Give> = (0..columns).map(|c| give_of(table, c)).collect();
    let total = |widths: &[usize]| widths.iter().map(|w| w + GAP).sum::<usize>();
    let Some(limit) = width.filter(|&limit| total(&widths) > limit) else {
        return draw(&table.headers, &table.rows, &give, None);
    };
    // Prose gives way first: wrapped, it needs no more than PROSE_WRAPS_TO.
    for c in 0..columns {
        if give[c] == Give::Wrap {
            widths[c] = widths[c].min(PROSE_WRAPS_TO);
        }
    }
    // Shorten the widest name first, one column at a time, down to NAME_KEEPS.
    while total(&widths) > limit {
        let widest = (0..columns)
            .filter(|&c| give[c] == Give::Shorten && widths[c] > NAME_KEEPS)
            .max_by_key(|&c| widths[c]);
        let Some(c) = widest else { break };
        widths[c] -= 1;
    }
    let fits = total(&widths) <= limit;
    if fits || give.contains(&Give::Wrap) || !give.contains(&Give::Shorten) {
        let mut rows = table.rows.clone();
        for row in &mut rows {
            for (c, cell) in row.iter_mut().enumerate() {
                if give.get(c) == Some(&Give::Shorten) {
                    *cell = shorten_styled(cell, widths[c]);
                }
            }
        }
        let wrap_to = give.contains(&Give::Wrap).then_some(limit);
        return draw(&table.headers, &rows, &give, wrap_to);
    }
    with_detail_lines(table, &give, limit)
}

/// The table without its name columns, then per row the names, one a line, whole when
/// they fit the width.
fn with_detail_lines(table: &Table, give: &[Give], limit: usize) -> String {
    let moved: Vec<usize> = (0..give.len())
        .filter(|&c| give[c] == Give::Shorten)
        .collect();
    let kept: Vec<usize> = (0..give.len()).filter(|c| !moved.contains(c)).collect();
    let pick = |cells: &[String], which: &[usize]| -> Vec<String> {
        which
            .iter()
            .map(|&c| cells.get(c).cloned().unwrap_or_default())
            .collect()
    };
    let rest = Table {
        headers: pick(&table.headers, &kept),
        rows: table.rows.iter().map(|r| pick(r, &kept)).collect(),
    };
    let mut out = vec![render_within(&rest, Some(limit)), String::new()];
    let key_width = rest
        .rows
        .iter()
        .map(|r| r.first().map_or(0, |k| visible_width(k)))
        .max()
        .unwrap_or(0);
    let header_width = moved
        .iter()
        .map(|&c| visible_width(&table.headers[c]))
        .max()
        .unwrap_or(0);
    for (row, kept_row) in table.rows.iter().zip(&rest.rows) {
        for (i, &c) in moved.iter().enumerate() {
            let key = if i == 0 {
                kept_row.first().cloned().unwrap_or_default()
            } else {
                String::new()
            };
            let header = &table.headers[c];
            let room = limit.saturating_sub(key_width + header_width + 2 * GAP);
            let value = row
                .get(c)
                .map_or_else(String::new, |v| shorten_styled(v, room.max(NAME_KEEPS)));
            out.push(format!(
                "{key}{}{header}{}{value}",
                " ".repeat(key_width + GAP - visible_width(&key)),
                " ".repeat(header_width + GAP - visible_width(header)),
            ));
        }
    }
    out.join("\n")
}

fn natural_widths(table: &Table) -> Vec<usize> {
    (0..table.headers.len())
        .map(|c| {
            table
                .rows
                .iter()
                .map(|r| r.get(c).map_or(0, |s| visible_width(s)))
                .chain([visible_width(&table.headers[c])])
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// Through comfy-table: no borders, padded columns; with `wrap_to`, prose columns wrap
/// to fit it while the others keep their content's width.
fn draw(headers: &[String], rows: &[Vec<String>], give: &[Give], wrap_to: Option<usize>) -> String {
    let mut t = comfy_table::Table::new();
    let arrangement = if wrap_to.is_some() {
        ContentArrangement::Dynamic
    } else {
        ContentArrangement::Disabled
    };
    t.load_style(presets::NOTHING)
        .force_no_tty()
        .set_content_arrangement(arrangement)
        .set_header(headers.to_vec());
    if let Some(limit) = wrap_to {
        t.set_width(u16::try_from(limit).unwrap_or(u16::MAX));
    }
    for row in rows {
        t.add_row(row.clone());
    }
    for (c, column) in t.column_iter_mut().enumerate() {
        column.set_padding((0, 2));
        if give.get(c) != Some(&Give::Wrap) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    t.lines()
        .map(|l| l.trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn give_of(table: &Table, column: usize) -> Give {
    let long: Vec<String> = table
        .rows
        .iter()
        .filter_map(|r| r.get(column))
        .map(|cell| anstream::adapter::strip_str(cell).to_string())
        .filter(|plain| plain.chars().count() > NAME_AT_LEAST)
        .collect();
    if long.is_empty() {
        Give::Nothing
    } else if long.iter().any(|plain| plain.contains(char::is_whitespace)) {
        Give::Wrap
    } else {
        Give::Shorten
    }
}

/// Columns `text` takes on screen (escape codes take none).
pub fn visible_width(text: &str) -> usize {
    anstream::adapter::strip_str(text)
        .to_string()
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
}

/// `text` in at most `max` characters: whole when it fits, else its start and end
/// around `…` (the end is what tells stack-suffixed names apart, so it keeps more).
pub fn shorten_middle(text: &str, max: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max || max < 3 {
        return text.to_string();
    }
    let keep = max - 1;
    let head = keep / 2;
    let tail = keep - head;
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// As [`shorten_middle`], keeping a style that wraps the whole cell.
fn shorten_styled(cell: &str, max: usize) -> String {
    if visible_width(cell) <= max {
        return cell.to_string();
    }
    if let Some((prefix, inner, suffix)) = split_style(cell) {
        return format!("{prefix}{}{suffix}", shorten_middle(inner, max));
    }
    shorten_middle(&anstream::adapter::strip_str(cell).to_string(), max)
}

/// `ESC[…m… text ESC[0m` as its three parts, when `text` itself has no escapes.
fn split_style(cell: &str) -> Option<(&str, &str, &str)> {
    let mut start = 0;
    while cell[start..].starts_with("\u{1b}[") {
        start += cell[start..].find('m')? + 1;
    }
    let end = cell.rfind('\u{1b}')?;
    let inner = cell.get(start..end)?;
    (start > 0 && !inner.contains('\u{1b}')).then(|| (&cell[..start], inner, &cell[end..]))
}

/// `-` for absent values.
pub fn or_dash<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &str = "chromadb-dev-lambdas-enhanced-compaction";

    fn sample() -> Table {
        let mut t = new(["KEY", "NAME", "STATE", "NOTE"]);
        t.add_row(["lines", LONG, "Enabled", "fine"]);
        t.add_row([
            "words",
            "chroma-worker-lambda-dev-ed34dbe",
            "Disabled",
            "retired but still deployed, mappings disabled",
        ]);
        t
    }

    fn plain(text: String) -> String {
        anstream::adapter::strip_str(&text).to_string()
    }

    #[test]
    fn names_shorten_in_the_middle_and_keep_their_ends() {
        assert_eq!(shorten_middle("abcdefghij", 10), "abcdefghij");
        assert_eq!(shorten_middle("abcdefghijk", 10), "abcd…ghijk");
        let short = shorten_middle(LONG, 21);
        assert_eq!(short.chars().count(), 21);
        assert_eq!(short, "chromadb-d…compaction");
        let styled = crate::ui::style::bad(LONG);
        let cut = shorten_styled(&styled, 21);
        assert_eq!(plain(cut.clone()), short);
        assert!(cut.starts_with('\u{1b}') && cut.ends_with('m'), "{cut:?}");
    }

    #[test]
    fn unlimited_output_keeps_everything_on_one_line() {
        let out = plain(render_within(&sample(), None));
        assert_eq!(out.lines().count(), 3);
        assert!(out.contains(LONG));
    }

    #[test]
    fn a_narrow_table_shortens_names_and_wraps_prose_but_never_splits_a_name() {
        let out = plain(render_within(&sample(), Some(70)));
        for line in out.lines() {
            assert!(line.chars().count() <= 70, "{line:?} in\n{out}");
        }
        assert!(!out.contains(LONG), "{out}");
        assert!(out.contains("chromadb-"), "{out}");
        assert!(out.contains('…'), "{out}");
        // Keys and states whole; the note wrapped between words onto a second line.
        assert!(out.contains("Disabled") && out.contains("words"), "{out}");
        assert!(out.lines().count() > 3, "{out}");
        for fragment in ["retired", "deployed,", "mappings"] {
            assert!(out.contains(fragment), "{fragment} split in\n{out}");
        }
    }

    #[test]
    fn names_that_do_not_fit_even_shortened_move_below_the_table_whole() {
        let mut t = new(["KEY", "NAME", "CONSUMER", "VISIBLE", "IN FLIGHT", "DELAYED"]);
        t.add_row([
            "lines",
            "chromadb-dev-lines-queue-e7d1b90",
            LONG,
            "5",
            "0",
            "0",
        ]);
        t.add_row([
            "words",
            "chromadb-dev-words-queue-a857498",
            LONG,
            "0",
            "0",
            "0",
        ]);
        let out = plain(render_within(&t, Some(60)));
        for line in out.lines() {
            assert!(line.chars().count() <= 60, "{line:?} in\n{out}");
        }
        assert!(out.lines().next().unwrap().starts_with("KEY"), "{out}");
        assert!(!out.lines().next().unwrap().contains("NAME"), "{out}");
        assert!(
            out.contains("lines  NAME      chromadb-dev-lines-queue-e7d1b90"),
            "{out}"
        );
        assert!(out.contains(&format!("       CONSUMER  {LONG}")), "{out}");
        assert!(!out.contains('…'), "{out}");
    }

    #[test]
    fn a_table_that_fits_is_left_alone() {
        let wide = plain(render_within(&sample(), Some(200)));
        assert_eq!(wide, plain(render_within(&sample(), None)));
    }

    #[test]
    fn the_text_width_is_100_columns_or_a_narrower_terminal() {
        let at = |terminal, wide| Layout { terminal, wide };
        assert_eq!(at(None, false).text_width(), Some(100));
        assert_eq!(at(Some(140), false).text_width(), Some(100));
        assert_eq!(at(Some(80), false).text_width(), Some(80));
        assert_eq!(at(Some(80), true).text_width(), None);
        assert_eq!(at(None, false).table_width(), None);
        assert_eq!(at(Some(80), false).table_width(), Some(80));
        assert_eq!(at(Some(80), true).table_width(), None);
    }
}
