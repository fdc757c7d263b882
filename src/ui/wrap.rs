//! Prose fitted to a width: lines broken between words, never inside one. A word wider
//! than its line (a long name) is shortened in the middle with `…` in views, or kept
//! whole on a line of its own in messages (a path or a URL to copy). Styles survive the
//! breaks (see `styled`).

use super::styled;

/// Columns a line keeps for text however deep its indent (below it lines overflow).
const LEAST_ROOM: usize = 12;

/// What to do with a word wider than its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlong {
    /// Shortened in the middle to the line (views: tables, checklists, plans).
    Shorten,
    /// Kept whole on a line of its own (messages: it may be a path or a URL to copy).
    Keep,
}

/// `text` (one line, maybe styled) in lines of at most `width` columns.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    lines(text, width, width, Overlong::Shorten)
}

/// `text` after `first` on its first line and after `rest` on the others, each line
/// within `width` (`None`: one line, as it is). Prefixes may be styled.
pub fn indented(first: &str, rest: &str, text: &str, width: Option<usize>) -> Vec<String> {
    prefixed(first, rest, text, width, Overlong::Shorten)
}

/// As [`indented`], with [`Overlong::Keep`]: for messages.
pub fn indented_keeping_words(
    first: &str,
    rest: &str,
    text: &str,
    width: Option<usize>,
) -> Vec<String> {
    prefixed(first, rest, text, width, Overlong::Keep)
}

fn prefixed(
    first: &str,
    rest: &str,
    text: &str,
    width: Option<usize>,
    overlong: Overlong,
) -> Vec<String> {
    let Some(width) = width else {
        return vec![format!("{first}{text}")];
    };
    let room = |prefix: &str| width.saturating_sub(styled::width(prefix)).max(LEAST_ROOM);
    lines(text, room(first), room(rest), overlong)
        .into_iter()
        .enumerate()
        .map(|(i, line)| format!("{}{line}", if i == 0 { first } else { rest }))
        .collect()
}

/// The words of a line: ranges of visible characters between spaces.
fn words(plain: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in plain.iter().enumerate() {
        match (c == &' ', start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, plain.len()));
    }
    out
}

/// The core: greedy lines, the first within `first_room`, the others within `rest_room`.
/// Leading spaces of the text stay on its first line.
fn lines(text: &str, first_room: usize, rest_room: usize, overlong: Overlong) -> Vec<String> {
    let plain: Vec<char> = styled::plain(text).chars().collect();
    if plain.len() <= first_room {
        return vec![text.to_string()];
    }
    let words = words(&plain);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let room = if out.is_empty() {
            first_room
        } else {
            rest_room
        };
        // The first line keeps the text's own indent.
        let from = if out.is_empty() { 0 } else { words[i].0 };
        let mut to = i;
        while to + 1 < words.len() && words[to + 1].1 - from <= room {
            to += 1;
        }
        let end = words[to].1;
        let line = styled::slice(text, from, end);
        if end - from > room && overlong == Overlong::Shorten {
            // One word wider than the line (with its indent on the first line).
            let indent = words[i].0 - from;
            let word = styled::slice(text, words[i].0, end);
            let room = room.saturating_sub(indent).max(3);
            out.push(format!(
                "{}{}",
                " ".repeat(indent),
                styled::shorten_middle(&word, room)
            ));
        } else {
            out.push(line);
        }
        i = to + 1;
    }
    if out.is_empty() {
        out.push(text.trim_end().to_string());
    }
    out
}

/// `text` on one line of at most `width` columns: its longest words shortened in the
/// middle, widest first, as far as needed (for a spinner's line, which cannot wrap).
pub fn one_line(text: &str, width: usize) -> String {
    /// A word is not shortened below this.
    const WORD_KEEPS: usize = 12;
    let mut text = text.to_string();
    loop {
        let plain: Vec<char> = styled::plain(&text).chars().collect();
        let excess = plain.len().saturating_sub(width);
        if excess == 0 {
            return text;
        }
        let widest = words(&plain)
            .into_iter()
            .filter(|(from, to)| to - from > WORD_KEEPS)
            .max_by_key(|(from, to)| to - from);
        let Some((from, to)) = widest else {
            return styled::shorten_middle(&text, width);
        };
        let length = to - from;
        let keep = (length - excess).max(WORD_KEEPS) - 1;
        let head = keep / 2;
        text = styled::elide(&text, from + head, to - (keep - head));
    }
}

/// A message (a note, a warning, a progress line) within `width` (`None`: as it is):
/// each line wrapped between words, two further in than its own indent; a word wider
/// than the line (a path, a URL) is kept whole.
pub fn message(text: &str, width: Option<usize>) -> String {
    if width.is_none() {
        return text.to_string();
    }
    text.split('\n')
        .flat_map(|line| {
            let plain = styled::plain(line);
            let indent = plain.len() - plain.trim_start().len();
            indented_keeping_words("", &" ".repeat(indent + 2), line, width)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Indented text (IaC steps, refusals) within `width`, two spaces in: each paragraph
/// too wide reflowed under its own indent (see [`reflow`]).
pub fn block(text: &str, width: Option<usize>) -> String {
    reflow(text, width.map(|w| w.saturating_sub(2)))
        .into_iter()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `parts` joined by `separator` on lines within `width` (`None`: one line), each part
/// whole: a line that continues starts with `rest` and the separator (`  · reading 2`).
pub fn parts(parts: &[String], separator: &str, rest: &str, width: Option<usize>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in parts {
        if line.is_empty() {
            line = part.clone();
            continue;
        }
        let joined = format!("{line}{separator}{part}");
        if width.is_none_or(|w| styled::width(&joined) <= w) {
            line = joined;
        } else {
            out.push(line);
            line = format!("{rest}{}{part}", separator.trim_start());
        }
    }
    out.push(line);
    out
}

/// A block of text (lines, maybe indented lists) within `width`: each paragraph with a
/// line too wide is joined and wrapped again under its own indent (a list item's text
/// under its text, past `1. ` or `- `); paragraphs that fit stay as they were written.
/// A paragraph is a line and the lines after it indented deeper that start no item.
pub fn reflow(text: &str, width: Option<usize>) -> Vec<String> {
    let Some(width) = width else {
        return text.lines().map(str::to_string).collect();
    };
    let mut out = Vec::new();
    for paragraph in paragraphs(text) {
        if paragraph.iter().all(|line| styled::width(line) <= width) {
            out.extend(paragraph.iter().map(|line| line.to_string()));
            continue;
        }
        let first = paragraph[0];
        let indent = first.len() - first.trim_start().len();
        let marker = item_marker(first.trim_start()).unwrap_or(0);
        let joined: Vec<&str> = paragraph.iter().map(|line| line.trim()).collect();
        let joined = joined.join(" ");
        let (lead, body) = joined.split_at(marker.min(joined.len()));
        let first_prefix = format!("{}{lead}", " ".repeat(indent));
        let rest_prefix = " ".repeat(indent + marker);
        out.extend(indented_keeping_words(
            &first_prefix,
            &rest_prefix,
            body,
            Some(width),
        ));
    }
    out
}

fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let indent = |line: &str| line.len() - line.trim_start().len();
    for line in text.lines() {
        let continues = out.last().is_some_and(|p| {
            !line.trim().is_empty()
                && indent(line) > indent(p[0])
                && item_marker(line.trim_start()).is_none()
        });
        match out.last_mut() {
            Some(paragraph) if continues => paragraph.push(line),
            _ => out.push(vec![line]),
        }
    }
    out
}

/// The width of a list item's marker and the spaces after it (`1. `, `- `), if `line`
/// (without its indent) starts one.
fn item_marker(line: &str) -> Option<usize> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let marker = if digits > 0 && line[digits..].starts_with('.') {
        digits + 1
    } else if line.starts_with("- ") || line.starts_with("* ") {
        1
    } else {
        return None;
    };
    let spaces = line[marker..].chars().take_while(|c| *c == ' ').count();
    (spaces > 0).then_some(marker + spaces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::style;

    const NAME: &str = "chromadb-dev-lambdas-enhanced-compaction";

    #[test]
    fn prose_breaks_between_words_and_keeps_its_styles() {
        let text = style::warn("retired but still deployed, mappings disabled");
        let lines = wrap(&text, 20);
        let plain: Vec<String> = lines.iter().map(|l| styled::plain(l)).collect();
        assert_eq!(
            plain,
            ["retired but still", "deployed, mappings", "disabled"]
        );
        for line in &lines {
            assert!(
                line.starts_with('\u{1b}') && line.ends_with('m'),
                "{line:?}"
            );
        }
    }

    #[test]
    fn a_word_wider_than_the_line_is_shortened_or_kept_whole() {
        let text = format!("consumer {NAME} (Enabled)");
        assert_eq!(
            wrap(&text, 24),
            ["consumer", "chromadb-de…d-compaction", "(Enabled)"]
        );
        assert_eq!(
            indented_keeping_words("", "  ", &text, Some(24)),
            ["consumer", &format!("  {NAME}"), "  (Enabled)"]
        );
    }

    #[test]
    fn hanging_indents_count_against_the_width() {
        let lines = indented(
            "! ",
            "  ",
            "lines: a batch still running becomes visible again",
            Some(24),
        );
        assert_eq!(
            lines,
            [
                "! lines: a batch still",
                "  running becomes",
                "  visible again"
            ]
        );
        assert_eq!(
            indented("! ", "  ", "no limit at all", None),
            ["! no limit at all"]
        );
    }

    #[test]
    fn one_line_shortens_the_longest_words_first() {
        let text = format!("lines: disabling fefd5b92 ({NAME}): Enabled");
        let fitted = one_line(&text, 50);
        assert_eq!(fitted.chars().count(), 50, "{fitted}");
        assert!(
            fitted.starts_with("lines: disabling fefd5b92 (chro"),
            "{fitted}"
        );
        assert!(fitted.ends_with("action): Enabled"), "{fitted}");
        assert_eq!(one_line("short", 50), "short");
    }

    #[test]
    fn a_block_reflows_only_the_paragraphs_too_wide() {
        let steps = "Make it permanent:\n\
                     1. Re-enable the old Lambda: in infra/__main__.py, uncomment the chroma_worker_lambda\n   \
                     Function and its resources (lines 426-475).\n\
                     2. Deploy: pulumi up";
        let lines = reflow(steps, Some(50));
        assert_eq!(
            lines,
            [
                "Make it permanent:",
                "1. Re-enable the old Lambda: in infra/__main__.py,",
                "   uncomment the chroma_worker_lambda Function and",
                "   its resources (lines 426-475).",
                "2. Deploy: pulumi up",
            ]
        );
        assert_eq!(reflow(steps, Some(200)), steps.lines().collect::<Vec<_>>());
    }
}
