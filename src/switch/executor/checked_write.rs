//! One write, checked: send the enable/disable, and when the answer is an error,
//! re-read the mapping to learn what really happened. A write that landed despite the
//! error (the answer was lost, or a retry hit the first attempt's `Enabling`) is waited
//! out as done; a refused one is reported as not written; a busy mapping (`Conflict`)
//! is waited until it settles and written again, until the step's deadline.

use std::time::Instant;

use super::{DrainProbe, Executor, MappingApi, StepError, StepRecord};
use crate::aws::error::AwsErrorKind;
use crate::state::mapping_state::Heading;
use crate::switch::events::StepLabel;

impl<A: MappingApi, P: DrainProbe> Executor<'_, A, P> {
    /// Writes `enable` to `uuid` and waits for the settled state. With `alone_on`, the
    /// queue's mappings are listed right before each write: no other may consume it.
    /// `record.wrote` is set only when the write is known (or may be) in effect.
    pub(super) async fn checked_write(
        &self,
        step: &StepLabel,
        uuid: &str,
        enable: bool,
        alone_on: Option<&str>,
        record: &mut StepRecord,
    ) -> Result<(), StepError> {
        let want = Heading::of(enable);
        let deadline = Instant::now() + self.timing.timeout;
        loop {
            if let Some(source_arn) = alone_on {
                self.check_alone(source_arn, uuid).await?;
            }
            match self.api.set_enabled(uuid, enable).await {
                Ok(after) => {
                    record.wrote = true;
                    record.to_state = Some(after.state.clone());
                    self.state_seen(step, &after.state);
                }
                Err(e) => {
                    let now = match self.api.get(uuid).await {
                        Ok(now) => now,
                        Err(_) => {
                            // Unknown whether it landed: count it as written, so a
                            // revert looks at this mapping too.
                            record.wrote = true;
                            return Err(StepError::Failed(e.to_string()));
                        }
                    };
                    record.to_state = Some(now.state.clone());
                    self.state_seen(step, &now.state);
                    if now.state.heading() == Some(want) {
                        // It landed after all: wait it out like any other write.
                        record.wrote = true;
                    } else if e.kind == AwsErrorKind::Conflict && Instant::now() < deadline {
                        self.wait_for(step, uuid, None, record).await?;
                        continue;
                    } else {
                        return Err(StepError::Failed(e.to_string()));
                    }
                }
            }
            self.wait_for(step, uuid, Some(want), record).await?;
            return Ok(());
        }
    }
}
