//! `ccx verify`: the runbook's four verification steps as one checklist with an exit
//! code a pipeline can gate on. It never passes on missing data.

use std::time::{Duration, Instant};

use anyhow::Result;
use clap::{Args, ValueEnum};

use crate::app::exit::ExitStatus;
use crate::app::settings::Context;
use crate::features::verify::checks;
use crate::features::verify::evidence::{self, GatherOptions, IacEvidence, MetricsPlan};
use crate::features::verify::metric_evidence::MetricsEvidence;
use crate::features::verify::remembered_groups::{self, Scope};
use crate::features::verify::report::{Check, CheckKind, CheckStatus, VerifyReport};
use crate::features::verify::skips;
use crate::state::iac;

/// Pause between attempts under `--wait`.
const WAIT_INTERVAL: Duration = Duration::from_secs(5);

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// How far back to look in the logs and metrics (e.g. 15m, 1h)
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = crate::app::flags::parse_nonzero_duration)]
    pub since: Duration,

    /// Re-run until everything passes (or only stable warnings remain), up to DURATION
    #[arg(long, value_name = "DURATION", value_parser = crate::app::flags::parse_duration)]
    pub wait: Option<Duration>,

    /// Read queue depths twice, DURATION apart, and warn about queues that do not drain
    #[arg(long, value_name = "DURATION", value_parser = crate::app::flags::parse_nonzero_duration)]
    pub sample: Option<Duration>,

    /// Treat warnings as failures (exit 1)
    #[arg(long)]
    pub strict: bool,

    /// Check the state `ccx rollback` leaves: each queue's fallback as its one consumer,
    /// the replaced consumer idle
    #[arg(long)]
    pub rolled_back: bool,

    /// Leave a source out where the account does not offer it (repeatable): its reads
    /// are not made and its checks are reported as skipped, never as passes
    #[arg(long, value_name = "SOURCE", value_enum)]
    pub skip: Vec<SkippedSource>,
}

/// The sources `--skip` may leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SkippedSource {
    /// CloudWatch metrics (GetMetricData): the `metrics.*` checks
    Metrics,
    /// CloudWatch Logs searches (FilterLogEvents): the `logs.*` checks
    Logs,
    /// The consumer configuration checks (`config.*`)
    Config,
    /// The queue depth checks (`queues.*`)
    Queues,
}

impl SkippedSource {
    pub fn kind(self) -> CheckKind {
        match self {
            SkippedSource::Metrics => CheckKind::Metrics,
            SkippedSource::Logs => CheckKind::Logs,
            SkippedSource::Config => CheckKind::Config,
            SkippedSource::Queues => CheckKind::Queues,
        }
    }
}

pub async fn run(ctx: &Context, args: &VerifyArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let since_label = humantime::format_duration(args.since).to_string();
    let deadline = args.wait.map(|w| Instant::now() + w);
    let topology = if args.rolled_back {
        ctx.topology().rolled_back()
    } else {
        ctx.topology().clone()
    };
    let mut skipped: Vec<CheckKind> = Vec::new();
    for kind in args.skip.iter().map(|s| s.kind()) {
        if !skipped.contains(&kind) {
            skipped.push(kind);
        }
    }
    let mut attempt = 1;
    // Metrics are read once per run: they move by the minute, not by `--wait`'s pause.
    let mut metrics: Option<MetricsEvidence> = None;
    let mut reuse_logs = None;
    let scope = remembered_scope(ctx, &aws);
    let cache = remembered_groups::default_path();
    let mut remembered = remembered_groups::load(cache.as_deref(), &scope);
    let report = loop {
        let options = GatherOptions {
            since: args.since,
            sample: args.sample,
            budget: ctx.log_budget(),
            reuse_logs: reuse_logs.take(),
            remembered_groups: remembered.clone(),
            search_logs: !skipped.contains(&CheckKind::Logs),
            metrics: match &metrics {
                _ if skipped.contains(&CheckKind::Metrics) => MetricsPlan::Skip,
                Some(reading) => MetricsPlan::Reuse(reading.clone()),
                None => MetricsPlan::Read,
            },
        };
        // What the IaC declares, read with the listings (no round trip of its own). One
        // that cannot be read is the drift check's error: the other checks still run.
        let read_iac = async {
            match &ctx.settings.iac {
                Some(source) => Some(IacEvidence {
                    source: source.clone(),
                    desired: iac::read(source, &aws).await.map_err(|e| iac::one_line(&e)),
                    rolled_back: args.rolled_back,
                }),
                None => None,
            }
        };
        let (mut evidence, iac_evidence) = tokio::join!(
            evidence::gather(&aws, &topology, ctx.stack(), options),
            read_iac
        );
        evidence.iac = iac_evidence;
        // Nothing could be read at all (no credentials, endpoint down): one error line,
        // not a checklist of identical errors.
        if let (Err(e), Err(_), Err(_)) =
            (&evidence.functions, &evidence.mappings, &evidence.queues)
        {
            return Err(anyhow::anyhow!(e.to_string()));
        }
        // A stack none of whose resources is there (a misspelt `--stack`): one line.
        if let (Ok(functions), Ok(mappings), Ok(queues)) =
            (&evidence.functions, &evidence.mappings, &evidence.queues)
        {
            let mapped = mappings.iter().map(|m| m.function_name.as_str());
            let listed = functions.all_names.iter().chain(&queues.all_names);
            crate::judgements::stacks::ensure_found(
                &topology,
                ctx.stack(),
                listed.map(String::as_str).chain(mapped),
            )?;
        }
        metrics.clone_from(&evidence.metrics);
        if let Ok(functions) = &evidence.functions
            && !skipped.contains(&CheckKind::Logs)
        {
            remembered = functions.searched_groups();
        }
        let checks = checks::run_all(&topology, &evidence, &since_label);
        let mut report =
            VerifyReport::new(ctx.stack(), args.strict, skips::leave_out(checks, &skipped));
        report.rolled_back = args.rolled_back;
        report.skipped.clone_from(&skipped);
        if !skipped.contains(&CheckKind::Metrics) {
            report.hints = checks::hints(&topology, &evidence);
        }
        let Some(deadline) = deadline else {
            break report;
        };
        if !report.worth_waiting() || Instant::now() + WAIT_INTERVAL > deadline {
            break report;
        }
        let pending: Vec<&Check> = report
            .checks
            .iter()
            .filter(|c| c.settling || c.status == CheckStatus::Fail)
            .collect();
        ctx.printer.note(&format!(
            "attempt {attempt}: {} — waiting for {} ({}s left)",
            report.status.as_str(),
            pending
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            deadline.saturating_duration_since(Instant::now()).as_secs()
        ));
        // Logs are searched again only when a log check is what we wait for: the
        // account's FilterLogEvents budget is small and shared.
        if !pending.iter().any(|c| c.kind == CheckKind::Logs) {
            reuse_logs = evidence.functions.ok().map(|f| f.logs);
        }
        attempt += 1;
        tokio::time::sleep(WAIT_INTERVAL).await;
    };

    remembered_groups::save(cache.as_deref(), &scope, remembered);

    ctx.printer.report(&report, |r| {
        crate::render::verify::render(r, ctx.printer.verbose > 0, ctx.printer.width())
    })?;
    Ok(match report.status {
        CheckStatus::Pass | CheckStatus::Skip => ExitStatus::Success,
        CheckStatus::Warn if !args.strict => ExitStatus::Success,
        CheckStatus::Warn | CheckStatus::Fail => ExitStatus::Failure,
        CheckStatus::Error => ExitStatus::Error,
    })
}

/// Where this run reads: runs with the same profile, region, endpoint and stack see the
/// same functions.
fn remembered_scope(ctx: &Context, aws: &crate::aws::Aws) -> Scope {
    Scope {
        profile: ctx.settings.aws.profile.clone(),
        region: aws.region.clone(),
        endpoint: aws.endpoint_url.clone(),
        stack: ctx.stack().to_string(),
    }
}
