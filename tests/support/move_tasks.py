"""SQS message move tasks, which moto 5.2.5 does not have, answered by the proxy itself.

StartMessageMoveTask, ListMessageMoveTasks and CancelMessageMoveTask (JSON protocol,
`X-Amz-Target: AmazonSQS.*`) are answered here with the shapes, statuses and errors of the
SQS API reference; the messages really move, over moto's own queues: a background thread
per task receives from the source (a DLQ), sends each message (body and attributes) to the
destination and deletes it from the source, at most MaxNumberOfMessagesPerSecond a second.

- A task moves the messages visible in the source when it starts
  (ApproximateNumberOfMessagesToMove); it ends COMPLETED when they are moved (or the
  source runs dry), CANCELLED after a cancel (CANCELLING until its thread stops), FAILED
  with a FailureReason when a call fails (say the destination queue was deleted).
- Errors: a source or destination that does not exist, ResourceNotFoundException; a source
  that is no queue's dead-letter queue, a second task on a source whose task is RUNNING or
  CANCELLING, or a rate outside 1..500, InvalidParameterValue; MaxResults outside 1..10,
  InvalidParameterValue; an unknown TaskHandle, ResourceNotFoundException; cancelling a
  task that is no longer RUNNING, UnsupportedOperation.
- ListMessageMoveTasks gives the most recent tasks of the source first (MaxResults, default
  1); TaskHandle only while RUNNING, DestinationArn and MaxNumberOfMessagesPerSecond only
  when the start request gave them, FailureReason only when FAILED, StartedTimestamp in
  epoch milliseconds.
"""

import base64
import json
import math
import threading
import time
import uuid

import boto3

ACTIONS = ("StartMessageMoveTask", "ListMessageMoveTasks", "CancelMessageMoveTask")

# Without MaxNumberOfMessagesPerSecond SQS picks the rate itself; this one is quick.
DEFAULT_RATE = 50
MAX_RATE = 500
# Messages a task holds invisible while it moves them.
HOLD_SECONDS = 60
ACTIVE = ("RUNNING", "CANCELLING")


class Refused(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class MoveTasks:
    """The tasks of one account and region, moving messages through `moto_url`."""

    def __init__(self, moto_url, region="us-east-1"):
        self._moto_url = moto_url
        self._region = region
        self._sqs = None
        self._tasks = []  # newest last
        self._lock = threading.Lock()

    def answer(self, action, body):
        """(status, headers, payload) for one JSON-protocol request."""
        try:
            request = json.loads(body or b"{}")
            handler = {
                "StartMessageMoveTask": self._start,
                "ListMessageMoveTasks": self._list,
                "CancelMessageMoveTask": self._cancel,
            }[action]
            return _ok(handler(request))
        except Refused as e:
            return _error(e.code, e.message)
        except ValueError:
            return _error("InvalidParameterValue", "The request body is not valid JSON.")

    # ---- the three actions ----------------------------------------------------------

    def _start(self, request):
        source = _required(request, "SourceArn")
        destination = request.get("DestinationArn")
        rate = request.get("MaxNumberOfMessagesPerSecond")
        if rate is not None and not (isinstance(rate, int) and 1 <= rate <= MAX_RATE):
            raise Refused(
                "InvalidParameterValue",
                "Value for parameter MaxNumberOfMessagesPerSecond is invalid. "
                f"Reason: Must be an integer between 1 and {MAX_RATE}.",
            )
        source_url = self._url(source, "SourceArn")
        destination_url = self._url(destination, "DestinationArn") if destination else None
        if not self._is_dead_letter_queue(source):
            raise Refused(
                "InvalidParameterValue", "Source queue must be configured as a Dead Letter Queue."
            )
        if destination_url is None:
            destination_url = self._first_source_of(source)
        with self._lock:
            if any(t["SourceArn"] == source and t["Status"] in ACTIVE for t in self._tasks):
                raise Refused(
                    "InvalidParameterValue",
                    "There is already a task running. Only one active task is allowed for a "
                    "source queue arn at a given time.",
                )
            attributes = self._client().get_queue_attributes(
                QueueUrl=source_url, AttributeNames=["ApproximateNumberOfMessages"]
            )["Attributes"]
            task = {
                "TaskHandle": _handle(source),
                "Status": "RUNNING",
                "SourceArn": source,
                "ApproximateNumberOfMessagesMoved": 0,
                "ApproximateNumberOfMessagesToMove": int(
                    attributes.get("ApproximateNumberOfMessages", 0)
                ),
                "StartedTimestamp": int(time.time() * 1000),
            }
            if destination:
                task["DestinationArn"] = destination
            if rate is not None:
                task["MaxNumberOfMessagesPerSecond"] = rate
            self._tasks.append(task)
        threading.Thread(
            target=self._move,
            args=(task, source_url, destination_url, rate or DEFAULT_RATE),
            daemon=True,
        ).start()
        return {"TaskHandle": task["TaskHandle"]}

    def _list(self, request):
        source = _required(request, "SourceArn")
        limit = request.get("MaxResults", 1)
        if not (isinstance(limit, int) and 1 <= limit <= 10):
            raise Refused(
                "InvalidParameterValue",
                "Value for parameter MaxResults is invalid. Reason: Must be between 1 and 10.",
            )
        self._url(source, "SourceArn")
        with self._lock:
            tasks = [t for t in reversed(self._tasks) if t["SourceArn"] == source][:limit]
            return {"Results": [_listed(t) for t in tasks]}

    def _cancel(self, request):
        handle = _required(request, "TaskHandle")
        with self._lock:
            task = next((t for t in self._tasks if t["TaskHandle"] == handle), None)
            if task is None:
                raise Refused("ResourceNotFoundException", "Task does not exist.")
            if task["Status"] != "RUNNING":
                raise Refused(
                    "UnsupportedOperation",
                    f"Only a RUNNING task can be cancelled; this one is {task['Status']}.",
                )
            task["Status"] = "CANCELLING"
            return {"ApproximateNumberOfMessagesMoved": task["ApproximateNumberOfMessagesMoved"]}

    # ---- moving ----------------------------------------------------------------------

    def _move(self, task, source_url, destination_url, rate):
        sqs = self._client()
        started = time.monotonic()
        dry_answers = 0
        try:
            while self._status(task) == "RUNNING":
                left = task["ApproximateNumberOfMessagesToMove"] - task[
                    "ApproximateNumberOfMessagesMoved"
                ]
                if left <= 0:
                    break
                batch = sqs.receive_message(
                    QueueUrl=source_url,
                    MaxNumberOfMessages=max(1, min(10, left, math.ceil(rate))),
                    VisibilityTimeout=HOLD_SECONDS,
                    MessageAttributeNames=["All"],
                ).get("Messages", [])
                if not batch:
                    dry_answers += 1
                    if dry_answers >= 3:
                        break  # fewer messages than counted at the start
                    time.sleep(0.2)
                    continue
                dry_answers = 0
                for i, message in enumerate(batch):
                    if self._status(task) != "RUNNING":
                        _release(sqs, source_url, batch[i:])
                        break
                    moved = task["ApproximateNumberOfMessagesMoved"]
                    # Paced: message n leaves no earlier than n / rate seconds in.
                    time.sleep(max(0.0, started + moved / rate - time.monotonic()))
                    _send_like(sqs, destination_url, message)
                    sqs.delete_message(QueueUrl=source_url, ReceiptHandle=message["ReceiptHandle"])
                    with self._lock:
                        task["ApproximateNumberOfMessagesMoved"] += 1
        except Exception as e:  # noqa: BLE001 - any failure ends the task as FAILED
            with self._lock:
                task["Status"] = "FAILED"
                task["FailureReason"] = _reason(e)
            return
        with self._lock:
            task["Status"] = "CANCELLED" if task["Status"] == "CANCELLING" else "COMPLETED"

    def _status(self, task):
        with self._lock:
            return task["Status"]

    # ---- queues ----------------------------------------------------------------------

    def _client(self):
        if self._sqs is None:
            self._sqs = boto3.client(
                "sqs",
                endpoint_url=self._moto_url,
                region_name=self._region,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )
        return self._sqs

    def _url(self, arn, field):
        parts = (arn or "").split(":")
        if len(parts) != 6 or parts[2] != "sqs":
            raise Refused("InvalidParameterValue", f"Value {arn} for parameter {field} is invalid.")
        sqs = self._client()
        try:
            return sqs.get_queue_url(QueueName=parts[5], QueueOwnerAWSAccountId=parts[4])[
                "QueueUrl"
            ]
        except sqs.exceptions.QueueDoesNotExist:
            raise Refused(
                "ResourceNotFoundException",
                f"The resource that you specified for the {field} parameter doesn't exist.",
            ) from None

    def _redrive_sources(self, dlq_arn):
        """URLs of the queues whose redrive policy names `dlq_arn`."""
        sqs = self._client()
        found = []
        for page in sqs.get_paginator("list_queues").paginate(MaxResults=1000):
            for url in page.get("QueueUrls", []):
                policy = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])
                text = policy.get("Attributes", {}).get("RedrivePolicy")
                if text and json.loads(text).get("deadLetterTargetArn") == dlq_arn:
                    found.append(url)
        return found

    def _is_dead_letter_queue(self, arn):
        return bool(self._redrive_sources(arn))

    def _first_source_of(self, dlq_arn):
        # Without a destination SQS sends each message back to the queue it came from;
        # in the sandbox every DLQ serves one queue.
        return self._redrive_sources(dlq_arn)[0]


def _required(request, field):
    value = request.get(field)
    if not value:
        raise Refused("MissingParameter", f"The request must contain the parameter {field}.")
    return value


def _handle(source):
    token = json.dumps({"taskId": str(uuid.uuid4()), "sourceArn": source})
    return base64.b64encode(token.encode()).decode()


def _listed(task):
    entry = dict(task)
    if entry["Status"] != "RUNNING":
        entry.pop("TaskHandle", None)
    return entry


def _send_like(sqs, url, message):
    attributes = {
        name: {
            key: value
            for key, value in attribute.items()
            if key in ("DataType", "StringValue", "BinaryValue")
        }
        for name, attribute in message.get("MessageAttributes", {}).items()
    }
    options = {"MessageAttributes": attributes} if attributes else {}
    sqs.send_message(QueueUrl=url, MessageBody=message["Body"], **options)


def _release(sqs, url, messages):
    """Makes received but unmoved messages visible again at once."""
    for message in messages:
        try:
            sqs.change_message_visibility(
                QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
            )
        except Exception:  # noqa: BLE001 - they come back after HOLD_SECONDS anyway
            pass


def _reason(error):
    response = getattr(error, "response", None) or {}
    details = response.get("Error", {})
    if details.get("Code"):
        return f"{details['Code']}: {details.get('Message', '')}".strip()
    return str(error)


def _ok(document):
    headers = [
        ("x-amzn-RequestId", str(uuid.uuid4())),
        ("Content-Type", "application/x-amz-json-1.0"),
    ]
    return 200, headers, json.dumps(document).encode()


def _error(code, message):
    """An SQS JSON-protocol error; `x-amzn-query-error` carries the code the SDKs read."""
    headers = [
        ("x-amzn-RequestId", str(uuid.uuid4())),
        ("x-amzn-query-error", f"{code};Sender"),
        ("Content-Type", "application/x-amz-json-1.0"),
    ]
    body = {"__type": f"com.amazonaws.sqs#{code}", "message": message}
    return 400, headers, json.dumps(body).encode()
