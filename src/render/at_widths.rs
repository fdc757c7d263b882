//! Snapshots of a view at each width an operator's terminal is likely to have, every
//! line checked within it and every name and UUID whole or shortened around `…`, never
//! split across lines.

/// The widths every view is snapshotted at, besides unlimited (a pipe, `--wide`).
pub const WIDTHS: [usize; 3] = [80, 100, 140];

/// What a terminal without colour shows.
pub fn plain(text: &str) -> String {
    crate::ui::styled::plain(text)
}

/// `draw` unlimited (snapshot `name`) and at each of [`WIDTHS`] (`name_at_80`, …); at
/// each width no line is wider, and each of `names` shows whole or shortened in the
/// middle as one word.
pub fn snapshots(name: &str, names: &[&str], draw: impl Fn(Option<usize>) -> String) {
    let whole = plain(&draw(None));
    for n in names {
        assert!(whole.contains(n), "{n} not whole without a width:\n{whole}");
    }
    insta::assert_snapshot!(name.to_string(), whole);
    for width in WIDTHS {
        let text = plain(&draw(Some(width)));
        assert_fits(&text, width, names);
        insta::assert_snapshot!(format!("{name}_at_{width}"), text);
    }
}

/// No line of `text` is wider than `width`, and each of `names` is a word of it, whole
/// or shortened in the middle.
pub fn assert_fits(text: &str, width: usize, names: &[&str]) {
    for line in text.lines() {
        let columns = line.chars().count();
        assert!(
            columns <= width,
            "{columns} columns, more than {width}: {line:?}\n{text}"
        );
    }
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| "()[],:;.`".contains(c)))
        .collect();
    for name in names {
        let found = words.iter().any(|w| {
            w == name
                || w.split_once('…').is_some_and(|(head, tail)| {
                    head.len() >= 4 && name.starts_with(head) && name.ends_with(tail)
                })
        });
        assert!(found, "{name} split or missing at {width} columns:\n{text}");
    }
}
