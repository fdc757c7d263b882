//! How a switch run ends, decided from data alone: its status, whether it holds (the
//! exit code, also in the audit record), the IaC steps to show, and what to tell the
//! operator. The command only carries these out.

use crate::base::topology::IacSpec;
use crate::features::switch::next_deploy::{self, NextDeploy};
use crate::features::switch::plan::{Action, RefusalCode, SwitchPlan, TargetRole};
use crate::features::switch::report::{ApplyReport, QueueOutcome, SourceState, Status};

/// Something to tell the operator on stderr, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Hidden by `--quiet`.
    Note(String),
    /// Shown even with `--quiet`.
    Warning(String),
    /// Indented text shown even with `--quiet` (IaC steps).
    Block(String),
}

/// How the run ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conclusion {
    pub status: Status,
    /// Everything the plan covered holds: exit code 0.
    pub ok: bool,
    /// The IaC changes that make the switch permanent (or replace it when refused).
    pub iac_steps: Option<String>,
    /// Told after the report's tables.
    pub messages: Vec<Message>,
}

impl Conclusion {
    pub fn exit_code(&self) -> u8 {
        if self.ok { 0 } else { 1 }
    }
}

/// After the plan is shown: the conclusion when the run stops there (a target is
/// missing, nothing to change, every change refused, `--dry-run`), or None when it
/// goes on to ask the operator and apply. `next`: what the next deploy makes of the
/// plan, when an IaC source is configured (a dry run tells it).
pub fn after_plan(
    iac: &IacSpec,
    plan: &SwitchPlan,
    dry_run: bool,
    next: Option<&NextDeploy>,
) -> Option<Conclusion> {
    let no_refusals = plan.refusals().next().is_none();
    let mut messages = Vec::new();
    if let Some(blocked) = plan.blocked() {
        let iac_steps = iac_steps(iac, Some(blocked.target_role)).map(str::to_string);
        let reason = match &blocked.action {
            Action::Refuse { reason, .. } => reason.as_str(),
            _ => "a target function is missing",
        };
        messages.push(Message::Warning(format!(
            "refused, nothing changed: {reason}"
        )));
        messages.push(Message::Block(match &iac_steps {
            Some(steps) => format!(
                "Switch consumers through the IaC instead:\n{}",
                steps.trim_end()
            ),
            None => {
                "Switch consumers through the IaC instead: declare the wanted consumer and deploy."
                    .to_string()
            }
        }));
        return Some(stopped(Status::Refused, false, iac_steps, messages));
    }
    if plan.changing().next().is_none() {
        if no_refusals {
            messages.push(Message::Note(
                "Nothing to change: every queue already has its target as the only enabled consumer."
                    .to_string(),
            ));
            return Some(stopped(Status::NothingToDo, true, None, messages));
        }
        messages.push(Message::Warning(
            "nothing changed: every queue that needed a change was refused (see the plan)"
                .to_string(),
        ));
        let iac_steps = refusal_iac(iac, plan, &mut messages);
        return Some(stopped(Status::Refused, false, iac_steps, messages));
    }
    if dry_run {
        if let Some(next) = next {
            tell_next_deploy(next, iac_steps(iac, plan.direction()), &mut messages);
        }
        messages.push(Message::Note("Dry run: nothing changed.".to_string()));
        return Some(stopped(Status::DryRun, no_refusals, None, messages));
    }
    None
}

/// The operator answered no.
pub fn declined() -> Conclusion {
    stopped(
        Status::Declined,
        false,
        None,
        vec![Message::Warning(
            "not confirmed; nothing changed".to_string(),
        )],
    )
}

/// One stack of several, left as it was: `why` says which other stack stopped the run.
pub fn not_started(why: &str) -> Conclusion {
    stopped(
        Status::NotStarted,
        false,
        None,
        vec![Message::Warning(format!(
            "not started: {why}; nothing changed"
        ))],
    )
}

/// A signal came while the question waited for its answer (`why`: which).
pub fn interrupted_at_question(why: &str) -> Conclusion {
    stopped(
        Status::Declined,
        false,
        None,
        vec![Message::Warning(format!("{why}: nothing changed"))],
    )
}

/// After the plan was applied: `result` from the executor, `after` every topology
/// source re-read (empty when the re-read failed, which fails the run: nothing is
/// known to hold); `next` what the next deploy makes of `after`, when an IaC source is
/// configured (else the warning says what the topology expects the IaC to declare).
pub fn conclude(
    iac: &IacSpec,
    plan: &SwitchPlan,
    result: &ApplyReport,
    after: &[SourceState],
    next: Option<&NextDeploy>,
) -> Conclusion {
    let no_refusals = plan.refusals().next().is_none();
    let checks_hold = !after.is_empty() && after.iter().filter(|s| s.in_scope).all(|s| !s.problem);
    let switched_any = result
        .queues
        .iter()
        .any(|q| q.outcome == QueueOutcome::Switched);
    let mut messages = Vec::new();
    let iac_steps = if switched_any {
        let steps = iac_steps(iac, plan.direction()).map(str::to_string);
        match next {
            Some(next) => tell_next_deploy(next, steps.as_deref(), &mut messages),
            None => warn_iac(plan, steps.as_deref(), &mut messages),
        }
        let gone: Vec<&str> = plan
            .refusals()
            .filter(|q| is_gone(&q.action))
            .map(|q| q.queue.as_str())
            .collect();
        if !gone.is_empty() {
            messages.push(Message::Warning(format!(
                "{} could not be switched by ccx (the target or its mapping is gone); the IaC change above switches it too",
                gone.join(", ")
            )));
        }
        steps
    } else {
        refusal_iac(iac, plan, &mut messages)
    };
    Conclusion {
        status: Status::Applied,
        ok: no_refusals && result.ok() && checks_hold,
        iac_steps,
        messages,
    }
}

fn stopped(
    status: Status,
    ok: bool,
    iac_steps: Option<String>,
    messages: Vec<Message>,
) -> Conclusion {
    Conclusion {
        status,
        ok,
        iac_steps,
        messages,
    }
}

/// The IaC steps for switches towards `role`, if the topology has any.
fn iac_steps(iac: &IacSpec, role: Option<TargetRole>) -> Option<&str> {
    let text = match role? {
        TargetRole::Fallback => &iac.rollback,
        TargetRole::Consumer => &iac.forward,
        TargetRole::Other => return None,
    };
    Some(text.as_str()).filter(|t| !t.trim().is_empty())
}

/// When a queue was refused because its target or the target's mapping is gone, the
/// IaC is the way to switch it: tell those steps; returns them.
fn refusal_iac(iac: &IacSpec, plan: &SwitchPlan, messages: &mut Vec<Message>) -> Option<String> {
    let refused = plan.refusals().find(|q| is_gone(&q.action))?;
    let steps = iac_steps(iac, Some(refused.target_role))?;
    messages.push(Message::Warning(format!(
        "{} cannot be switched by ccx; switch it through the IaC instead:",
        refused.queue
    )));
    messages.push(Message::Block(steps.trim_end().to_string()));
    Some(steps.to_string())
}

/// A refusal because the target function or its mapping no longer exists.
fn is_gone(action: &Action) -> bool {
    matches!(
        action,
        Action::Refuse {
            code: RefusalCode::FunctionMissing | RefusalCode::NoMapping,
            ..
        }
    )
}

/// What the next deploy does to this switch, as far as ccx knows: the IaC is expected
/// to declare what the topology expects (ccx does not read the IaC), so a switch to the
/// topology's consumer matches it, and a rollback to the fallback, or a switch to a
/// function the topology does not expect, is undone by the next deploy unless the IaC
/// changes too. Only that is said, with the steps.
fn warn_iac(plan: &SwitchPlan, steps: Option<&str>, messages: &mut Vec<Message>) {
    let mut expected: Vec<&str> = plan
        .changing()
        .filter_map(|q| q.expected_consumer.as_deref())
        .collect();
    expected.sort_unstable();
    expected.dedup();
    let queues = plan
        .changing()
        .map(|q| q.queue.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let mut targets: Vec<&str> = plan.changing().map(|q| q.target_label()).collect();
    targets.sort_unstable();
    targets.dedup();
    let targets = targets.join(", ");
    match plan.direction() {
        Some(TargetRole::Consumer) => {
            messages.push(Message::Note(format!(
                "{targets} is the consumer the topology expects on {queues}, which is what the \
                 IaC is expected to declare: the next deploy keeps this switch if the IaC does."
            )));
            messages.push(Message::Block(match steps {
                Some(steps) => format!(
                    "If the IaC still declares the old consumer, make it match:\n{}",
                    steps.trim_end()
                ),
                None => "If the IaC still declares the old consumer, change it to declare the new one, then deploy.".to_string(),
            }));
        }
        direction => {
            let expected = if expected.is_empty() {
                "another consumer".to_string()
            } else {
                expected.join(", ")
            };
            let what = if direction == Some(TargetRole::Fallback) {
                "this rollback to the fallback"
            } else {
                "this switch"
            };
            messages.push(Message::Warning(format!(
                "the topology expects {expected} on {queues}, and so the IaC is expected to \
                 declare it: the next deploy will undo {what} unless the IaC changes too."
            )));
            messages.push(Message::Block(match steps {
                Some(steps) => format!("Make it permanent:\n{}", steps.trim_end()),
                None => {
                    "Make it permanent: change the IaC to declare the new consumer, then deploy."
                        .to_string()
                }
            }));
        }
    }
}

/// What the next deploy does, computed from the IaC's declaration: a note for the
/// queues it keeps, a warning per queue it changes, naming the resources to change,
/// then the topology's steps to make it permanent.
fn tell_next_deploy(next: &NextDeploy, steps: Option<&str>, messages: &mut Vec<Message>) {
    let kept: Vec<&str> = next
        .queues
        .iter()
        .filter(|q| q.keeps)
        .map(|q| q.queue.as_str())
        .collect();
    if !kept.is_empty() {
        messages.push(Message::Note(format!(
            "The IaC ({}) already declares this on {}: the next deploy keeps it.",
            next.iac,
            kept.join(", ")
        )));
    }
    for q in next.queues.iter().filter(|q| !q.keeps) {
        let change = if q.effect.resources.is_empty() {
            "declare the new consumer in the IaC to keep it".to_string()
        } else {
            format!("change these resources: {}", q.effect.resources.join(", "))
        };
        messages.push(Message::Warning(format!(
            "{} ({}): {change}",
            next_deploy::sentence(q),
            next.iac
        )));
    }
    if !next.keeps {
        messages.push(Message::Block(match steps {
            Some(steps) => format!("Make it permanent:\n{}", steps.trim_end()),
            None => {
                "Make it permanent: change those resources in the IaC to declare the new consumer, then deploy."
                    .to_string()
            }
        }));
    }
}

#[cfg(test)]
mod tests;
