//! A switch to a mapping that polls differently from the one it replaces: in provisioned
//! mode (`ProvisionedPollerConfig`) Lambda keeps a minimum of event pollers running and
//! bills them, and scales no further than the maximum; on demand it scales by itself. So
//! the queue's throughput and its cost change with the switch, and the plan says so.

use serde::Serialize;

use crate::judgements::consumers::ClassifiedMapping;
use crate::state::mapping_config::{ProvisionedPollers, SQS_DEFAULT_MAXIMUM, SQS_DEFAULT_MINIMUM};

use super::Action;

/// The replaced mapping's pollers and the target's (`None`: on demand).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PollersChange {
    pub replaced_uuid: String,
    pub replaced: Option<ProvisionedPollers>,
    pub target_uuid: String,
    pub target: Option<ProvisionedPollers>,
}

/// The change a `Switch` makes to how the queue is polled: the first mapping it
/// disables (the consumer replaced) against the one it enables; `None` when they poll
/// alike, or nothing is replaced.
pub fn of(action: &Action, mappings: &[&ClassifiedMapping]) -> Option<PollersChange> {
    let Action::Switch { disable, enable } = action else {
        return None;
    };
    let replaced = disable.first()?;
    let pollers = |uuid: &str| {
        mappings
            .iter()
            .find(|m| m.mapping.uuid == uuid)
            .map(|m| m.mapping.provisioned_pollers.clone())
    };
    let before = pollers(&replaced.uuid)?;
    let after = pollers(&enable.uuid)?;
    (bounds(&before) != bounds(&after)).then(|| PollersChange {
        replaced_uuid: replaced.uuid.clone(),
        replaced: before,
        target_uuid: enable.uuid.clone(),
        target: after,
    })
}

/// The bounds Lambda applies (an unset one at its SQS default); `None`: on demand.
fn bounds(pollers: &Option<ProvisionedPollers>) -> Option<(i32, i32)> {
    pollers.as_ref().map(|p| {
        (
            p.minimum.unwrap_or(SQS_DEFAULT_MINIMUM),
            p.maximum.unwrap_or(SQS_DEFAULT_MAXIMUM),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_bounds_are_lambda_s_defaults_and_on_demand_differs_from_provisioned() {
        let unset = Some(ProvisionedPollers::default());
        let defaults = Some(ProvisionedPollers {
            minimum: Some(2),
            maximum: Some(200),
        });
        assert_eq!(bounds(&unset), bounds(&defaults));
        assert_ne!(bounds(&None), bounds(&unset));
    }
}
