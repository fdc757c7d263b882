//! The IAM policy document for a set of grants: one statement per kind of scope, its
//! resources written from the topology's name patterns for one stack; the actions AWS
//! performs on ccx's behalf get statements of their own, named for the call they serve.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use super::grants::{Grant, Scope, Why};
use crate::aws::arn::Arn;
use crate::base::topology::Topology;
use crate::features::switch::record::lease::TAG_PREFIX;

/// Where the policy applies: region and account (`*` for any), the stack and its
/// topology, and log groups named outright (functions with a custom `LoggingConfig`).
pub struct Target<'a> {
    pub topology: &'a Topology,
    pub stack: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub partition: &'a str,
    pub extra_log_groups: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct Document {
    #[serde(rename = "Version")]
    pub version: &'static str,
    #[serde(rename = "Statement")]
    pub statements: Vec<Statement>,
}

#[derive(Debug, Serialize)]
pub struct Statement {
    #[serde(rename = "Sid")]
    pub sid: String,
    #[serde(rename = "Effect")]
    pub effect: &'static str,
    #[serde(rename = "Action")]
    pub actions: Vec<&'static str>,
    #[serde(rename = "Resource")]
    pub resources: Vec<String>,
    #[serde(rename = "Condition", skip_serializing_if = "Option::is_none")]
    pub condition: Option<Value>,
}

#[cfg(test)]
impl Document {
    /// Every action the document allows, sorted.
    pub fn actions(&self) -> Vec<&'static str> {
        let mut all: Vec<&'static str> = self
            .statements
            .iter()
            .flat_map(|s| s.actions.iter().copied())
            .collect();
        all.sort_unstable();
        all
    }
}

/// The document allowing `grants` on `target`'s resources.
pub fn build(grants: &[&Grant], target: &Target) -> Document {
    let mut by_scope: BTreeMap<(Scope, Why), Vec<&'static str>> = BTreeMap::new();
    for grant in grants {
        by_scope
            .entry((grant.scope, grant.why))
            .or_default()
            .push(grant.action);
    }
    let statements = by_scope
        .into_iter()
        .map(|((scope, why), mut actions)| {
            actions.sort_unstable();
            Statement {
                sid: sid(scope, why),
                effect: "Allow",
                actions,
                resources: resources(scope, target),
                condition: condition(scope, target),
            }
        })
        .collect();
    Document {
        version: "2012-10-17",
        statements,
    }
}

/// The statement's `Sid` (letters and digits only, as IAM asks): the scope's name, and
/// for actions AWS performs on ccx's behalf, the call they serve first, so a reviewer of
/// the policy sees why actions ccx never calls are there.
fn sid(scope: Scope, why: Why) -> String {
    match why {
        Why::Calls => scope_sid(scope).to_string(),
        Why::OnBehalfOf(call) => {
            let name = call.split_once(':').map_or(call, |(_, name)| name);
            format!("{name}ActsAsCallerOn{}", scope_sid(scope))
        }
    }
}

fn scope_sid(scope: Scope) -> &'static str {
    match scope {
        Scope::Anything => "ListingsAndIdentity",
        Scope::StackFunctions => "StackFunctions",
        Scope::StackQueues => "StackQueues",
        Scope::StackLogGroups => "StackLogGroups",
        Scope::Mappings => "ReadMappings",
        Scope::MappingsOfStackFunctions => "SwitchMappingsOfStackFunctions",
        Scope::NewMappingsOfStackFunctions => "CreateMappingsForStackFunctions",
        Scope::LeaseTags => "SwitchLeaseTags",
    }
}

fn resources(scope: Scope, t: &Target) -> Vec<String> {
    match scope {
        Scope::Anything | Scope::NewMappingsOfStackFunctions => vec!["*".to_string()],
        Scope::StackFunctions => function_arns(t),
        Scope::StackQueues => stack_token_patterns(t.stack)
            .iter()
            .map(|name| Arn::queue(t.partition, t.region, t.account, name).to_string())
            .collect(),
        Scope::StackLogGroups => {
            let mut groups: Vec<String> = name_patterns(t)
                .iter()
                .map(|name| format!("/aws/lambda/{name}"))
                .collect();
            for group in t.extra_log_groups {
                // The group itself, and its streams (`log-group:NAME:*`).
                groups.push(group.clone());
                groups.push(format!("{group}:*"));
            }
            groups
                .iter()
                .map(|g| Arn::log_group(t.partition, t.region, t.account, g).to_string())
                .collect()
        }
        Scope::Mappings | Scope::MappingsOfStackFunctions | Scope::LeaseTags => {
            vec![Arn::event_source_mapping(t.partition, t.region, t.account, "*").to_string()]
        }
    }
}

fn condition(scope: Scope, t: &Target) -> Option<Value> {
    match scope {
        Scope::MappingsOfStackFunctions | Scope::NewMappingsOfStackFunctions => {
            Some(json!({"ArnLike": {"lambda:FunctionArn": function_arns(t)}}))
        }
        // The switch lease's tags are the only ones ccx writes.
        Scope::LeaseTags => Some(json!({
            "ForAllValues:StringLike": {"aws:TagKeys": [format!("{TAG_PREFIX}*")]}
        })),
        _ => None,
    }
}

/// Each topology function's pattern with the stack on either side: IAM wildcards cannot
/// say "a whole dash-separated token", so these are a little wider than ccx's own rule.
fn name_patterns(t: &Target) -> Vec<String> {
    let mut patterns = Vec::new();
    for spec in t.topology.functions.values() {
        for pattern in [
            format!("*{}*{}*", t.stack, spec.pattern),
            format!("*{}*{}*", spec.pattern, t.stack),
        ] {
            if !patterns.contains(&pattern) {
                patterns.push(pattern);
            }
        }
    }
    patterns
}

/// Function ARNs (the trailing `*` also covers version and alias qualifiers).
fn function_arns(t: &Target) -> Vec<String> {
    name_patterns(t)
        .iter()
        .map(|name| Arn::lambda_function(t.partition, t.region, t.account, name).to_string())
        .collect()
}

/// Names in which the stack is a whole dash-separated token: ccx's own stack rule,
/// which IAM wildcards can express when nothing else is asked of the name.
fn stack_token_patterns(stack: &str) -> Vec<String> {
    vec![
        stack.to_string(),
        format!("{stack}-*"),
        format!("*-{stack}-*"),
        format!("*-{stack}"),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::grants::{GRANTS, commands_for, grants_for};
    use super::*;

    fn document(scope: &str, region: &str, account: &str) -> Value {
        let topology = Topology::builtin();
        let target = Target {
            topology: &topology,
            stack: "prod",
            region,
            account,
            partition: "aws",
            extra_log_groups: &["/custom/compaction".to_string()],
        };
        let grants = grants_for(&commands_for(scope).unwrap());
        serde_json::to_value(build(&grants, &target)).unwrap()
    }

    fn statement<'a>(doc: &'a Value, sid: &str) -> &'a Value {
        doc["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["Sid"] == sid)
            .unwrap_or_else(|| panic!("no statement {sid}: {doc:#}"))
    }

    #[test]
    fn read_only_has_no_mapping_writes_and_switch_adds_them_with_conditions() {
        let read = document("read", "eu-west-1", "123456789012");
        let text = read.to_string();
        assert!(!text.contains("UpdateEventSourceMapping"), "{text}");
        assert!(!text.contains("TagResource"), "{text}");
        let switch = document("switch", "eu-west-1", "123456789012");
        let update = statement(&switch, "SwitchMappingsOfStackFunctions");
        assert_eq!(update["Action"], json!(["lambda:UpdateEventSourceMapping"]));
        assert_eq!(
            update["Resource"],
            json!(["arn:aws:lambda:eu-west-1:123456789012:event-source-mapping:*"])
        );
        let functions = &update["Condition"]["ArnLike"]["lambda:FunctionArn"];
        assert!(
            functions.as_array().unwrap().contains(&json!(
                "arn:aws:lambda:eu-west-1:123456789012:function:*prod*chroma-worker*"
            )),
            "{functions}"
        );
        let tags = statement(&switch, "SwitchLeaseTags");
        assert_eq!(
            tags["Condition"]["ForAllValues:StringLike"]["aws:TagKeys"],
            json!(["ccx-lease-*"])
        );
    }

    #[test]
    fn resources_are_scoped_to_the_stack_and_named_log_groups() {
        let all = document("all", "*", "*");
        let queues = statement(&all, "StackQueues");
        assert_eq!(
            queues["Resource"],
            json!([
                "arn:aws:sqs:*:*:prod",
                "arn:aws:sqs:*:*:prod-*",
                "arn:aws:sqs:*:*:*-prod-*",
                "arn:aws:sqs:*:*:*-prod"
            ])
        );
        let logs = statement(&all, "StackLogGroups")["Resource"].to_string();
        assert!(
            logs.contains("log-group:/aws/lambda/*prod*enhanced-compaction*"),
            "{logs}"
        );
        assert!(logs.contains("log-group:/custom/compaction\""), "{logs}");
        assert!(logs.contains("log-group:/custom/compaction:*"), "{logs}");
        let listings = statement(&all, "ListingsAndIdentity");
        assert_eq!(listings["Resource"], json!(["*"]));
    }

    #[test]
    fn what_a_redrive_does_as_the_caller_is_a_statement_of_its_own_on_the_stacks_queues() {
        let switch = document("switch", "eu-west-1", "123456789012");
        let moves = statement(&switch, "StartMessageMoveTaskActsAsCallerOnStackQueues");
        assert_eq!(
            moves["Action"],
            json!(["sqs:DeleteMessage", "sqs:SendMessage"])
        );
        assert_eq!(
            moves["Resource"],
            statement(&switch, "StackQueues")["Resource"]
        );
        assert_eq!(moves["Effect"], "Allow");
        let called = statement(&switch, "StackQueues")["Action"].to_string();
        assert!(called.contains("sqs:StartMessageMoveTask"), "{called}");
        assert!(!called.contains("sqs:SendMessage"), "{called}");
        let read = document("read", "eu-west-1", "123456789012").to_string();
        assert!(!read.contains("ActsAsCaller"), "{read}");
        assert!(!read.contains("sqs:DeleteMessage"), "{read}");
    }

    #[test]
    fn every_sid_is_unique_and_alphanumeric() {
        let all = document("all", "*", "*");
        let sids: Vec<&str> = all["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["Sid"].as_str().unwrap())
            .collect();
        for sid in &sids {
            assert!(sid.chars().all(|c| c.is_ascii_alphanumeric()), "{sid}");
            assert_eq!(sids.iter().filter(|s| *s == sid).count(), 1, "{sid}");
        }
    }

    #[test]
    fn every_action_of_the_table_is_in_the_all_document_once() {
        let topology = Topology::builtin();
        let target = Target {
            topology: &topology,
            stack: "dev",
            region: "*",
            account: "*",
            partition: "aws",
            extra_log_groups: &[],
        };
        let doc = build(&grants_for(&commands_for("all").unwrap()), &target);
        let mut expected: Vec<&str> = GRANTS.iter().map(|g| g.action).collect();
        expected.sort_unstable();
        assert_eq!(doc.actions(), expected);
    }
}
