//! Text that may carry ANSI styles, measured and cut by what the terminal shows: an
//! escape sequence takes no column, every other character one (ccx prints no wide
//! characters). Cutting keeps every escape sequence, so a style opens and closes as in
//! the original whatever is left out.

/// One piece of styled text: an escape sequence or a character on screen.
enum Piece<'a> {
    Escape(&'a str),
    Char(char),
}

/// `text` split into escape sequences (`ESC [ … final`) and visible characters.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("\u{1b}[") {
            // Parameters and intermediates, then one final byte in @..~.
            let end = after
                .char_indices()
                .find(|(_, c)| ('@'..='~').contains(c))
                .map_or(after.len(), |(i, c)| i + c.len_utf8());
            let length = 2 + end;
            out.push(Piece::Escape(&rest[..length]));
            rest = &rest[length..];
        } else {
            out.push(Piece::Char(c));
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The text without its escape sequences.
pub fn plain(text: &str) -> String {
    pieces(text)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Char(c) => Some(c),
            Piece::Escape(_) => None,
        })
        .collect()
}

/// Columns the widest line of `text` takes on screen.
pub fn width(text: &str) -> usize {
    plain(text)
        .split('\n')
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0)
}

/// Rebuilds `text` with every escape sequence and, for each visible character (by its
/// index), what `each` makes of it.
fn rebuild(text: &str, mut each: impl FnMut(usize, char, &mut String)) -> String {
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    for piece in pieces(text) {
        match piece {
            Piece::Escape(sequence) => out.push_str(sequence),
            Piece::Char(c) => {
                each(index, c, &mut out);
                index += 1;
            }
        }
    }
    out
}

/// The visible characters `from..to` of one line of `text`, styled as they were.
pub fn slice(text: &str, from: usize, to: usize) -> String {
    rebuild(text, |i, c, out| {
        if (from..to).contains(&i) {
            out.push(c);
        }
    })
}

/// `text` in at most `max` columns: whole when it fits, else its start and end around
/// `…` (the end is what tells stack-suffixed names apart, so it keeps more).
pub fn shorten_middle(text: &str, max: usize) -> String {
    let length = plain(text).chars().count();
    if length <= max || max < 3 {
        return text.to_string();
    }
    let keep = max - 1;
    let head = keep / 2;
    elide(text, head, length - (keep - head))
}

/// `text` with its visible characters `from..to` replaced by one `…`.
pub fn elide(text: &str, from: usize, to: usize) -> String {
    rebuild(text, |i, c, out| {
        if i == from {
            out.push('…');
        }
        if !(from..to).contains(&i) {
            out.push(c);
        }
    })
}

/// `text` padded with spaces to `columns` (outside its styles).
pub fn pad(text: &str, columns: usize) -> String {
    let missing = columns.saturating_sub(width(text));
    format!("{text}{}", " ".repeat(missing))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::style;

    const LONG: &str = "chromadb-dev-lambdas-enhanced-compaction";

    #[test]
    fn escapes_take_no_column() {
        let styled = format!("{} {}", style::bad("✘ two"), style::dim("(x)"));
        assert_eq!(plain(&styled), "✘ two (x)");
        assert_eq!(width(&styled), 9);
        assert_eq!(width("ab\nabcd\n"), 4);
    }

    #[test]
    fn names_shorten_in_the_middle_and_keep_their_ends() {
        assert_eq!(shorten_middle("abcdefghij", 10), "abcdefghij");
        assert_eq!(shorten_middle("abcdefghijk", 10), "abcd…ghijk");
        let short = shorten_middle(LONG, 21);
        assert_eq!(short.chars().count(), 21);
        assert_eq!(short, "chromadb-d…compaction");
        let cut = shorten_middle(&style::bad(LONG), 21);
        assert_eq!(plain(&cut), short);
        assert!(cut.starts_with('\u{1b}') && cut.ends_with('m'), "{cut:?}");
    }

    #[test]
    fn a_slice_keeps_the_styles_around_it() {
        let styled = format!("ab{}", style::ok("cdef"));
        let cut = slice(&styled, 3, 5);
        assert_eq!(plain(&cut), "de");
        assert_eq!(
            cut,
            format!("{}de{}", style::OK.render(), style::OK.render_reset())
        );
        assert_eq!(pad(&style::ok("ab"), 4), format!("{}  ", style::ok("ab")));
    }
}
