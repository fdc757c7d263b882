//! `ccx switch` and `ccx rollback`: plan → show → ask → apply → re-read → report.
//! The plan is pure (`switch::plan`), the break-before-make executor is
//! `switch::executor`, the audit line `switch::audit`; this file wires them together.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::{Result, bail};
use clap::Args;

use crate::app::exit::ExitStatus;
use crate::app::settings::Context;
use crate::aws::Aws;
use crate::aws::destination::Destination;
use crate::features::switch::conclude::{self, Conclusion, Message};
use crate::features::switch::events::Observer;
use crate::features::switch::executor::{Drain, Executor, Recheck};
use crate::features::switch::invocation_drain::probe::AwsDrainProbe;
use crate::features::switch::next_deploy;
use crate::features::switch::plan::{self, Mode, SwitchPlan};
use crate::features::switch::record::audit::{self, AuditRecord};
use crate::features::switch::report::{ApplyReport, SourceState, Status, SwitchReport};
use crate::features::switch::signals;
use crate::features::switch::target::state as target_state;
use crate::features::switch::timing::Timing;
use crate::judgements::consumers::{self, Source};
use crate::judgements::health::Readiness;
use crate::judgements::stacks;
use crate::render::switch::progress::Progress;
use crate::state::consumer_listings::{self, ConsumerListings};
use crate::state::queues::QueueAttributes;
use crate::state::{functions, iac, queues};
use crate::ui::prompt::{self, Answer};

/// Pause between looks at a draining consumer's logs (each asks only for what is new,
/// and every few seconds sweeps the late-event horizon again): well within
/// FilterLogEvents' 5 requests a second per account, shared with everyone else.
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
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = crate::app::flags::parse_duration)]
    pub timeout: Duration,

    /// Create the target's mapping where it has none, copying batch size, batching
    /// window, maximum concurrency, response types, event filters, metrics config and
    /// provisioned pollers from the mapping it replaces
    #[arg(long)]
    pub create_missing: bool,

    /// Enable the target right after the old consumer's mapping reads Disabled, without
    /// waiting for the invocations it already started to end (both may then run
    /// together for up to the old function's timeout)
    #[arg(long)]
    pub no_drain: bool,

    /// How late a log line may reach CloudWatch after its timestamp: the drain takes
    /// silence in the old consumer's logs as idle only once every line stamped before
    /// the disable has had that long to arrive (its metrics may tell sooner)
    #[arg(long, env = "CCX_DRAIN_LOOKBACK", value_name = "DURATION", default_value = "2m", value_parser = crate::app::flags::parse_duration)]
    pub lookback: Duration,

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

    /// Switch a queue even to a function the topology names neither as its consumer nor
    /// as its fallback (refused otherwise)
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub apply: ApplyArgs,
}

#[derive(Debug, Args)]
pub struct RollbackArgs {
    #[command(flatten)]
    pub apply: ApplyArgs,
}

pub async fn run(ctx: &Context, args: &SwitchArgs) -> Result<ExitStatus> {
    check_to(&args.to)?;
    execute(
        ctx,
        Mode::Switch {
            to: args.to.clone(),
        },
        &args.apply,
        args.force,
    )
    .await
}

pub async fn rollback(ctx: &Context, args: &RollbackArgs) -> Result<ExitStatus> {
    execute(ctx, Mode::Rollback, &args.apply, false).await
}

/// plan → show → (stop?) → ask → apply → re-read → conclude → audit → report.
async fn execute(ctx: &Context, mode: Mode, args: &ApplyArgs, force: bool) -> Result<ExitStatus> {
    check_args(args)?;
    let prepared = prepare(ctx, mode, args, force).await?;
    show_plan(ctx, &prepared)?;
    if let Some(end) = stops_after_plan(ctx, &prepared, args) {
        return Ok(end_unapplied(ctx, prepared, end)?.exit_status());
    }
    let ended = match ask_operator(ctx, args, &prepared.plan, &prepared.destination).await? {
        Answer::Yes => apply_confirmed(ctx, prepared, args).await?,
        answer => end_unapplied(ctx, prepared, unconfirmed(&answer))?,
    };
    Ok(ended.exit_status())
}

/// How a run ends that the operator did not confirm (`answer` is not yes).
pub fn unconfirmed(answer: &Answer) -> Conclusion {
    match answer {
        Answer::Interrupted(caught) => {
            conclude::interrupted_at_question(&prompt::interrupted(*caught))
        }
        _ => conclude::declined(),
    }
}

/// Where a run ended and whether it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended {
    pub status: Status,
    pub ok: bool,
}

impl Ended {
    pub fn exit_status(self) -> ExitStatus {
        ExitStatus::from_ok(self.ok)
    }
}

/// `--to` names something.
pub fn check_to(to: &str) -> Result<()> {
    if to.trim().is_empty() {
        bail!(
            "--to needs a function: a topology key (e.g. `enhanced-compaction`) or a function name"
        );
    }
    Ok(())
}

/// The flags' own checks, before anything is read.
pub fn check_args(args: &ApplyArgs) -> Result<()> {
    if args.timeout.is_zero() {
        bail!("--timeout must be more than zero (e.g. 90s, 5m)");
    }
    Ok(())
}

/// A plan made and not yet shown, with what applying it needs.
pub struct Prepared {
    aws: Aws,
    pub plan: SwitchPlan,
    declared: Option<next_deploy::Declared>,
    planned: Option<next_deploy::NextDeploy>,
    pub destination: Destination,
    caller: Result<crate::aws::caller::Caller, crate::aws::AwsError>,
}

/// The planning reads (all at once, and who we are alongside them, for the audit log)
/// and the plan made of them. Reads only.
pub async fn prepare(ctx: &Context, mode: Mode, args: &ApplyArgs, force: bool) -> Result<Prepared> {
    let topology = ctx.topology();
    let wanted =
        plan::scope(topology, ctx.stack(), &mode, &args.queues).map_err(anyhow::Error::msg)?;
    let aws = ctx.aws().await?;
    let (plan, caller) = tokio::join!(
        make_plan(ctx, &aws, mode, &wanted, args, force),
        audit::caller_identity(&aws)
    );
    let (plan, declared) = plan?;
    let planned = declared
        .as_ref()
        .map(|d| next_deploy::NextDeploy::planned(d, &plan));
    let destination = Destination::of(&aws, &caller);
    Ok(Prepared {
        aws,
        plan,
        declared,
        planned,
        destination,
        caller,
    })
}

/// The plan as text (not in JSON mode) and the warnings about a switch left half done.
pub fn show_plan(ctx: &Context, prepared: &Prepared) -> Result<()> {
    if !ctx.printer.is_json() {
        ctx.printer.text(&crate::render::switch::plan(
            &prepared.plan,
            &prepared.destination,
            ctx.printer.width(),
        ))?;
    }
    for note in crate::features::switch::record::resume::half_done(&prepared.plan) {
        ctx.printer.warn(&note);
    }
    Ok(())
}

/// How the run ends right after the plan (a dry run, nothing to change, refused), or
/// None when it goes on to ask and apply.
pub fn stops_after_plan(
    ctx: &Context,
    prepared: &Prepared,
    args: &ApplyArgs,
) -> Option<Conclusion> {
    conclude::after_plan(
        &ctx.topology().iac,
        &prepared.plan,
        args.dry_run,
        prepared.planned.as_ref(),
    )
}

/// Ends a run that wrote nothing with `end`.
pub fn end_unapplied(ctx: &Context, prepared: Prepared, end: Conclusion) -> Result<Ended> {
    finish(
        ctx,
        &prepared.destination,
        prepared.plan,
        None,
        end,
        prepared.planned,
    )
}

/// apply → re-read → conclude → audit → report, once the operator said yes.
pub async fn apply_confirmed(ctx: &Context, prepared: Prepared, args: &ApplyArgs) -> Result<Ended> {
    let topology = ctx.topology();
    let Prepared {
        aws,
        plan,
        declared,
        planned,
        destination,
        caller,
    } = prepared;
    let started_at = jiff::Timestamp::now();
    let result = apply(ctx, &aws, &plan, args).await;
    let in_scope: Vec<&str> = plan.queues.iter().map(|q| q.queue.as_str()).collect();
    let after = reread(ctx, &aws, &in_scope).await.unwrap_or_else(|err| {
        ctx.printer.warn(&format!(
            "cannot re-read the mappings after the switch: {err:#}"
        ));
        Vec::new()
    });
    // After a re-read, from the consumers it found; without one, as planned.
    let next = match &declared {
        Some(d) if !after.is_empty() => Some(next_deploy::NextDeploy::applied(d, &plan, |key| {
            let state = after.iter().find(|s| s.source == key)?;
            Some((state.name.clone(), state.enabled_consumers.clone()))
        })),
        _ => planned,
    };
    let end = conclude::conclude(&topology.iac, &plan, &result, &after, next.as_ref());
    let record = AuditRecord {
        time: crate::base::time::rfc3339_ms(started_at),
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
        ctx.printer.text(&crate::render::switch::outcome(
            &plan,
            &result,
            ctx.printer.width(),
        ))?;
        if !after.is_empty() {
            ctx.printer
                .text(&crate::render::switch::after(&after, ctx.printer.width()))?;
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
    finish(ctx, &destination, plan, Some(applied), end, next)
}

/// The planning reads, all at once, and the plan made of them; with an IaC source,
/// what it declares on the queues the plan changes (read in the same first round
/// trip; bad IaC input stops the run before anything is written).
async fn make_plan(
    ctx: &Context,
    aws: &Aws,
    mode: Mode,
    wanted: &[plan::Wanted],
    args: &ApplyArgs,
    force: bool,
) -> Result<(SwitchPlan, Option<next_deploy::Declared>)> {
    let create_missing = args.create_missing;
    let (topology, stack) = (ctx.topology(), ctx.stack());
    let read_iac = async {
        match &ctx.settings.iac {
            Some(source) => iac::read(source, aws).await.map(Some),
            None => Ok(None),
        }
    };
    let (desired, listed, function_names) = tokio::join!(
        read_iac,
        consumer_listings::read(aws),
        functions::list_function_names(aws),
    );
    // Bad IaC input is the error to tell first: it is the operator's to fix.
    let desired = desired?;
    let (listed, function_names) = (listed?, function_names?);
    let (queue_names, all_mappings) = (&listed.queues.names, &listed.mappings);
    let mut sources = stacks::judged_sources(
        topology,
        stack,
        queue_names,
        all_mappings,
        function_names.iter().map(String::as_str),
        false,
    )?;
    let mut targets = Vec::new();
    for w in wanted {
        let target = plan::resolve_target(topology, stack, &function_names, &w.target)?;
        targets.push((w.queue.clone(), target));
    }
    // The second round trip, at once: each target's state and each queue's attributes.
    let (attributes, ()) = tokio::try_join!(
        read_queue_attributes(aws, &sources, wanted, &listed.queues.urls),
        read_target_states(ctx, aws, &mut targets, args),
    )?;
    if create_missing {
        fill_queue_arns(&mut sources, &attributes);
    }
    let visibility = attributes
        .iter()
        .filter_map(|(key, a)| Some((key.clone(), a.visibility_timeout_seconds?)))
        .collect();
    let plan = plan::build(
        topology,
        stack,
        mode,
        &sources,
        &targets,
        &visibility,
        plan::Options {
            create_missing,
            force,
        },
    );
    let declared = desired.map(|d| next_deploy::Declared::of(&d, &plan, all_mappings));
    Ok((plan, declared))
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
    let probe = AwsDrainProbe::new(aws, ctx.shared_log_budget(), args.lookback);
    let executor = Executor {
        api: aws,
        timing: Timing::new(args.timeout),
        drain: Drain {
            probe: &probe,
            skip: args.no_drain,
            poll: DRAIN_POLL,
            margin: crate::features::switch::invocation_drain::MARGIN,
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
    destination: &Destination,
    plan: SwitchPlan,
    applied: Option<Applied>,
    end: Conclusion,
    next_deploy: Option<next_deploy::NextDeploy>,
) -> Result<Ended> {
    let ended = Ended {
        status: end.status,
        ok: end.ok,
    };
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
            region: destination.region.clone(),
            destination: destination.clone(),
            status: end.status,
            ok: end.ok,
            plan,
            result,
            after,
            audit_log,
            audit_error,
            iac_steps: end.iac_steps,
            next_deploy,
        })?;
    }
    Ok(ended)
}

/// Ask on a terminal (default no); without one, only `--yes` applies.
async fn ask_operator(
    ctx: &Context,
    args: &ApplyArgs,
    plan: &SwitchPlan,
    destination: &Destination,
) -> Result<Answer> {
    let ask = prompt::BeforeWriting {
        yes: args.yes,
        refusal: refusal_without_a_terminal,
        plan: |width| crate::render::switch::plan(plan, destination, width),
        question: || {
            let queues: Vec<&str> = plan.changing().map(|q| q.queue.as_str()).collect();
            format!(
                "Switch {} ({}) of stack {} in {}? [y/N]",
                if queues.len() == 1 {
                    "1 queue".to_string()
                } else {
                    format!("{} queues", queues.len())
                },
                queues.join(", "),
                ctx.stack(),
                crate::render::destination::short(destination)
            )
        },
    };
    Ok(prompt::before_writing(&ctx.printer, ask).await?)
}

/// Without a terminal to ask on (`which` says why), only `--yes` applies.
pub fn refusal_without_a_terminal(which: &str) -> String {
    format!(
        "not applying the plan without confirmation: {which}; pass --yes to apply it (--dry-run only shows it); nothing changed"
    )
}

/// The attributes of every queue in scope (its visibility timeout must fit the target's
/// timeout; its ARN is needed to create a mapping on it), by topology key, read at once.
async fn read_queue_attributes(
    aws: &Aws,
    sources: &[Source],
    wanted: &[plan::Wanted],
    urls: &[String],
) -> Result<BTreeMap<String, QueueAttributes>> {
    let in_scope = sources.iter().filter_map(|source| {
        let key = source.key.as_ref()?;
        let name = source.name.as_ref()?;
        wanted.iter().find(|w| &w.queue == key)?;
        let url = urls
            .iter()
            .find(|u| crate::aws::arn::queue_name_from_url(u) == name)?;
        Some(async move {
            Ok::<_, anyhow::Error>((key.clone(), queues::queue_attributes(aws, url).await?))
        })
    });
    Ok(futures::future::try_join_all(in_scope)
        .await?
        .into_iter()
        .collect())
}

/// With `--create-missing`, a queue without any mapping still needs its ARN.
fn fill_queue_arns(sources: &mut [Source], attributes: &BTreeMap<String, QueueAttributes>) {
    for source in sources.iter_mut() {
        if source.event_source_arn.is_some() {
            continue;
        }
        if let Some(attrs) = source.key.as_ref().and_then(|k| attributes.get(k)) {
            source.event_source_arn = attrs.arn.clone();
        }
    }
}

/// Every topology source, re-read and judged by the one-consumer rule.
async fn reread(ctx: &Context, aws: &Aws, in_scope: &[&str]) -> Result<Vec<SourceState>> {
    let (topology, stack) = (ctx.topology(), ctx.stack());
    let ConsumerListings {
        queues: listing,
        mappings: all,
    } = consumer_listings::read(aws).await?;
    let sources = consumers::group_by_source(topology, stack, &listing.names, &all, false)?;
    ctx.printer
        .debug(&format!("re-read {} mappings after the switch", all.len()));
    Ok(sources
        .iter()
        .filter_map(|s| SourceState::of(s, in_scope))
        .collect())
}
