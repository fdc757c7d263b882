//! The switch plan: from the topology, the listed mappings and the function names,
//! what to do on each queue. Pure data and pure functions; nothing here calls AWS.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::resolve::{self, ResolveError};
use crate::base::topology::Topology;
use crate::features::switch::target::state::TargetStatus;
use crate::judgements::consumers::{ClassifiedMapping, Source, SourceKind};
use crate::judgements::health::Readiness;
use crate::state::mapping_state::MappingState;
use crate::state::mappings::{MappingInfo, MappingSettings};

mod pollers_change;

pub use pollers_change::PollersChange;

/// Which command asked for the switch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Mode {
    /// Each queue back to its topology fallback.
    Rollback,
    /// Each queue to the function `to` (topology key or real name).
    Switch { to: String },
}

/// One queue in scope and the function selector it should end up consumed by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// Topology queue key.
    pub queue: String,
    /// Topology function key or real function name.
    pub target: String,
}

/// The queues a run acts on. `named` are topology queue keys from `--queue`; without
/// them, rollback takes every queue with a fallback and switch every queue whose
/// consumer or fallback is the target. DynamoDB streams are never in scope.
pub fn scope(
    topology: &Topology,
    stack: &str,
    mode: &Mode,
    named: &[String],
) -> Result<Vec<Wanted>, String> {
    for key in named {
        if topology.queues.contains_key(key) {
            continue;
        }
        if topology.streams.contains_key(key) {
            return Err(format!(
                "`{key}` is a DynamoDB stream; switch and rollback only act on queues ({})",
                queue_keys(topology)
            ));
        }
        return Err(format!(
            "no queue `{key}` in the topology; queues are: {}",
            queue_keys(topology)
        ));
    }
    let chosen = |key: &String| named.is_empty() || named.contains(key);
    let mut wanted = Vec::new();
    match mode {
        Mode::Rollback => {
            for (key, spec) in topology.queues.iter().filter(|(k, _)| chosen(k)) {
                match &spec.fallback {
                    Some(fallback) => wanted.push(Wanted {
                        queue: key.clone(),
                        target: fallback.clone(),
                    }),
                    None if !named.is_empty() => {
                        return Err(format!(
                            "queue `{key}` has no fallback in the topology; use `ccx switch --to FUNCTION --queue {key}`"
                        ));
                    }
                    None => {}
                }
            }
            if wanted.is_empty() {
                return Err("no queue in the topology has a `fallback` to roll back to".to_string());
            }
        }
        Mode::Switch { to } => {
            let key = target_key(topology, stack, to);
            for (queue, spec) in topology.queues.iter().filter(|(k, _)| chosen(k)) {
                let related = key
                    .as_deref()
                    .is_some_and(|k| spec.consumer == k || spec.fallback.as_deref() == Some(k));
                if related || !named.is_empty() {
                    wanted.push(Wanted {
                        queue: queue.clone(),
                        target: to.clone(),
                    });
                }
            }
            if wanted.is_empty() {
                return Err(format!(
                    "`{to}` is neither the consumer nor the fallback of any topology queue; name the queues with --queue ({})",
                    queue_keys(topology)
                ));
            }
        }
    }
    Ok(wanted)
}

fn queue_keys(topology: &Topology) -> String {
    topology
        .queues
        .keys()
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}

/// The topology function key a selector means: the key itself, or the key whose
/// pattern a real function name in `stack` contains.
pub fn target_key(topology: &Topology, stack: &str, selector: &str) -> Option<String> {
    if topology.functions.contains_key(selector) {
        return Some(selector.to_string());
    }
    crate::judgements::consumers::function_key(topology, stack, selector)
}

/// The function a queue is switched to, resolved among the real names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// What was asked for: a topology key or a function name.
    pub selector: String,
    /// Topology function key, if the target is a topology function.
    pub key: Option<String>,
    /// The real function name; None when no such function exists in the stack.
    pub name: Option<String>,
    /// The substring it was searched by.
    pub pattern: String,
    /// What Lambda reported for the function before any write; absent when it was not
    /// read (the function is missing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<TargetStatus>,
}

/// Resolves `selector` (topology key, exact function name, or substring) in `stack`.
/// An ambiguous match is an error listing the candidates; a missing one is `name: None`.
pub fn resolve_target(
    topology: &Topology,
    stack: &str,
    function_names: &[String],
    selector: &str,
) -> Result<Target, ResolveError> {
    let pattern = match topology.functions.get(selector) {
        Some(spec) => spec.pattern.as_str(),
        None => selector,
    };
    // A topology key is always searched by its pattern; anything else may be a name.
    let name = match topology.functions.get(selector) {
        None if function_names.iter().any(|n| n == selector) => Some(selector.to_string()),
        _ => resolve::resolve_unique("function", selector, pattern, stack, function_names)?,
    };
    Ok(Target {
        selector: selector.to_string(),
        key: target_key(topology, stack, selector),
        name,
        pattern: pattern.to_string(),
        status: None,
    })
}

/// How the target relates to the queue in the topology; decides which IaC steps apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetRole {
    /// The queue's expected consumer: a roll forward.
    Consumer,
    /// The queue's fallback: a rollback.
    Fallback,
    /// Neither.
    Other,
}

/// A mapping as the plan saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappingRef {
    pub uuid: String,
    pub function_name: String,
    pub function_arn: String,
    pub event_source_arn: String,
    pub state: MappingState,
}

impl MappingRef {
    pub fn of(m: &MappingInfo) -> MappingRef {
        MappingRef {
            uuid: m.uuid.clone(),
            function_name: m.function_name.clone(),
            function_arn: m.function_arn.clone(),
            event_source_arn: m.event_source_arn.clone(),
            state: m.state.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalCode {
    /// The topology queue does not exist in this stack.
    QueueMissing,
    /// The target function does not exist (the IaC deleted it): nothing is changed anywhere.
    FunctionMissing,
    /// The target function exists but has no mapping on the queue (and no --create-missing).
    NoMapping,
    /// The queue has no event source ARN to create a mapping on.
    NoSourceArn,
    /// The target function is `Failed` or its last update failed: it cannot run.
    FunctionFailed,
    /// The target function was still `Pending` or updating when the wait ended.
    FunctionNotReady,
    /// The topology names the target neither as the queue's consumer nor as its
    /// fallback (and no `--force`).
    OffTopology,
}

/// What to do on one queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// The target is already the only enabled consumer.
    NothingToDo,
    /// Disable every other consumer (in order), then enable `enable` (which may be
    /// enabled already, as on a queue with duplicate consumers).
    Switch {
        disable: Vec<MappingRef>,
        enable: MappingRef,
    },
    /// Create the target's mapping disabled (with `settings`), disable every other
    /// consumer, then enable the new mapping.
    Create {
        disable: Vec<MappingRef>,
        settings: MappingSettings,
        /// UUID of the mapping the settings were copied from, if any.
        copied_from: Option<String>,
    },
    /// Nothing is done on this queue.
    Refuse { code: RefusalCode, reason: String },
}

impl Action {
    pub fn changes_something(&self) -> bool {
        matches!(self, Action::Switch { .. } | Action::Create { .. })
    }

    pub fn disable(&self) -> &[MappingRef] {
        match self {
            Action::Switch { disable, .. } | Action::Create { disable, .. } => disable,
            _ => &[],
        }
    }
}

/// The plan for one queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueuePlan {
    /// Topology queue key (`lines`).
    pub queue: String,
    /// Real queue name; None when the queue is not in this stack.
    pub name: Option<String>,
    pub event_source_arn: Option<String>,
    /// The function this queue is switched to.
    pub target: Target,
    pub target_role: TargetRole,
    /// The topology key of the queue's own consumer (what the IaC is expected to declare).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_consumer: Option<String>,
    /// Functions with an enabled (or about to be enabled) mapping before the switch.
    pub consumers_before: Vec<String>,
    /// Every mapping on the queue, as read for the plan.
    pub mappings: Vec<MappingRef>,
    /// The queue's visibility timeout, when read: the target's timeout must fit it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility_timeout_seconds: Option<u64>,
    #[serde(flatten)]
    pub action: Action,
    /// The target's mapping polls otherwise than the consumer it replaces (provisioned
    /// pollers or on demand): throughput and cost change. Null when alike.
    pub pollers_change: Option<PollersChange>,
    /// What the operator should know about the switch (an Inactive target, say).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl QueuePlan {
    /// The function name shown as the switch's destination.
    pub fn target_label(&self) -> &str {
        self.target.name.as_deref().unwrap_or(&self.target.selector)
    }
}

/// The whole plan: one entry per queue in scope, in topology order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SwitchPlan {
    #[serde(flatten)]
    pub mode: Mode,
    pub stack: String,
    pub create_missing: bool,
    /// `--force`: a target the topology does not name for a queue is switched anyway.
    pub force: bool,
    pub queues: Vec<QueuePlan>,
}

/// What the operator allowed beyond the plain switch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// `--create-missing`: create the target's mapping where it has none.
    pub create_missing: bool,
    /// `--force`: switch a queue to a function the topology names neither as its
    /// consumer nor as its fallback.
    pub force: bool,
}

impl SwitchPlan {
    /// Set when the switch must not start at all: a target function is missing.
    pub fn blocked(&self) -> Option<&QueuePlan> {
        self.queues.iter().find(|q| {
            matches!(
                q.action,
                Action::Refuse {
                    code: RefusalCode::FunctionMissing,
                    ..
                }
            )
        })
    }

    pub fn refusals(&self) -> impl Iterator<Item = &QueuePlan> {
        self.queues
            .iter()
            .filter(|q| matches!(q.action, Action::Refuse { .. }))
    }

    /// Queues with something to change.
    pub fn changing(&self) -> impl Iterator<Item = &QueuePlan> {
        self.queues.iter().filter(|q| q.action.changes_something())
    }

    /// The roles of the targets of the queues that change (or would change).
    pub fn direction(&self) -> Option<TargetRole> {
        let mut roles = self
            .queues
            .iter()
            .filter(|q| !matches!(q.action, Action::NothingToDo))
            .map(|q| q.target_role);
        let first = roles.next()?;
        if roles.all(|r| r == first) {
            Some(first)
        } else {
            Some(TargetRole::Other)
        }
    }
}

/// Builds the plan. `sources` come from `consumers::group_by_source`; `targets` pairs
/// each queue key in scope with its resolved target; `visibility` holds the visibility
/// timeout of each queue key that was read.
pub fn build(
    topology: &Topology,
    stack: &str,
    mode: Mode,
    sources: &[Source],
    targets: &[(String, Target)],
    visibility: &BTreeMap<String, u64>,
    options: Options,
) -> SwitchPlan {
    let queues = targets
        .iter()
        .map(|(queue, target)| {
            let spec = topology.queues.get(queue);
            let named = Named {
                consumer: spec.map(|s| s.consumer.as_str()),
                fallback: spec.and_then(|s| s.fallback.as_deref()),
            };
            let role = match spec {
                Some(spec) if target.key.as_deref() == Some(spec.consumer.as_str()) => {
                    TargetRole::Consumer
                }
                Some(spec) if target.key.is_some() && target.key == spec.fallback => {
                    TargetRole::Fallback
                }
                _ => TargetRole::Other,
            };
            let source = sources
                .iter()
                .find(|s| s.kind == SourceKind::Queue && s.key.as_deref() == Some(queue.as_str()));
            let mut plan = plan_queue(queue, source, target, (role, named), options);
            plan.visibility_timeout_seconds = visibility.get(queue).copied();
            if plan.action.changes_something()
                && let Some(note) = timeout_misfit(&plan)
            {
                plan.notes.push(note);
            }
            plan
        })
        .collect();
    SwitchPlan {
        mode,
        stack: stack.to_string(),
        create_missing: options.create_missing,
        force: options.force,
        queues,
    }
}

/// Order in which mappings are disabled, and the first one is the "original" consumer
/// that a failed switch re-enables: enabled first, then transitional, then the rest.
fn disable_rank(state: &MappingState) -> u8 {
    match state {
        MappingState::Enabled => 0,
        s if s.may_consume() => 1,
        MappingState::Disabling => 2,
        _ => 3,
    }
}

/// Which of several target mappings to keep: an enabled one first.
fn keep_rank(state: &MappingState) -> u8 {
    match state {
        MappingState::Enabled => 0,
        s if s.may_consume() => 1,
        MappingState::Disabled => 2,
        _ => 3,
    }
}

/// The functions the topology names for a queue (topology keys).
#[derive(Debug, Clone, Copy)]
pub struct Named<'a> {
    pub consumer: Option<&'a str>,
    pub fallback: Option<&'a str>,
}

impl Named<'_> {
    /// Why a target of role `Other` is refused: the topology names it for neither role.
    fn off_topology(&self, queue: &str, target: &Target) -> String {
        let who = match (&target.name, &target.key) {
            (Some(name), Some(key)) if name != key => format!("{name} ({key})"),
            (Some(name), _) => name.clone(),
            (None, Some(key)) => key.clone(),
            (None, None) => target.selector.clone(),
        };
        let consumer = match self.consumer {
            Some(key) => format!("its consumer is {key}"),
            None => "it has no consumer".to_string(),
        };
        let fallback = match self.fallback {
            Some(key) => format!("its fallback is {key}"),
            None => "it has no fallback".to_string(),
        };
        format!(
            "the topology names {who} neither as the consumer nor as the fallback of {queue} \
             ({consumer}, {fallback})"
        )
    }
}

/// The plan for one queue.
pub fn plan_queue(
    queue: &str,
    source: Option<&Source>,
    target: &Target,
    (role, named): (TargetRole, Named<'_>),
    options: Options,
) -> QueuePlan {
    let mappings: Vec<&ClassifiedMapping> = source
        .map(|s| s.mappings.iter().collect())
        .unwrap_or_default();
    let mut consumers_before: Vec<String> = mappings
        .iter()
        .filter(|m| m.mapping.may_consume())
        .map(|m| m.mapping.function_name.clone())
        .collect();
    consumers_before.sort();
    consumers_before.dedup();
    let mut plan = QueuePlan {
        queue: queue.to_string(),
        name: source.and_then(|s| s.name.clone()),
        event_source_arn: source.and_then(|s| s.event_source_arn.clone()),
        target: target.clone(),
        target_role: role,
        expected_consumer: named.consumer.map(str::to_string),
        consumers_before,
        mappings: mappings
            .iter()
            .map(|m| MappingRef::of(&m.mapping))
            .collect(),
        visibility_timeout_seconds: None,
        action: Action::NothingToDo,
        pollers_change: None,
        notes: Vec::new(),
    };
    plan.action = decide(&plan, &mappings, target, options.create_missing);
    // Checked before the missing mapping, so the refusal never suggests creating one.
    let would_change = plan.action.changes_something()
        || matches!(
            plan.action,
            Action::Refuse {
                code: RefusalCode::NoMapping,
                ..
            }
        );
    if role == TargetRole::Other && would_change {
        let why = named.off_topology(queue, target);
        if !options.force {
            plan.action = Action::Refuse {
                code: RefusalCode::OffTopology,
                reason: why,
            };
            return plan;
        }
        plan.notes.push(format!("forced (--force): {why}"));
    }
    if plan.action.changes_something()
        && let (Some(name), Some(status)) = (&target.name, &target.status)
    {
        match gate(name, status) {
            Gate::Refuse(code, reason) => plan.action = Action::Refuse { code, reason },
            Gate::Note(note) => plan.notes.push(note),
            Gate::Go => {}
        }
    }
    plan.pollers_change = pollers_change::of(&plan.action, &mappings);
    plan
}

/// The target's timeout against the queue's visibility timeout, when both are known.
fn timeout_misfit(plan: &QueuePlan) -> Option<String> {
    let visibility = plan.visibility_timeout_seconds?;
    let timeout = plan.target.status.as_ref()?.timeout_seconds?;
    crate::judgements::visibility_fit::warning(
        &plan.queue,
        visibility,
        plan.target_label(),
        timeout,
    )
}

/// What the target function's own state means for a queue that would change.
enum Gate {
    Go,
    /// Go, and tell the operator this.
    Note(String),
    Refuse(RefusalCode, String),
}

fn gate(name: &str, status: &TargetStatus) -> Gate {
    match (&status.readiness, status.waited_seconds) {
        (Readiness::Ready, _) => Gate::Go,
        (Readiness::Broken(reason), _) => Gate::Refuse(
            RefusalCode::FunctionFailed,
            format!(
                "{name} cannot run ({reason}): every batch sent to it would fail; fix or redeploy the function first"
            ),
        ),
        (Readiness::Settling(reason), Some(waited)) => Gate::Refuse(
            RefusalCode::FunctionNotReady,
            format!(
                "{name} did not settle in {waited}s ({reason}); try again once it is Active, or with a longer --timeout"
            ),
        ),
        (Readiness::Settling(reason), None) => Gate::Note(format!(
            "{name}: {reason}; the switch first waits up to --timeout for it to settle, and refuses this queue if it does not"
        )),
        (Readiness::Idle, _) => Gate::Note(format!(
            "{name} is Inactive (idle): the first batches wake it (a cold start) and may fail while it wakes; a failed batch returns to the queue and is retried"
        )),
        (Readiness::Unknown(reason), _) => Gate::Note(format!(
            "{name}: {reason}; ccx cannot tell whether it can run"
        )),
    }
}

fn decide(
    plan: &QueuePlan,
    mappings: &[&ClassifiedMapping],
    target: &Target,
    create_missing: bool,
) -> Action {
    let Some(queue_name) = &plan.name else {
        return Action::Refuse {
            code: RefusalCode::QueueMissing,
            reason: format!("queue `{}` not found in this stack", plan.queue),
        };
    };
    let Some(target_name) = &target.name else {
        return Action::Refuse {
            code: RefusalCode::FunctionMissing,
            reason: format!(
                "function `{}` does not exist in this stack (no function name contains `{}`); the IaC has probably deleted it",
                target.selector, target.pattern
            ),
        };
    };

    let (mut own, others): (Vec<&MappingInfo>, Vec<&MappingInfo>) = mappings
        .iter()
        .map(|m| &m.mapping)
        .partition(|m| &m.function_name == target_name);
    own.sort_by(|a, b| (keep_rank(&a.state), &a.uuid).cmp(&(keep_rank(&b.state), &b.uuid)));

    // Everything that is not Disabled and is not the one target mapping we keep.
    let mut disable: Vec<&MappingInfo> = others
        .into_iter()
        .filter(|m| m.state != MappingState::Disabled)
        .collect();
    // A mapping being deleted (by the IaC tool, say) is never the target.
    let keep = own
        .iter()
        .find(|m| m.state != MappingState::Deleting)
        .copied();
    disable.extend(own.iter().filter(|m| {
        !matches!(m.state, MappingState::Disabled | MappingState::Deleting)
            && keep.is_none_or(|k| k.uuid != m.uuid)
    }));
    disable.sort_by(|a, b| {
        (disable_rank(&a.state), &a.function_name, &a.uuid).cmp(&(
            disable_rank(&b.state),
            &b.function_name,
            &b.uuid,
        ))
    });
    let disable_refs: Vec<MappingRef> = disable.iter().map(|m| MappingRef::of(m)).collect();

    match keep {
        Some(keep) if disable_refs.is_empty() && keep.state == MappingState::Enabled => {
            Action::NothingToDo
        }
        Some(keep) => Action::Switch {
            disable: disable_refs,
            enable: MappingRef::of(keep),
        },
        None if !create_missing => Action::Refuse {
            code: RefusalCode::NoMapping,
            reason: format!(
                "{target_name} has no event source mapping on {queue_name}; pass --create-missing to create one"
            ),
        },
        None if plan.event_source_arn.is_none() => Action::Refuse {
            code: RefusalCode::NoSourceArn,
            reason: format!("cannot tell the ARN of {queue_name} to create a mapping on it"),
        },
        None => {
            // Copy the settings of the consumer being replaced: the first one disabled,
            // else any mapping on the queue.
            let template = disable
                .first()
                .copied()
                .or_else(|| mappings.first().map(|m| &m.mapping));
            Action::Create {
                disable: disable_refs,
                settings: template.map(MappingSettings::of).unwrap_or_default(),
                copied_from: template.map(|m| m.uuid.clone()),
            }
        }
    }
}

#[cfg(test)]
mod tests;
