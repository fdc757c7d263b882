//! The map drawn from the fixture's stack (the runbook's pipeline): flow order, width,
//! and what a watch shows. Snapshots with colour off (`cargo insta review`).

use super::*;
use crate::base::topology::Topology;
use crate::features::views::changes::QueueChange;
use crate::features::views::map::{self, MapReport};
use crate::fixtures::{self, LEGACY, LINES, WORDS};
use crate::state::mapping_state::MappingState;
use crate::state::mappings::MappingInfo;

fn report(extra: Vec<MappingInfo>) -> MapReport {
    let sources = fixtures::sources(extra, false);
    map::build(
        &Topology::builtin(),
        "dev",
        sources,
        &fixtures::topology_queues(120, 3),
    )
}

/// The runbook's bug: the legacy consumer enabled beside the new one on lines.
fn duplicate() -> MapReport {
    report(vec![
        fixtures::mapping(
            "m9",
            LEGACY,
            &fixtures::queue_arn(LINES),
            MappingState::Enabled,
        ),
        fixtures::mapping(
            "m10",
            LEGACY,
            &fixtures::queue_arn(WORDS),
            MappingState::Disabled,
        ),
    ])
}

fn plain(text: String) -> String {
    anstream::adapter::strip_str(&text).to_string()
}

fn draw(report: &MapReport, width: Option<usize>, changes: Option<&Changes>) -> String {
    plain(render(report, &MapView { width, changes }))
}

fn assert_within(text: &str, width: usize) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= width,
            "{} columns: {line:?}\n{text}",
            line.chars().count()
        );
    }
}

#[test]
fn map_in_flow_order_within_100_columns() {
    let text = draw(&duplicate(), Some(100), None);
    assert_within(&text, 100);
    insta::assert_snapshot!(text);
}

#[test]
fn map_in_a_narrow_terminal_shortens_names_in_the_middle() {
    let text = draw(&duplicate(), Some(72), None);
    assert_within(&text, 72);
    assert!(text.contains('…'), "{text}");
    // Keys, states and relations stay whole.
    for whole in [
        "enhanced-compaction",
        "Enabled",
        "Disabled",
        "fallback",
        "compaction-runs",
    ] {
        assert!(text.contains(whole), "{whole} in\n{text}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn map_wide_shows_every_name_whole() {
    let text = draw(&duplicate(), None, None);
    for name in [
        fixtures::ENHANCED,
        LEGACY,
        fixtures::STREAM_PROCESSOR,
        fixtures::EMBED,
    ] {
        assert!(text.contains(name), "{name} in\n{text}");
    }
}

#[test]
fn map_under_watch_marks_what_changed() {
    let report = duplicate();
    let mut changes = Changes::default();
    changes.queues.insert(
        "lines".into(),
        QueueChange {
            visible: 12,
            dlq: Some(2),
        },
    );
    changes.queues.insert(
        "words".into(),
        QueueChange {
            visible: -30,
            dlq: Some(0),
        },
    );
    changes
        .mapping_was
        .insert("m9".into(), MappingState::Disabled);
    let text = draw(&report, Some(100), Some(&changes));
    assert!(text.contains("120 (+12) visible"), "{text}");
    assert!(text.contains("DLQ 3 (+2) in"), "{text}");
    assert!(text.contains("120 (-30) visible"), "{text}");
    assert!(text.contains("(was Disabled)"), "{text}");
    assert_within(&text, 100);
}

#[test]
fn changes_are_marked_by_direction() {
    assert_eq!(plain(backlog_change(3)), " (+3)");
    assert_eq!(plain(backlog_change(-2)), " (-2)");
    assert_eq!(backlog_change(0), "");
    assert_eq!(plain(dlq_change(1)), " (+1)");
}

#[test]
fn map_at_each_terminal_width() {
    use crate::ui::width::Layout;
    let report = duplicate();
    let names = [
        fixtures::ENHANCED,
        LEGACY,
        fixtures::STREAM_PROCESSOR,
        fixtures::EMBED,
    ];
    // As the printer gives it: a terminal's width, at most 100 columns; none is --wide.
    crate::render::at_widths::snapshots("map", &names, |terminal| {
        let width = terminal.and_then(|t| {
            Layout {
                terminal: Some(t),
                wide: false,
            }
            .text_width()
        });
        render(
            &report,
            &MapView {
                width,
                changes: None,
            },
        )
    });
}
