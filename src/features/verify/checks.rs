//! The runbook's verification as pure functions of the gathered evidence. A check
//! that lacks its data says so (error or skip); it never passes by default.

use crate::base::resolve::{self, Resolution};
use crate::base::topology::{Role, Topology};
use crate::judgements::consumers::{self, Source};
use crate::judgements::health;
use crate::judgements::queue_drain_rate::Drain;
use crate::judgements::visibility_fit::{self, Fit};
use crate::state::queues::QueueAttributes;

use super::consumer_checks;
use super::drift_checks;
use super::evidence::{Evidence, FunctionEvidence, QueueEvidence};
use super::finding::{ConsumerConfig, DlqDepth, Finding, MappingSettings, QueueDepth};
use super::function_finding::{FunctionFinding, HealthVerdict};
use super::invocation_checks;
use super::log_checks;
use super::mapping_metric_checks;
use super::metric_checks;
use super::own_logs;
use super::report::{Check, CheckStatus};

/// The topology's sources judged from the listings; None when one listing failed.
fn sources(topology: &Topology, evidence: &Evidence) -> Option<Result<Vec<Source>, String>> {
    match (&evidence.mappings, &evidence.queues) {
        (Ok(mappings), Ok(queues)) => Some(
            consumers::group_by_source(
                topology,
                &evidence.stack,
                &queues.all_names,
                mappings,
                false,
            )
            .map_err(|e| e.to_string()),
        ),
        _ => None,
    }
}

/// What the operator may want to turn on, said once (never a warning): the mappings
/// whose own event counts are off.
pub fn hints(topology: &Topology, evidence: &Evidence) -> Vec<String> {
    mapping_metric_checks::hint(topology, sources(topology, evidence).as_ref())
        .into_iter()
        .collect()
}

pub fn run_all(topology: &Topology, evidence: &Evidence, since_label: &str) -> Vec<Check> {
    let sources = sources(topology, evidence);
    let mut checks = Vec::new();
    checks.extend(function_checks(topology, evidence, sources.as_ref()));
    checks.extend(consumer_checks::consumer_checks(
        topology,
        evidence,
        sources.as_ref(),
    ));
    checks.extend(config_checks(topology, evidence, sources.as_ref()));
    checks.extend(queue_checks(topology, evidence, sources.as_ref()));
    // Each function's own lines of its group, parsed once for every check that counts them.
    let own = match &evidence.functions {
        Ok(functions) => own_logs::all(functions),
        Err(_) => Default::default(),
    };
    checks.extend(log_checks::log_checks(
        topology,
        evidence,
        sources.as_ref(),
        &own,
        since_label,
    ));
    checks.extend(invocation_checks::invocation_checks(
        topology,
        evidence,
        sources.as_ref(),
        &own,
        since_label,
    ));
    checks.extend(metric_checks::metric_checks(
        topology,
        evidence,
        sources.as_ref(),
        &own,
        since_label,
    ));
    checks.extend(drift_checks::drift_checks(
        topology,
        evidence,
        sources.as_ref(),
    ));
    checks
}

pub(super) fn error_check(id: String, title: String, err: &dyn std::fmt::Display) -> Check {
    let cause = err.to_string();
    Check::found(
        id,
        title,
        CheckStatus::Error,
        Finding::CouldNotCheck { cause },
    )
}

fn function_checks(
    topology: &Topology,
    ev: &Evidence,
    sources: Option<&Result<Vec<Source>, String>>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for (key, spec) in &topology.functions {
        let id = format!("functions.{key}");
        let title = format!("function {key} ({})", spec.role.as_str());
        let fns = match &ev.functions {
            Ok(f) => f,
            Err(err) => {
                checks.push(error_check(id, title, err));
                continue;
            }
        };
        let f = &fns.by_key[key];
        if let Err(ambiguous) = &f.name {
            let finding = Finding::Function(FunctionFinding::Ambiguous(ambiguous.clone()));
            checks.push(Check::found(id, title, CheckStatus::Error, finding));
            continue;
        }
        let info = match &f.info {
            Ok(info) => info.as_ref(),
            Err(err) => {
                checks.push(error_check(id, title, err));
                continue;
            }
        };
        // Whether a retired function still consumes needs the mappings.
        let consumes = match (spec.role, info, sources) {
            (Role::Retired, Some(info), Some(Ok(sources))) => {
                health::consumed_by(sources, &info.name)
            }
            (Role::Retired, Some(_), Some(Err(e))) => {
                checks.push(error_check(id, title, e));
                continue;
            }
            (Role::Retired, Some(_), None) => {
                let why = "the mappings or queues could not be listed";
                checks.push(error_check(id, title, &why));
                continue;
            }
            _ => Vec::new(),
        };
        let fallback_for: Vec<String> = topology
            .queues_falling_back_to(key)
            .map(str::to_string)
            .collect();
        let verdict = health::judge(spec.role, info, &consumes, &fallback_for);
        let status = verdict.health.into();
        let settling = verdict.settling;
        let judged = HealthVerdict {
            reason: verdict.reason,
            remark: verdict.remark,
        };
        let finding = match info {
            Some(info) => FunctionFinding::Found {
                info: Box::new(info.clone()),
                verdict: judged,
            },
            None => {
                let lookup = (spec.role == Role::Expected).then(|| {
                    resolve::describe_failure(
                        "function",
                        key,
                        &spec.pattern,
                        &ev.stack,
                        &Resolution::Missing,
                        &fns.all_names,
                    )
                });
                FunctionFinding::Missing {
                    verdict: judged,
                    lookup,
                }
            }
        };
        let check = Check::found(id, title, status, Finding::Function(finding));
        checks.push(if settling { check.settling() } else { check });
    }
    checks
}

/// A queue's evidence and attributes, or the check to report instead: an error when
/// they could not be read, a skip when the queue does not exist.
fn queue_attributes<'a>(
    ev: &'a Evidence,
    key: &str,
    id: &str,
    title: &str,
) -> Result<(&'a QueueEvidence, &'a QueueAttributes), Box<Check>> {
    let q = match &ev.queues {
        Ok(q) => &q.by_key[key],
        Err(e) => return Err(Box::new(error_check(id.into(), title.into(), e))),
    };
    match &q.attributes {
        Ok(Some(attrs)) => Ok((q, attrs)),
        Ok(None) => Err(Box::new(Check::found(
            id,
            title,
            CheckStatus::Skip,
            Finding::QueueNotFound,
        ))),
        Err(e) => Err(Box::new(error_check(id.into(), title.into(), e))),
    }
}

fn config_checks(
    topology: &Topology,
    ev: &Evidence,
    sources: Option<&Result<Vec<Source>, String>>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for (key, spec) in &topology.queues {
        let id = format!("config.{key}");
        let title = format!("consumer configuration of queue {key}");
        let (_, attrs) = match queue_attributes(ev, key, &id, &title) {
            Ok(found) => found,
            Err(check) => {
                checks.push(*check);
                continue;
            }
        };
        // Judge the consumer that is actually enabled when there is exactly one,
        // else the expected one.
        let source = match sources {
            Some(Ok(s)) => s.iter().find(|s| s.key.as_deref() == Some(key.as_str())),
            _ => None,
        };
        let active: Vec<_> = source.map(|s| s.active().collect()).unwrap_or_default();
        let consumer_key = match active.as_slice() {
            [one] => one
                .function_key
                .clone()
                .unwrap_or_else(|| spec.consumer.clone()),
            _ => spec.consumer.clone(),
        };
        let mapping = source.and_then(|s| {
            s.mappings
                .iter()
                .find(|m| m.function_key.as_deref() == Some(consumer_key.as_str()))
                .map(|m| &m.mapping)
        });
        let function = match &ev.functions {
            Ok(f) => f
                .by_key
                .get(&consumer_key)
                .and_then(|f: &FunctionEvidence| f.info.as_ref().ok().cloned().flatten()),
            Err(_) => None,
        };
        let timeouts = attrs
            .visibility_timeout_seconds
            .zip(function.as_ref().and_then(|f| f.timeout_seconds));
        let visibility_needed = timeouts.and_then(|(visibility, timeout)| {
            let timeout = u64::try_from(timeout).unwrap_or(0);
            match visibility_fit::fit(visibility, timeout) {
                Fit::BelowRecommendation { needed } | Fit::ShorterThanTimeout { needed } => {
                    Some(needed)
                }
                _ => None,
            }
        });
        let config = ConsumerConfig {
            consumer: consumer_key,
            timeouts,
            visibility_needed,
            dlq: attrs.dlq_arn.as_ref().map(|dlq| {
                let name = crate::aws::arn::event_source(dlq).name().to_string();
                (name, attrs.max_receive_count)
            }),
            mapping: mapping.map(|m| MappingSettings {
                batch_size: m.batch_size,
                maximum_concurrency: m.maximum_concurrency,
                report_batch_item_failures: m
                    .function_response_types
                    .iter()
                    .any(|t| t == "ReportBatchItemFailures"),
            }),
        };
        let status = if config.warns() {
            CheckStatus::Warn
        } else {
            CheckStatus::Pass
        };
        let finding = Finding::ConsumerConfig(config);
        checks.push(Check::found(id, title, status, finding));
    }
    checks
}

fn queue_checks(
    topology: &Topology,
    ev: &Evidence,
    sources: Option<&Result<Vec<Source>, String>>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for key in topology.queues.keys() {
        let id = format!("queues.{key}");
        let title = format!("queue {key} depth");
        let (q, attrs) = match queue_attributes(ev, key, &id, &title) {
            Ok(found) => found,
            Err(check) => {
                checks.push(*check);
                continue;
            }
        };
        let name = q
            .name
            .as_ref()
            .ok()
            .and_then(|n| n.as_deref())
            .unwrap_or_default()
            .to_string();
        let has_consumer = match sources {
            Some(Ok(s)) => s
                .iter()
                .any(|s| s.key.as_deref() == Some(key.as_str()) && s.active().next().is_some()),
            _ => false,
        };
        let sample = q.second_reading.as_ref().map(|reading| match reading {
            Ok((visible_after, seconds)) => Ok(Drain {
                before: attrs.visible,
                after: *visible_after,
                seconds: *seconds,
            }),
            Err(e) => Err(e.to_string()),
        });
        let stalled = matches!(&sample, Some(Ok(drain)) if has_consumer && drain.is_stalled());
        let depth = QueueDepth {
            name,
            visible: attrs.visible,
            in_flight: attrs.in_flight,
            delayed: attrs.delayed,
            dlq: match &q.dlq {
                Ok(Some(dlq)) => DlqDepth::Read {
                    name: dlq.name.clone(),
                    visible: dlq.attributes.visible,
                },
                Ok(None) => DlqDepth::NoDlq,
                Err(e) => DlqDepth::Failed(e.to_string()),
            },
            sample,
            stalled,
        };
        let status = if depth.read_failed() {
            CheckStatus::Error
        } else if depth.dlq_holds_messages() || depth.stalled {
            CheckStatus::Warn
        } else {
            CheckStatus::Pass
        };
        checks.push(Check::found(id, title, status, Finding::QueueDepth(depth)));
    }
    checks
}
