//! What `ccx dlq redrive` would do, decided before anything moves: from which DLQ to which
//! queue, how many messages at what rate, and whether the queue can take them back. It
//! can when it has exactly one enabled consumer and that consumer is healthy (the same
//! judgement as `verify`: a failing function refuses, a warning is shown): failed work
//! sent into a queue with no consumer, two, or a failing one fails again. `--force` goes on anyway, with the reason kept in the plan.

use serde::Serialize;

use super::target::{DlqTarget, QueueRef};
use crate::base::topology::{Role, Topology};
use crate::judgements::consumers;
use crate::judgements::health::{self, Health};
use crate::state::functions::FunctionInfo;
use crate::state::mappings::MappingInfo;
use crate::state::move_tasks::MoveTask;

#[derive(Debug, Clone, Serialize)]
pub struct RedrivePlan {
    pub queue: QueueRef,
    pub dlq: QueueRef,
    /// Messages in the DLQ now (visible).
    pub messages: u64,
    /// The queue's own depth now: the backlog the redriven messages join.
    pub queue_depth: Depth,
    /// `--max-per-second`; null: SQS chooses.
    pub max_per_second: Option<i32>,
    pub consumer: ConsumerCheck,
    /// A task already moving this DLQ's messages: followed, not duplicated.
    pub running_task: Option<MoveTask>,
    pub action: Action,
    /// Why the queue cannot safely take the messages back (kept when forced).
    pub refusal: Option<String>,
    pub forced: bool,
}

/// A queue's approximate counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Depth {
    pub visible: u64,
    pub in_flight: u64,
    pub delayed: u64,
}

impl Depth {
    /// Messages waiting or being processed.
    pub fn backlog(&self) -> u64 {
        self.visible + self.in_flight + self.delayed
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Start a move task.
    Start,
    /// Follow the task already running.
    Follow,
    /// The DLQ is empty.
    Nothing,
    /// Refused (without `--force`).
    Refuse,
}

/// The queue's consumers as the safety rule sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsumerCheck {
    /// Functions with an enabled (or about to be) mapping on the queue.
    pub enabled: Vec<String>,
    /// Topology key of the one consumer, if it is a topology function.
    pub function: Option<String>,
    /// The one consumer's health; null unless there is exactly one.
    pub health: Option<Health>,
    /// Why, in one line.
    pub reason: Option<String>,
}

/// What the plan is made of.
pub struct Facts<'a> {
    pub topology: &'a Topology,
    pub stack: &'a str,
    pub target: &'a DlqTarget,
    /// Every mapping in the region (the queue's are picked out).
    pub mappings: &'a [MappingInfo],
    /// The configuration of the one enabled consumer, when there is one and it exists.
    pub consumer_info: Option<&'a FunctionInfo>,
    /// The DLQ's recent move tasks.
    pub tasks: &'a [MoveTask],
    pub max_per_second: Option<i32>,
    pub force: bool,
}

/// Functions with a mapping on `queue_arn` that may be delivering messages.
pub fn enabled_consumers(mappings: &[MappingInfo], queue_arn: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = mappings
        .iter()
        .filter(|m| Some(m.event_source_arn.as_str()) == queue_arn && m.may_consume())
        .map(|m| m.function_name.clone())
        .collect();
    names.sort();
    names.dedup();
    names
}

pub fn build(facts: &Facts) -> RedrivePlan {
    let target = facts.target;
    let enabled = enabled_consumers(facts.mappings, target.attributes.arn.as_deref());
    let consumer = check_consumer(facts, enabled);
    let refusal = refusal(target.label(), &consumer);
    let running_task = facts.tasks.iter().find(|t| t.status.is_active()).cloned();
    let messages = target.dlq.attributes.visible;
    let action = match (&running_task, &refusal) {
        (Some(_), _) => Action::Follow,
        (None, _) if messages == 0 => Action::Nothing,
        (None, Some(_)) if !facts.force => Action::Refuse,
        (None, _) => Action::Start,
    };
    RedrivePlan {
        queue: target.queue_ref(),
        dlq: QueueRef {
            key: None,
            name: target.dlq.name.clone(),
            arn: target.dlq.attributes.arn.clone(),
        },
        messages,
        queue_depth: Depth {
            visible: target.attributes.visible,
            in_flight: target.attributes.in_flight,
            delayed: target.attributes.delayed,
        },
        max_per_second: facts.max_per_second,
        consumer,
        running_task,
        action,
        forced: facts.force && refusal.is_some(),
        refusal,
    }
}

/// The one consumer judged as `verify` judges it. Its role is the topology's, except
/// that the queue's rollback fallback is an expected consumer here (after `ccx rollback`
/// it is the one that should consume); a function outside the topology is judged as an
/// expected consumer.
fn check_consumer(facts: &Facts, enabled: Vec<String>) -> ConsumerCheck {
    let [name] = enabled.as_slice() else {
        return ConsumerCheck {
            enabled,
            function: None,
            health: None,
            reason: None,
        };
    };
    let key = consumers::function_key(facts.topology, facts.stack, name);
    let spec = facts
        .target
        .key
        .as_deref()
        .and_then(|k| facts.topology.queues.get(k));
    let is_fallback = spec.is_some_and(|q| q.fallback.is_some() && q.fallback == key);
    let role = match key.as_deref().and_then(|k| facts.topology.functions.get(k)) {
        Some(_) if is_fallback => Role::Expected,
        Some(f) => f.role,
        None => Role::Expected,
    };
    let consumes = vec![facts.target.label().to_string()];
    let verdict = health::judge(role, facts.consumer_info, &consumes, &[]);
    ConsumerCheck {
        function: key,
        health: Some(verdict.health),
        reason: Some(verdict.reason),
        enabled,
    }
}

fn refusal(queue: &str, consumer: &ConsumerCheck) -> Option<String> {
    match (consumer.enabled.as_slice(), consumer.health) {
        ([], _) => Some(format!(
            "{queue} has no enabled consumer: the messages would wait there unprocessed"
        )),
        // A warning (an idle Inactive consumer, say) lets `verify` pass: it does here too.
        ([_], Some(Health::Ok | Health::Warn)) => None,
        ([name], _) => Some(format!(
            "{queue}'s consumer {name} is not healthy ({}): the messages would fail again",
            consumer.reason.as_deref().unwrap_or("health unknown")
        )),
        (several, _) => Some(format!(
            "{queue} has {} enabled consumers ({}): the messages would race between them",
            several.len(),
            several.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::dlq::show::tests::target;
    use crate::fixtures::{self, ENHANCED, LEGACY, LINES};
    use crate::state::mapping_state::MappingState;
    use crate::state::move_tasks::TaskStatus;

    fn lines_mapping(uuid: &str, function: &str, state: MappingState) -> MappingInfo {
        fixtures::mapping(uuid, function, &fixtures::queue_arn(LINES), state)
    }

    fn plan_with(
        mappings: &[MappingInfo],
        info: Option<&FunctionInfo>,
        tasks: &[MoveTask],
        force: bool,
    ) -> RedrivePlan {
        let topology = Topology::builtin();
        let target = target(3);
        build(&Facts {
            topology: &topology,
            stack: "dev",
            target: &target,
            mappings,
            consumer_info: info,
            tasks,
            max_per_second: Some(10),
            force,
        })
    }

    fn running() -> MoveTask {
        MoveTask {
            handle: Some("h".into()),
            status: TaskStatus::Running,
            source_arn: fixtures::queue_arn("chromadb-dev-lines-queue-a-dlq"),
            destination_arn: None,
            moved: 1,
            to_move: Some(3),
            max_per_second: None,
            started_at: None,
            started_ms: 1,
            failure_reason: None,
        }
    }

    #[test]
    fn one_healthy_consumer_starts_a_task() {
        let info = fixtures::function(ENHANCED, 60);
        let plan = plan_with(
            &[lines_mapping("m1", ENHANCED, MappingState::Enabled)],
            Some(&info),
            &[],
            false,
        );
        assert_eq!(plan.action, Action::Start);
        assert_eq!(plan.refusal, None);
        assert_eq!(plan.messages, 3);
        assert_eq!(
            plan.consumer.function.as_deref(),
            Some("enhanced-compaction")
        );
        assert_eq!(plan.consumer.health, Some(Health::Ok));
    }

    #[test]
    fn two_consumers_or_none_are_refused_and_force_goes_on() {
        let info = fixtures::function(ENHANCED, 60);
        let two = [
            lines_mapping("m1", ENHANCED, MappingState::Enabled),
            lines_mapping("m2", LEGACY, MappingState::Enabling),
        ];
        let plan = plan_with(&two, Some(&info), &[], false);
        assert_eq!(plan.action, Action::Refuse);
        let why = plan.refusal.unwrap();
        assert!(
            why.contains("2 enabled consumers") && why.contains(LEGACY),
            "{why}"
        );
        let none = plan_with(
            &[lines_mapping("m1", ENHANCED, MappingState::Disabled)],
            None,
            &[],
            false,
        );
        assert!(none.refusal.unwrap().contains("no enabled consumer"));
        let forced = plan_with(&two, Some(&info), &[], true);
        assert_eq!(forced.action, Action::Start);
        assert!(forced.forced && forced.refusal.is_some());
    }

    #[test]
    fn a_failing_consumer_is_refused_with_the_reason() {
        let failed = FunctionInfo {
            state: Some("Failed".into()),
            state_reason: Some("image not found".into()),
            ..fixtures::function(ENHANCED, 60)
        };
        let plan = plan_with(
            &[lines_mapping("m1", ENHANCED, MappingState::Enabled)],
            Some(&failed),
            &[],
            false,
        );
        assert_eq!(plan.action, Action::Refuse);
        let why = plan.refusal.unwrap();
        assert!(
            why.contains("not healthy") && why.contains("image not found"),
            "{why}"
        );
        let gone = plan_with(
            &[lines_mapping("m1", ENHANCED, MappingState::Enabled)],
            None,
            &[],
            false,
        );
        assert!(gone.refusal.unwrap().contains("not found"));
    }

    #[test]
    fn a_warning_is_shown_but_does_not_refuse() {
        let idle = FunctionInfo {
            state: Some("Inactive".into()),
            ..fixtures::function(ENHANCED, 60)
        };
        let plan = plan_with(
            &[lines_mapping("m1", ENHANCED, MappingState::Enabled)],
            Some(&idle),
            &[],
            false,
        );
        assert_eq!(plan.action, Action::Start, "{:?}", plan.refusal);
        assert_eq!(plan.consumer.health, Some(Health::Warn));
        assert!(plan.consumer.reason.unwrap().contains("Inactive"));
    }

    #[test]
    fn after_a_rollback_the_fallback_is_a_good_consumer() {
        let legacy = fixtures::function(LEGACY, 900);
        let plan = plan_with(
            &[lines_mapping("m9", LEGACY, MappingState::Enabled)],
            Some(&legacy),
            &[],
            false,
        );
        assert_eq!(plan.consumer.function.as_deref(), Some("chroma-worker"));
        assert_eq!(plan.action, Action::Start, "{:?}", plan.refusal);
    }

    #[test]
    fn a_running_task_is_followed_whatever_the_consumers() {
        let plan = plan_with(&[], None, &[running()], false);
        assert_eq!(plan.action, Action::Follow);
        assert_eq!(plan.running_task.unwrap().moved, 1);
        let finished = MoveTask {
            status: TaskStatus::Completed,
            ..running()
        };
        let info = fixtures::function(ENHANCED, 60);
        let plan = plan_with(
            &[lines_mapping("m1", ENHANCED, MappingState::Enabled)],
            Some(&info),
            &[finished],
            false,
        );
        assert_eq!(plan.action, Action::Start);
    }
}
