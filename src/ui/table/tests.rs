use super::*;

const LONG: &str = "chromadb-dev-lambdas-enhanced-compaction";
const UUID: &str = "fefd5b92-1b2b-4724-a7df-08e995a635bd";

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
    styled::plain(&text)
}

fn assert_within(out: &str, width: usize) {
    for line in out.lines() {
        assert!(line.chars().count() <= width, "{line:?} in\n{out}");
    }
}

#[test]
fn unlimited_output_keeps_everything_on_one_line() {
    let out = plain(render(&sample(), None));
    assert_eq!(out.lines().count(), 3);
    assert!(out.contains(LONG));
}

#[test]
fn a_table_that_fits_is_left_alone() {
    assert_eq!(
        plain(render(&sample(), Some(200))),
        plain(render(&sample(), None))
    );
}

#[test]
fn prose_wraps_before_any_name_is_shortened() {
    // The note wraps; the names stay whole while that is enough.
    let out = plain(render(&sample(), Some(100)));
    assert_within(&out, 100);
    assert!(out.contains(LONG), "{out}");
    assert!(out.lines().count() > 3, "{out}");
    for word in ["retired", "deployed,", "mappings", "disabled"] {
        assert!(
            out.split_whitespace().any(|w| w == word),
            "{word} split in\n{out}"
        );
    }
}

#[test]
fn a_narrow_table_shortens_names_in_the_middle_but_never_splits_one() {
    let out = plain(render(&sample(), Some(70)));
    assert_within(&out, 70);
    assert!(!out.contains(LONG), "{out}");
    assert!(
        out.split_whitespace()
            .any(|w| w.starts_with("chromadb-") && w.ends_with("compaction") && w.contains('…')),
        "{out}"
    );
    assert!(out.contains("Disabled") && out.contains("words"), "{out}");
}

#[test]
fn uuids_leave_the_table_whole_before_names_are_moved() {
    let mut t = new(["FUNCTION", "UUID", "NAME", "STATE", "BATCH", "REASON"]);
    t.kind("UUID", Kind::Whole).kind("REASON", Kind::Prose);
    t.add_row([
        "enhanced-compaction",
        UUID,
        LONG,
        "Enabled",
        "10",
        "User initiated",
    ]);
    t.add_row([
        "chroma-worker",
        "6bdb7031-979d-4142-adef-c312f490f415",
        "chroma-worker-lambda-dev-ed34dbe",
        "Disabled",
        "10",
        "User initiated",
    ]);
    let out = plain(render(&t, Some(90)));
    assert_within(&out, 90);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("FUNCTION") && !lines[0].contains("UUID"),
        "{out}"
    );
    assert!(
        lines[0].contains("NAME") && lines[0].contains("REASON"),
        "{out}"
    );
    assert_eq!(
        lines[1].split_whitespace().next(),
        Some("enhanced-compaction"),
        "{out}"
    );
    assert_eq!(lines[2].trim(), format!("UUID  {UUID}"), "{out}");
}

#[test]
fn what_does_not_fit_moves_under_its_row_whole() {
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
    let out = plain(render(&t, Some(60)));
    assert_within(&out, 60);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "KEY    VISIBLE  IN FLIGHT  DELAYED", "{out}");
    assert_eq!(lines[1], "lines  5        0          0", "{out}");
    assert_eq!(
        lines[2], "  NAME      chromadb-dev-lines-queue-e7d1b90",
        "{out}"
    );
    assert_eq!(lines[3], format!("  CONSUMER  {LONG}"), "{out}");
    assert_eq!(lines[4], "words  0        0          0", "{out}");
    assert!(!out.contains('…'), "{out}");
}

#[test]
fn details_of_grouped_rows_sit_under_the_first_column_every_row_fills() {
    let mut t = new(["QUEUE", "STEP", "MAPPING", "FUNCTION", "AFTER"]);
    t.kind("MAPPING", Kind::Whole);
    t.add_row(["lines", "1. disable", UUID, LONG, "Disabled"]);
    t.add_row([
        "",
        "2. enable",
        "6bdb7031-979d-4142-adef-c312f490f415",
        "chroma-worker",
        "Enabled",
    ]);
    let out = plain(render(&t, Some(70)));
    assert_within(&out, 70);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "QUEUE  STEP        FUNCTION                                  AFTER"
    );
    assert_eq!(lines[2], format!("         MAPPING  {UUID}"), "{out}");
    assert!(lines[3].starts_with("       2. enable"), "{out}");
}

#[test]
fn a_value_too_wide_after_its_label_goes_on_a_line_of_its_own() {
    let mut t = new(["KEY", "A LONG LABEL", "STATE", "COUNT", "MORE", "EVEN MORE"]);
    t.kind("A LONG LABEL", Kind::Whole);
    t.add_row(["lines", UUID, "Enabled", "1", "x", "y"]);
    let out = plain(render(&t, Some(48)));
    assert_within(&out, 48);
    assert!(out.contains(&format!("\n    {UUID}")), "{out}");
}

#[test]
fn styles_survive_wrapping_and_shortening() {
    let mut t = new(["KEY", "NAME", "NOTE"]);
    t.add_row([
        "lines".to_string(),
        crate::ui::style::bad(LONG),
        crate::ui::style::warn(
            "retired but still deployed, mappings disabled: fast rollback available",
        ),
    ]);
    let out = render(&t, Some(60));
    assert_within(&plain(out.clone()), 60);
    for line in out.lines().skip(1) {
        let opens = line.matches("\u{1b}[1m").count() + line.matches("\u{1b}[1;").count();
        let resets = line.matches("\u{1b}[0m").count();
        assert!(opens <= resets + 1, "{line:?}");
    }
}

#[test]
fn indented_tables_count_their_indent() {
    let mut t = sample();
    t.indent(4);
    let out = plain(render(&t, Some(70)));
    assert_within(&out, 70);
    assert!(out.lines().all(|l| l.starts_with("    ")), "{out}");
}
