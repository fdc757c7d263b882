//! The `consumers.KEY` checks in words: the rule's verdict on the source (a consumer
//! named by a version or alias is shown by its ARN where its name alone would repeat),
//! each mapping, and what Lambda reports of them.

use crate::features::verify::consumer_finding::{ConsumersFinding, ConsumersJudged, MappingLine};
use crate::features::verify::report::CheckStatus;
use crate::judgements::consumers::Verdict;

pub fn summary(f: &ConsumersFinding) -> String {
    let rule = rule_summary(f);
    if f.lambda_reasons.is_empty() {
        return rule;
    }
    let reasons = f.lambda_reasons.join("; ");
    if f.rule_status() < CheckStatus::Fail {
        format!("{}: Lambda reports {reasons}", f.name)
    } else {
        format!("{rule}; Lambda reports {reasons}")
    }
}

fn rule_summary(f: &ConsumersFinding) -> String {
    let name = &f.name;
    match &f.judged {
        ConsumersJudged::QueueMissing { stack, pattern } => {
            format!("no queue in stack {stack} contains `{pattern}`")
        }
        ConsumersJudged::InTransition(mappings) => format!(
            "{name}: mapping in transition: {}",
            mappings
                .iter()
                .map(|m| format!("{} is {}", m.function_name, m.state))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ConsumersJudged::Verdict(verdict) => match verdict {
            Verdict::SourceMissing => match &f.lookup {
                Some(lookup) => format!("{}: {lookup}", verdict.describe()),
                None => verdict.describe(),
            },
            Verdict::Duplicate { consumers, .. } => format!(
                "{name}: {} enabled consumers: {}",
                consumers.len(),
                verdict.consumer_labels().join(", ")
            ),
            Verdict::NoConsumer => {
                let named = if name.is_empty() { &f.key } else { name };
                format!("{named} has no enabled consumer")
            }
            Verdict::WrongConsumer { found, expected } => {
                format!("{name} is consumed by {found}, expected {expected}")
            }
            Verdict::Ok => {
                let who = f
                    .consumer
                    .as_ref()
                    .map(|m| format!("{} ({})", m.function_name, m.state))
                    .unwrap_or_default();
                format!("{name}: {who}")
            }
        },
    }
}

pub fn details(f: &ConsumersFinding) -> Vec<String> {
    let mut details: Vec<String> = f.mappings.iter().map(mapping_line).collect();
    details.extend(f.last_results.iter().map(|r| {
        format!(
            "last processing result: {}",
            r.as_deref().unwrap_or("(none reported)")
        )
    }));
    details.extend(f.lookup.clone());
    details.extend(f.lambda_reasons.iter().map(|r| format!("Lambda: {r}")));
    details
}

/// `UUID FUNCTION STATE`, the function by its ARN when the mapping names a version or
/// alias of it.
fn mapping_line(m: &MappingLine) -> String {
    let function = m.qualified_arn.as_deref().unwrap_or(&m.function_name);
    format!("{} {function} {}", m.uuid, m.state)
}
