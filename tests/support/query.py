"""Inspects and changes the emulated account for tests, independently of ccx.

    python tests/support/query.py --endpoint URL SUBCOMMAND ...

Prints one JSON document on stdout. Point it at the moto endpoint (not the proxy) so
faults and the calls log only ever concern ccx.
"""

import argparse
import json
import sys
import time

import boto3

import seed

MAX_EVENTS_PER_CALL = 10_000
MAX_BYTES_PER_CALL = 1_000_000
EVENT_OVERHEAD_BYTES = 26  # what CloudWatch Logs counts per event besides the message


def main():
    args = _parse_args()
    session = boto3.session.Session(
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name=args.region,
    )

    def client(service):
        return session.client(service, endpoint_url=args.endpoint)

    result = args.run(client, args)
    if result is not None:
        json.dump(result, sys.stdout, indent=1, default=str)
        sys.stdout.write("\n")


def mappings(client, args):
    found = []
    for page in client("lambda").get_paginator("list_event_source_mappings").paginate():
        for m in page["EventSourceMappings"]:
            found.append(
                {
                    "uuid": m["UUID"],
                    "function_arn": m["FunctionArn"],
                    "function_name": m["FunctionArn"].split(":")[6],
                    "event_source_arn": m["EventSourceArn"],
                    "state": m["State"],
                    "batch_size": m.get("BatchSize"),
                    "maximum_batching_window": m.get("MaximumBatchingWindowInSeconds"),
                    "scaling_config": m.get("ScalingConfig"),
                    "filter_criteria": m.get("FilterCriteria"),
                    "function_response_types": m.get("FunctionResponseTypes"),
                    "metrics_config": m.get("MetricsConfig"),
                    "provisioned_poller_config": m.get("ProvisionedPollerConfig"),
                }
            )
    return found


def functions(client, args):
    found = []
    for page in client("lambda").get_paginator("list_functions").paginate():
        found += page["Functions"]
    return found


def queue_attrs(client, args):
    answer = client("sqs").get_queue_attributes(QueueUrl=args.url, AttributeNames=["All"])
    return answer["Attributes"]


def send_messages(client, args):
    sqs = client("sqs")
    for first in range(0, args.count, 10):
        entries = [
            {"Id": str(i), "MessageBody": json.dumps({"type": "COMPACTION_RUN", "seq": i})}
            for i in range(first, min(first + 10, args.count))
        ]
        answer = sqs.send_message_batch(QueueUrl=args.url, Entries=entries)
        if answer.get("Failed"):
            sys.exit(f"query.py: send-messages failed: {answer['Failed']}")
    return {"sent": args.count}


def delete_queue(client, args):
    client("sqs").delete_queue(QueueUrl=args.url)
    return {"deleted": args.url}


def peek_messages(client, args):
    """Every message of a queue, looked at and left in place (each look is a receive)."""
    sqs, seen = client("sqs"), {}
    for _ in range(args.rounds):
        answer = sqs.receive_message(
            QueueUrl=args.url,
            MaxNumberOfMessages=10,
            VisibilityTimeout=0,
            MessageSystemAttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        for m in answer.get("Messages", []):
            seen[m["MessageId"]] = {
                "id": m["MessageId"],
                "body": m["Body"],
                "receive_count": int(m["Attributes"]["ApproximateReceiveCount"]),
                "attributes": {
                    k: v.get("StringValue") for k, v in m.get("MessageAttributes", {}).items()
                },
            }
    return sorted(seen.values(), key=lambda m: m["body"])


def start_move_task(client, args):
    options = {"SourceArn": args.source}
    if args.destination:
        options["DestinationArn"] = args.destination
    if args.rate:
        options["MaxNumberOfMessagesPerSecond"] = args.rate
    return {"TaskHandle": client("sqs").start_message_move_task(**options)["TaskHandle"]}


def move_tasks(client, args):
    answer = client("sqs").list_message_move_tasks(SourceArn=args.source, MaxResults=10)
    return answer["Results"]


def put_log_events(client, args):
    logs = client("logs")
    if args.create:
        _create_stream(logs, args.group, args.stream)
    start = args.start_ms
    if start is None:
        start = int(time.time() * 1000) - args.count * args.step_ms
    batch, size, calls = [], 0, 0

    def flush():
        nonlocal batch, size, calls
        answer = logs.put_log_events(
            logGroupName=args.group, logStreamName=args.stream, logEvents=batch
        )
        if answer.get("rejectedLogEventsInfo"):
            sys.exit(f"query.py: events rejected: {answer['rejectedLogEventsInfo']}")
        batch, size, calls = [], 0, calls + 1

    for i in range(args.count):
        message = args.message.replace("{i}", str(i))
        message += "x" * (args.pad_to - len(message))
        cost = len(message.encode()) + EVENT_OVERHEAD_BYTES
        if len(batch) == MAX_EVENTS_PER_CALL or size + cost > MAX_BYTES_PER_CALL:
            flush()
        batch.append({"timestamp": start + i * args.step_ms, "message": message})
        size += cost
    if batch:
        flush()
    return {"put": args.count, "calls": calls, "first_ms": start,
            "last_ms": start + (args.count - 1) * args.step_ms}


def put_events(client, args):
    """Writes the events given as JSON ([{"timestamp": ms, "message": text}, ...]), in
    time order, into GROUP/STREAM."""
    logs = client("logs")
    if args.create:
        _create_stream(logs, args.group, args.stream)
    events = sorted(json.loads(args.events), key=lambda e: e["timestamp"])
    answer = logs.put_log_events(
        logGroupName=args.group, logStreamName=args.stream, logEvents=events
    )
    if answer.get("rejectedLogEventsInfo"):
        sys.exit(f"query.py: events rejected: {answer['rejectedLogEventsInfo']}")
    return {"put": len(events)}


def put_runs(client, args):
    """Writes compaction runs (seed.py's lines) one a minute from --start-ms into a new
    stream of GROUP, in the given log format; with --function the stream is named for it,
    as in a group several functions share."""
    logs = client("logs")
    start = args.start_ms if args.start_ms is not None else int(time.time() * 1000) - 240_000
    stream = seed.stream_name(start / 1000, args.function)
    _create_stream(logs, args.group, stream, group_too=args.create)
    events = []
    for run in range(args.runs):
        collection = ("lines", "words")[run % 2]
        events += seed.run_events(
            args.stack, collection, start + 60_000 * run, args.format, not args.no_platform
        )
    logs.put_log_events(logGroupName=args.group, logStreamName=stream, logEvents=events)
    return {"stream": stream, "put": len(events), "first_ms": start}


def put_invocations(client, args):
    """Writes invocations (seed.py's `invocation_events`) into a new stream of GROUP, one
    after another from --start-ms: INVOCATIONS is JSON, a list of {"outcome", and
    optionally "duration_ms", "memory_mb", "used_mb", "init_ms", "timeout_s",
    "gap_ms"}. Returns the stream and each invocation's request id."""
    logs = client("logs")
    start = args.start_ms if args.start_ms is not None else int(time.time() * 1000) - 240_000
    stream = seed.stream_name(start / 1000, args.function)
    _create_stream(logs, args.group, stream, group_too=args.create)
    events, requests, at = [], [], start
    text = args.invocations
    if text.startswith("@"):
        with open(text[1:]) as f:
            text = f.read()
    for spec in json.loads(text):
        spec = dict(spec)
        outcome, gap = spec.pop("outcome"), spec.pop("gap_ms", 1_000)
        request, batch = seed.invocation_events(outcome, at, args.format, **spec)
        requests.append(request)
        events += batch
        at = batch[-1]["timestamp"] + gap
    # PutLogEvents takes at most 10,000 events a call.
    for i in range(0, len(events), 10_000):
        logs.put_log_events(logGroupName=args.group, logStreamName=stream,
                            logEvents=events[i:i + 10_000])
    return {"stream": stream, "put": len(events), "requests": requests}


def _create_stream(logs, group, stream, group_too=True):
    if group_too:
        try:
            logs.create_log_group(logGroupName=group)
        except logs.exceptions.ResourceAlreadyExistsException:
            pass
    logs.create_log_stream(logGroupName=group, logStreamName=stream)


def log_events(client, args):
    options = {"logGroupName": args.group, "interleaved": True}
    if args.filter:
        options["filterPattern"] = args.filter
    pages = client("logs").get_paginator("filter_log_events").paginate(**options)
    return [
        {"timestamp": e["timestamp"], "stream": e["logStreamName"], "message": e["message"]}
        for page in pages
        for e in page["events"]
    ]


def put_metrics(client, args):
    """Puts CloudWatch datapoints: a JSON list of {"namespace", "metric", "dimensions":
    {NAME: VALUE}, "points": [[SECONDS_AGO, VALUE], ...], "unit"?}, each point
    timestamped SECONDS_AGO before now (moto's GetMetricData then finds them)."""
    import datetime

    cloudwatch = client("cloudwatch")
    now = datetime.datetime.now(datetime.timezone.utc)
    put = 0
    for series in json.loads(args.data):
        data = [
            {
                "MetricName": series["metric"],
                "Dimensions": [
                    {"Name": name, "Value": value}
                    for name, value in series.get("dimensions", {}).items()
                ],
                "Timestamp": now - datetime.timedelta(seconds=ago),
                "Value": float(value),
                **({"Unit": series["unit"]} if series.get("unit") else {}),
            }
            for ago, value in series["points"]
        ]
        for first in range(0, len(data), 1000):
            cloudwatch.put_metric_data(
                Namespace=series["namespace"], MetricData=data[first : first + 1000]
            )
        put += len(data)
    return {"put": put}


def update_mapping(client, args):
    fields = json.loads(args.settings) if args.settings else {}
    if args.enabled is not None:
        fields["Enabled"] = args.enabled == "true"
    answer = client("lambda").update_event_source_mapping(UUID=args.uuid, **fields)
    return {"uuid": args.uuid, "state": answer.get("State")}


def deploy(client, args):
    """Plays a deploy: STEPS (JSON) in order, each one of {"enable": UUID}, {"disable":
    UUID}, {"update": UUID, "settings": {FIELD: VALUE}}, {"sleep": SECONDS}, {"say":
    TEXT} (a line on stdout) or {"exit": CODE}.
    Prints nothing else, so its stdout is exactly what it says."""
    lam = client("lambda")
    for step in json.loads(args.steps):
        if "enable" in step or "disable" in step:
            uuid = step.get("enable") or step.get("disable")
            lam.update_event_source_mapping(UUID=uuid, Enabled="enable" in step)
        elif "update" in step:
            lam.update_event_source_mapping(UUID=step["update"], **step["settings"])
        elif "sleep" in step:
            time.sleep(step["sleep"])
        elif "say" in step:
            print(step["say"], flush=True)
        elif "exit" in step:
            sys.exit(step["exit"])
        else:
            sys.exit(f"query.py: unknown deploy step {step}")
    return None


def delete_function(client, args):
    client("lambda").delete_function(FunctionName=args.name)
    return {"deleted": args.name}


def publish_version(client, args):
    answer = client("lambda").publish_version(FunctionName=args.name)
    return {"version": answer["Version"], "function_arn": answer["FunctionArn"]}


def create_mapping(client, args):
    """CreateEventSourceMapping, the function named as given (a name, or an ARN with a
    version or alias qualifier)."""
    answer = client("lambda").create_event_source_mapping(
        FunctionName=args.function, EventSourceArn=args.source, Enabled=True, BatchSize=10
    )
    return {"uuid": answer["UUID"], "function_arn": answer["FunctionArn"]}


def delete_mapping(client, args):
    client("lambda").delete_event_source_mapping(UUID=args.uuid)
    return {"deleted": args.uuid}


def update_stack(client, args):
    """UpdateStack with TEMPLATE (JSON), then the stack's status once it settles."""
    cfn = client("cloudformation")
    cfn.update_stack(StackName=args.stack, TemplateBody=args.template)
    for _ in range(200):
        status = cfn.describe_stacks(StackName=args.stack)["Stacks"][0]["StackStatus"]
        if not status.endswith("_IN_PROGRESS"):
            return {"stack": args.stack, "status": status}
        time.sleep(0.05)
    sys.exit(f"query.py: stack {args.stack} still {status}")


def caller_identity(client, args):
    answer = client("sts").get_caller_identity()
    return {key: answer[key] for key in ("Account", "Arn", "UserId")}


def _parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--region", default="us-east-1")
    commands = parser.add_subparsers(required=True, metavar="SUBCOMMAND")

    def command(name, run, help):
        sub = commands.add_parser(name, help=help)
        sub.set_defaults(run=run)
        return sub

    command("mappings", mappings, "every event source mapping")
    command("functions", functions, "every function, as ListFunctions pages list them")
    command("queue-attrs", queue_attrs, "all attributes of a queue").add_argument("url")
    sub = command("send-messages", send_messages, "send N messages to a queue")
    sub.add_argument("url")
    sub.add_argument("count", type=int)
    sub = command("put-log-events", put_log_events, "write N log events to a stream")
    sub.add_argument("group")
    sub.add_argument("stream")
    sub.add_argument("--count", type=int, required=True)
    sub.add_argument("--start-ms", type=int, help="first timestamp (default: N steps ago)")
    sub.add_argument("--step-ms", type=int, default=10)
    sub.add_argument("--message", default="event {i}", help="template; {i} is the index")
    sub.add_argument("--pad-to", type=int, default=0, help="pad messages with x to N chars")
    sub.add_argument("--create", action="store_true", help="create the stream (and group)")
    sub = command("put-events", put_events, "write the events given as JSON to a stream")
    sub.add_argument("group")
    sub.add_argument("stream")
    sub.add_argument("events", help='[{"timestamp": ms, "message": "..."}, ...]')
    sub.add_argument("--create", action="store_true", help="create the stream (and group)")
    sub = command("put-runs", put_runs, "write compaction runs to a new stream of a group")
    sub.add_argument("group")
    sub.add_argument("--runs", type=int, default=4)
    sub.add_argument("--start-ms", type=int, help="the first run (default: 4 minutes ago)")
    sub.add_argument("--format", choices=["Text", "JSON"], default="Text")
    sub.add_argument("--no-platform", action="store_true", help="leave Lambda's lines out")
    sub.add_argument("--stack", default="dev")
    sub.add_argument("--create", action="store_true", help="create the group if missing")
    sub.add_argument(
        "--function",
        help="the function whose stream it is, named as Lambda names streams in a custom group",
    )
    sub = command("put-invocations", put_invocations,
                  "write invocations with the given outcomes to a new stream of a group")
    sub.add_argument("group")
    sub.add_argument("invocations", help='[{"outcome": "ok", "init_ms": 245.1}, ...] or @FILE')
    sub.add_argument("--start-ms", type=int, help="the first one (default: 4 minutes ago)")
    sub.add_argument("--format", choices=["Text", "JSON"], default="Text")
    sub.add_argument("--function", help="name the stream for this function (a shared group)")
    sub.add_argument("--create", action="store_true", help="create the group too")
    sub = command("log-events", log_events, "every event of a log group, in time order")
    sub.add_argument("group")
    sub.add_argument("--filter", help="a filterPattern, as moto understands it")
    sub = command("put-metrics", put_metrics, "put CloudWatch datapoints given as JSON")
    sub.add_argument("data", help='[{"namespace", "metric", "dimensions", "points"}, ...]')
    sub = command("update-mapping", update_mapping, "enable or disable a mapping")
    sub.add_argument("uuid")
    sub.add_argument("--enabled", choices=["true", "false"])
    sub.add_argument("--settings", help='other fields, e.g. {"FilterCriteria": {...}}')
    sub = command("deploy", deploy, "play deploy steps: enable/disable mappings, sleep, say, exit")
    sub.add_argument("steps", help='[{"enable": UUID}, {"sleep": 2}, {"disable": UUID}, ...]')
    command("delete-function", delete_function, "delete a function").add_argument("name")
    command("delete-queue", delete_queue, "delete a queue").add_argument("url")
    sub = command("peek-messages", peek_messages, "a queue's messages, left in place")
    sub.add_argument("url")
    sub.add_argument("--rounds", type=int, default=3, help="receive calls (10 a call)")
    sub = command("start-move-task", start_move_task, "StartMessageMoveTask (via --endpoint)")
    sub.add_argument("source", help="the DLQ's ARN")
    sub.add_argument("--destination", help="the queue's ARN (default: where they came from)")
    sub.add_argument("--rate", type=int, help="MaxNumberOfMessagesPerSecond")
    command("move-tasks", move_tasks, "ListMessageMoveTasks (via --endpoint)").add_argument(
        "source"
    )
    command("delete-mapping", delete_mapping, "delete a mapping").add_argument("uuid")
    command("publish-version", publish_version, "publish a function's version").add_argument(
        "name"
    )
    sub = command("create-mapping", create_mapping, "an enabled mapping of a function")
    sub.add_argument("function", help="a name or function ARN, qualified or not")
    sub.add_argument("source", help="the queue's ARN")
    sub = command("update-stack", update_stack, "update a CloudFormation stack's template")
    sub.add_argument("stack")
    sub.add_argument("template", help="the whole template, JSON")
    command("caller-identity", caller_identity, "STS GetCallerIdentity")
    return parser.parse_args()


if __name__ == "__main__":
    main()
