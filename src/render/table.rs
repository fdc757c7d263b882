//! The one table style ccx uses: no borders, bold header, columns padded by spaces,
//! wrapped to the terminal only when there is one (so piped output is stable).

use comfy_table::{ContentArrangement, Table, presets};

pub fn new<I, S>(headers: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut table = Table::new();
    table
        .load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.into_iter().map(|h| super::style::bold(h.as_ref())));
    // Unit tests render as if piped, so their snapshots do not depend on the terminal.
    #[cfg(test)]
    table.force_no_tty();
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    table
}

/// Renders with trailing whitespace trimmed from each line.
pub fn render(table: &Table) -> String {
    table
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `-` for absent values.
pub fn or_dash<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}
