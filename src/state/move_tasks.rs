//! SQS message move tasks: the server-side redrive of a dead-letter queue
//! (StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask). SQS runs one task
//! per source queue at a time and reports its progress in `ListMessageMoveTasks`.

use aws_sdk_sqs::types::ListMessageMoveTasksResultEntry;
use serde::{Serialize, Serializer};

use crate::aws::{Aws, AwsError, AwsResultExt};
use crate::state::messages::rfc3339;

/// A task's `Status`, as SQS spells it; anything else is kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskStatus {
    Running,
    Completed,
    Cancelling,
    Cancelled,
    Failed,
    Other(String),
}

impl TaskStatus {
    pub fn parse(text: &str) -> TaskStatus {
        match text {
            "RUNNING" => TaskStatus::Running,
            "COMPLETED" => TaskStatus::Completed,
            "CANCELLING" => TaskStatus::Cancelling,
            "CANCELLED" => TaskStatus::Cancelled,
            "FAILED" => TaskStatus::Failed,
            other => TaskStatus::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            TaskStatus::Running => "RUNNING",
            TaskStatus::Completed => "COMPLETED",
            TaskStatus::Cancelling => "CANCELLING",
            TaskStatus::Cancelled => "CANCELLED",
            TaskStatus::Failed => "FAILED",
            TaskStatus::Other(text) => text,
        }
    }

    /// The task will not change any more.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            TaskStatus::Completed | TaskStatus::Cancelled | TaskStatus::Failed
        )
    }

    /// The task is moving messages (or stopping): no other may start on its source.
    pub fn is_active(&self) -> bool {
        matches!(self, TaskStatus::Running | TaskStatus::Cancelling)
    }
}

impl Serialize for TaskStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoveTask {
    /// Only while the task runs (SQS hands it out for cancelling).
    pub handle: Option<String>,
    pub status: TaskStatus,
    pub source_arn: String,
    /// Null when the task sends each message back to the queue it came from.
    pub destination_arn: Option<String>,
    pub moved: u64,
    /// Counted when the task started.
    pub to_move: Option<u64>,
    /// Null when SQS chooses the rate.
    pub max_per_second: Option<i32>,
    /// RFC 3339.
    pub started_at: Option<String>,
    /// Epoch milliseconds: with the source, what tells a task from another.
    #[serde(skip)]
    pub started_ms: i64,
    pub failure_reason: Option<String>,
}

/// The queue name at the end of a queue ARN.
pub fn queue_name(queue_arn: &str) -> &str {
    queue_arn.rsplit(':').next().unwrap_or(queue_arn)
}

fn task(entry: &ListMessageMoveTasksResultEntry) -> MoveTask {
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    MoveTask {
        handle: entry.task_handle.clone(),
        status: TaskStatus::parse(entry.status.as_deref().unwrap_or("")),
        source_arn: entry.source_arn.clone().unwrap_or_default(),
        destination_arn: entry.destination_arn.clone(),
        moved: count(entry.approximate_number_of_messages_moved),
        to_move: entry.approximate_number_of_messages_to_move.map(count),
        max_per_second: entry.max_number_of_messages_per_second,
        started_at: rfc3339(entry.started_timestamp),
        started_ms: entry.started_timestamp,
        failure_reason: entry.failure_reason.clone(),
    }
}

/// The most recent tasks of `source_arn` (up to 10, newest first).
pub async fn list_tasks(aws: &Aws, source_arn: &str) -> Result<Vec<MoveTask>, AwsError> {
    let out = aws
        .sqs
        .list_message_move_tasks()
        .source_arn(source_arn)
        .max_results(10)
        .send()
        .await
        .aws_context(|| {
            format!(
                "listing the message move tasks of {}",
                queue_name(source_arn)
            )
        })?;
    Ok(out.results().iter().map(task).collect())
}

/// What StartMessageMoveTask did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Started {
    /// A new task, with its handle.
    Task(String),
    /// SQS refused: a task is already running on the source (SQS's words).
    AlreadyRunning(String),
}

/// Starts moving the messages of `source_arn` to `destination_arn`, at most
/// `max_per_second` a second (SQS's choice when `None`).
pub async fn start_task(
    aws: &Aws,
    source_arn: &str,
    destination_arn: &str,
    max_per_second: Option<i32>,
) -> Result<Started, AwsError> {
    let result = aws
        .sqs
        .start_message_move_task()
        .source_arn(source_arn)
        .destination_arn(destination_arn)
        .set_max_number_of_messages_per_second(max_per_second)
        .send()
        .await;
    match result {
        Ok(out) => Ok(Started::Task(out.task_handle.unwrap_or_default())),
        Err(err) => {
            let err = AwsError::from_sdk(
                format!(
                    "starting a message move task from {}",
                    queue_name(source_arn)
                ),
                &err,
            );
            if is_already_running(&err) {
                Ok(Started::AlreadyRunning(err.detail))
            } else {
                Err(err)
            }
        }
    }
}

/// SQS's answer to a second task on a source: `InvalidParameterValue`, "There is
/// already a task running…". The code alone is not enough (a bad rate answers it too).
fn is_already_running(err: &AwsError) -> bool {
    err.code.as_deref() == Some("InvalidParameterValue")
        && err
            .detail
            .to_ascii_lowercase()
            .contains("already a task running")
}

/// Cancels the running task `handle`; the messages moved so far stay moved.
pub async fn cancel_task(aws: &Aws, handle: &str) -> Result<u64, AwsError> {
    let out = aws
        .sqs
        .cancel_message_move_task()
        .task_handle(handle)
        .send()
        .await
        .aws_context(|| "cancelling the message move task")?;
    Ok(u64::try_from(out.approximate_number_of_messages_moved).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::error::AwsErrorKind;

    #[test]
    fn statuses_read_and_print_as_sqs_spells_them() {
        for name in ["RUNNING", "COMPLETED", "CANCELLING", "CANCELLED", "FAILED"] {
            assert_eq!(TaskStatus::parse(name).as_str(), name);
        }
        assert_eq!(
            TaskStatus::parse("PAUSED"),
            TaskStatus::Other("PAUSED".into())
        );
        assert!(TaskStatus::Failed.is_final() && !TaskStatus::Cancelling.is_final());
        assert!(TaskStatus::Cancelling.is_active() && !TaskStatus::Completed.is_active());
    }

    #[test]
    fn only_sqs_words_about_a_running_task_mean_one_is_running() {
        let error = |code: &str, detail: &str| AwsError {
            action: "starting".into(),
            kind: AwsErrorKind::Service,
            code: Some(code.into()),
            detail: detail.into(),
        };
        assert!(is_already_running(&error(
            "InvalidParameterValue",
            "InvalidParameterValue: There is already a task running. Only one active task is allowed for a source queue arn at a given time."
        )));
        assert!(!is_already_running(&error(
            "InvalidParameterValue",
            "InvalidParameterValue: Value for parameter MaxNumberOfMessagesPerSecond is invalid."
        )));
        assert!(!is_already_running(&error(
            "ResourceNotFoundException",
            "already a task running"
        )));
    }
}
