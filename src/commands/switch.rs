//! `ccx switch` and `ccx rollback`: plan → show → ask → apply → re-read → report.
//! The plan is pure (`switch::plan`), the break-before-make executor is
//! `switch::executor`, the audit line `switch::audit`; this file wires them together.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::{Result, bail};
use clap::Args;

use crate::aws::Aws;
use crate::consumers::{self, Source};
use crate::exit::ExitStatus;
use crate::health::Readiness;
use crate::render::switch::progress::Progress;
use crate::settings::Context;
use crate::state::{functions, mappings, queues};
use crate::switch::audit::{self, AuditRecord};
use crate::switch::conclude::{self, Conclusion, Message};
use crate::switch::drain_probe::AwsDrainProbe;
use crate::switch::events::Observer;
use crate::switch::executor::{Drain, Executor, Recheck, Timing};
use crate::switch::plan::{self, Mode, SwitchPlan};
use crate::switch::report::{ApplyReport, SourceState, SwitchReport};
use crate::switch::signals;
use crate::switch::target_state;

/// Pause between looks at a draining consumer's logs: well within FilterLogEvents'
/// 5 requests a second per account, shared with everyone else.
const DRAIN_POLL: Duration = Duration::from_secs(2);

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

    /// Bound of each wait: a mapping reaching Enabled/Disabled, the target function settling
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = crate::cli::parse_duration)]
    pub timeout: Duration,

    /// Create the target's mapping where it has none, copying batch size, batching
    /// window, maximum concurrency, response types and event filters from the mapping
    /// it replaces
    #[arg(long)]
    pub create_missing: bool,

    /// Enable the target right after the old consumer's mapping reads Disabled, without
    /// waiting for the invocations it already started to end (both may then run
    /// together for up to the old function's timeout)
    #[arg(long)]
    pub no_drain: bool,

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

/// plan → show → (stop?) → ask → apply → re-read → conclude → audit → report.
async fn execute(ctx: &Context, mode: Mode, args: &ApplyArgs) -> Result<ExitStatus> {
    if args.timeout.is_zero() {
        bail!("--timeout must be more than zero (e.g. 90s, 5m)");
    }
    let topology = ctx.topology();
    let wanted =
        plan::scope(topology, ctx.stack(), &mode, &args.queues).map_err(anyhow::Error::msg)?;
    let aws = ctx.aws().await?;
    // Who we are, for the audit log, is asked alongside the planning reads.
    let (plan, caller) = tokio::join!(
        make_plan(ctx, &aws, mode, &wanted, args),
        audit::caller_identity(&aws)
    );
    let plan = plan?;
    if !ctx.printer.is_json() {
        ctx.printer.text(&crate::render::switch::plan(&plan))?;
    }
    for note in crate::switch::resume::half_done(&plan) {
        ctx.printer.warn(&note);
    }
    if let Some(end) = conclude::after_plan(&topology.iac, &plan, args.dry_run) {
        return finish(ctx, &aws.region, plan, None, end);
    }
    if !ask_operator(ctx, args, &plan).await? {
        return finish(ctx, &aws.region, plan, None, conclude::declined());
    }

    let started_at = jiff::Timestamp::now();
    let result = apply(ctx, &aws, &plan, args).await;
    let in_scope: Vec<&str> = plan.queues.iter().map(|q| q.queue.as_str()).collect();
    let after = reread(ctx, &aws, &in_scope).await.unwrap_or_else(|err| {
        ctx.printer.warn(&format!(
            "cannot re-read the mappings after the switch: {err:#}"
        ));
        Vec::new()
    });
    let end = conclude::conclude(&topology.iac, &plan, &result, &after);
    let record = AuditRecord {
        time: started_at.to_string(),
        ccx_version: env!("CARGO_PKG_VERSION"),
        caller: caller.as_ref().ok(),
        caller_error: caller.as_ref().err().map(ToString::to_string),
        region: &aws.region,
        stack: ctx.stack(),
        plan: &plan,
        result: &result,
        outcome: result.summary(),
        exit_code: end.exit_code(),
    };
    let audit::Kept {
        path: audit_log,
        error: audit_error,
    } = audit::keep(
        &ctx.printer,
        audit::Change::Switch,
        args.audit_log.as_deref(),
        &record,
    );
    // An applied switch without its record is not a clean run (the switch stays).
    let end = if audit_error.is_some() {
        conclude::Conclusion { ok: false, ..end }
    } else {
        end
    };
    if !ctx.printer.is_json() {
        ctx.printer
            .text(&crate::render::switch::outcome(&plan, &result))?;
        if !after.is_empty() {
            ctx.printer.text(&crate::render::switch::after(&after))?;
        }
        if let Some(path) = &audit_log {
            ctx.printer
                .note(&format!("Audit record appended to {}", path.display()));
        }
    }
    let applied = Applied {
        result,
        after,
        audit_log,
        audit_error,
    };
    finish(ctx, &aws.region, plan, Some(applied), end)
}

/// The planning reads, all at once, and the plan made of them.
async fn make_plan(
    ctx: &Context,
    aws: &Aws,
    mode: Mode,
    wanted: &[plan::Wanted],
    args: &ApplyArgs,
) -> Result<SwitchPlan> {
    let create_missing = args.create_missing;
    let (topology, stack) = (ctx.topology(), ctx.stack());
    let (all_mappings, queue_urls, function_names) = tokio::try_join!(
        mappings::list_mappings(aws),
        queues::list_queue_urls(aws),
        functions::list_function_names(aws),
    )?;
    let queue_names: Vec<String> = queue_urls
        .iter()
        .map(|u| crate::aws::arn::queue_name_from_url(u).to_string())
        .collect();
    let mut sources =
        consumers::group_by_source(topology, stack, &queue_names, &all_mappings, false)?;
    if create_missing {
        fill_queue_arns(aws, &mut sources, wanted, &queue_urls).await?;
    }
    let mut targets = Vec::new();
    for w in wanted {
        let target = plan::resolve_target(topology, stack, &function_names, &w.target)?;
        targets.push((w.queue.clone(), target));
    }
    read_target_states(ctx, aws, &mut targets, args).await?;
    Ok(plan::build(
        topology,
        stack,
        mode,
        &sources,
        &targets,
        create_missing,
    ))
}

/// Each target function's state and last update, read before anything is written; a
/// target that is settling is waited for within `--timeout` (not under `--dry-run`,
/// which only says that a run would wait). A target that turns out not to exist is
/// missing.
async fn read_target_states(
    ctx: &Context,
    aws: &Aws,
    targets: &mut [(String, plan::Target)],
    args: &ApplyArgs,
) -> Result<()> {
    let names: Vec<String> = targets.iter().filter_map(|(_, t)| t.name.clone()).collect();
    let timing = (!args.dry_run).then(|| Timing::new(args.timeout));
    let statuses = target_state::read_targets(aws, &names, timing, |name, status| {
        let why = match &status.readiness {
            Readiness::Settling(reason) => reason.as_str(),
            _ => "not settled",
        };
        ctx.printer.note(&format!(
            "Waiting up to {} for {name} to settle ({why}) before planning",
            humantime::format_duration(args.timeout)
        ));
    })
    .await?;
    for (_, target) in targets.iter_mut() {
        if let Some(name) = &target.name {
            target.status = statuses.get(name).cloned();
            if target.status.is_none() {
                target.name = None;
            }
        }
    }
    Ok(())
}

/// Runs the executor, with Ctrl-C, SIGTERM and SIGHUP turned into "finish this queue,
/// then stop".
async fn apply(ctx: &Context, aws: &Aws, plan: &SwitchPlan, args: &ApplyArgs) -> ApplyReport {
    let progress: Arc<dyn Observer> = Arc::new(Progress::new(&ctx.printer));
    let interrupted = Arc::new(AtomicBool::new(false));
    let watcher = signals::watch_interrupts(interrupted.clone(), progress.clone());
    let probe = AwsDrainProbe::new(aws, ctx.log_budget());
    let executor = Executor {
        api: aws,
        timing: Timing::new(args.timeout),
        drain: Drain {
            probe: &probe,
            skip: args.no_drain,
            poll: DRAIN_POLL,
            margin: crate::switch::drain::MARGIN,
        },
        recheck: Recheck::new(aws),
        observer: progress,
        interrupted,
    };
    let result = executor.run(plan).await;
    watcher.abort();
    result
}

/// What an applied run adds to the report.
struct Applied {
    result: ApplyReport,
    after: Vec<SourceState>,
    audit_log: Option<PathBuf>,
    audit_error: Option<String>,
}

/// Carries out the conclusion: tells its messages, prints the JSON report (in JSON
/// mode), and turns it into the exit status.
fn finish(
    ctx: &Context,
    region: &str,
    plan: SwitchPlan,
    applied: Option<Applied>,
    end: Conclusion,
) -> Result<ExitStatus> {
    for message in &end.messages {
        match message {
            Message::Note(text) => ctx.printer.note(text),
            Message::Warning(text) => ctx.printer.warn(text),
            Message::Block(text) => ctx.printer.block(text),
        }
    }
    if ctx.printer.is_json() {
        let (result, after, audit_log, audit_error) = match applied {
            Some(a) => (Some(a.result), a.after, a.audit_log, a.audit_error),
            None => (None, Vec::new(), None, None),
        };
        ctx.printer.json(&SwitchReport {
            stack: ctx.stack().to_string(),
            region: region.to_string(),
            status: end.status,
            ok: end.ok,
            plan,
            result,
            after,
            audit_log,
            audit_error,
            iac_steps: end.iac_steps,
        })?;
    }
    Ok(ExitStatus::from_ok(end.ok))
}

/// Ask on a terminal (default no); without one, only `--yes` applies.
async fn ask_operator(ctx: &Context, args: &ApplyArgs, plan: &SwitchPlan) -> Result<bool> {
    if args.yes {
        return Ok(true);
    }
    let printer = &ctx.printer;
    if let Some(which) = printer.why_no_question() {
        bail!(
            "not applying the plan without confirmation: {which}; pass --yes to apply it (--dry-run only shows it); nothing changed"
        );
    }
    if printer.is_json() {
        // stdout carries the JSON; the operator still sees what they answer about.
        printer.stderr_line(&crate::render::switch::plan(plan));
    }
    let queues: Vec<&str> = plan.changing().map(|q| q.queue.as_str()).collect();
    let question = format!(
        "Switch {} ({}) in stack {}? [y/N]",
        if queues.len() == 1 {
            "1 queue".to_string()
        } else {
            format!("{} queues", queues.len())
        },
        queues.join(", "),
        ctx.stack()
    );
    let printer = printer.clone();
    let answer = tokio::task::spawn_blocking(move || printer.prompt(&question)).await??;
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
async fn reread(ctx: &Context, aws: &Aws, in_scope: &[&str]) -> Result<Vec<SourceState>> {
    let (topology, stack) = (ctx.topology(), ctx.stack());
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
