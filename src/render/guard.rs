//! Text for `ccx guard`: the live line per source while it watches, and the report at
//! the end (changes per source, windows and problems, the final verify, the verdict).

use crate::features::guard::drift_check::GuardDrift;
use crate::features::guard::report::{GuardReport, GuardStatus, SourceReport, seconds};
use crate::features::guard::timeline::{
    Change, ChangeKind, Observed, enabled_consumers, format_ms,
};
use crate::state::mapping_state::MappingState;
use crate::ui::table::{self, Kind};
use crate::ui::{style, wrap};

/// `ccx guard │ lines: 1 consumer: enhanced-compaction` (a topology key where the
/// function is one), flagged when there are zero or several.
pub fn live_line(source: &str, mappings: &[Observed]) -> String {
    let names = enabled_consumers(mappings);
    let labels: Vec<String> = names
        .iter()
        .map(|name| {
            mappings
                .iter()
                .find(|m| &m.function_name == name)
                .and_then(|m| m.function_key.clone())
                .unwrap_or_else(|| name.clone())
        })
        .collect();
    let troubled = mappings.iter().any(|m| !m.troubles.is_empty());
    let status = match labels.len() {
        0 => style::bad("✘ no consumer"),
        1 if troubled => style::bad(&format!(
            "✘ 1 consumer, Lambda reports a problem: {}",
            labels[0]
        )),
        1 => style::ok(&format!("✔ 1 consumer: {}", labels[0])),
        n => style::bad(&format!("✘ {n} consumers: {}", labels.join(", "))),
    };
    format!("{} {source}: {status}", style::dim("ccx guard │"))
}

/// The report within `width` columns (`None`: every name whole).
pub fn render(report: &GuardReport, verbose: bool, width: Option<usize>) -> String {
    let mut out = wrap::indented("", "  ", &header(report), width);
    out.extend(wrap::indented(
        "  ",
        "    ",
        &style::dim(&format!(
            "from {} to {}, {} readings every {}ms",
            format_ms(report.started_at),
            format_ms(report.ended_at),
            report.readings,
            report.interval_ms
        )),
        width,
    ));
    out.push(String::new());
    out.push(style::bold("Changes"));
    for source in &report.sources {
        out.extend(source_block(report, source, width));
    }
    out.push(String::new());
    out.push(style::bold("Windows and problems"));
    if report.problems.is_empty() {
        out.extend(wrap::indented(
            "  ",
            "    ",
            &style::ok("✔ exactly one enabled consumer per source at every reading"),
            width,
        ));
    }
    for p in &report.problems {
        out.extend(wrap::indented(
            "  ",
            "    ",
            &style::bad(&format!("✘ {p}")),
            width,
        ));
    }
    if let Some(verify) = &report.verify {
        out.push(String::new());
        out.push(style::bold("Final verify"));
        out.push(super::verify::render(verify, verbose, width));
    }
    if let Some(drift) = &report.drift {
        out.push(String::new());
        out.extend(drift_block(drift, width));
    }
    out.push(String::new());
    out.extend(wrap::indented(
        "",
        "  ",
        &format!("{} {}", style::bold("Guard:"), verdict(report)),
        width,
    ));
    out.join("\n")
}

/// What the IaC declares against the consumers at the end: each difference, or that
/// the next deploy keeps them, or why the IaC could not be read.
fn drift_block(drift: &GuardDrift, width: Option<usize>) -> Vec<String> {
    let mut out = vec![style::bold(&format!("Against the IaC ({})", drift.iac))];
    let line = |text: String| wrap::indented("  ", "    ", &text, width);
    if let Some(error) = &drift.error {
        out.extend(line(style::bad(&format!("✘ could not read: {error}"))));
        return out;
    }
    if drift.ok {
        out.extend(line(style::ok(
            "✔ the live consumers are what the IaC declares: the next deploy keeps them",
        )));
        return out;
    }
    for q in drift.queues.iter().filter(|q| !q.in_sync()) {
        for d in &q.differences {
            let text = format!("✘ {}: {}", q.queue, super::drift::describe(d));
            out.extend(line(style::bad(&text)));
        }
    }
    out
}

fn header(report: &GuardReport) -> String {
    let what = match (&report.command, &report.command_exit) {
        (Some(argv), Some(exit)) => format!("`{}` {}", argv.join(" "), exit.describe()),
        (Some(argv), None) => format!("`{}`", argv.join(" ")),
        (None, _) => "watched until stopped".to_string(),
    };
    let ending = if report.stable {
        format!(
            "; stable for {} at the end",
            seconds(report.until_stable_ms as i64)
        )
    } else if report.interrupted {
        "; stopped by a signal".to_string()
    } else {
        String::new()
    };
    style::bold(&format!(
        "ccx guard: stack {}, {what}{ending}",
        report.stack
    ))
}

fn source_block(report: &GuardReport, source: &SourceReport, width: Option<usize>) -> Vec<String> {
    let name = source.source.name.as_deref().unwrap_or("(not found)");
    let changes: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.source == source.source.source)
        .collect();
    let state = if !source.watched {
        style::warn("not found at the start: not watched")
    } else if changes.is_empty() {
        style::dim("no change")
    } else {
        String::new()
    };
    let label = format!("  {}", style::bold(&source.source.source));
    let mut out = super::mappings::heading(&label, name, &state, width);
    if let Some(last) = out.last_mut() {
        *last = last.trim_end().to_string();
    }
    if source.tally.missed_readings > 0 {
        out.extend(wrap::indented(
            "    ",
            "      ",
            &style::warn(&format!(
                "{} of {} readings failed (last: {})",
                source.tally.missed_readings,
                source.tally.readings,
                source.tally.last_error.as_deref().unwrap_or("?")
            )),
            width,
        ));
    }
    if changes.is_empty() {
        return out;
    }
    let function = super::FunctionColumns::of(width);
    let mut headers = vec!["AT"];
    headers.extend(function.headers());
    headers.extend(["CHANGE", "ENABLED CONSUMERS"]);
    let mut t = table::new(headers);
    t.indent(4)
        .kind("NAME", Kind::Name)
        .kind("CHANGE", Kind::Prose);
    for c in changes {
        let count = c.enabled_consumers.len();
        let consumers = if count == 1 {
            count.to_string()
        } else {
            style::bad(&format!("{count} ✘"))
        };
        let mut row = vec![format!("+{}", seconds(c.at_ms - report.started_at))];
        row.extend(function.cells(&c.function_name, c.function.as_deref()));
        row.extend([describe_change(c), consumers]);
        t.add_row(row);
    }
    out.push(table::render(&t, width));
    out
}

fn describe_change(c: &Change) -> String {
    let from = c.from.as_deref().unwrap_or("?");
    let to = c.to.as_deref().unwrap_or("?");
    match c.change {
        ChangeKind::Created => format!("created, {to}"),
        ChangeKind::Deleted => format!("deleted (was {from})"),
        ChangeKind::State => format!("{from} → {}", style::mapping_state(&MappingState::from(to))),
        ChangeKind::Function => format!("now invokes {to} (was {from})"),
        ChangeKind::Trouble => style::bad(&format!("Lambda: {to}")),
        ChangeKind::TroubleCleared => style::ok("Lambda no longer reports a problem"),
        ChangeKind::Pollers => style::warn(&format!(
            "pollers {from} → {to} (throughput and cost change)"
        )),
        ChangeKind::Metrics => format!("metrics {from} → {to}"),
    }
}

fn verdict(report: &GuardReport) -> String {
    match report.status {
        GuardStatus::Ok => style::ok("PASS — one consumer per source throughout"),
        GuardStatus::CommandFailed => style::bad(&format!(
            "FAIL — the command {}",
            report
                .command_exit
                .map(|e| e.describe())
                .unwrap_or_default()
        )),
        GuardStatus::Error => style::bad("ERROR — some final checks could not run"),
        GuardStatus::Failed => {
            let mut why = Vec::new();
            if !report.windows.is_empty() {
                why.push(match report.windows.len() {
                    1 => "1 window without exactly one consumer".to_string(),
                    n => format!("{n} windows without exactly one consumer"),
                });
            }
            if report
                .changes
                .iter()
                .any(|c| c.change == ChangeKind::Trouble)
            {
                why.push("Lambda reported a problem with a mapping".to_string());
            }
            match &report.verify {
                None => why.push("no final verify".to_string()),
                Some(v) if v.status == crate::features::verify::report::CheckStatus::Fail => {
                    why.push("the final verify failed".to_string())
                }
                Some(_) => {}
            }
            if let Some(drift) = report.drift.as_ref().filter(|d| !d.ok) {
                why.push(match drift.differences() {
                    1 => "1 difference from the IaC".to_string(),
                    n => format!("{n} differences from the IaC"),
                });
            }
            style::bad(&format!("FAIL — {}", why.join("; ")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::guard::child::CommandExit;
    use crate::features::guard::report::{self, Setup, Watched};
    use crate::features::guard::sources::WatchedSource;
    use crate::features::guard::timeline::{SourceObservation, Timeline};
    use crate::features::verify::report::{Check, CheckStatus, VerifyReport};
    use crate::judgements::consumers::SourceKind;
    use crate::judgements::mapping_reasons::{Trouble, TroubleField};

    const START: i64 = 1_764_381_600_000;
    const NEW: &str = "chromadb-dev-lambdas-enhanced-compaction";
    const OLD: &str = "chroma-worker-lambda-dev-ed34dbe";

    fn plain(text: &str) -> String {
        anstream::adapter::strip_str(text).to_string()
    }

    fn seen(uuid: &str, function: &str, key: &str, state: MappingState) -> Observed {
        Observed {
            uuid: uuid.into(),
            function_name: function.into(),
            function_arn: format!("arn:aws:lambda:us-east-1:123456789012:function:{function}"),
            function_key: Some(key.into()),
            state,
            troubles: Vec::new(),
            metrics: Vec::new(),
            pollers: None,
        }
    }

    fn source(key: &str, name: Option<&str>) -> WatchedSource {
        WatchedSource {
            source: key.into(),
            kind: SourceKind::Queue,
            name: name.map(str::to_string),
            event_source_arn: name.map(|n| format!("arn:aws:sqs:us-east-1:123456789012:{n}")),
            expected_consumer: "enhanced-compaction".into(),
        }
    }

    /// A deploy that had two consumers on lines for two seconds, while Lambda reported
    /// the words consumer failing; embed-ndjson was not found.
    fn deploy_report() -> GuardReport {
        let sources = vec![
            source("embed-ndjson", None),
            source("lines", Some("chromadb-dev-lines-queue-a")),
            source("words", Some("chromadb-dev-words-queue-b")),
        ];
        let mut timeline = Timeline::new(sources.iter().map(|s| s.source.clone()).collect());
        let failing = Observed {
            troubles: vec![Trouble {
                field: TroubleField::LastProcessingResult,
                reason: "PROBLEM: Function call failed".into(),
            }],
            ..seen("w1", NEW, "enhanced-compaction", MappingState::Enabled)
        };
        let reading = |lines: &[MappingState], words: Observed| -> Vec<SourceObservation> {
            vec![
                None,
                Some(Ok(vec![
                    seen("l1", NEW, "enhanced-compaction", MappingState::Enabled),
                    seen("l2", OLD, "chroma-worker", lines[0].clone()),
                ])),
                Some(Ok(vec![words])),
            ]
        };
        let healthy_words = seen("w1", NEW, "enhanced-compaction", MappingState::Enabled);
        timeline.observe(
            START,
            reading(&[MappingState::Disabled], healthy_words.clone()),
        );
        timeline.observe(
            START + 1_000,
            reading(&[MappingState::Enabled], healthy_words),
        );
        timeline.observe(
            START + 3_000,
            reading(&[MappingState::Disabled], failing.clone()),
        );
        timeline.observe(START + 4_000, reading(&[MappingState::Disabled], failing));
        let watched = Watched {
            started_ms: START,
            ended_ms: START + 4_200,
            command_exit: Some(CommandExit {
                code: Some(0),
                signal: None,
            }),
            command_ended_ms: Some(START + 3_100),
            stable: true,
            interrupted: false,
            outcome: timeline.finish(),
        };
        let verify = VerifyReport::new(
            "dev",
            false,
            vec![Check::new(
                "consumers.lines",
                "one consumer on queue lines",
                CheckStatus::Pass,
                "chromadb-dev-lines-queue-a: chromadb-dev-lambdas-enhanced-compaction (Enabled)",
            )],
        );
        report::build(
            Setup {
                stack: "dev".into(),
                command: Some(vec!["pulumi".into(), "up".into(), "--yes".into()]),
                interval_ms: 1_000,
                until_stable_ms: 1_000,
            },
            sources,
            watched,
            Some(verify),
            None,
        )
    }

    #[test]
    fn guard_report_with_a_window_and_a_problem_lambda_reports() {
        let report = deploy_report();
        assert_eq!((report.status, report.exit_code), (GuardStatus::Failed, 1));
        crate::render::at_widths::snapshots(
            "guard_report_with_a_window_and_a_problem_lambda_reports",
            &[
                "chromadb-dev-lambdas-enhanced-compaction",
                "chroma-worker-lambda-dev-ed34dbe",
                "chromadb-dev-lines-queue-a",
            ],
            |width| render(&report, false, width),
        );
    }

    #[test]
    fn guard_report_as_json() {
        let json = serde_json::to_value(deploy_report()).unwrap();
        assert_eq!(json["started_at"], "2025-11-29T02:00:00.000Z");
        assert_eq!(
            json["command"],
            serde_json::json!(["pulumi", "up", "--yes"])
        );
        let window = &json["windows"][0];
        assert_eq!(window["source"], "lines");
        assert_eq!(window["kind"], "several");
        assert_eq!(window["started_at"], "2025-11-29T02:00:01.000Z");
        assert_eq!(window["ended_at"], "2025-11-29T02:00:03.000Z");
        assert_eq!(window["duration_ms"], 2_000);
        assert_eq!(json["changes"][2]["change"], "trouble");
        assert_eq!(json["sources"][0]["watched"], false);
        assert_eq!(
            json["sources"][1]["consumers_at_end"],
            serde_json::json!([NEW])
        );
        assert_eq!(json["verify"]["status"], "pass");
        assert_eq!(json["status"], "failed");
    }

    #[test]
    fn the_live_line_says_how_many_consumers_and_which() {
        let one = [seen("a", NEW, "enhanced-compaction", MappingState::Enabled)];
        assert_eq!(
            plain(&live_line("lines", &one)),
            "ccx guard │ lines: ✔ 1 consumer: enhanced-compaction"
        );
        let two = [
            seen("a", NEW, "enhanced-compaction", MappingState::Enabled),
            seen("b", OLD, "chroma-worker", MappingState::Enabling),
        ];
        assert_eq!(
            plain(&live_line("lines", &two)),
            "ccx guard │ lines: ✘ 2 consumers: chroma-worker, enhanced-compaction"
        );
        let none = [seen("b", OLD, "chroma-worker", MappingState::Disabled)];
        assert_eq!(
            plain(&live_line("words", &none)),
            "ccx guard │ words: ✘ no consumer"
        );
    }
}
