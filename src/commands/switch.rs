//! `ccx switch` and `ccx rollback`: plan → show → ask → apply → re-read → report.
//! The plan is pure (`switch::plan`), the break-before-make executor is
//! `switch::executor`, the audit line `switch::audit`; this file wires them together.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::{Result, bail};
use clap::Args;

use crate::aws::Aws;
use crate::consumers::{self, Source};
use crate::exit::ExitStatus;
use crate::settings::Context;
use crate::state::{functions, mappings, queues};
use crate::switch::audit::{self, AuditRecord, Caller};
use crate::switch::executor::{Executor, Timing};
use crate::switch::plan::{self, Action, Mode, RefusalCode, SwitchPlan, TargetRole};
use crate::switch::progress::{Progress, ProgressMode};
use crate::switch::report::{QueueOutcome, SourceState, Status, SwitchReport};
use crate::switch::signals;
use crate::topology::Topology;

/// Flags shared by `switch` and `rollback`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Only this topology queue (repeatable) [default: rollback: every queue with a
    /// fallback; switch: every queue whose consumer or fallback is the target]
    #[arg(long = "queue", value_name = "NAME")]
    pub queues: Vec<String>,

    /// Show the plan and stop; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Apply without asking (required when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Bound of each wait for a mapping to reach Enabled/Disabled
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = humantime::parse_duration)]
    pub timeout: Duration,

    /// Create the target's mapping where it has none, copying batch size, batching
    /// window, maximum concurrency and response types from the mapping it replaces
    #[arg(long)]
    pub create_missing: bool,

    /// Append the audit record to this file [default: $XDG_STATE_HOME/ccx/audit.jsonl]
    #[arg(long, env = "CCX_AUDIT_LOG", value_name = "PATH")]
    pub audit_log: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SwitchArgs {
    /// The function to make the only enabled consumer: a topology key
    /// (`enhanced-compaction`) or a real function name
    #[arg(long, value_name = "FUNCTION")]
    pub to: String,

    #[command(flatten)]
    pub apply: ApplyArgs,
}

#[derive(Debug, Args)]
pub struct RollbackArgs {
    #[command(flatten)]
    pub apply: ApplyArgs,
}

pub async fn run(ctx: &Context, args: &SwitchArgs) -> Result<ExitStatus> {
    if args.to.trim().is_empty() {
        bail!(
            "--to needs a function: a topology key (e.g. `enhanced-compaction`) or a function name"
        );
    }
    execute(
        ctx,
        Mode::Switch {
            to: args.to.clone(),
        },
        &args.apply,
    )
    .await
}

pub async fn rollback(ctx: &Context, args: &RollbackArgs) -> Result<ExitStatus> {
    execute(ctx, Mode::Rollback, &args.apply).await
}

async fn execute(ctx: &Context, mode: Mode, args: &ApplyArgs) -> Result<ExitStatus> {
    if args.timeout.is_zero() {
        bail!("--timeout must be more than zero (e.g. 90s, 5m)");
    }
    let topology = ctx.topology();
    let stack = ctx.stack();
    let wanted = plan::scope(topology, stack, &mode, &args.queues).map_err(anyhow::Error::msg)?;
    let aws = ctx.aws().await?;

    // Every planning read at once, and who we are (for the audit log) alongside.
    let reads = async {
        tokio::try_join!(
            mappings::list_mappings(&aws),
            queues::list_queue_urls(&aws),
            functions::list_function_names(&aws),
        )
    };
    let (reads, caller) = tokio::join!(reads, audit::caller_identity(&aws));
    let (all_mappings, queue_urls, function_names) = reads?;
    let queue_names: Vec<String> = queue_urls
        .iter()
        .map(|u| crate::aws::arn::queue_name_from_url(u).to_string())
        .collect();
    let mut sources =
        consumers::group_by_source(topology, stack, &queue_names, &all_mappings, false)?;
    if args.create_missing {
        fill_queue_arns(&aws, &mut sources, &wanted, &queue_urls).await?;
    }
    let mut targets = Vec::new();
    for w in &wanted {
        let target = plan::resolve_target(topology, stack, &function_names, &w.target)
            .map_err(anyhow::Error::msg)?;
        targets.push((w.queue.clone(), target));
    }
    let plan = plan::build(
        topology,
        stack,
        mode,
        &sources,
        &targets,
        args.create_missing,
    );
    let no_refusals = plan.refusals().next().is_none();

    let mut report = SwitchReport {
        stack: stack.to_string(),
        region: aws.region.clone(),
        status: Status::DryRun,
        ok: no_refusals,
        plan,
        result: None,
        after: Vec::new(),
        audit_log: None,
        iac_steps: None,
    };
    let json = ctx.printer.is_json();
    if !json {
        ctx.printer
            .text(&crate::render::switch::plan(&report.plan))?;
    }

    if let Some(blocked) = report.plan.blocked() {
        let role = blocked.target_role;
        report.status = Status::Refused;
        report.ok = false;
        report.iac_steps = iac_steps(topology, Some(role)).map(str::to_string);
        ctx.printer.warn(&format!(
            "refused, nothing changed: {}",
            match &blocked.action {
                Action::Refuse { reason, .. } => reason.as_str(),
                _ => "a target function is missing",
            }
        ));
        match &report.iac_steps {
            Some(steps) => print_block(&format!(
                "Switch consumers through the IaC instead:\n{}",
                steps.trim_end()
            )),
            None => print_block(
                "Switch consumers through the IaC instead: declare the wanted consumer and deploy.",
            ),
        }
        return finish(ctx, &report);
    }
    if report.plan.changing().next().is_none() {
        report.status = if report.ok {
            Status::NothingToDo
        } else {
            Status::Refused
        };
        if report.ok {
            ctx.printer.note("Nothing to change: every queue already has its target as the only enabled consumer.");
        } else {
            ctx.printer.warn(
                "nothing changed: every queue that needed a change was refused (see the plan)",
            );
            report.iac_steps = refusal_iac(ctx, topology, &report.plan);
        }
        return finish(ctx, &report);
    }
    if args.dry_run {
        ctx.printer.note("Dry run: nothing changed.");
        return finish(ctx, &report);
    }
    if !ask_operator(ctx, args, &report.plan).await? {
        report.status = Status::Declined;
        report.ok = false;
        ctx.printer.warn("not confirmed; nothing changed");
        return finish(ctx, &report);
    }

    // Apply, with Ctrl-C, SIGTERM and SIGHUP turned into "finish this queue, then stop".
    let progress = Progress::new(progress_mode(ctx));
    let interrupted = Arc::new(AtomicBool::new(false));
    let watcher = signals::watch_interrupts(interrupted.clone(), progress.clone());
    let started_at = jiff::Timestamp::now();
    let executor = Executor {
        api: &aws,
        timing: Timing::new(args.timeout),
        progress,
        interrupted,
    };
    let result = executor.run(&report.plan).await;
    watcher.abort();

    // Re-read and re-check every topology source.
    let in_scope: Vec<&str> = report
        .plan
        .queues
        .iter()
        .map(|q| q.queue.as_str())
        .collect();
    match reread(ctx, &aws, topology, stack, &in_scope).await {
        Ok(after) => report.after = after,
        Err(err) => ctx.printer.warn(&format!(
            "cannot re-read the mappings after the switch: {err:#}"
        )),
    }
    let checks_hold = !report.after.is_empty()
        && report
            .after
            .iter()
            .filter(|s| s.in_scope)
            .all(|s| !s.problem);
    report.ok = report.ok && result.ok() && checks_hold;
    report.status = Status::Applied;
    let switched_any = result
        .queues
        .iter()
        .any(|q| q.outcome == QueueOutcome::Switched);
    if switched_any {
        report.iac_steps = iac_steps(topology, report.plan.direction()).map(str::to_string);
    }

    // The audit line: one per applied switch.
    let (caller, caller_error): (Option<Caller>, Option<String>) = match caller {
        Ok(c) => (Some(c), None),
        Err(e) => (None, Some(e.to_string())),
    };
    match args.audit_log.clone().or_else(audit::default_path) {
        Some(path) => {
            let record = AuditRecord {
                time: started_at.to_string(),
                ccx_version: env!("CARGO_PKG_VERSION"),
                caller: caller.as_ref(),
                caller_error,
                region: &report.region,
                stack: &report.stack,
                plan: &report.plan,
                result: &result,
                outcome: result.summary(),
                exit_code: if report.ok { 0 } else { 1 },
            };
            match audit::append(&path, &record) {
                Ok(()) => report.audit_log = Some(path),
                Err(err) => ctx
                    .printer
                    .warn(&format!("the audit record was not written: {err:#}")),
            }
        }
        None => ctx
            .printer
            .warn("no state directory for the audit log; pass --audit-log PATH"),
    }
    report.result = Some(result);

    if !json {
        if let Some(result) = &report.result {
            ctx.printer
                .text(&crate::render::switch::outcome(&report.plan, result))?;
        }
        if !report.after.is_empty() {
            ctx.printer
                .text(&crate::render::switch::after(&report.after))?;
        }
        if let Some(path) = &report.audit_log {
            ctx.printer
                .note(&format!("Audit record appended to {}", path.display()));
        }
    }
    if switched_any {
        warn_iac(ctx, &report);
        let refused: Vec<&str> = report
            .plan
            .refusals()
            .filter(|q| is_gone(&q.action))
            .map(|q| q.queue.as_str())
            .collect();
        if !refused.is_empty() {
            ctx.printer.warn(&format!(
                "{} could not be switched by ccx (the target or its mapping is gone); the IaC change above switches it too",
                refused.join(", ")
            ));
        }
    } else if let Some(steps) = refusal_iac(ctx, topology, &report.plan) {
        report.iac_steps = Some(steps);
    }
    finish(ctx, &report)
}

/// Prints the JSON report (in JSON mode) and turns `ok` into the exit status.
fn finish(ctx: &Context, report: &SwitchReport) -> Result<ExitStatus> {
    if ctx.printer.is_json() {
        ctx.printer.json(report)?;
    }
    Ok(ExitStatus::from_ok(report.ok))
}

fn iac_steps(topology: &Topology, role: Option<TargetRole>) -> Option<&str> {
    let text = match role? {
        TargetRole::Fallback => &topology.iac.rollback,
        TargetRole::Consumer => &topology.iac.forward,
        TargetRole::Other => return None,
    };
    Some(text.as_str()).filter(|t| !t.trim().is_empty())
}

/// When a queue was refused because its target or the target's mapping is gone, the
/// IaC is the way to switch it: print those steps; returns them.
fn refusal_iac(ctx: &Context, topology: &Topology, plan: &SwitchPlan) -> Option<String> {
    let refused = plan.refusals().find(|q| is_gone(&q.action))?;
    let steps = iac_steps(topology, Some(refused.target_role))?;
    ctx.printer.warn(&format!(
        "{} cannot be switched by ccx; switch it through the IaC instead:",
        refused.queue
    ));
    print_block(steps.trim_end());
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

/// The next deploy restores what the IaC declares: say so, with the steps.
fn warn_iac(ctx: &Context, report: &SwitchReport) {
    let mut replaced: Vec<&str> = report
        .plan
        .changing()
        .flat_map(|q| q.action.disable().iter().map(|m| m.function_name.as_str()))
        .collect();
    replaced.sort_unstable();
    replaced.dedup();
    let queues: Vec<&str> = report.plan.changing().map(|q| q.queue.as_str()).collect();
    let others = if replaced.is_empty() {
        "the previous consumer".to_string()
    } else {
        replaced.join(", ")
    };
    ctx.printer.warn(&format!(
        "the IaC still declares {others} as the consumer of {}; the next deploy will undo this switch unless the IaC changes too.",
        queues.join(", ")
    ));
    match &report.iac_steps {
        Some(steps) => print_block(&format!("Make it permanent:\n{}", steps.trim_end())),
        None => print_block(
            "Make it permanent: change the IaC to declare the new consumer, then deploy.",
        ),
    }
}

/// Text on stderr that `--quiet` does not hide (refusals and IaC steps matter).
fn print_block(text: &str) {
    use std::io::Write;
    let mut err = anstream::stderr();
    for line in text.lines() {
        let _ = writeln!(err, "  {line}");
    }
}

fn progress_mode(ctx: &Context) -> ProgressMode {
    if ctx.printer.quiet {
        ProgressMode::Hidden
    } else if std::io::stderr().is_terminal() {
        ProgressMode::Spinner
    } else {
        ProgressMode::Lines
    }
}

/// Ask on a terminal (default no); without one, only `--yes` applies.
async fn ask_operator(ctx: &Context, args: &ApplyArgs, plan: &SwitchPlan) -> Result<bool> {
    if args.yes {
        return Ok(true);
    }
    let not_terminal = match (
        std::io::stdin().is_terminal(),
        std::io::stderr().is_terminal(),
    ) {
        (true, true) => None,
        (false, true) => Some("stdin is not a terminal"),
        (true, false) => Some("stderr (where the question goes) is not a terminal"),
        (false, false) => Some("stdin and stderr are not terminals"),
    };
    if let Some(which) = not_terminal {
        bail!(
            "not applying the plan without confirmation: {which}; pass --yes to apply it (--dry-run only shows it); nothing changed"
        );
    }
    let queues: Vec<&str> = plan.changing().map(|q| q.queue.as_str()).collect();
    {
        use std::io::Write;
        let mut err = anstream::stderr();
        if ctx.printer.is_json() {
            // stdout carries the JSON; the operator still sees what they answer about.
            let _ = writeln!(err, "{}", crate::render::switch::plan(plan));
        }
        let _ = write!(
            err,
            "Switch {} ({}) in stack {}? [y/N] ",
            if queues.len() == 1 {
                "1 queue".to_string()
            } else {
                format!("{} queues", queues.len())
            },
            queues.join(", "),
            ctx.stack()
        );
        let _ = err.flush();
    }
    let answer = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map(|_| line)
    })
    .await??;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// With `--create-missing`, a queue without any mapping still needs its ARN.
async fn fill_queue_arns(
    aws: &Aws,
    sources: &mut [Source],
    wanted: &[plan::Wanted],
    urls: &[String],
) -> Result<()> {
    for source in sources.iter_mut() {
        let in_scope = source
            .key
            .as_ref()
            .is_some_and(|k| wanted.iter().any(|w| &w.queue == k));
        let (Some(name), None, true) = (&source.name, &source.event_source_arn, in_scope) else {
            continue;
        };
        let Some(url) = urls
            .iter()
            .find(|u| crate::aws::arn::queue_name_from_url(u) == name)
        else {
            continue;
        };
        source.event_source_arn = queues::queue_attributes(aws, url).await?.arn;
    }
    Ok(())
}

/// Every topology source, re-read and judged by the one-consumer rule.
async fn reread(
    ctx: &Context,
    aws: &Aws,
    topology: &Topology,
    stack: &str,
    in_scope: &[&str],
) -> Result<Vec<SourceState>> {
    let (all, urls) = tokio::try_join!(mappings::list_mappings(aws), queues::list_queue_urls(aws))?;
    let names: Vec<String> = urls
        .iter()
        .map(|u| crate::aws::arn::queue_name_from_url(u).to_string())
        .collect();
    let sources = consumers::group_by_source(topology, stack, &names, &all, false)?;
    ctx.printer
        .debug(&format!("re-read {} mappings after the switch", all.len()));
    Ok(sources
        .iter()
        .filter_map(|s| SourceState::of(s, in_scope))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iac_steps_follow_the_direction() {
        let t = Topology::builtin();
        assert!(
            iac_steps(&t, Some(TargetRole::Fallback))
                .unwrap()
                .contains("enable_enhanced_sqs_mappings=False")
        );
        assert!(
            iac_steps(&t, Some(TargetRole::Consumer))
                .unwrap()
                .contains("enable_enhanced_sqs_mappings=True")
        );
        assert_eq!(iac_steps(&t, Some(TargetRole::Other)), None);
        assert_eq!(iac_steps(&t, None), None);
        let mut empty = t.clone();
        empty.iac.rollback = "  \n".into();
        assert_eq!(iac_steps(&empty, Some(TargetRole::Fallback)), None);
    }
}
