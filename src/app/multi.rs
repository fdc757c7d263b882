//! One read-only command against several targets at once (`--stack a,b`, `--region` or
//! `--profile` repeated, `--all-stacks`): every target runs concurrently with a printer
//! that captures what it would print, targets of one account and region share its
//! quotas (`SharedQuotas`), and the results are printed as one: a summary table and the
//! output of each target that did not pass, or one JSON document with a `targets`
//! array. A target that cannot run is that target's error, never hiding the others; the
//! exit code is the worst of all.

use std::collections::BTreeMap;

use anyhow::{Result, bail};

use crate::app::cli::Command;
use crate::app::commands::{drift, functions, map, mappings, queues, verify};
use crate::app::exit::ExitStatus;
use crate::app::settings::{Context, Settings, SharedQuotas, Target};
use crate::base::error_line::one_line;
use crate::features::views::targets::{TargetId, TargetResult, TargetsReport};
use crate::judgements::stacks;
use crate::ui::output::Printer;

/// Whether `command` can run against several targets at once, and its name; the
/// refusal otherwise.
pub fn command_name(command: &Command) -> Result<&'static str> {
    Ok(match command {
        Command::Verify(_) => "verify",
        Command::Functions(_) => "functions",
        Command::Mappings(_) => "mappings",
        Command::Drift(_) => "drift",
        Command::Queues(args) if !args.watch => "queues",
        Command::Map(args) if !args.watch => "map",
        Command::Queues(_) | Command::Map(_) => {
            bail!("--watch follows one target: give one --stack, --region and --profile")
        }
        Command::Rollback(_) => "rollback",
        Command::Switch(_) => "switch",
        _ => bail!(
            "only verify, functions, mappings, queues, map, drift, rollback and switch take \
             several stacks, regions or profiles at once: give one --stack, --region and \
             --profile"
        ),
    })
}

pub async fn run(
    printer: &Printer,
    targets: Vec<Settings>,
    all_stacks: bool,
    command: &Command,
) -> Result<ExitStatus> {
    let name = command_name(command)?;
    let writes = matches!(command, Command::Rollback(_) | Command::Switch(_));
    // One set of quotas per account and region (as far as ccx can tell before asking
    // STS: per profile and region). Runs that only read also share the account's
    // listings they make at the same time.
    let mut quotas: BTreeMap<(Option<String>, Option<String>), SharedQuotas> = BTreeMap::new();
    for settings in &targets {
        let key = (settings.aws.profile.clone(), settings.aws.region.clone());
        quotas.entry(key).or_insert_with(|| match writes {
            true => SharedQuotas::new(settings.log_search_rate),
            false => SharedQuotas::reading(settings.log_search_rate),
        });
    }
    let quota = |s: &Settings| quotas[&(s.aws.profile.clone(), s.aws.region.clone())].clone();
    let (targets, found) = if all_stacks {
        for stack in &targets[0].topology.topology.stacks {
            crate::app::settings::validate_stack(stack)?;
        }
        discover_stacks(printer, targets, &quota).await
    } else {
        (targets, Vec::new())
    };
    if let Command::Rollback(_) | Command::Switch(_) = command {
        return crate::app::multi_switch::run(printer, targets, found, &quota, command).await;
    }
    let runs = targets.into_iter().map(|settings| {
        let quotas = quota(&settings);
        async move {
            let target = settings.target();
            let capture = printer.capturing();
            let ctx = Context::sharing(settings, capture.clone(), &quotas);
            let (status, identity) = tokio::join!(run_one(&ctx, command), identity(&ctx));
            result(target, status, identity, capture)
        }
    });
    let report = TargetsReport {
        command: name.to_string(),
        found,
        targets: futures::future::join_all(runs).await,
    };
    printer.report(&report, |r| {
        crate::render::targets::render(r, printer.width())
    })?;
    Ok(match report.exit_code() {
        0 => ExitStatus::Success,
        1 => ExitStatus::Failure,
        _ => ExitStatus::Error,
    })
}

async fn run_one(ctx: &Context, command: &Command) -> Result<ExitStatus> {
    match command {
        Command::Verify(args) => verify::run(ctx, args).await,
        Command::Functions(args) => functions::run(ctx, args).await,
        Command::Mappings(args) => mappings::run(ctx, args).await,
        Command::Queues(args) => queues::run(ctx, args).await,
        Command::Map(args) => map::run(ctx, args).await,
        Command::Drift(args) => drift::run(ctx, args).await,
        _ => unreachable!("refused by command_name"),
    }
}

/// The region the run used and the account STS names (asked once per account and
/// region, alongside the run's own reads).
async fn identity(ctx: &Context) -> (Option<String>, Option<String>) {
    match ctx.aws().await {
        Ok(aws) => {
            let account = aws.caller().await.ok().and_then(|c| c.account);
            (Some(aws.region.clone()), account)
        }
        Err(_) => (ctx.settings.aws.region.clone(), None),
    }
}

fn result(
    target: Target,
    status: Result<ExitStatus>,
    (region, account): (Option<String>, Option<String>),
    printer: Printer,
) -> TargetResult {
    let captured = printer.captured().unwrap_or_default();
    let (exit_code, error) = match status {
        Ok(ExitStatus::Success) => (0, None),
        Ok(ExitStatus::Failure) => (1, None),
        Ok(ExitStatus::Error) => (2, None),
        Ok(ExitStatus::Code(code)) => (code, None),
        Err(err) => (2, Some(one_line(&err))),
    };
    TargetResult {
        id: TargetId {
            stack: target.stack,
            region: region.or(target.region),
            account,
            profile: target.profile,
        },
        exit_code,
        verdict: TargetResult::verdict_of(exit_code),
        failing: TargetResult::failing_checks(captured.json.as_ref()),
        error,
        document: captured.json,
        text: captured.text,
        stderr: captured.stderr,
    }
}

/// `--all-stacks`: for each account and region, the stacks ccx.toml names, or else those
/// the topology's name patterns find among its functions and queues; each target's
/// settings once per stack found, and a line per account and region saying how. The
/// accounts and regions are searched at once (each within its own quotas); the lines and
/// targets come out in the order the regions and profiles were given.
async fn discover_stacks(
    printer: &Printer,
    targets: Vec<Settings>,
    quota: &impl Fn(&Settings) -> SharedQuotas,
) -> (Vec<Settings>, Vec<String>) {
    // `targets` holds one settings per account and region here (no --stack).
    let searches = targets
        .into_iter()
        .map(|settings| stacks_of_place(printer, settings, quota));
    let mut found_lines = Vec::new();
    let mut all = Vec::new();
    for (line, targets) in futures::future::join_all(searches).await {
        found_lines.push(line);
        all.extend(targets);
    }
    (all, found_lines)
}

/// One account and region's stacks: the line saying how they were found, and a target
/// per stack (the settings as given when none was found or the search failed, so that
/// target reports why).
async fn stacks_of_place(
    printer: &Printer,
    settings: Settings,
    quota: &impl Fn(&Settings) -> SharedQuotas,
) -> (String, Vec<Settings>) {
    let place = place(&settings);
    let with_stacks = |names: Vec<String>| {
        names
            .into_iter()
            .map(|stack| {
                let mut s = settings.clone();
                s.stack = stack;
                s
            })
            .collect::<Vec<_>>()
    };
    let named = settings.topology.topology.stacks.clone();
    if !named.is_empty() {
        let file = match &settings.topology.source {
            crate::base::topology::TopologySource::File(path) => path.display().to_string(),
            crate::base::topology::TopologySource::Builtin => "the topology".into(),
        };
        let line = format!("{place}: stacks named in {file}: {}", named.join(", "));
        return (line, with_stacks(named));
    }
    let ctx = Context::sharing(settings.clone(), printer.capturing(), &quota(&settings));
    match seen_stacks(&ctx).await {
        Ok(seen) if !seen.is_empty() => {
            let line = format!(
                "{place}: stacks found by the topology's name patterns: {}",
                seen.iter()
                    .map(|s| format!("{} ({} resources)", s.name, s.resources))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            (
                line,
                with_stacks(seen.into_iter().map(|s| s.name).collect()),
            )
        }
        Ok(_) => (
            format!("{place}: no stack found by the topology's name patterns"),
            vec![settings],
        ),
        Err(err) => (
            format!("{place}: could not look for stacks: {err:#}"),
            vec![settings],
        ),
    }
}

fn place(settings: &Settings) -> String {
    match (&settings.aws.profile, &settings.aws.region) {
        (Some(p), Some(r)) => format!("profile {p}, {r}"),
        (Some(p), None) => format!("profile {p}"),
        (None, Some(r)) => r.clone(),
        (None, None) => "the default account and region".into(),
    }
}

/// The stacks among the account's functions and queues (two listings, at once).
async fn seen_stacks(ctx: &Context) -> Result<Vec<stacks::SeenStack>> {
    let aws = ctx.aws().await?;
    let (functions, queues) = tokio::join!(
        crate::state::functions::list_function_names(&aws),
        crate::state::queues::list_queues(&aws)
    );
    let (functions, queues) = (functions?, queues?.names);
    let names = functions
        .iter()
        .chain(queues.iter())
        .map(String::as_str)
        .collect();
    Ok(stacks::seen(ctx.topology(), &names))
}
