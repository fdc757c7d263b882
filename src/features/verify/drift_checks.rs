//! `drift.QUEUE`: with an IaC source, each topology queue's consumers against what the
//! IaC declares (`judgements::drift`). A difference fails the check: the next deploy
//! changes that queue's consumers. After a rollback (`--rolled-back`) it warns instead:
//! the IaC still declaring the replaced consumer is expected until it is changed too.

use crate::judgements::consumers::Source;
use crate::judgements::drift::{self, Difference, Field};

use super::checks::error_check;
use super::evidence::Evidence;
use super::report::{Check, CheckStatus};

pub fn drift_checks(ev: &Evidence, sources: Option<&Result<Vec<Source>, String>>) -> Vec<Check> {
    let Some(iac) = &ev.iac else {
        return Vec::new();
    };
    let source = &iac.desired.source;
    let (sources, mappings) = match (sources, &ev.mappings) {
        (Some(Ok(sources)), Ok(mappings)) => (sources, mappings),
        (Some(Err(e)), _) => {
            return vec![error_check(
                "drift.queues".into(),
                "queues as the IaC declares".into(),
                e,
            )];
        }
        _ => {
            return vec![error_check(
                "drift.queues".into(),
                "queues as the IaC declares".into(),
                &"the mappings or queues could not be listed",
            )];
        }
    };
    drift::judge(&iac.desired, sources, mappings)
        .into_iter()
        .map(|q| {
            let id = format!("drift.{}", q.queue);
            let title = format!("{} as the IaC declares", q.queue);
            if q.in_sync() {
                return Check::new(
                    id,
                    title,
                    CheckStatus::Pass,
                    format!("the live consumers are what the IaC ({source}) declares"),
                );
            }
            let status = if iac.rolled_back {
                CheckStatus::Warn
            } else {
                CheckStatus::Fail
            };
            let n = q.differences.len();
            Check::new(
                id,
                title,
                status,
                format!(
                    "{n} difference{} from the IaC ({source}): the next deploy changes this queue's consumers",
                    if n == 1 { "" } else { "s" }
                ),
            )
            .with_details(q.differences.iter().map(detail).collect())
        })
        .collect()
}

/// One difference in a line: what differs, the values, the IaC's resource.
fn detail(d: &Difference) -> String {
    let function = d.function_name.as_deref().unwrap_or("(function unknown)");
    let declared = d.declared.as_deref().unwrap_or("-");
    let live = d.live.as_deref().unwrap_or("-");
    let resource = d.resource.as_deref().unwrap_or("not declared");
    let what = match d.field {
        Field::Enabled => "enabled",
        Field::Function => "function",
        Field::BatchSize => "batch size",
        Field::MaximumBatchingWindowSeconds => "batching window (s)",
        Field::MaximumConcurrency => "maximum concurrency",
        Field::FunctionResponseTypes => "response types",
        Field::Missing => "declared mapping missing",
        Field::Undeclared => "enabled mapping the IaC does not declare",
    };
    format!("{function}: {what}: IaC {declared}, live {live} [{resource}]")
}
