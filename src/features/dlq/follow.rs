//! Following a message move task until it ends: `ListMessageMoveTasks` every poll, each
//! reading handed to a watcher (the progress bar), until the task is COMPLETED, CANCELLED
//! or FAILED, or a signal arrives. SQS shows a task's handle only while it runs, so a
//! task is known by its handle first and by its start time once it has been seen.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::aws::{Aws, AwsError};
use crate::state::move_tasks::{self, MoveTask};
use crate::ui::signals::{Caught, Interrupts};

/// The move task calls the follower makes: SQS in the binary, a script in unit tests.
pub(crate) trait TaskApi {
    async fn list(&self, source_arn: &str) -> Result<Vec<MoveTask>, AwsError>;
    async fn cancel(&self, handle: &str) -> Result<u64, AwsError>;
}

impl TaskApi for Aws {
    async fn list(&self, source_arn: &str) -> Result<Vec<MoveTask>, AwsError> {
        move_tasks::list_tasks(self, source_arn).await
    }

    async fn cancel(&self, handle: &str) -> Result<u64, AwsError> {
        move_tasks::cancel_task(self, handle).await
    }
}

/// Which task is ours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ours {
    pub handle: Option<String>,
    /// Its StartedTimestamp, once seen.
    pub started_ms: Option<i64>,
    /// Wall clock (ms) just before we started it: a task that finished before it was
    /// first listed is the newest one started after this.
    pub not_before_ms: Option<i64>,
}

/// Clocks differ: a task started this much before our own clock's start still counts.
const CLOCK_SLACK_MS: i64 = 60_000;

impl Ours {
    /// A task seen running (one we did not start).
    pub fn of(task: &MoveTask) -> Ours {
        Ours {
            handle: task.handle.clone(),
            started_ms: Some(task.started_ms),
            not_before_ms: None,
        }
    }

    /// Our task among `tasks` (newest first), if listed.
    pub fn find<'a>(&self, tasks: &'a [MoveTask]) -> Option<&'a MoveTask> {
        if let Some(handle) = &self.handle
            && let Some(task) = tasks.iter().find(|t| t.handle.as_ref() == Some(handle))
        {
            return Some(task);
        }
        if let Some(started) = self.started_ms {
            return tasks.iter().find(|t| t.started_ms == started);
        }
        let not_before = self.not_before_ms?;
        tasks
            .first()
            .filter(|t| t.started_ms >= not_before - CLOCK_SLACK_MS)
    }

    fn learn(&mut self, task: &MoveTask) {
        self.started_ms = Some(task.started_ms);
        if task.handle.is_some() {
            self.handle.clone_from(&task.handle);
        }
    }
}

/// How following ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Followed {
    /// The task reached COMPLETED, CANCELLED or FAILED.
    Ended(MoveTask),
    /// A signal came first; the task was last seen as `last`.
    Stopped { last: Option<MoveTask>, by: Caught },
}

pub(crate) struct Follower<'a, A: TaskApi> {
    pub api: &'a A,
    pub source_arn: &'a str,
    /// Between two readings.
    pub poll: Duration,
    /// Our task not listed for this long: give up (it is not ours to find).
    pub lost_after: Duration,
}

impl<A: TaskApi> Follower<'_, A> {
    /// Follows `ours` until it ends or a signal (from `interrupts`, when given) arrives;
    /// `watch` sees every reading of the task.
    pub async fn run(
        &self,
        ours: &mut Ours,
        watch: &dyn Fn(&MoveTask),
        mut interrupts: Option<&mut Interrupts>,
    ) -> Result<Followed> {
        let mut last: Option<MoveTask> = None;
        let mut seen_at = Instant::now();
        loop {
            let tasks = match guarded(&mut interrupts, self.api.list(self.source_arn)).await {
                Ok(listed) => listed?,
                Err(by) => return Ok(Followed::Stopped { last, by }),
            };
            match ours.find(&tasks).cloned() {
                Some(task) => {
                    ours.learn(&task);
                    watch(&task);
                    seen_at = Instant::now();
                    if task.status.is_final() {
                        return Ok(Followed::Ended(task));
                    }
                    last = Some(task);
                }
                None if seen_at.elapsed() >= self.lost_after => bail!(
                    "the message move task is no longer listed by SQS (waited {})",
                    humantime::format_duration(self.lost_after)
                ),
                None => {}
            }
            if let Err(by) = guarded(&mut interrupts, tokio::time::sleep(self.poll)).await {
                return Ok(Followed::Stopped { last, by });
            }
        }
    }
}

async fn guarded<T>(
    interrupts: &mut Option<&mut Interrupts>,
    work: impl Future<Output = T>,
) -> Result<T, Caught> {
    match interrupts {
        Some(signals) => signals.during(work).await,
        None => Ok(work.await),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::Mutex;

    use super::*;
    use crate::state::move_tasks::TaskStatus;

    /// Answers ListMessageMoveTasks from a script, repeating the last answer.
    struct Script(Mutex<VecDeque<Vec<MoveTask>>>);

    impl TaskApi for Script {
        async fn list(&self, _: &str) -> Result<Vec<MoveTask>, AwsError> {
            let mut answers = self.0.lock().unwrap();
            let answer = if answers.len() > 1 {
                answers.pop_front().unwrap()
            } else {
                answers.front().cloned().unwrap_or_default()
            };
            Ok(answer)
        }

        async fn cancel(&self, _: &str) -> Result<u64, AwsError> {
            Ok(0)
        }
    }

    fn task(status: TaskStatus, moved: u64, started_ms: i64) -> MoveTask {
        MoveTask {
            handle: (status == TaskStatus::Running).then(|| format!("h{started_ms}")),
            status,
            source_arn: "arn:aws:sqs:us-east-1:1:dlq".into(),
            destination_arn: None,
            moved,
            to_move: Some(3),
            max_per_second: None,
            started_at: None,
            started_ms,
            failure_reason: None,
        }
    }

    async fn follow(answers: Vec<Vec<MoveTask>>, ours: &mut Ours) -> (Result<Followed>, Vec<u64>) {
        let api = Script(Mutex::new(answers.into()));
        let follower = Follower {
            api: &api,
            source_arn: "arn:aws:sqs:us-east-1:1:dlq",
            poll: Duration::ZERO,
            lost_after: Duration::from_millis(50),
        };
        let seen = Mutex::new(Vec::new());
        let result = follower
            .run(ours, &|t| seen.lock().unwrap().push(t.moved), None)
            .await;
        (result, seen.into_inner().unwrap())
    }

    #[tokio::test]
    async fn a_task_is_followed_by_handle_then_by_start_time_to_its_end() {
        let old = task(TaskStatus::Completed, 9, 100);
        let mut ours = Ours {
            handle: Some("h200".into()),
            ..Ours::default()
        };
        let answers = vec![
            vec![task(TaskStatus::Running, 0, 200), old.clone()],
            vec![task(TaskStatus::Running, 2, 200), old.clone()],
            // Finished: no handle any more; known by its start time.
            vec![task(TaskStatus::Completed, 3, 200), old],
        ];
        let (result, seen) = follow(answers, &mut ours).await;
        assert_eq!(seen, [0, 2, 3]);
        let Followed::Ended(end) = result.unwrap() else {
            panic!("not ended")
        };
        assert_eq!((end.status, end.moved), (TaskStatus::Completed, 3));
        assert_eq!(ours.started_ms, Some(200));
    }

    #[tokio::test]
    async fn a_task_that_ended_before_it_was_listed_is_the_newest_since_we_started() {
        let mut ours = Ours {
            handle: Some("h500".into()),
            started_ms: None,
            not_before_ms: Some(480),
        };
        let answers = vec![vec![
            task(TaskStatus::Failed, 1, 500),
            task(TaskStatus::Completed, 3, 100),
        ]];
        let (result, _) = follow(answers, &mut ours).await;
        assert!(matches!(result.unwrap(), Followed::Ended(t) if t.status == TaskStatus::Failed));
    }

    #[tokio::test]
    async fn a_task_never_listed_is_given_up_with_a_reason() {
        let mut ours = Ours {
            handle: Some("nope".into()),
            started_ms: Some(42),
            not_before_ms: None,
        };
        let (result, seen) = follow(vec![vec![task(TaskStatus::Running, 0, 7)]], &mut ours).await;
        assert!(seen.is_empty());
        let err = result.unwrap_err().to_string();
        assert!(err.contains("no longer listed"), "{err}");
    }
}
