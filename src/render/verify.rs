//! The verify checklist.

use crate::features::verify::report::{CheckStatus, NotRun, VerifyReport};
use crate::ui::style;

fn badge(status: CheckStatus) -> String {
    match status {
        CheckStatus::Pass => style::ok("✔ pass "),
        CheckStatus::Skip => style::dim("- skip "),
        CheckStatus::Warn => style::warn("! warn "),
        CheckStatus::Fail => style::bad("✘ FAIL "),
        CheckStatus::Error => style::bad("? ERROR"),
    }
}

/// Details are shown for every check that did not pass, and for all with `verbose`.
pub fn render(report: &VerifyReport, verbose: bool) -> String {
    let expecting = if report.rolled_back {
        ", expecting the rollback state"
    } else {
        ""
    };
    let mut out = vec![style::bold(&format!(
        "ccx verify: stack {}{expecting}",
        report.stack
    ))];
    let width = report
        .checks
        .iter()
        .map(|c| c.title.chars().count())
        .max()
        .unwrap_or(0);
    for check in &report.checks {
        out.push(format!(
            "{} {:width$}  {}",
            badge(check.status),
            check.title,
            check.summary
        ));
        if verbose || !matches!(check.status, CheckStatus::Pass | CheckStatus::Skip) {
            for d in &check.details {
                out.push(style::dim(&format!("         {d}")));
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
    out.push(String::new());
    out.push(format!("{} {verdict} ({counts})", style::bold("Result:")));
    out.join("\n")
}
