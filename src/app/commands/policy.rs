//! `ccx policy`: prints the least-privilege IAM policy document for some commands.
//! Needs no AWS call: region and account come from flags (`*` when not given).

use anyhow::{Result, bail};
use clap::Args;

use crate::app::exit::ExitStatus;
use crate::app::settings::Context;
use crate::aws::arn::partition_of_region;
use crate::base::topology::{IacKind, IacReference, IacSource};
use crate::features::policy::{self, Target};

/// IAM's size limit for a customer managed policy, whitespace not counted.
const MANAGED_POLICY_LIMIT: usize = 6_144;

#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// Which commands: `read` (look only), `switch` (read, rollback and switch) or `all`
    #[arg(
        long = "for",
        value_name = "SCOPE",
        default_value = "all",
        conflicts_with = "commands"
    )]
    pub scope: String,

    /// Only what this command needs (repeatable), e.g. `--command verify`
    #[arg(long = "command", value_name = "NAME")]
    pub commands: Vec<String>,

    /// Account ID in the resource ARNs [default: `*`]
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,

    /// Also allow reading this log group (repeatable): for a function whose
    /// LoggingConfig sends its logs somewhere other than /aws/lambda/NAME
    #[arg(long = "log-group", value_name = "NAME")]
    pub log_groups: Vec<String>,

    /// Print the permissions as a Markdown table (as in the README) instead of the
    /// policy document
    #[arg(long)]
    pub markdown: bool,
}

pub fn run(ctx: &Context, args: &PolicyArgs) -> Result<ExitStatus> {
    let names: Vec<&str> = policy::COMMANDS.iter().map(|(c, _)| *c).collect();
    let commands = if args.commands.is_empty() {
        let Some(commands) = policy::commands_for(&args.scope) else {
            bail!(
                "--for `{}` is not a scope: use read, switch or all (or --command NAME)",
                args.scope
            );
        };
        commands
    } else {
        let mut chosen = Vec::new();
        for command in &args.commands {
            let Some(known) = names.iter().find(|n| *n == command) else {
                bail!(
                    "--command `{command}` is not a command that calls AWS: use one of {}",
                    names.join(", ")
                );
            };
            chosen.push(*known);
        }
        chosen
    };
    if let Some(account) = &args.account
        && !(account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
    {
        bail!("--account `{account}` is not an account ID: give the 12 digits, e.g. 123456789012");
    }
    if let Some(group) = args.log_groups.iter().find(|g| !valid_log_group(g)) {
        bail!(
            "--log-group `{group}` is not a log group name: 1 to 512 of letters, digits and `_ - / . #`"
        );
    }
    if args.markdown {
        ctx.printer.text(&policy::markdown(&commands))?;
        return Ok(ExitStatus::Success);
    }
    let region = ctx.settings.aws.region.as_deref().unwrap_or("*");
    let cloudformation_stack = match &ctx.settings.iac {
        Some(IacSource {
            kind: IacKind::Cloudformation,
            reference: IacReference::Stack(stack),
        }) => Some(stack.as_str()),
        _ => None,
    };
    let target = Target {
        topology: ctx.topology(),
        stack: ctx.stack(),
        region,
        account: args.account.as_deref().unwrap_or("*"),
        partition: partition_of_region(region),
        extra_log_groups: &args.log_groups,
        iac_stack: cloudformation_stack,
    };
    let grants = policy::grants_with_iac(&commands, cloudformation_stack.is_some());
    let document = policy::build(&grants, &target);
    ctx.printer.json(&document)?;
    let size = serde_json::to_string(&document)?.len();
    if size > MANAGED_POLICY_LIMIT {
        ctx.printer.warn(&format!(
            "the policy has {size} characters, more than a managed policy's {MANAGED_POLICY_LIMIT}: split it, or attach it inline to a role"
        ));
    }
    if args.log_groups.is_empty() {
        ctx.printer.note(
            "note: log groups are /aws/lambda/<function>; a function whose LoggingConfig names another group needs --log-group NAME",
        );
    }
    for note in policy::notes(&grants) {
        ctx.printer.note(note);
    }
    Ok(ExitStatus::Success)
}

/// CloudWatch Logs' rule for group names.
fn valid_log_group(name: &str) -> bool {
    (1..=512).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-/.#".contains(c))
}
