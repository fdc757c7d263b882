//! `ccx guard [-- COMMAND ARGS...]`: runs a deploy while watching every topology source's
//! consumers, then reports each moment a source had zero or two or more, and verifies
//! once the mappings are stable (and, with an IaC source, compares them with what the
//! IaC declares).

use std::time::Duration;

use anyhow::Result;
use clap::Args;

use crate::app::commands::verify::SkippedSource;
use crate::app::exit::ExitStatus;
use crate::app::settings::Context;
use crate::features::guard::report::{self, Setup};
use crate::features::guard::{drift_check, sources, watch};
use crate::features::verify::report::CheckKind;
use crate::features::verify::report::VerifyReport;
use crate::features::verify::{checks, evidence, skips};
use crate::render::guard_live::GuardLive;

/// Readings faster than this would spend the account's Lambda request budget.
/// Lambda's control plane allows 15 requests/s per account and region, shared with the
/// deploy itself; warn above this many of them per second.
const BUDGET_WARNING_PER_SECOND: f64 = 10.0;
/// How far back the final verify looks in the logs (`ccx verify`'s default).
const VERIFY_SINCE: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Args)]
pub struct GuardArgs {
    /// Time between readings (at least 200ms); each costs one Lambda request per source
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = crate::app::flags::parse_interval)]
    pub interval: Duration,

    /// After the command ends, watch until the mappings have not changed for DURATION
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = crate::app::flags::parse_duration)]
    pub until_stable: Duration,

    /// Leave a source out of the final verify where the account does not offer it
    /// (repeatable, as `ccx verify --skip`): its reads are not made and its checks are
    /// reported as skipped
    #[arg(long, value_name = "SOURCE", value_enum)]
    pub skip: Vec<SkippedSource>,

    /// The deploy to run (after `--`); without one, watch until Ctrl-C
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

pub async fn run(ctx: &Context, args: &GuardArgs) -> Result<ExitStatus> {
    let aws = ctx.aws().await?;
    let watched_sources = sources::resolve(&aws, ctx.topology(), ctx.stack()).await?;
    let per_second = watched_sources.iter().filter(|s| s.is_watched()).count() as f64
        / args.interval.as_secs_f64();
    if per_second > BUDGET_WARNING_PER_SECOND {
        ctx.printer.warn(&format!(
            "{per_second:.0} ListEventSourceMappings requests/s of the account's 15/s Lambda budget; \
             a longer --interval leaves room for the deploy's own calls"
        ));
    }
    let command = (!args.command.is_empty()).then_some(args.command.as_slice());
    let mut live = GuardLive::new(&ctx.printer, &watched_sources);
    let watched = watch::watch(
        watch::Plan {
            aws: &aws,
            topology: ctx.topology(),
            stack: ctx.stack(),
            sources: &watched_sources,
            interval: args.interval,
            until_stable: args.until_stable,
            command,
        },
        &mut live,
    )
    .await?;
    // A second Ctrl-C means "stop now": no final verify then, and the report says so.
    // With an IaC source, its drift is read beside the final verify.
    let (verify, drift) = if watched.interrupted && command.is_some() {
        (None, None)
    } else {
        // The final verify and the drift check both list the account's mappings and
        // queues, at the same moment: they share those listings.
        let aws = aws.clone().sharing_in_flight_reads();
        let drift = async {
            match &ctx.settings.iac {
                Some(source) => {
                    Some(drift_check::check(&aws, ctx.topology(), ctx.stack(), source).await)
                }
                None => None,
            }
        };
        let mut skipped: Vec<CheckKind> = Vec::new();
        for kind in args.skip.iter().map(|s| s.kind()) {
            if !skipped.contains(&kind) {
                skipped.push(kind);
            }
        }
        let (verify, drift) = tokio::join!(final_verify(ctx, &aws, &skipped), drift);
        (Some(verify), drift)
    };
    let report = report::build(
        Setup {
            stack: ctx.stack().to_string(),
            command: command.map(<[String]>::to_vec),
            interval_ms: args.interval.as_millis() as u64,
            until_stable_ms: args.until_stable.as_millis() as u64,
        },
        watched_sources,
        watched,
        verify,
        drift,
    );
    ctx.printer.report(&report, |r| {
        crate::render::guard::render(r, ctx.printer.verbose > 0, ctx.printer.width())
    })?;
    Ok(match report.exit_code {
        0 => ExitStatus::Success,
        1 => ExitStatus::Failure,
        code => ExitStatus::Code(code),
    })
}

/// `ccx verify`'s checks, once, as `ccx verify` runs them with only `--skip`.
async fn final_verify(ctx: &Context, aws: &crate::aws::Aws, skipped: &[CheckKind]) -> VerifyReport {
    let since_label = humantime::format_duration(VERIFY_SINCE).to_string();
    let metrics_skipped = skipped.contains(&CheckKind::Metrics);
    let options = evidence::GatherOptions {
        since: VERIFY_SINCE,
        sample: None,
        budget: ctx.log_budget(),
        reuse_logs: None,
        remembered_groups: Default::default(),
        search_logs: !skipped.contains(&CheckKind::Logs),
        // One GetMetricData call beside the other reads, as `ccx verify` makes it: the
        // functions' and queues' metrics and each mapping's own event counts.
        metrics: if metrics_skipped {
            evidence::MetricsPlan::Skip
        } else {
            evidence::MetricsPlan::Read
        },
    };
    let evidence = evidence::gather(aws, ctx.topology(), ctx.stack(), options).await;
    let checks = checks::run_all(ctx.topology(), &evidence, &since_label);
    let mut report = VerifyReport::new(ctx.stack(), false, skips::leave_out(checks, skipped));
    report.skipped = skipped.to_vec();
    if !metrics_skipped {
        report.hints = checks::hints(ctx.topology(), &evidence);
    }
    report
}
