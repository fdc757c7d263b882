//! Putting a queue back after a failed step: the target off again (a deleted one
//! consumes nothing), the original consumer on only when nothing else consumes the
//! queue right before that write, then the target once more in case a late write of
//! ours switched it on meanwhile.

use super::{
    DrainProbe, Executor, FunctionReader, MappingApi, QueueOutcome, StepError, StepKind, StepRecord,
};
use crate::aws::error::AwsErrorKind;
use crate::features::switch::plan::{MappingRef, QueuePlan};
use crate::state::mapping_state::{Heading, MappingState};

impl<A: MappingApi, P: DrainProbe, F: FunctionReader> Executor<'_, A, P, F> {
    /// Puts the queue back: the target off again if we touched it (a deleted one
    /// consumes nothing), then the original consumer on, but only when nothing else
    /// consumes the queue right before that write; then the target once more, in case
    /// a late write of ours switched it on meanwhile.
    pub(super) async fn revert(
        &self,
        q: &QueuePlan,
        source_arn: &str,
        touched_target: Option<&MappingRef>,
        original: Option<&MappingRef>,
        why: String,
        steps: &mut Vec<StepRecord>,
    ) -> (QueueOutcome, Option<String>) {
        if let Some(target) = touched_target
            && let Err(e) = self.turn_off_target(q, target, steps).await
        {
            return (
                QueueOutcome::RevertFailed,
                Some(format!(
                    "{why}; then turning {} off again failed ({e}), so the original consumer stays disabled",
                    target.function_name
                )),
            );
        }
        let Some(original) = original else {
            return (
                QueueOutcome::Failed,
                Some(format!("{why}; nothing was changed on this queue")),
            );
        };
        let result = self
            .set_state(
                q,
                StepKind::RevertEnable,
                original,
                true,
                Some(source_arn),
                steps,
            )
            .await;
        let detail = match result {
            Ok(_) => format!("{why}; {} is enabled again", original.function_name),
            // Something else consumes the queue: re-enabling would make two consumers.
            Err(StepError::NotAlone(m)) => {
                return (
                    QueueOutcome::Failed,
                    Some(format!(
                        "{why}; {} stays disabled because {m}",
                        original.function_name
                    )),
                );
            }
            Err(e) => {
                return (
                    QueueOutcome::RevertFailed,
                    Some(format!(
                        "{why}; re-enabling {} failed: {}",
                        original.function_name,
                        e.message()
                    )),
                );
            }
        };
        if let Some(target) = touched_target
            && let Err(e) = self.late_write_check(q, source_arn, target, steps).await
        {
            return (
                QueueOutcome::RevertFailed,
                Some(format!(
                    "{detail}, but {} came on late and turning it off failed ({e})",
                    target.function_name
                )),
            );
        }
        (QueueOutcome::Reverted, Some(detail))
    }

    /// The target off (from whatever state its failed step left), unless it already is
    /// or no longer exists.
    async fn turn_off_target(
        &self,
        q: &QueuePlan,
        target: &MappingRef,
        steps: &mut Vec<StepRecord>,
    ) -> Result<(), String> {
        match self.api.get(&target.uuid).await {
            Ok(now) if now.state == MappingState::Disabled => Ok(()),
            Err(e) if e.kind == AwsErrorKind::NotFound => Ok(()),
            _ => match self
                .set_state(q, StepKind::RevertDisable, target, false, None, steps)
                .await
            {
                Ok(_) => Ok(()),
                Err(StepError::Changed(m)) if m.contains("was deleted since the plan") => Ok(()),
                Err(e) => Err(e.message().to_string()),
            },
        }
    }

    /// After the original is back: if the target shows on (an earlier write of ours
    /// landed late), turn it off and wait.
    async fn late_write_check(
        &self,
        q: &QueuePlan,
        source_arn: &str,
        target: &MappingRef,
        steps: &mut Vec<StepRecord>,
    ) -> Result<(), String> {
        let now = self
            .api
            .list_for_source(source_arn)
            .await
            .map_err(|e| e.to_string())?;
        let late = now
            .iter()
            .find(|m| m.uuid == target.uuid && m.state.heading() == Some(Heading::On));
        match late {
            Some(m) => {
                let on = MappingRef::of(m);
                self.set_state(q, StepKind::RevertDisable, &on, false, None, steps)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.message().to_string())
            }
            None => Ok(()),
        }
    }
}
