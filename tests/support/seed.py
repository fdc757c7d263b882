"""Seeds a moto account with the runbook's topology, one copy per stack.

Resource names mimic the IaC tool: the stack is a dash-separated token and most names
end in a random 7-hex suffix, so tests must look names up in the sandbox's JSON line.
"""

import io
import json
import secrets
import time
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import boto3

REGION = "us-east-1"
ROLE = "ccx-sandbox-lambda-role"

# short name: (name template, timeout in seconds); {s} = stack, {x} = random suffix
FUNCTIONS = {
    "enhanced-compaction": ("chromadb-{s}-lambdas-enhanced-compaction", 60),
    "chroma-worker": ("chroma-worker-lambda-{s}-{x}", 900),
    "embed-from-ndjson": ("embed-from-ndjson-lambda-{s}-{x}", 300),
    "stream-processor": ("chromadb-{s}-lambdas-stream-processor-{x}", 60),
    "image-resizer": ("image-resizer-{s}-{x}", 30),
}

# short name: (queue template, DLQ template or None, visibility timeout in seconds)
QUEUES = {
    "lines": ("chromadb-{s}-lines-queue-{x}", "chromadb-{s}-lines-dlq-{x}", 360),
    "words": ("chromadb-{s}-words-queue-{x}", "chromadb-{s}-words-dlq-{x}", 360),
    "embed-ndjson": (
        "upload-images-{s}-embed-ndjson-queue-{x}",
        "upload-images-{s}-embed-ndjson-dlq-{x}",
        1800,
    ),
    "thumbnails": ("thumbnails-queue-{s}-{x}", None, 30),
}

TABLE = "chromadb-{s}-compaction-runs-{x}"

# (function, source, enabled); source is a queue short name or "table" (its stream).
# image-resizer -> thumbnails is not part of the topology; it is there for `--all`.
_HEALTHY = [
    ("enhanced-compaction", "lines", True),
    ("enhanced-compaction", "words", True),
    ("embed-from-ndjson", "embed-ndjson", True),
    ("stream-processor", "table", True),
    ("image-resizer", "thumbnails", True),
]
MAPPINGS = {
    "healthy": _HEALTHY,
    "dlq": _HEALTHY,
    "fallback": _HEALTHY
    + [("chroma-worker", "lines", False), ("chroma-worker", "words", False)],
    "before": [
        ("chroma-worker", "lines", True),
        ("chroma-worker", "words", True),
        ("enhanced-compaction", "lines", False),
        ("enhanced-compaction", "words", False),
    ]
    + _HEALTHY[2:],
    "duplicate": [
        ("chroma-worker", "lines", True),
        ("enhanced-compaction", "lines", True),
        ("chroma-worker", "words", False),
        ("enhanced-compaction", "words", True),
    ]
    + _HEALTHY[2:],
    "empty": [],
    # The fallback scenario's queues, functions and mappings, created by a
    # CloudFormation stack (`cloudformation_template`); the stream's are not in it.
    "cloudformation": _HEALTHY
    + [("chroma-worker", "lines", False), ("chroma-worker", "words", False)],
}
SCENARIOS = tuple(MAPPINGS)

# Functions whose log group shows compaction runs in the last few minutes.
RECENT_LOGS = {
    "healthy": ["enhanced-compaction"],
    "fallback": ["enhanced-compaction"],
    "dlq": ["enhanced-compaction"],
    "before": ["chroma-worker"],
    "duplicate": ["enhanced-compaction", "chroma-worker"],
}
# Functions whose log group only has runs from two days ago.
OLD_LOGS = {"fallback": ["chroma-worker"]}
RUNS_PER_FUNCTION = 4
RECORDS_PER_RUN = 128

DLQ_SCENARIO_MESSAGES = {"queue": 5, "dlq": 3}

# The seeded mappings were last changed this long ago (the deploy, before verify's
# default 15-minute window), before the recent
# logs: moto stamps a mapping with the moment it is made, which would make every seeded
# log line older than the consumer that wrote it.
MAPPINGS_CHANGED_SECONDS_AGO = 1800
ACCOUNT = "123456789012"

# Scenarios whose account has the CloudWatch metrics of a busy, healthy pipeline: each
# enabled consumer invoked without errors, each queue drained, each DLQ quiet. Values
# one a minute, MINUTES_AGO before now.
HEALTHY_METRICS = ("healthy",)
MINUTES_AGO = (4, 3, 2)
_CONSUMER_METRICS = {
    "Invocations": (10, 12, 8),
    "Errors": (0, 0, 0),
    "Throttles": (0, 0, 0),
    "ConcurrentExecutions": (2, 3, 2),
    "Duration": (800, 900, 1000),
}
_QUEUE_METRICS = {
    "ApproximateAgeOfOldestMessage": (30, 5, 12),
    "NumberOfMessagesReceived": (10, 12, 8),
    "NumberOfMessagesDeleted": (10, 12, 8),
}
_DLQ_METRICS = {"NumberOfMessagesSent": (0, 0, 0), "ApproximateNumberOfMessagesVisible": (0, 0, 0)}


_ASSUME_ROLE = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def _zip():
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return {}\n")
    return code.getvalue()


_CODE = _zip()


def suffix():
    return secrets.token_hex(4)[:7]


def seed(endpoint, scenario, stacks, region=REGION):
    """Creates everything for `scenario` in every stack, in `region`; returns the
    description."""
    aws = _Clients(endpoint, region)
    described = {}
    if scenario != "empty":
        role = _role(aws)
    for stack in stacks:
        if scenario == "empty":
            described[stack] = {
                "functions": {},
                "queues": {},
                "table": None,
                "log_groups": {},
            }
        else:
            described[stack] = _seed_stack(aws, role, scenario, stack)
    _backdate_mappings(MAPPINGS_CHANGED_SECONDS_AGO, region)
    return {"stacks": described, "mappings": all_mappings(endpoint, region)}


def _backdate_mappings(seconds, region):
    """Moves every mapping's LastModified `seconds` back, in the moto of this process
    (sandbox.py runs it in-process; nothing to do for another one)."""
    try:
        from moto.awslambda.models import lambda_backends
    except ImportError:
        return
    backend = lambda_backends[ACCOUNT][region]
    for mapping in backend._event_source_mappings.values():
        mapping.last_modified -= seconds


def all_mappings(endpoint, region=REGION):
    """Every event source mapping in the account's `region`, as the sandbox's JSON line
    lists them."""
    pages = _Clients(endpoint, region).awslambda.get_paginator("list_event_source_mappings")
    return [
        {
            "uuid": m["UUID"],
            "function_arn": m["FunctionArn"],
            "event_source_arn": m["EventSourceArn"],
            "state": m["State"],
        }
        for page in pages.paginate()
        for m in page["EventSourceMappings"]
    ]


# Teams of the unrelated crowd; none of these names contains a topology pattern.
CROWD_TEAMS = ("billing", "reports", "search", "media", "auth")


def seed_crowd(endpoint, functions, mappings):
    """Adds `functions` unrelated functions (other teams' stacks) to the account, the
    first `mappings` of them each consuming a queue of their own: an account where
    ListFunctions and ListEventSourceMappings need several pages. Returns the counts."""
    aws = _Clients(endpoint)
    role = _role(aws)

    def one(i):
        team = CROWD_TEAMS[i % len(CROWD_TEAMS)]
        name = f"acme-{team}-worker-{i:03d}-{suffix()}"
        aws.awslambda.create_function(
            FunctionName=name,
            Runtime="python3.12",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": _CODE},
            Timeout=30,
        )
        if i < mappings:
            queue = _queue(aws, f"acme-{team}-jobs-{i:03d}-{suffix()}", {})
            aws.awslambda.create_event_source_mapping(
                FunctionName=name, EventSourceArn=queue["arn"], BatchSize=10, Enabled=True
            )

    # moto's server is threaded; a few requests at a time keep seeding within seconds.
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(one, range(functions)))
    return {"functions": functions, "mappings": mappings}


def _role(aws):
    try:
        return aws.iam.get_role(RoleName=ROLE)["Role"]["Arn"]
    except aws.iam.exceptions.NoSuchEntityException:
        return aws.iam.create_role(
            RoleName=ROLE, AssumeRolePolicyDocument=json.dumps(_ASSUME_ROLE)
        )["Role"]["Arn"]


class _Clients:
    def __init__(self, endpoint, region=REGION):
        def client(service):
            return boto3.client(
                service,
                endpoint_url=endpoint,
                region_name=region,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )

        self.iam = client("iam")
        self.awslambda = client("lambda")
        self.sqs = client("sqs")
        self.dynamodb = client("dynamodb")
        self.logs = client("logs")
        self.cloudwatch = client("cloudwatch")
        self.cloudformation = client("cloudformation")


def _seed_stack(aws, role, scenario, stack):
    if scenario == "cloudformation":
        return _seed_cloudformation(aws, role, stack)
    wanted = MAPPINGS[scenario]
    functions = {
        short: _create_function(aws, role, short, stack)
        for short in FUNCTIONS
        if any(short == function for function, _, _ in wanted)
    }
    queues = {short: _create_queue(aws, short, stack) for short in QUEUES}
    table = _create_table(aws, stack)

    if scenario == "dlq":
        _send(aws, queues["lines"]["url"], DLQ_SCENARIO_MESSAGES["queue"])
        _send(aws, queues["lines"]["dlq_url"], DLQ_SCENARIO_MESSAGES["dlq"])

    for function, source, enabled in wanted:
        _create_mapping(aws, functions[function], function, source, enabled, queues, table)

    log_groups = {}
    for short, name in functions.items():
        log_groups[short] = f"/aws/lambda/{name}"
        aws.logs.create_log_group(logGroupName=log_groups[short])
    now = time.time()
    if scenario in HEALTHY_METRICS:
        consumers = {functions[f] for f, _, enabled in wanted if enabled}
        _put_healthy_metrics(aws, consumers, queues.values(), now)
    for short in RECENT_LOGS.get(scenario, []):
        _put_runs(aws, log_groups[short], stack, now - 240)
    for short in OLD_LOGS.get(scenario, []):
        _put_runs(aws, log_groups[short], stack, now - 2 * 86400)

    return {
        "functions": functions,
        "queues": queues,
        "table": table,
        "log_groups": log_groups,
    }


def _create_function(aws, role, short, stack):
    template, timeout = FUNCTIONS[short]
    name = template.format(s=stack, x=suffix())
    aws.awslambda.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role,
        Handler="index.handler",
        Code={"ZipFile": _CODE},
        Timeout=timeout,
    )
    return name


def _create_queue(aws, short, stack):
    template, dlq_template, visibility = QUEUES[short]
    attributes = {"VisibilityTimeout": str(visibility)}
    dlq = {"name": None, "url": None, "arn": None}
    if dlq_template:
        dlq = _queue(aws, dlq_template.format(s=stack, x=suffix()), {})
        attributes["RedrivePolicy"] = json.dumps(
            {"deadLetterTargetArn": dlq["arn"], "maxReceiveCount": 3}
        )
    described = _queue(aws, template.format(s=stack, x=suffix()), attributes)
    described.update({f"dlq_{key}": value for key, value in dlq.items()})
    return described


def _queue(aws, name, attributes):
    url = aws.sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn = aws.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    return {"name": name, "url": url, "arn": arn["Attributes"]["QueueArn"]}


def _create_table(aws, stack):
    name = TABLE.format(s=stack, x=suffix())
    table = aws.dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "run_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "run_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )["TableDescription"]
    return {"name": name, "stream_arn": table["LatestStreamArn"]}


def _create_mapping(aws, function_name, short, source, enabled, queues, table):
    if source == "table":
        options = {
            "EventSourceArn": table["stream_arn"],
            "StartingPosition": "LATEST",
            "BatchSize": 100,
        }
    else:
        options = {"EventSourceArn": queues[source]["arn"], "BatchSize": 10}
    if short == "enhanced-compaction":
        options["FunctionResponseTypes"] = ["ReportBatchItemFailures"]
        options["ScalingConfig"] = {"MaximumConcurrency": 5}
    aws.awslambda.create_event_source_mapping(
        FunctionName=function_name, Enabled=enabled, **options
    )


def _put_healthy_metrics(aws, function_names, queues, now):
    def series(namespace, dimension, name, values_by_metric):
        data = [
            {
                "MetricName": metric,
                "Dimensions": [{"Name": dimension, "Value": name}],
                "Timestamp": datetime.fromtimestamp(now - 60 * ago, timezone.utc),
                "Value": float(value),
            }
            for metric, values in values_by_metric.items()
            for ago, value in zip(MINUTES_AGO, values)
        ]
        aws.cloudwatch.put_metric_data(Namespace=namespace, MetricData=data)

    for name in function_names:
        series("AWS/Lambda", "FunctionName", name, _CONSUMER_METRICS)
    for queue in queues:
        series("AWS/SQS", "QueueName", queue["name"], _QUEUE_METRICS)
        if queue.get("dlq_name"):
            series("AWS/SQS", "QueueName", queue["dlq_name"], _DLQ_METRICS)


def _send(aws, queue_url, count):
    for i in range(count):
        body = {"type": "COMPACTION_RUN", "run_id": str(uuid.uuid4()), "seq": i}
        aws.sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps(body))


def _put_runs(aws, group, stack, start):
    """Logs RUNS_PER_FUNCTION compaction runs, one a minute from `start`, over two streams."""
    streams = [stream_name(start) for _ in range(2)]
    for stream in streams:
        aws.logs.create_log_stream(logGroupName=group, logStreamName=stream)
    events = {stream: [] for stream in streams}
    for run in range(RUNS_PER_FUNCTION):
        collection = ("lines", "words")[run % 2]
        t0 = int((start + 60 * run) * 1000)
        events[streams[run % 2]] += run_events(stack, collection, t0)
    for stream, batch in events.items():
        aws.logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=batch)


def stream_name(at, function=None):
    """A log stream named the way Lambda names them, for an instance started at `at`: in
    the function's default group `YYYY/MM/DD/[$LATEST]GUID`, in a custom group (give
    `function`) `YYYY/MM/DD/<function>[$LATEST]GUID` (Lambda developer guide,
    "Configuring CloudWatch log groups")."""
    day = datetime.fromtimestamp(at, timezone.utc).strftime("%Y/%m/%d")
    return f"{day}/{function or ''}[$LATEST]{secrets.token_hex(16)}"


def run_events(stack, collection, t0_ms, log_format="Text", platform=True):
    """One compaction run's log events, 150 ms apart from `t0_ms`, as a function with
    LoggingConfig `log_format` (Text or JSON) writes them; without `platform` Lambda's
    own lines are left out (JSON with SystemLogLevel WARN)."""
    request, run = str(uuid.uuid4()), str(uuid.uuid4())
    application = [
        f"Processing COMPACTION_RUN run_id={run} collection={collection}",
        f"Downloaded delta s3://chromadb-{stack}-deltas/{collection}/{run}.tar.gz",
        f"Merged {RECORDS_PER_RUN} records into {collection}",
    ]
    times = [t0_ms + 150 * i for i in range(len(application) + 2)]
    if log_format == "JSON":
        lines = [
            ("platform", _platform_record(times[0], "platform.start", request)),
            *(
                ("app", _app_record(t, message, request))
                for t, message in zip(times[1:], application)
            ),
            ("platform", _platform_record(times[-1], "platform.report", request)),
        ]
    else:
        # Lambda's own lines are tab-separated and, like print() output, end in a newline.
        lines = [
            ("platform", f"START RequestId: {request} Version: $LATEST\n"),
            *(("app", f"[INFO] {message}\n") for message in application),
            ("platform", f"END RequestId: {request}\n"),
            (
                "platform",
                f"REPORT RequestId: {request}\tDuration: 812.33 ms\tBilled Duration: 813 ms\t"
                "Memory Size: 1024 MB\tMax Memory Used: 187 MB\n",
            ),
        ]
        times = [t0_ms + 150 * i for i in range(len(lines))]
    return [
        {"timestamp": t, "message": message}
        for t, (kind, message) in zip(times, lines)
        if platform or kind != "platform"
    ]


def _iso(ms):
    moment = datetime.fromtimestamp(ms / 1000, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _platform_record(ms, kind, request):
    record = {"requestId": request}
    if kind == "platform.start":
        record["version"] = "$LATEST"
    else:
        record["metrics"] = {
            "durationMs": 812.33,
            "billedDurationMs": 813,
            "memorySizeMB": 1024,
            "maxMemoryUsedMB": 187,
        }
        record["status"] = "success"
    return json.dumps({"time": _iso(ms), "type": kind, "record": record})


def _app_record(ms, message, request):
    return json.dumps(
        {
            "timestamp": _iso(ms),
            "level": "INFO",
            "message": message,
            "logger": "root",
            "requestId": request,
        }
    )


# Outcomes `invocation_events` writes, as Lambda logs them (Lambda developer guide,
# "Lambda function logs" and "Using the Telemetry API": START/END/REPORT and the
# `platform.*` records; the runtimes' own timeout, exit and error lines).
OUTCOMES = ("ok", "error", "timeout", "out_of_memory", "runtime_exit", "init_error", "unfinished")


def invocation_events(outcome, t0_ms, log_format="Text", duration_ms=812.33, memory_mb=1024,
                      used_mb=187, init_ms=None, timeout_s=60, request=None):
    """One invocation's log events from `t0_ms`, as a function with LoggingConfig
    `log_format` writes them; `init_ms` makes it a cold start (INIT_START first, Init
    Duration in the REPORT). Returns (request id, events)."""
    if outcome not in OUTCOMES:
        raise SystemExit(f"seed.py: unknown outcome {outcome!r}; one of {', '.join(OUTCOMES)}")
    request = request or str(uuid.uuid4())
    status, error_type = {
        "ok": (None, None),
        "error": ("error", None),
        "timeout": ("timeout", None),
        "out_of_memory": ("error", "Runtime.OutOfMemory"),
        "runtime_exit": ("error", "Runtime.ExitError"),
        "init_error": ("error", "Runtime.ExitError"),
        "unfinished": (None, None),
    }[outcome]
    if outcome == "timeout":
        duration_ms = timeout_s * 1000.0
    if outcome == "out_of_memory":
        used_mb = memory_mb
    billed = int(-(-duration_ms // 1))
    if log_format == "JSON":
        lines = _json_invocation(outcome, request, t0_ms, status, error_type, duration_ms,
                                 billed, memory_mb, used_mb, init_ms)
    else:
        lines = _text_invocation(outcome, request, t0_ms, status, error_type, duration_ms,
                                 billed, memory_mb, used_mb, init_ms, timeout_s)
    # The first lines 100 ms apart; what ends it (the error, END, REPORT) at its end.
    events, ending = [], False
    for i, line in enumerate(lines):
        ending = ending or line.startswith(_END_MARK)
        line = line.removeprefix(_END_MARK)
        at = t0_ms + int(duration_ms) + i if ending else t0_ms + 100 * i
        at = max(at, events[-1]["timestamp"] + 1) if events else at
        events.append({"timestamp": at, "message": line.replace(_TIME, _iso(at))})
    return request, events


# Marks the first line of an invocation's end; stands for the line's own time.
_END_MARK, _TIME = "@@END@@", "@@TIME@@"


def _text_invocation(outcome, request, t0, status, error_type, duration, billed, memory,
                     used, init_ms, timeout_s):
    lines = []
    if init_ms is not None or outcome == "init_error":
        lines.append("INIT_START Runtime Version: python:3.12.v38\tRuntime Version ARN: "
                     "arn:aws:lambda:eu-west-1::runtime:0123456789abcdef\n")
    if outcome == "init_error":
        lines.append(f"INIT_REPORT Init Duration: {init_ms or 812.5:.2f} ms\tPhase: init\t"
                     "Status: error\tError Type: Runtime.ExitError\n")
    lines.append(f"START RequestId: {request} Version: $LATEST\n")
    lines.append(f"[INFO]\t{_TIME}\t{request}\tProcessing COMPACTION_RUN run_id={request}\n")
    if outcome == "error":
        lines.append(_END_MARK + "[ERROR] ValueError: delta is not a tar archive\nTraceback (most recent "
                     "call last):\n  File \"/var/task/index.py\", line 3, in handler\n")
    elif outcome == "timeout":
        lines.append(f"{_END_MARK}{_TIME} {request} Task timed out after "
                     f"{timeout_s:.2f} seconds\n")
    elif outcome in ("out_of_memory", "runtime_exit"):
        why = "signal: killed" if outcome == "out_of_memory" else "exit status 1"
        lines.append(f"{_END_MARK}RequestId: {request} Error: Runtime exited with error: {why}\n"
                     "Runtime.ExitError\n")
    if outcome == "unfinished":
        return lines
    lines.append(f"{_END_MARK}END RequestId: {request}\n")
    report = (f"REPORT RequestId: {request}\tDuration: {duration:.2f} ms\tBilled Duration: "
              f"{billed} ms\tMemory Size: {memory} MB\tMax Memory Used: {used} MB\t")
    if init_ms is not None:
        report += f"Init Duration: {init_ms:.2f} ms\t"
    if status in ("timeout",) or error_type:
        report += f"Status: {status}\t"
    if error_type:
        report += f"Error Type: {error_type}\t"
    lines.append(report.rstrip("\t") + "\n")
    return lines


def _json_invocation(outcome, request, t0, status, error_type, duration, billed, memory,
                     used, init_ms):
    def platform(kind, record):
        return json.dumps({"time": _TIME, "type": kind, "record": record})

    lines = []
    if init_ms is not None or outcome == "init_error":
        lines.append(platform("platform.initStart", {"initializationType": "on-demand",
                                                     "phase": "init"}))
    if outcome == "init_error":
        lines.append(platform("platform.initReport", {
            "initializationType": "on-demand", "phase": "init", "status": "error",
            "errorType": "Runtime.ExitError", "metrics": {"durationMs": init_ms or 812.5}}))
    lines.append(platform("platform.start", {"requestId": request, "version": "$LATEST"}))
    lines.append(json.dumps({"timestamp": _TIME, "level": "INFO", "requestId": request,
                             "message": f"Processing COMPACTION_RUN run_id={request}"}))
    if outcome == "error":
        lines.append(_END_MARK + json.dumps({
            "timestamp": _TIME, "level": "ERROR", "requestId": request,
            "message": {"errorMessage": "delta is not a tar archive", "errorType": "ValueError",
                        "requestId": request, "stackTrace": ["  File \"/var/task/index.py\""]}}))
    if outcome == "unfinished":
        return lines
    done = {"requestId": request, "status": status or "success",
            "metrics": {"durationMs": duration, "producedBytes": 0}}
    if error_type:
        done["errorType"] = error_type
    lines.append(_END_MARK + platform("platform.runtimeDone", done))
    metrics = {"durationMs": duration, "billedDurationMs": billed, "memorySizeMB": memory,
               "maxMemoryUsedMB": used}
    if init_ms is not None:
        metrics["initDurationMs"] = init_ms
    report = {"requestId": request, "metrics": metrics, "status": status or "success"}
    if error_type:
        report["errorType"] = error_type
    lines.append(platform("platform.report", report))
    return lines
# Logical ids of the CloudFormation scenario's resources.
_CFN_FUNCTIONS = {
    "enhanced-compaction": "EnhancedCompaction",
    "chroma-worker": "ChromaWorker",
    "embed-from-ndjson": "EmbedFromNdjson",
}
_CFN_QUEUES = {"lines": "LinesQueue", "words": "WordsQueue", "embed-ndjson": "EmbedNdjsonQueue"}


def cloudformation_template(role, functions, queues, enabled):
    """The runbook's queues, functions and queue mappings as a CloudFormation template
    (JSON). `enabled`: (function short name, queue short name) -> Enabled."""
    resources = {}
    for short, logical in _CFN_QUEUES.items():
        resources[logical] = {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "QueueName": queues[short],
                "VisibilityTimeout": QUEUES[short][2],
            },
        }
    for short, logical in _CFN_FUNCTIONS.items():
        resources[logical] = {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "FunctionName": functions[short],
                "Runtime": "python3.12",
                "Handler": "index.handler",
                "Role": role,
                "Timeout": FUNCTIONS[short][1],
                "Code": {"ZipFile": "def handler(event, context):\n    return {}\n"},
            },
        }
    for (function, queue), on in enabled.items():
        properties = {
            "EventSourceArn": {"Fn::GetAtt": [_CFN_QUEUES[queue], "Arn"]},
            "FunctionName": {"Ref": _CFN_FUNCTIONS[function]},
            "Enabled": on,
            "BatchSize": 10,
        }
        if function == "enhanced-compaction":
            properties["FunctionResponseTypes"] = ["ReportBatchItemFailures"]
            properties["ScalingConfig"] = {"MaximumConcurrency": 5}
        logical = "".join(p.capitalize() for p in f"{function}-{queue}".split("-")) + "Mapping"
        resources[logical] = {"Type": "AWS::Lambda::EventSourceMapping", "Properties": properties}
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}


def _seed_cloudformation(aws, role, stack):
    functions = {
        short: FUNCTIONS[short][0].format(s=stack, x=suffix()) for short in _CFN_FUNCTIONS
    }
    queue_names = {short: QUEUES[short][0].format(s=stack, x=suffix()) for short in _CFN_QUEUES}
    enabled = {(f, q): on for f, q, on in MAPPINGS["cloudformation"] if q in _CFN_QUEUES}
    template = cloudformation_template(role, functions, queue_names, enabled)
    stack_name = f"chromadb-{stack}"
    aws.cloudformation.create_stack(StackName=stack_name, TemplateBody=json.dumps(template))
    queues = {}
    for short, name in queue_names.items():
        url = aws.sqs.get_queue_url(QueueName=name)["QueueUrl"]
        arn = aws.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
        queues[short] = {
            "name": name,
            "url": url,
            "arn": arn["Attributes"]["QueueArn"],
            "dlq_name": None,
            "dlq_url": None,
            "dlq_arn": None,
        }
    # The stream and its consumer are not part of the stack.
    table = _create_table(aws, stack)
    functions["stream-processor"] = _create_function(aws, role, "stream-processor", stack)
    _create_mapping(aws, functions["stream-processor"], "stream-processor", "table", True, queues, table)
    log_groups = {}
    for short, name in functions.items():
        log_groups[short] = f"/aws/lambda/{name}"
        aws.logs.create_log_group(logGroupName=log_groups[short])
    return {
        "functions": functions,
        "queues": queues,
        "table": table,
        "log_groups": log_groups,
        "cloudformation": {"stack": stack_name, "template": template},
    }
