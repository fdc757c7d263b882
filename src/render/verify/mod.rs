//! The verify checklist: a badge, the check's title in a column, its summary beside it
//! (wrapped under itself) when there is room, else below the title; details below.

mod config_words;
mod consumer_words;
mod drift_words;
mod function_words;
mod invocation_words;
mod json;
mod log_words;
mod mapping_metric_words;
mod metric_source_words;
mod metric_words;
mod queue_words;
mod window_words;
pub mod words;

use crate::features::verify::report::{Check, CheckStatus, NotRun, VerifyReport};
use crate::ui::{style, styled, wrap};

/// The badge and the space after it.
const BADGE: usize = 8;
/// Details and summaries below their title start here.
const BELOW: &str = "         ";
/// A summary beside its title gets at least this many columns, or goes below it.
const BESIDE: usize = 40;

fn badge(status: CheckStatus) -> String {
    match status {
        CheckStatus::Pass => style::ok("✔ pass "),
        CheckStatus::Skip => style::dim("- skip "),
        CheckStatus::Warn => style::warn("! warn "),
        CheckStatus::Fail => style::bad("✘ FAIL "),
        CheckStatus::Error => style::bad("? ERROR"),
    }
}

/// Details are shown for every check that did not pass, and for all with `verbose`;
/// within `width` columns (`None`: each check on one line).
pub fn render(report: &VerifyReport, verbose: bool, width: Option<usize>) -> String {
    let expecting = if report.rolled_back {
        ", expecting the rollback state"
    } else {
        ""
    };
    let mut out = wrap::indented(
        "",
        "  ",
        &style::bold(&format!("ccx verify: stack {}{expecting}", report.stack)),
        width,
    );
    let title_width = report
        .checks
        .iter()
        .map(|c| c.title.chars().count())
        .max()
        .unwrap_or(0);
    for check in &report.checks {
        out.extend(check_lines(check, title_width, width));
        if verbose || !matches!(check.status, CheckStatus::Pass | CheckStatus::Skip) {
            for d in &words::details(&check.finding) {
                out.extend(wrap::indented(
                    BELOW,
                    &format!("{BELOW}  "),
                    &style::dim(d),
                    width,
                ));
            }
        }
    }
    let counts = [
        CheckStatus::Pass,
        CheckStatus::Warn,
        CheckStatus::Fail,
        CheckStatus::Error,
        CheckStatus::Skip,
    ]
    .into_iter()
    .filter(|s| report.count(*s) > 0)
    .map(|s| format!("{} {}", report.count(s), s.as_str()))
    .collect::<Vec<_>>()
    .join(", ");
    let left_out = report.count_not_run(NotRun::Skipped);
    let verdict = match report.status {
        CheckStatus::Pass | CheckStatus::Skip if left_out > 0 => style::ok(&format!(
            "PASS with {left_out} check(s) not run ({})",
            report
                .skipped
                .iter()
                .map(|k| format!("--skip {}", k.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        CheckStatus::Pass | CheckStatus::Skip => style::ok("PASS"),
        CheckStatus::Warn if report.strict => style::bad("WARN (failing: --strict)"),
        CheckStatus::Warn => style::warn("WARN"),
        CheckStatus::Fail => style::bad("FAIL"),
        CheckStatus::Error => style::bad("ERROR: some checks could not run"),
    };
    for hint in &report.hints {
        out.extend(wrap::indented(
            "  hint: ",
            "        ",
            &style::dim(hint),
            width,
        ));
    }
    out.push(String::new());
    out.extend(wrap::indented(
        "",
        "        ",
        &format!("{} {verdict} ({counts})", style::bold("Result:")),
        width,
    ));
    out.join("\n")
}

/// One check: on one line when it fits; else its summary wrapped beside the title when
/// that leaves it room, or below the title.
fn check_lines(check: &Check, title_width: usize, width: Option<usize>) -> Vec<String> {
    let head = format!("{} {:title_width$}  ", badge(check.status), check.title);
    let summary = words::summary(&check.finding);
    let line = format!("{head}{summary}");
    let Some(width) = width else {
        return vec![line];
    };
    if styled::width(&line) <= width {
        return vec![line];
    }
    let column = BADGE + title_width + 2;
    if width.saturating_sub(column) >= BESIDE {
        return wrap::indented(&head, &" ".repeat(column), &summary, Some(width));
    }
    let title = format!("{} {}", badge(check.status), check.title);
    let mut out = wrap::indented("", &" ".repeat(BADGE), &title, Some(width));
    out.extend(wrap::indented(BELOW, BELOW, &summary, Some(width)));
    out
}
