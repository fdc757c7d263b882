//! `rollback` / `switch` across several stacks: every stack planned at once, each plan
//! shown under its heading, one question for all, then each stack applied in turn
//! (break before make, drain, re-read, audit: exactly as alone) until one does not
//! succeed. A plan that is refused or cannot be made anywhere stops the run before
//! anything is written. Ends with what each stack ended as, or one JSON document with
//! a `targets` array holding each stack's own switch document.

use anyhow::Result;

use crate::app::cli::Command;
use crate::app::commands::switch::{self, ApplyArgs, Ended, Prepared};
use crate::app::exit::ExitStatus;
use crate::app::settings::{Context, Settings, SharedQuotas};
use crate::base::error_line::one_line;
use crate::features::switch::conclude;
use crate::features::switch::plan::Mode;
use crate::features::switch::stacks::{self, Go, StackRun, StackState, StacksReport};
use crate::features::views::targets::TargetId;
use crate::render::switch::stacks as words;
use crate::ui::output::Printer;
use crate::ui::prompt::{self, Answer};

/// One stack: its context (a printer that keeps its JSON document for the combined
/// one) and its plan, or why it has none.
struct Stack {
    ctx: Context,
    planned: Result<Prepared>,
}

pub async fn run(
    printer: &Printer,
    targets: Vec<Settings>,
    found: Vec<String>,
    quota: &impl Fn(&Settings) -> SharedQuotas,
    command: &Command,
) -> Result<ExitStatus> {
    let (name, mode, args, force) = match command {
        Command::Switch(a) => (
            "switch",
            Mode::Switch { to: a.to.clone() },
            &a.apply,
            a.force,
        ),
        Command::Rollback(a) => ("rollback", Mode::Rollback, &a.apply, false),
        _ => unreachable!("only rollback and switch change several stacks"),
    };
    if let Command::Switch(a) = command {
        switch::check_to(&a.to)?;
    }
    switch::check_args(args)?;
    for line in &found {
        printer.note(line);
    }
    // Every plan at once: reads only.
    let plans = targets.into_iter().map(|settings| {
        let (mode, quotas) = (mode.clone(), quota(&settings));
        async move {
            let ctx = Context::sharing(settings, printer.capturing_json(), &quotas);
            let planned = switch::prepare(&ctx, mode, args, force).await;
            Stack { ctx, planned }
        }
    });
    let stacks: Vec<Stack> = futures::future::join_all(plans).await;
    for (i, stack) in stacks.iter().enumerate() {
        if i > 0 && !printer.is_json() {
            printer.text("")?;
        }
        show(printer, stack)?;
    }
    // Where each plan ends on its own (None: it goes on to ask and apply); an Err where
    // the plan could not be made.
    let ends: Vec<Result<Option<conclude::Conclusion>, ()>> = stacks
        .iter()
        .map(|s| match &s.planned {
            Ok(p) => Ok(switch::stops_after_plan(&s.ctx, p, args)),
            Err(_) => Err(()),
        })
        .collect();
    let stops: Vec<Result<Option<_>, ()>> = ends
        .iter()
        .map(|end| match end {
            Ok(end) => Ok(end.as_ref().map(|e| e.status)),
            Err(()) => Err(()),
        })
        .collect();
    let go = stacks::decide(&stops);
    let mut runs: Vec<Option<StackRun>> = vec![None; stacks.len()];
    let mut pending: Vec<Option<Stack>> = Vec::new();
    // A stack that stops on its own ends as its plan says, whatever the others do.
    for (i, (stack, end)) in stacks.into_iter().zip(ends).enumerate() {
        match end {
            Ok(None) => {
                pending.push(Some(stack));
                continue;
            }
            Ok(Some(end)) => runs[i] = Some(end_unapplied(stack, end)?),
            Err(()) => runs[i] = Some(unplanned(stack)),
        }
        pending.push(None);
    }
    let to_apply = match go {
        Go::Apply(indices) => indices,
        Go::Stop => Vec::new(),
        Go::Blocked(index) => {
            let why = match runs.get(index).and_then(Option::as_ref) {
                Some(r) if r.state == StackState::Error => {
                    format!("the plan of stack {} could not be made", r.id.stack)
                }
                Some(r) => format!("the plan of stack {} was refused", r.id.stack),
                None => "another stack's plan was refused".to_string(),
            };
            not_started(&mut pending, &mut runs, &why)?;
            Vec::new()
        }
    };
    if !to_apply.is_empty() {
        match ask_once(printer, args, &pending).await? {
            Answer::Yes => apply_in_turn(printer, args, &to_apply, &mut pending, &mut runs).await?,
            answer => {
                let end = switch::unconfirmed(&answer);
                for i in to_apply {
                    if let Some(stack) = pending[i].take() {
                        runs[i] = Some(end_unapplied(stack, end.clone())?);
                    }
                }
            }
        }
    }
    let targets: Vec<StackRun> = runs.into_iter().flatten().collect();
    let report = StacksReport {
        command: name.to_string(),
        found,
        ok: targets.iter().all(|t| t.exit_code == 0),
        targets,
    };
    if printer.is_json() {
        printer.json(&report)?;
    } else {
        printer.text("")?;
        printer.text(&words::summary(&report, printer.width()))?;
    }
    Ok(match report.exit_code() {
        0 => ExitStatus::Success,
        1 => ExitStatus::Failure,
        _ => ExitStatus::Error,
    })
}

/// A stack's heading and plan (text only; in JSON mode the plans go to stderr with
/// the question), or why it has none.
fn show(printer: &Printer, stack: &Stack) -> Result<()> {
    let settings = &stack.ctx.settings;
    match &stack.planned {
        Ok(prepared) => {
            if !printer.is_json() {
                printer.text(&words::heading_at(stack.ctx.stack(), &prepared.destination))?;
            }
            switch::show_plan(&stack.ctx, prepared)
        }
        Err(err) => {
            if !printer.is_json() {
                printer.text(&words::heading(&TargetId {
                    stack: stack.ctx.stack().to_string(),
                    region: settings.aws.region.clone(),
                    account: None,
                    profile: settings.aws.profile.clone(),
                }))?;
            }
            printer.warn(&format!(
                "stack {}: cannot plan: {}",
                stack.ctx.stack(),
                one_line(err)
            ));
            Ok(())
        }
    }
}

/// The one question for every stack that would change; without a terminal, `--yes`.
async fn ask_once(
    printer: &Printer,
    args: &ApplyArgs,
    pending: &[Option<Stack>],
) -> Result<Answer> {
    let planned: Vec<(&str, &Prepared)> = pending
        .iter()
        .flatten()
        .filter_map(|s| Some((s.ctx.stack(), s.planned.as_ref().ok()?)))
        .collect();
    let ask = prompt::BeforeWriting {
        yes: args.yes,
        refusal: switch::refusal_without_a_terminal,
        plan: |width| {
            let each: Vec<String> = planned
                .iter()
                .map(|(stack, p)| {
                    format!(
                        "{}\n{}",
                        words::heading_at(stack, &p.destination),
                        crate::render::switch::plan(&p.plan, &p.destination, width)
                    )
                })
                .collect();
            each.join("\n")
        },
        question: || {
            let asked: Vec<words::Asked> = planned
                .iter()
                .map(|(stack, p)| words::Asked {
                    stack,
                    queues: p.plan.changing().map(|q| q.queue.as_str()).collect(),
                    destination: &p.destination,
                })
                .collect();
            words::question(&asked)
        },
    };
    Ok(prompt::before_writing(printer, ask).await?)
}

/// Applies the stacks in order; the first that does not succeed leaves the rest not
/// started.
async fn apply_in_turn(
    printer: &Printer,
    args: &ApplyArgs,
    to_apply: &[usize],
    pending: &mut [Option<Stack>],
    runs: &mut [Option<StackRun>],
) -> Result<()> {
    for &i in to_apply {
        let Some(Stack { ctx, planned }) = pending[i].take() else {
            continue;
        };
        let prepared = planned?;
        if !printer.is_json() {
            printer.text("")?;
            printer.text(&words::heading_at(ctx.stack(), &prepared.destination))?;
        }
        let before = facts(&ctx, &prepared);
        let ended = switch::apply_confirmed(&ctx, prepared, args).await?;
        let run = stack_run(&ctx, before, ended);
        let succeeded = run.exit_code == 0;
        runs[i] = Some(run);
        if !succeeded {
            let why = format!("stack {} did not succeed", ctx.stack());
            not_started(pending, runs, &why)?;
            break;
        }
    }
    Ok(())
}

/// Every stack still pending ends unapplied, saying `why`.
fn not_started(
    pending: &mut [Option<Stack>],
    runs: &mut [Option<StackRun>],
    why: &str,
) -> Result<()> {
    for (i, slot) in pending.iter_mut().enumerate() {
        if let Some(stack) = slot.take() {
            runs[i] = Some(end_unapplied(stack, conclude::not_started(why))?);
        }
    }
    Ok(())
}

fn end_unapplied(stack: Stack, end: conclude::Conclusion) -> Result<StackRun> {
    let Stack { ctx, planned } = stack;
    match planned {
        Ok(prepared) => {
            let before = facts(&ctx, &prepared);
            let ended = switch::end_unapplied(&ctx, prepared, end)?;
            Ok(stack_run(&ctx, before, ended))
        }
        Err(err) => Ok(unplanned(Stack {
            ctx,
            planned: Err(err),
        })),
    }
}

/// What a stack's row needs from its plan, taken before the plan is consumed.
struct Facts {
    region: Option<String>,
    account: Option<String>,
    profile: Option<String>,
    queues: Vec<String>,
}

fn facts(ctx: &Context, prepared: &Prepared) -> Facts {
    let d = &prepared.destination;
    Facts {
        region: Some(d.region.clone()),
        account: d.account.clone(),
        profile: d
            .profile
            .clone()
            .or_else(|| ctx.settings.aws.profile.clone()),
        queues: prepared.plan.changing().map(|q| q.queue.clone()).collect(),
    }
}

fn stack_run(ctx: &Context, facts: Facts, ended: Ended) -> StackRun {
    StackRun {
        id: TargetId {
            stack: ctx.stack().to_string(),
            region: facts.region,
            account: facts.account,
            profile: facts.profile,
        },
        state: StackState::of(ended.status, ended.ok),
        queues: facts.queues,
        exit_code: if ended.ok { 0 } else { 1 },
        error: None,
        document: ctx.printer.captured().and_then(|c| c.json),
    }
}

/// A stack whose plan could not be made: its error, exit code 2.
fn unplanned(stack: Stack) -> StackRun {
    let settings = &stack.ctx.settings;
    StackRun {
        id: TargetId {
            stack: stack.ctx.stack().to_string(),
            region: settings.aws.region.clone(),
            account: None,
            profile: settings.aws.profile.clone(),
        },
        state: StackState::Error,
        queues: Vec::new(),
        exit_code: 2,
        error: stack.planned.err().map(|e| one_line(&e)),
        document: None,
    }
}
