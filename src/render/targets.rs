//! The combined result of a command run against several targets: a summary table with a
//! row per stack × region × account, then the full output of each target that did not
//! pass.

use crate::features::views::targets::{TargetId, TargetResult, TargetsReport};
use crate::ui::{style, table};

pub fn render(report: &TargetsReport, width: Option<usize>) -> String {
    let mut out = String::new();
    for line in &report.found {
        out.push_str(&style::dim(line));
        out.push('\n');
    }
    out.push_str(&style::bold(&format!(
        "ccx {} on {} target{}",
        report.command,
        report.targets.len(),
        if report.targets.len() == 1 { "" } else { "s" }
    )));
    out.push('\n');
    let mut t = table::new(["STACK", "REGION", "ACCOUNT", "VERDICT", "FAILING"]);
    for target in &report.targets {
        t.add_row([
            target.id.stack.clone(),
            target.id.region.clone().unwrap_or_else(|| style::dim("-")),
            account(&target.id),
            verdict(target),
            failing(target),
        ]);
    }
    out.push_str(&table::render(&t, width));
    for target in report.targets.iter().filter(|t| t.exit_code != 0) {
        out.push_str(&format!(
            "\n{}\n",
            style::bold(&format!("── {} ──", name(&target.id)))
        ));
        if let Some(error) = &target.error {
            out.push_str(&format!("{} {error}\n", style::bad("could not run:")));
        }
        out.push_str(&target.text);
        if !target.text.is_empty() && !target.text.ends_with('\n') {
            out.push('\n');
        }
        for line in &target.stderr {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// `prod · eu-west-1 · 123456789012 (profile ops)`.
pub fn name(id: &TargetId) -> String {
    let mut parts = vec![id.stack.clone()];
    parts.extend(id.region.clone());
    parts.extend(id.account.clone());
    let mut text = parts.join(" · ");
    if let Some(profile) = &id.profile {
        text.push_str(&format!(" (profile {profile})"));
    }
    text
}

/// The ACCOUNT cell: the account STS named, else the profile, else `?`.
pub fn account(id: &TargetId) -> String {
    match (&id.account, &id.profile) {
        (Some(account), _) => account.clone(),
        (None, Some(profile)) => style::dim(&format!("profile {profile}")),
        (None, None) => style::dim("?"),
    }
}

fn verdict(target: &TargetResult) -> String {
    match target.exit_code {
        0 => style::ok("pass"),
        1 => style::bad("PROBLEMS"),
        _ => style::bad("ERROR"),
    }
}

fn failing(target: &TargetResult) -> String {
    if let Some(error) = &target.error {
        return first_line(error);
    }
    if target.failing.is_empty() {
        return if target.exit_code == 0 {
            String::new()
        } else {
            "see below".into()
        };
    }
    target.failing.join(", ")
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut chars = line.chars();
    let short: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}
