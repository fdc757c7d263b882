//! Text for `rollback` / `switch` across several stacks: a heading over each stack's
//! plan and run, the one question, and the closing table of what each stack ended as.

use crate::aws::destination::Destination;
use crate::features::switch::stacks::{StackRun, StackState, StacksReport};
use crate::features::views::targets::TargetId;
use crate::ui::{style, table};

/// `── prod · eu-west-1 · 123456789012 (profile ops) ──`: over a stack's plan and run.
pub fn heading(id: &TargetId) -> String {
    style::bold(&format!("── {} ──", crate::render::targets::name(id)))
}

/// The heading of a stack whose plan was made.
pub fn heading_at(stack: &str, d: &Destination) -> String {
    heading(&TargetId {
        stack: stack.to_string(),
        region: Some(d.region.clone()),
        account: d.account.clone(),
        profile: d.profile.clone(),
    })
}

/// What a stack's plan changes, for the one question.
pub struct Asked<'a> {
    pub stack: &'a str,
    pub queues: Vec<&'a str>,
    pub destination: &'a Destination,
}

/// `Switch 3 queues in 2 stacks: dev (lines, words; account …) and prod (lines; …)? [y/N]`
pub fn question(asked: &[Asked]) -> String {
    let queues: usize = asked.iter().map(|a| a.queues.len()).sum();
    let each: Vec<String> = asked
        .iter()
        .map(|a| {
            format!(
                "{} ({}; {})",
                a.stack,
                a.queues.join(", "),
                crate::render::destination::short(a.destination)
            )
        })
        .collect();
    format!(
        "Switch {queues} queue{} in {} stack{}, one stack after another: {}? [y/N]",
        if queues == 1 { "" } else { "s" },
        asked.len(),
        if asked.len() == 1 { "" } else { "s" },
        join_and(&each)
    )
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The closing table: a row per stack, in order.
pub fn summary(report: &StacksReport, width: Option<usize>) -> String {
    let mut out = String::new();
    let n = report.targets.len();
    out.push_str(&style::bold(&format!(
        "ccx {} on {n} stack{}",
        report.command,
        if n == 1 { "" } else { "s" }
    )));
    out.push('\n');
    let mut t = table::new(["STACK", "REGION", "ACCOUNT", "STATE", "QUEUES"]);
    for run in &report.targets {
        t.add_row([
            run.id.stack.clone(),
            run.id.region.clone().unwrap_or_else(|| style::dim("-")),
            crate::render::targets::account(&run.id),
            state(run.state),
            queues(run),
        ]);
    }
    out.push_str(&table::render(&t, width));
    out
}

fn state(state: StackState) -> String {
    let word = state.as_str();
    match state {
        StackState::Applied | StackState::NothingToDo => style::ok(word),
        StackState::DryRun => word.to_string(),
        StackState::NotStarted | StackState::Declined => style::warn(word),
        StackState::Failed | StackState::Refused | StackState::Error => {
            style::bad(&word.to_uppercase())
        }
    }
}

fn queues(run: &StackRun) -> String {
    match &run.error {
        Some(error) => error.lines().next().unwrap_or_default().to_string(),
        None if run.queues.is_empty() => style::dim("-"),
        None => run.queues.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::destination::CredentialSource;

    fn at(account: &str) -> Destination {
        Destination {
            account: Some(account.into()),
            caller_arn: None,
            caller_error: None,
            region: "us-east-1".into(),
            profile: None,
            credentials: CredentialSource::Environment,
            endpoint: None,
        }
    }

    #[test]
    fn the_question_names_every_stack_its_queues_and_where_they_are() {
        let (dev, prod) = (at("111111111111"), at("222222222222"));
        let q = crate::ui::styled::plain(&question(&[
            Asked {
                stack: "dev",
                queues: vec!["lines", "words"],
                destination: &dev,
            },
            Asked {
                stack: "prod",
                queues: vec!["lines"],
                destination: &prod,
            },
        ]));
        assert!(q.starts_with("Switch 3 queues in 2 stacks"), "{q}");
        assert!(q.contains("dev (lines, words; account 111111111111"), "{q}");
        assert!(q.contains(" and prod (lines; account 222222222222"), "{q}");
        assert!(q.ends_with("? [y/N]"), "{q}");
    }
}
