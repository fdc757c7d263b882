//! The drain step between break and make: each consumer just disabled is watched
//! until the evidence shows it idle or its timeout plus the margin has passed since it
//! was seen `Disabled`. `--no-drain` records it as skipped. A signal during the wait
//! changes nothing here: the queue in progress is finished, as during any other wait.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use super::{DrainProbe, Executor, FunctionReader, MappingApi, millis};
use crate::features::switch::events::Event;
use crate::features::switch::invocation_drain::{
    self as drain, DrainEnd, DrainRecord, EvidenceSource, FunctionDrain, Look,
};
use crate::features::switch::plan::{MappingRef, QueuePlan};

impl<A: MappingApi, P: DrainProbe, F: FunctionReader> Executor<'_, A, P, F> {
    /// Drains every function whose mapping on `q` was disabled (the target's own
    /// function aside); None when there is none.
    pub(super) async fn drain_consumers(
        &self,
        q: &QueuePlan,
        target: &MappingRef,
    ) -> Option<DrainRecord> {
        let functions: BTreeSet<&str> = q
            .action
            .disable()
            .iter()
            .map(|m| m.function_name.as_str())
            .filter(|f| *f != target.function_name)
            .collect();
        if functions.is_empty() {
            return None;
        }
        // Seen Disabled just now: the bounds count from here.
        let started = Instant::now();
        let disabled_ms = jiff::Timestamp::now().as_millisecond();
        let mut drained = Vec::new();
        for function in functions {
            let timeout = self.drain.probe.timeout(function).await;
            let bound = drain::bound(timeout, self.drain.margin);
            let ended = if self.drain.skip {
                self.observer.event(Event::DrainFinished {
                    queue: q.queue.clone(),
                    function_name: function.to_string(),
                    ended: DrainEnd::Skipped,
                    source: None,
                    duration: Duration::ZERO,
                });
                (DrainEnd::Skipped, None, None, Duration::ZERO)
            } else {
                self.wait_drained(q, function, disabled_ms, timeout, started + bound, bound)
                    .await
            };
            let (ended, evidence, evidence_source, took) = ended;
            drained.push(FunctionDrain {
                function_name: function.to_string(),
                ended,
                timeout_seconds: timeout.map(|t| t.as_secs()),
                bound_seconds: bound.as_secs(),
                evidence,
                evidence_source,
                late_event_horizon_seconds: (!self.drain.skip)
                    .then(|| self.drain.probe.late_event_horizon())
                    .flatten()
                    .map(|h| h.as_secs()),
                duration_ms: millis(took),
            });
        }
        Some(DrainRecord::of(drained))
    }

    /// Looks at the evidence until it shows `function` idle or `deadline` passes.
    async fn wait_drained(
        &self,
        q: &QueuePlan,
        function: &str,
        disabled_ms: i64,
        timeout: Option<Duration>,
        deadline: Instant,
        bound: Duration,
    ) -> (DrainEnd, Option<String>, Option<EvidenceSource>, Duration) {
        let started = Instant::now();
        self.observer.event(Event::DrainStarted {
            queue: q.queue.clone(),
            function_name: function.to_string(),
            bound,
            horizon: self.drain.probe.late_event_horizon(),
        });
        let timeout = timeout.unwrap_or(drain::MAX_FUNCTION_TIMEOUT);
        let mut last: Option<Look> = None;
        let ended = loop {
            let look = self.drain.probe.look(function, disabled_ms, timeout).await;
            if last.as_ref() != Some(&look) {
                self.observer.event(Event::DrainSeen {
                    queue: q.queue.clone(),
                    function_name: function.to_string(),
                    look: look.clone(),
                    bound,
                });
            }
            let idle = matches!(look, Look::Idle { .. });
            last = Some(look);
            if idle {
                break DrainEnd::SeenIdle;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break DrainEnd::TimeoutReached;
            }
            tokio::time::sleep(self.drain.poll.min(left)).await;
        };
        let took = started.elapsed();
        let source = if ended == DrainEnd::SeenIdle {
            self.drain.probe.source_of_last_look(function)
        } else {
            None
        };
        self.observer.event(Event::DrainFinished {
            queue: q.queue.clone(),
            function_name: function.to_string(),
            ended,
            source,
            duration: took,
        });
        (ended, last.map(|l| l.why().to_string()), source, took)
    }
}
