//! Recognising a switch that stopped half-way (killed between its break and its make):
//! a queue in scope with no enabled consumer, whose plan only has to enable the target
//! while the queue's other mappings are all disabled. The re-run finishes it (the plan
//! already does); this says so, before the operator is asked.

use crate::features::switch::plan::{Action, SwitchPlan};
use crate::state::mapping_state::MappingState;

/// One line per queue that looks half-switched.
pub fn half_done(plan: &SwitchPlan) -> Vec<String> {
    plan.queues
        .iter()
        .filter(|q| {
            let only_enables = match &q.action {
                Action::Switch { disable, .. } | Action::Create { disable, .. } => {
                    disable.is_empty()
                }
                _ => false,
            };
            let others_off = q.mappings.iter().any(|m| m.state == MappingState::Disabled)
                && q.mappings.iter().all(|m| m.state == MappingState::Disabled);
            only_enables && q.consumers_before.is_empty() && others_off
        })
        .map(|q| {
            format!(
                "{}: found a half-done switch: no consumer is enabled (an earlier switch was \
                 stopped after turning the old consumer off, or someone disabled it); this \
                 run finishes it by enabling {}",
                q.queue,
                q.target_label()
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::switch::fixtures::{cut_over, rollback, runbook};
    use crate::state::mapping_state::MappingState::{Disabled, Enabled};

    #[test]
    fn a_queue_left_without_a_consumer_is_a_half_done_switch() {
        // lines: the old consumer was turned off, the fallback not yet on.
        let plan = rollback(&runbook([Disabled, Disabled], [Disabled, Enabled]));
        let notes = half_done(&plan);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].starts_with("lines: found a half-done switch"),
            "{notes:?}"
        );
        assert!(notes[0].contains("enabling chroma-worker"), "{notes:?}");
    }

    #[test]
    fn a_fresh_switch_or_one_with_nothing_to_do_is_not() {
        assert!(half_done(&rollback(&cut_over())).is_empty());
        let done = runbook([Disabled, Enabled], [Disabled, Enabled]);
        assert!(half_done(&rollback(&done)).is_empty());
    }
}
