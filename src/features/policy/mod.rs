//! `ccx policy`: the least-privilege IAM policy that ccx's commands need, built from
//! one table of grants (`grants::GRANTS`) that a test keeps equal to the calls each
//! command makes.

mod document;
mod grants;
mod notes;

pub use document::{Target, build};
#[cfg(test)]
pub use grants::GRANTS;
pub use grants::{COMMANDS, Scope, Why, commands_for, grants_for};
pub use notes::notes;

/// What each scope means, in words (the README's permissions table).
pub fn describe(scope: Scope) -> &'static str {
    match scope {
        Scope::Anything => "`*` (the action takes no resource)",
        Scope::StackFunctions => "the topology's functions in the stack",
        Scope::StackQueues => "the stack's queues and dead-letter queues",
        Scope::StackLogGroups => "the log groups of the topology's functions (and `--log-group`s)",
        Scope::Mappings => "event source mappings",
        Scope::MappingsOfStackFunctions => {
            "event source mappings of the stack's functions (`lambda:FunctionArn`)"
        }
        Scope::NewMappingsOfStackFunctions => {
            "`*`, for the stack's functions only (`lambda:FunctionArn`)"
        }
        Scope::LeaseTags => "event source mappings, `ccx-lease-*` tag keys only (`aws:TagKeys`)",
    }
}

/// Why a grant is there, after the commands that need it (tests/e2e/policy.rs reads it).
fn describe_why(why: Why) -> String {
    match why {
        Why::Calls => String::new(),
        Why::OnBehalfOf(call) => {
            format!(" (AWS does it for `{call}`, with the caller's permissions)")
        }
    }
}

/// The grants of `commands` as a Markdown table: action, resource, commands (and why,
/// for an action that AWS performs on their behalf).
pub fn markdown(commands: &[&str]) -> String {
    let mut out = String::from("| action | resource | used by |\n|---|---|---|\n");
    for grant in grants_for(commands) {
        let used_by: Vec<String> = grant
            .commands
            .iter()
            .filter(|c| commands.contains(c))
            .map(|c| format!("`{c}`"))
            .collect();
        out.push_str(&format!(
            "| `{}` | {} | {}{} |\n",
            grant.action,
            describe(grant.scope),
            used_by.join(", "),
            describe_why(grant.why)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markdown_table_has_one_row_per_action() {
        let all = commands_for("all").unwrap();
        let table = markdown(&all);
        assert_eq!(table.lines().count(), 2 + GRANTS.len());
        assert!(table.contains(
            "| `lambda:UpdateEventSourceMapping` | event source mappings of the stack's functions"
        ));
        assert!(table.contains(
            "| `sqs:SendMessage` | the stack's queues and dead-letter queues | `dlq` (AWS does it for `sqs:StartMessageMoveTask`, with the caller's permissions) |"
        ), "{table}");
        assert!(table.contains(
            "| `sqs:StartMessageMoveTask` | the stack's queues and dead-letter queues | `dlq` |\n"
        ));
        let read = markdown(&commands_for("read").unwrap());
        assert!(!read.contains("rollback"), "{read}");
        assert!(!read.contains("AWS does it"), "{read}");
    }
}
