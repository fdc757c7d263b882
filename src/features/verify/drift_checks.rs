//! `drift.QUEUE`: with an IaC source, each topology queue's consumers against what the
//! IaC declares (`judgements::drift`). A difference fails the check: the next deploy
//! changes that queue's consumers. After a rollback (`--rolled-back`) it warns instead:
//! the IaC still declaring the replaced consumer is expected until it is changed too.
//! An IaC that cannot be read is one `drift` check naming the cause (an error); the
//! queues' drift checks then did not run, and every other check still reports.

use crate::base::topology::Topology;
use crate::judgements::consumers::Source;
use crate::judgements::drift;

use super::checks::error_check;
use super::evidence::Evidence;
use super::finding::{DriftFinding, Finding};
use super::report::{Check, CheckStatus, NotRun};

pub fn drift_checks(
    topology: &Topology,
    ev: &Evidence,
    sources: Option<&Result<Vec<Source>, String>>,
) -> Vec<Check> {
    let Some(iac) = &ev.iac else {
        return Vec::new();
    };
    let desired = match &iac.desired {
        Ok(desired) => desired,
        Err(cause) => {
            let finding = DriftFinding::Unreadable {
                iac: iac.source.clone(),
                cause: cause.clone(),
            };
            let mut checks = vec![Check::found(
                DriftFinding::SOURCE_ID,
                format!("the IaC ({})", iac.source),
                CheckStatus::Error,
                Finding::Drift(finding),
            )];
            checks.extend(topology.queues.keys().map(|key| {
                Check::not_run(
                    format!("drift.{key}"),
                    format!("{key} as the IaC declares"),
                    NotRun::SourceFailed,
                    Finding::Drift(DriftFinding::SourceFailed),
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
            let iac_source = iac.source.clone();
            if q.in_sync() {
                let finding = DriftFinding::InSync { iac: iac_source };
                return Check::found(id, title, CheckStatus::Pass, Finding::Drift(finding));
            }
            let status = if iac.rolled_back {
                CheckStatus::Warn
            } else {
                CheckStatus::Fail
            };
            let finding = DriftFinding::Differs {
                iac: iac_source,
                differences: q.differences,
            };
            Check::found(id, title, status, Finding::Drift(finding))
        })
        .collect()
}
