//! `--width` / `CCX_WIDTH` end to end: every view of the real binary fits the columns
//! asked for, with every UUID and function name whole or shortened around `…`, never
//! split; piped output without a width is not fitted (as scripts have always read it).

use crate::common;

use common::Sandbox;
use serde_json::Value;

/// Each of `names` is a word of `text`, whole or shortened in the middle.
fn assert_unsplit(text: &str, names: &[String], width: usize) {
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

fn assert_within(text: &str, width: usize) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= width,
            "{} columns, more than {width}: {line:?}\n{text}",
            line.chars().count()
        );
    }
}

/// The UUIDs and function names of the stack's mappings.
fn mapping_names(sandbox: &Sandbox) -> Vec<String> {
    let report: Value = sandbox.json(&["mappings"], 1);
    let mut names = Vec::new();
    for m in report["mappings"].as_array().unwrap() {
        names.push(m["uuid"].as_str().unwrap().to_string());
        names.push(m["function_name"].as_str().unwrap().to_string());
    }
    names.sort();
    names.dedup();
    names
}

#[test]
fn every_view_fits_the_width_asked_and_piped_output_is_not_fitted() {
    let sandbox = Sandbox::start("duplicate");
    let names = mapping_names(&sandbox);
    assert!(names.len() >= 4, "{names:?}");

    // Piped, as ever: a mapping's UUID first and `name (key)` in one cell, on one line.
    let piped = sandbox.text(&["mappings"], 1);
    assert!(
        piped.lines().any(|l| l.chars().count() > 100),
        "piped output is not fitted:\n{piped}"
    );
    assert!(piped.contains("  UUID  "), "{piped}");
    assert!(
        piped.contains("chromadb-dev-lambdas-enhanced-compaction (enhanced-compaction)"),
        "{piped}"
    );
    assert_eq!(
        sandbox.text(&["--wide", "--width", "80", "mappings"], 1),
        piped
    );

    for width in [80, 100, 140] {
        let columns = width.to_string();
        for (view, code) in [("mappings", 1), ("functions", 1), ("queues", 1), ("map", 1)] {
            let text = sandbox.text(&["--width", &columns, view], code);
            assert_within(&text, width);
            if view == "mappings" {
                assert_unsplit(&text, &names, width);
            }
        }
    }

    // CCX_WIDTH is --width from the environment.
    let flag = sandbox.text(&["--width", "80", "mappings"], 1);
    let out = sandbox
        .ccx()
        .env("CCX_WIDTH", "80")
        .arg("mappings")
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), flag);
}
