//! One write, checked: send the enable/disable, and when the answer is an error,
//! re-read the mapping to learn what really happened. A write that landed despite the
//! error (the answer was lost, or a retry hit the first attempt's `Enabling`) is waited
//! out as done; a refused one is reported as not written; a busy mapping (`Conflict`)
//! is waited until it settles and written again, until the step's deadline.

use std::time::Instant;

use super::{DrainProbe, Executor, FunctionReader, MappingApi, StepError, StepRecord};
use crate::aws::error::AwsErrorKind;
use crate::features::switch::events::{Event, StepLabel};
use crate::features::switch::record::lease::{self, Lease, LeaseNotes, Taken};
use crate::state::mapping_state::Heading;

impl<A: MappingApi, P: DrainProbe, F: FunctionReader> Executor<'_, A, P, F> {
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
            // The lease is held from the check to the write's answer (`switch::lease`).
            let lease = match alone_on {
                Some(source_arn) => self.lease_and_check(step, source_arn, uuid).await?,
                None => None,
            };
            let answer = self.api.set_enabled(uuid, enable).await;
            if let Some(lease) = lease {
                lease::release(self.api, lease).await;
            }
            match answer {
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

    /// Takes the queue's switch lease (waiting within the timeout for another run), then
    /// checks that no other consumer is on. The lease is released if the check fails.
    async fn lease_and_check(
        &self,
        step: &StepLabel,
        source_arn: &str,
        uuid: &str,
    ) -> Result<Option<Lease>, StepError> {
        let mappings = if self.api.keeps_tags() {
            self.api
                .list_for_source(source_arn)
                .await
                .map_err(|e| StepError::Failed(e.to_string()))?
        } else {
            Vec::new()
        };
        let notes = StepNotes {
            executor: self,
            step,
        };
        let deadline = Instant::now() + self.timing.timeout;
        let lease = match lease::acquire(self.api, &mappings, deadline, &notes).await {
            Ok(Taken::Held(lease)) => Some(lease),
            Ok(Taken::Without(None)) => None,
            Ok(Taken::Without(Some(why))) => {
                notes.note(format!("going on without the switch lease: {why}"));
                None
            }
            Err(busy) => {
                return Err(StepError::NotAlone(format!(
                    "another ccx run held the switch lease on this queue for all of --timeout ({})",
                    busy.holder.describe()
                )));
            }
        };
        if let Err(e) = self.check_alone(source_arn, uuid).await {
            if let Some(lease) = lease {
                lease::release(self.api, lease).await;
            }
            return Err(e);
        }
        Ok(lease)
    }
}

/// Lease notes become events of the step in progress.
struct StepNotes<'e, 'a, A: MappingApi, P: DrainProbe, F: FunctionReader> {
    executor: &'e Executor<'a, A, P, F>,
    step: &'e StepLabel,
}

impl<A: MappingApi, P: DrainProbe, F: FunctionReader> LeaseNotes for StepNotes<'_, '_, A, P, F> {
    fn note(&self, text: String) {
        self.executor.observer.event(Event::Note {
            step: self.step.clone(),
            text,
        });
    }
}
