//! `ccx dlq show QUEUE` and `ccx dlq redrive QUEUE`: read → (plan → show → ask → start →
//! follow → audit) → report. The pieces are in `dlq/`; this file wires them together.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use clap::{Args, Subcommand, ValueEnum};

use crate::app::exit::ExitStatus;
use crate::app::settings::Context;
use crate::aws::Aws;
use crate::aws::destination::Destination;
use crate::features::dlq::audit::RedriveRecord;
use crate::features::dlq::follow::{Followed, Follower, Ours, TaskApi};
use crate::features::dlq::outcome::{self, RedriveReport, RedriveStatus};
use crate::features::dlq::plan::{self, Action, Facts, RedrivePlan};
use crate::features::dlq::{show, target};
use crate::features::switch::record::audit;
use crate::judgements::health::Health;
use crate::render::dlq::progress::MoveProgress;
use crate::state::move_tasks::{self, MoveTask, Started};
use crate::state::{functions, mappings, messages};
use crate::ui::prompt::{self, Answer};
use crate::ui::signals::{Caught, Interrupts};

#[derive(Debug, Subcommand)]
pub enum DlqCommand {
    /// Show QUEUE's dead-letter queue: depth, oldest message and up to --max messages,
    /// left in place
    Show(ShowArgs),
    /// Move QUEUE's dead-letter messages back into QUEUE with an SQS message move task,
    /// only when QUEUE has exactly one healthy consumer
    Redrive(RedriveArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A topology queue (`lines`) or a real queue name; its dead-letter queue is shown
    pub queue: String,

    /// Show at most this many messages (each look raises their receive count)
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub max: u16,
}

#[derive(Debug, Args)]
pub struct RedriveArgs {
    /// A topology queue (`lines`) or a real queue name; its dead-letter queue's messages
    /// go back into it
    pub queue: String,

    /// Move at most N messages a second (1-500) [default: SQS chooses]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..=500))]
    pub max_per_second: Option<i32>,

    /// Show the plan and stop; move nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Start without asking (required when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Redrive even when QUEUE does not have exactly one healthy consumer
    #[arg(long)]
    pub force: bool,

    /// What Ctrl-C, SIGTERM or SIGHUP does to the running move task: ask (on a terminal;
    /// without one the task is left running), cancel it, or leave it running
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = OnInterrupt::Ask)]
    pub on_interrupt: OnInterrupt,

    /// Append the audit record to this file [default: $XDG_STATE_HOME/ccx/audit.jsonl]
    #[arg(long, env = "CCX_AUDIT_LOG", value_name = "PATH")]
    pub audit_log: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnInterrupt {
    Ask,
    Cancel,
    Leave,
}

/// Between two readings of a move task.
const POLL: Duration = Duration::from_secs(1);
/// A task not listed for this long is given up on.
const LOST_AFTER: Duration = Duration::from_secs(60);

pub async fn run(ctx: &Context, command: &DlqCommand) -> Result<ExitStatus> {
    match command {
        DlqCommand::Show(args) => show(ctx, args).await,
        DlqCommand::Redrive(args) => redrive(ctx, args).await,
    }
}

async fn show(ctx: &Context, args: &ShowArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let target = target::read(&aws, ctx.topology(), ctx.stack(), &args.queue).await?;
    let max = usize::from(args.max);
    let a = &target.dlq.attributes;
    let depth = a.visible + a.in_flight + a.delayed;
    let peek = messages::peek(&aws, &target.dlq.url, max, depth).await?;
    let now = jiff::Timestamp::now();
    let report = show::build(ctx.stack(), &target, peek, max, now);
    if ctx.printer.is_json() {
        ctx.printer.json(&report)?;
    } else {
        let width = ctx.printer.width();
        let cut = width.map(|_| crate::render::dlq::BODY_ON_TERMINAL);
        ctx.printer
            .text(&crate::render::dlq::show(&report, cut, now, width))?;
    }
    Ok(ExitStatus::Success)
}

/// plan → show → (stop?) → ask → start (or join the running task) → follow → audit → report.
async fn redrive(ctx: &Context, args: &RedriveArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let (plan, caller) = tokio::join!(make_plan(ctx, &aws, args), audit::caller_identity(&aws));
    let plan = plan?;
    let destination = Destination::of(&aws, &caller);
    if !ctx.printer.is_json() {
        ctx.printer.text(&crate::render::dlq::plan(
            &plan,
            &destination,
            ctx.printer.width(),
        ))?;
    }
    if let Some(status) = outcome::before_start(&plan, args.dry_run) {
        if status == RedriveStatus::DryRun {
            ctx.printer.note("Dry run: nothing started.");
        }
        return finish(
            ctx,
            &destination,
            plan,
            None,
            status,
            audit::Kept::default(),
        );
    }
    if let (true, Some(why)) = (plan.forced, &plan.refusal) {
        ctx.printer
            .warn(&format!("--force: redriving although {why}"));
    }
    if let (Some(Health::Warn), Some(reason)) = (plan.consumer.health, &plan.consumer.reason) {
        ctx.printer
            .warn(&format!("the consumer is not fully well: {reason}"));
    }
    let started_at = jiff::Timestamp::now();
    let ours = match (&plan.action, &plan.running_task) {
        (Action::Follow, Some(task)) => Ours::of(task),
        _ => {
            match ask_operator(ctx, args, &plan, &destination).await? {
                Answer::Yes => {}
                answer => {
                    let why = match answer {
                        Answer::Interrupted(caught) => prompt::interrupted(caught),
                        _ => "not confirmed".to_string(),
                    };
                    ctx.printer.warn(&format!("{why}: nothing started"));
                    let declined = RedriveStatus::Declined;
                    return finish(
                        ctx,
                        &destination,
                        plan,
                        None,
                        declined,
                        audit::Kept::default(),
                    );
                }
            }
            start(ctx, &aws, &plan).await?
        }
    };
    let (status, task) = follow(ctx, &aws, &plan, ours, args.on_interrupt).await?;
    let record = RedriveRecord {
        time: crate::base::time::rfc3339_ms(started_at),
        ccx_version: env!("CARGO_PKG_VERSION"),
        command: "dlq redrive",
        caller: caller.as_ref().ok(),
        caller_error: caller.as_ref().err().map(ToString::to_string),
        region: &aws.region,
        stack: ctx.stack(),
        plan: &plan,
        task: task.as_ref(),
        outcome: status,
        exit_code: if status.ok() { 0 } else { 1 },
    };
    let audit = audit::keep(
        &ctx.printer,
        audit::Change::Redrive,
        args.audit_log.as_deref(),
        &record,
    );
    let audit_log = audit.path.clone();
    if !ctx.printer.is_json() {
        ctx.printer.text(&crate::render::dlq::outcome(
            status,
            &plan,
            task.as_ref(),
            ctx.printer.width(),
        ))?;
        if let Some(path) = &audit_log {
            ctx.printer
                .note(&format!("Audit record appended to {}", path.display()));
        }
    }
    finish(ctx, &destination, plan, task, status, audit)
}

/// The reads the plan needs: the queue and its DLQ, the queue's mappings, the DLQ's move
/// tasks, and the one consumer's configuration.
async fn make_plan(ctx: &Context, aws: &Aws, args: &RedriveArgs) -> Result<RedrivePlan> {
    let (topology, stack) = (ctx.topology(), ctx.stack());
    let target = target::read(aws, topology, stack, &args.queue).await?;
    let (Some(queue_arn), Some(dlq_arn)) = (
        target.attributes.arn.as_deref(),
        target.dlq.attributes.arn.as_deref(),
    ) else {
        bail!("SQS did not report the ARNs of {} and its DLQ", target.name);
    };
    let (queue_mappings, tasks) = tokio::try_join!(
        mappings::list_mappings_for_source(aws, queue_arn),
        move_tasks::list_tasks(aws, dlq_arn),
    )?;
    let enabled = plan::enabled_consumers(&queue_mappings, Some(queue_arn));
    let consumer_info = match enabled.as_slice() {
        [one] => functions::get_function(aws, one).await?,
        _ => None,
    };
    Ok(plan::build(&Facts {
        topology,
        stack,
        target: &target,
        mappings: &queue_mappings,
        consumer_info: consumer_info.as_ref(),
        tasks: &tasks,
        max_per_second: args.max_per_second,
        force: args.force,
    }))
}

/// Starts the move task; when SQS says one is already running (started since the
/// plan), that one is followed instead.
async fn start(ctx: &Context, aws: &Aws, plan: &RedrivePlan) -> Result<Ours> {
    let (Some(source), Some(destination)) = (&plan.dlq.arn, &plan.queue.arn) else {
        bail!("no ARN for the DLQ or the queue");
    };
    let not_before_ms = jiff::Timestamp::now().as_millisecond();
    match move_tasks::start_task(aws, source, destination, plan.max_per_second).await? {
        Started::Task(handle) => Ok(Ours {
            handle: Some(handle),
            started_ms: None,
            not_before_ms: Some(not_before_ms),
        }),
        Started::AlreadyRunning(said) => {
            ctx.printer.note(&format!(
                "SQS refused a second task ({said}); following the one already running"
            ));
            let tasks = aws.list(source).await?;
            let running = tasks
                .iter()
                .find(|t| t.status.is_active())
                .context("SQS said a task was running, but lists none")?;
            Ok(Ours::of(running))
        }
    }
}

/// Follows the task to its end. A signal stops the following and, as `--on-interrupt`
/// (or the operator) says, cancels the task or leaves it running.
async fn follow(
    ctx: &Context,
    aws: &Aws,
    plan: &RedrivePlan,
    mut ours: Ours,
    on_interrupt: OnInterrupt,
) -> Result<(RedriveStatus, Option<MoveTask>)> {
    let source = plan.dlq.arn.as_deref().unwrap_or_default();
    let follower = Follower {
        api: aws,
        source_arn: source,
        poll: POLL,
        lost_after: LOST_AFTER,
    };
    let progress = MoveProgress::new(&ctx.printer);
    let watch = |task: &MoveTask| progress.seen(task);
    let mut interrupts = Interrupts::listen();
    let followed = follower
        .run(&mut ours, &watch, Some(&mut interrupts))
        .await
        .context("following the message move task (it may still be running)")?;
    let (last, by) = match followed {
        Followed::Ended(task) => {
            progress.finish();
            return Ok((outcome::of_task(&task), Some(task)));
        }
        Followed::Stopped { last, by } => (last, by),
    };
    let (cancel, why) = decide(ctx, on_interrupt, by, &progress).await;
    if !cancel {
        progress.finish();
        ctx.printer
            .stderr_line(&format!("ccx: leaving the move task running ({why})"));
        return Ok((RedriveStatus::LeftRunning, last));
    }
    progress.line(&format!("ccx: cancelling the move task ({why})"));
    if let Some(handle) = ours
        .handle
        .clone()
        .or_else(|| last.as_ref()?.handle.clone())
        && let Err(err) = aws.cancel(&handle).await
    {
        // Most likely it ended meanwhile; the reading below says how.
        progress.line(&format!("ccx: {err}"));
    }
    let after = follower
        .run(&mut ours, &watch, Some(&mut interrupts))
        .await?;
    progress.finish();
    Ok(match after {
        Followed::Ended(task) => (outcome::of_task(&task), Some(task)),
        Followed::Stopped { last, .. } => (RedriveStatus::Cancelled, last),
    })
}

/// Cancel (true) or leave, and why.
async fn decide(
    ctx: &Context,
    on_interrupt: OnInterrupt,
    by: Caught,
    progress: &MoveProgress,
) -> (bool, String) {
    let printer = &ctx.printer;
    match on_interrupt {
        OnInterrupt::Cancel => return (true, "--on-interrupt cancel".into()),
        OnInterrupt::Leave => return (false, "--on-interrupt leave".into()),
        OnInterrupt::Ask => {}
    }
    if by != Caught::Interrupt {
        return (
            false,
            format!(
                "{}; --on-interrupt cancel cancels it instead",
                match by {
                    Caught::HangUp => "the terminal hung up",
                    _ => "terminated",
                }
            ),
        );
    }
    if printer.why_no_question().is_some() {
        return (
            false,
            "no terminal to ask; --on-interrupt cancel cancels it instead".into(),
        );
    }
    progress.pause();
    let question = "\nInterrupted. Cancel the move task (messages moved so far stay moved) \
                    or leave it running? [C/l]";
    let asker = printer.clone();
    let answer = tokio::task::spawn_blocking(move || asker.prompt(question)).await;
    progress.resume();
    match answer {
        Ok(Ok(text)) if matches!(text.trim().to_ascii_lowercase().as_str(), "l" | "leave") => {
            (false, "as answered".into())
        }
        Ok(Ok(_)) => (true, "as answered".into()),
        _ => (false, "no answer could be read".into()),
    }
}

/// Ask on a terminal (default no); without one, only `--yes` starts.
async fn ask_operator(
    ctx: &Context,
    args: &RedriveArgs,
    plan: &RedrivePlan,
    destination: &Destination,
) -> Result<Answer> {
    let ask = prompt::BeforeWriting {
        yes: args.yes,
        refusal: |which| {
            format!(
                "not starting the redrive without confirmation: {which}; pass --yes to start it (--dry-run only shows the plan); nothing moved"
            )
        },
        plan: |width| crate::render::dlq::plan(plan, destination, width),
        question: || {
            format!(
                "Move {} message{} from {} back to {} in {}? [y/N]",
                plan.messages,
                if plan.messages == 1 { "" } else { "s" },
                plan.dlq.name,
                plan.queue.name,
                crate::render::destination::short(destination)
            )
        },
    };
    Ok(prompt::before_writing(&ctx.printer, ask).await?)
}

/// Prints the JSON result (in JSON mode) and turns the status into the exit code.
fn finish(
    ctx: &Context,
    destination: &Destination,
    plan: RedrivePlan,
    task: Option<MoveTask>,
    status: RedriveStatus,
    audit: audit::Kept,
) -> Result<ExitStatus> {
    // A redrive that ran without its record is not a clean run, as for a switch.
    let ok = status.ok() && audit.error.is_none();
    if ctx.printer.is_json() {
        ctx.printer.json(&RedriveReport {
            stack: ctx.stack().to_string(),
            region: destination.region.clone(),
            destination: destination.clone(),
            status,
            ok,
            moved: task.as_ref().map(|t| t.moved),
            plan,
            task,
            audit_log: audit.path,
            audit_error: audit.error,
        })?;
    }
    Ok(ExitStatus::from_ok(ok))
}
