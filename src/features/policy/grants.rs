//! THE table: every AWS action ccx calls, what it may be scoped to, and which commands
//! call it. `ccx policy` is built from it and tests/e2e/policy.rs checks it against the calls
//! each command really makes, so a new call is one more line (or one more command on a
//! line) here, and the drift test names the action that is missing or extra.
//!
//! A few lines are actions ccx never calls: AWS performs them with the caller's
//! permissions while it carries out a call of ccx's (`Why::OnBehalfOf`). No call log can
//! show those, so the drift test checks instead that the command makes the call they are
//! for, and the unit tests below that the table says so consistently.

/// What a grant's `Resource` (and `Condition`) can be narrowed to. Which of these an
/// action allows is IAM's rule, from the Service Authorization Reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// No resource-level permissions (listings, STS): `*`.
    Anything,
    /// The topology's functions in the stack, by name pattern.
    StackFunctions,
    /// The stack's queues (their dead-letter queues too), by the stack's name token.
    StackQueues,
    /// The log groups of the topology's functions in the stack (and `--log-group`s).
    StackLogGroups,
    /// Event source mappings (UUIDs are not known in advance).
    Mappings,
    /// Event source mappings whose function is one of the stack's (`lambda:FunctionArn`).
    MappingsOfStackFunctions,
    /// `*`, but only for mappings to the stack's functions (`lambda:FunctionArn`):
    /// creating a mapping has no mapping ARN to scope to yet.
    NewMappingsOfStackFunctions,
    /// Event source mappings, and only ccx's switch lease tags (`aws:TagKeys`).
    LeaseTags,
    /// The CloudFormation stack the IaC source names (`--iac cloudformation:STACK`).
    IacStack,
}

/// One IAM action, the commands that need it, and why they do.
#[derive(Debug, Clone, Copy)]
pub struct Grant {
    /// `service:Action`, as IAM spells it (and as the test bed's call log records it).
    pub action: &'static str,
    pub scope: Scope,
    pub commands: &'static [&'static str],
    pub why: Why,
}

/// Why a grant is in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Why {
    /// ccx calls the action itself (the test bed's call log shows each call).
    Calls,
    /// ccx never calls the action: AWS performs it with the caller's permissions while
    /// it carries out this call of ccx's (`service:Action`, a `Calls` grant of the same
    /// commands). The emulator has no IAM, so only AWS's documentation says so.
    OnBehalfOf(&'static str),
}

/// Commands by how much they may do; `--for read|switch|all` picks by this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Looks only.
    Read,
    /// Changes which function consumes a queue.
    Switch,
}

/// Every command that calls AWS, with its level. A command missing here cannot be
/// named in GRANTS (a unit test checks).
pub const COMMANDS: &[(&str, Level)] = &[
    ("functions", Level::Read),
    ("mappings", Level::Read),
    ("queues", Level::Read),
    ("map", Level::Read),
    ("verify", Level::Read),
    ("tail", Level::Read),
    ("guard", Level::Read),
    ("drift", Level::Read),
    ("dlq", Level::Switch),
    ("rollback", Level::Switch),
    ("switch", Level::Switch),
];

const SWITCHES: &[&str] = &["rollback", "switch"];

#[rustfmt::skip]
pub const GRANTS: &[Grant] = &[
    Grant { action: "lambda:ListFunctions", scope: Scope::Anything, commands: &["functions", "verify", "guard", "tail", "rollback", "switch"], why: Why::Calls },
    Grant { action: "lambda:GetFunction", scope: Scope::StackFunctions, commands: &["functions", "verify", "guard", "rollback", "switch", "dlq"], why: Why::Calls },
    Grant { action: "lambda:GetFunctionConfiguration", scope: Scope::StackFunctions, commands: SWITCHES, why: Why::Calls },
    Grant { action: "lambda:ListEventSourceMappings", scope: Scope::Anything, commands: &["functions", "mappings", "queues", "map", "verify", "guard", "rollback", "switch", "dlq", "drift"], why: Why::Calls },
    Grant { action: "lambda:GetEventSourceMapping", scope: Scope::Mappings, commands: SWITCHES, why: Why::Calls },
    Grant { action: "lambda:UpdateEventSourceMapping", scope: Scope::MappingsOfStackFunctions, commands: SWITCHES, why: Why::Calls },
    Grant { action: "lambda:CreateEventSourceMapping", scope: Scope::NewMappingsOfStackFunctions, commands: SWITCHES, why: Why::Calls },
    Grant { action: "lambda:ListTags", scope: Scope::Mappings, commands: SWITCHES, why: Why::Calls },
    Grant { action: "lambda:TagResource", scope: Scope::LeaseTags, commands: SWITCHES, why: Why::Calls },
    Grant { action: "lambda:UntagResource", scope: Scope::LeaseTags, commands: SWITCHES, why: Why::Calls },
    Grant { action: "sqs:ListQueues", scope: Scope::Anything, commands: &["functions", "mappings", "queues", "map", "verify", "guard", "rollback", "switch", "dlq", "drift"], why: Why::Calls },
    Grant { action: "sqs:GetQueueAttributes", scope: Scope::StackQueues, commands: &["queues", "map", "verify", "guard", "rollback", "switch", "dlq"], why: Why::Calls },
    Grant { action: "sqs:GetQueueUrl", scope: Scope::StackQueues, commands: &["queues", "map", "verify", "guard"], why: Why::Calls },
    Grant { action: "logs:FilterLogEvents", scope: Scope::StackLogGroups, commands: &["verify", "guard", "tail", "rollback", "switch"], why: Why::Calls },
    Grant { action: "logs:DescribeLogStreams", scope: Scope::StackLogGroups, commands: &["tail"], why: Why::Calls },
    Grant { action: "sqs:ReceiveMessage", scope: Scope::StackQueues, commands: &["dlq"], why: Why::Calls },
    Grant { action: "sqs:StartMessageMoveTask", scope: Scope::StackQueues, commands: &["dlq"], why: Why::Calls },
    // A message move task acts with the permissions of whoever started it: it receives
    // and deletes the DLQ's messages and sends them to the destination, which ccx always
    // names: the queue the DLQ serves, in the stack ("Configuring queue permissions for
    // dead-letter queue redrive", Amazon SQS Developer Guide). It also needs
    // sqs:ReceiveMessage and sqs:GetQueueAttributes on the DLQ, which ccx calls itself
    // anyway. Cancelling a task needs the same on the DLQ, DeleteMessage included.
    Grant { action: "sqs:DeleteMessage", scope: Scope::StackQueues, commands: &["dlq"], why: Why::OnBehalfOf("sqs:StartMessageMoveTask") },
    Grant { action: "sqs:SendMessage", scope: Scope::StackQueues, commands: &["dlq"], why: Why::OnBehalfOf("sqs:StartMessageMoveTask") },
    Grant { action: "sqs:ListMessageMoveTasks", scope: Scope::StackQueues, commands: &["dlq"], why: Why::Calls },
    Grant { action: "sqs:CancelMessageMoveTask", scope: Scope::StackQueues, commands: &["dlq"], why: Why::Calls },
    // GetMetricData takes no resource: metrics are read by namespace and dimension.
    Grant { action: "cloudwatch:GetMetricData", scope: Scope::Anything, commands: &["queues", "map", "verify", "guard", "rollback", "switch"], why: Why::Calls },
    // AWS answers GetCallerIdentity whatever the policy says; it is listed so the
    // document names every call ccx makes (the audit record's "who").
    Grant { action: "sts:GetCallerIdentity", scope: Scope::Anything, commands: &["rollback", "switch", "dlq"], why: Why::Calls },
];

/// The commands that read the IaC's records when an IaC source is configured.
const IAC_READERS: &[&str] = &["drift", "verify", "guard", "rollback", "switch"];

/// What reading a CloudFormation IaC source calls: granted only when the IaC source is
/// a CloudFormation stack, on that stack alone (tests/e2e/iac.rs checks them against the
/// calls `drift` makes).
#[rustfmt::skip]
pub const CLOUDFORMATION_GRANTS: &[Grant] = &[
    Grant { action: "cloudformation:DescribeStacks", scope: Scope::IacStack, commands: IAC_READERS, why: Why::Calls },
    Grant { action: "cloudformation:ListStackResources", scope: Scope::IacStack, commands: IAC_READERS, why: Why::Calls },
    Grant { action: "cloudformation:GetTemplate", scope: Scope::IacStack, commands: IAC_READERS, why: Why::Calls },
];

/// [`grants_for`], and with a CloudFormation IaC source, what reading it calls.
pub fn grants_with_iac(commands: &[&str], cloudformation: bool) -> Vec<&'static Grant> {
    let mut grants = grants_for(commands);
    if cloudformation {
        grants.extend(
            CLOUDFORMATION_GRANTS
                .iter()
                .filter(|g| g.commands.iter().any(|c| commands.contains(c))),
        );
    }
    grants
}

/// The commands `--for NAME` means: `read`, `switch` (read and switch) or `all`.
/// None for anything else.
pub fn commands_for(name: &str) -> Option<Vec<&'static str>> {
    let by_level = |most: Level| {
        COMMANDS
            .iter()
            .filter(|(_, level)| *level <= most)
            .map(|(c, _)| *c)
            .collect()
    };
    match name {
        "read" => Some(by_level(Level::Read)),
        "switch" => Some(by_level(Level::Switch)),
        "all" => Some(COMMANDS.iter().map(|(c, _)| *c).collect()),
        _ => None,
    }
}

/// The grants any of `commands` needs, in table order.
pub fn grants_for(commands: &[&str]) -> Vec<&'static Grant> {
    GRANTS
        .iter()
        .filter(|g| g.commands.iter().any(|c| commands.contains(c)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_granted_command_is_a_known_command_and_every_action_is_listed_once() {
        let mut seen = std::collections::BTreeSet::new();
        for grant in GRANTS {
            assert!(seen.insert(grant.action), "{} twice", grant.action);
            assert!(
                !grant.action.contains('*'),
                "{}: no wildcard actions",
                grant.action
            );
            for command in grant.commands {
                assert!(
                    COMMANDS.iter().any(|(c, _)| c == command),
                    "{}: `{command}` is not in COMMANDS",
                    grant.action
                );
            }
        }
    }

    #[test]
    fn scopes_nest_read_in_switch_in_all() {
        let read = commands_for("read").unwrap();
        let switch = commands_for("switch").unwrap();
        let all = commands_for("all").unwrap();
        assert!(read.iter().all(|c| switch.contains(c)));
        assert!(switch.iter().all(|c| all.contains(c)));
        assert!(!read.contains(&"rollback"));
        assert_eq!(commands_for("verify"), None);
        assert_eq!(commands_for("nonsense"), None);
    }

    /// The `Calls` grant that `implied`'s `OnBehalfOf` names, if it is one.
    fn implying_call(implied: &Grant) -> Option<&'static Grant> {
        let Why::OnBehalfOf(call) = implied.why else {
            return None;
        };
        GRANTS
            .iter()
            .find(|g| g.action == call && g.why == Why::Calls)
    }

    #[test]
    fn an_implied_grant_names_a_call_that_each_of_its_commands_makes() {
        let implied: Vec<&Grant> = GRANTS.iter().filter(|g| g.why != Why::Calls).collect();
        assert!(
            implied.iter().any(|g| g.action == "sqs:SendMessage"),
            "the redrive's SendMessage is in the table"
        );
        for grant in implied {
            let Some(call) = implying_call(grant) else {
                panic!(
                    "{} is needed on behalf of {:?}, which is no call in GRANTS",
                    grant.action, grant.why
                );
            };
            for command in grant.commands {
                assert!(
                    call.commands.contains(command),
                    "{} is granted to `{command}` for {}, which `{command}` does not call",
                    grant.action,
                    call.action
                );
            }
        }
    }

    #[test]
    fn every_command_making_a_call_has_what_aws_needs_for_it() {
        for implied in GRANTS.iter().filter(|g| g.why != Why::Calls) {
            let call = implying_call(implied).unwrap();
            for command in call.commands {
                assert!(
                    implied.commands.contains(command),
                    "`{command}` calls {} but is not granted {}, which AWS needs for it",
                    call.action,
                    implied.action
                );
            }
        }
    }

    #[test]
    fn a_redrive_may_delete_and_send_on_the_stacks_queues() {
        let dlq = grants_for(&["dlq"]);
        for action in ["sqs:DeleteMessage", "sqs:SendMessage"] {
            let grant = dlq.iter().find(|g| g.action == action).unwrap();
            assert_eq!(grant.scope, Scope::StackQueues, "{action}");
            assert_eq!(grant.why, Why::OnBehalfOf("sqs:StartMessageMoveTask"));
        }
    }

    #[test]
    fn read_grants_write_nothing() {
        let read = commands_for("read").unwrap();
        for grant in grants_for(&read) {
            let action = grant.action.split(':').nth(1).unwrap();
            assert!(
                ["List", "Get", "Filter", "Describe"]
                    .iter()
                    .any(|p| action.starts_with(p)),
                "{} is granted to a read-only command",
                grant.action
            );
        }
    }
}
