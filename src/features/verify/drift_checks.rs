//! `drift.QUEUE`: with an IaC source, each topology queue's consumers against what the
//! IaC declares (`judgements::drift`). A difference fails the check: the next deploy
//! changes that queue's consumers. After a rollback (`--rolled-back`) it warns instead:
//! the IaC still declaring the replaced consumer is expected until it is changed too.
//! An IaC that cannot be read is one `drift` check naming the cause (an error); the
//! queues' drift checks then did not run, and every other check still reports.

use crate::base::topology::Topology;
use crate::judgements::consumers::Source;
use crate::judgements::drift::{self, Difference, Field};

use super::checks::error_check;
use super::evidence::Evidence;
use super::finding::Finding;
use super::report::{Check, CheckStatus, NotRun};

/// The id of the IaC source's own check, there when it could not be read.
pub const SOURCE_ID: &str = "drift";

pub fn drift_checks(
    topology: &Topology,
    ev: &Evidence,
    sources: Option<&Result<Vec<Source>, String>>,
) -> Vec<Check> {
    let Some(iac) = &ev.iac else {
        return Vec::new();
    };
    let source = &iac.source;
    let desired = match &iac.desired {
        Ok(desired) => desired,
        Err(cause) => {
            let mut checks = vec![Check::new(
                SOURCE_ID,
                format!("the IaC ({source})"),
                CheckStatus::Error,
                format!("could not read the IaC ({source}): {cause}"),
            )];
            checks.extend(topology.queues.keys().map(|key| {
                Check::not_run(
                    format!("drift.{key}"),
                    format!("{key} as the IaC declares"),
                    NotRun::SourceFailed,
                    Finding::worded(format!(
                        "not run: the IaC could not be read (see `{SOURCE_ID}`)"
                    )),
                )
            }));
            return checks;
        }
    };
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
    drift::judge(desired, sources, mappings)
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
