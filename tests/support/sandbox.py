"""A seeded moto emulator (plus, with --proxy, a fault-injecting proxy) in one process.

    python tests/support/sandbox.py --scenario NAME [--stacks dev,prod] [--proxy]
        [--faults FILE] [--calls-log FILE] [--env-file FILE] [--port N]

Prints one JSON line describing the endpoint and every seeded resource, then serves until
stdin reaches EOF (or, with --env-file, until SIGTERM/SIGINT). Scenarios: see seed.py.

How moto 5.2.5 behaves where ccx cares (checked against this version):
- Event source mapping State is only ever "Enabled" or "Disabled", computed from a
  boolean, on create, update, get and list alike: never Creating/Enabling/Disabling/
  Updating. Only the DeleteEventSourceMapping answer says "Deleting" (the mapping is gone
  at once). StateTransitionReason is always "User initiated"; LastProcessingResult is never
  returned. UpdateEventSourceMapping(Enabled=...) takes effect and persists; it answers 202.
  LastModified is whole epoch seconds computed with time.mktime on a UTC time tuple (only
  correct when the machine's local zone is UTC).
- Fields are stored and returned as given, on create and update: BatchSize (default 10
  for SQS, 100 for streams), ScalingConfig, FunctionResponseTypes,
  MaximumBatchingWindowInSeconds, FilterCriteria, StartingPosition (streams; TRIM_HORIZON
  when missing), EventSourceMappingArn. Fields never set are omitted, not null.
- Unknown UUID: Get answers 404 ResourceNotFoundException, but Update and Delete answer
  200 with body "{}" (no error, no State).
- ListEventSourceMappings filters by EventSourceArn (exact ARN) and by FunctionName by
  exact string equality with the FunctionName given at creation: the seeding passes plain
  names, so filtering by function ARN finds nothing. No pagination: Marker and MaxItems
  are ignored, everything comes in one page, NextMarker never appears. A mapping created
  on an alias ARN reports the resolved version ARN (function:NAME:1) as FunctionArn.
- ListFunctions ignores Marker/MaxItems too. GetFunction: State "Active",
  LastUpdateStatus "Successful" (CreateFunction's own answer has no LastUpdateStatus);
  LastModified looks like "2026-11-29T02:17:31.706148000Z", not AWS's "...706+0000".
  DeleteFunction leaves the function's mappings in place, unchanged, and they can still
  be updated (even Enabled); GetFunction on it then answers 404 ResourceNotFoundException.
- SendMessage to a queue with an Enabled mapping makes moto invoke the Lambda at once,
  synchronously. Without docker the invoke fails (logged on stderr), the messages become
  visible again with ApproximateReceiveCount raised, so a queue with a RedrivePolicy moves
  them to its DLQ after maxReceiveCount sends; for a version-qualified mapping SendMessage
  even answers 500. Disabled mappings are skipped; deleted ones are still invoked. This
  sandbox turns that push off (see _stop_sqs_pushing_to_lambda): messages stay in the
  queue as if the consumer were momentarily behind.
- SQS speaks the JSON protocol (X-Amz-Target: AmazonSQS.*, awsJson1_0) as well as query.
  ListQueues paginates only when MaxResults is given. Queue URLs use the Host of the
  request, so through the proxy they name the proxy.
- FilterLogEvents: `limit` (default 10000) pages with nextToken; nextToken is null on the
  last page. Events come stream by stream unless interleaved=true is sent. filterPattern:
  a pattern starting with a letter is space-separated terms that must all occur
  (case-sensitive substrings); one starting with '"' is a quoted substring; anything else
  (?term, -term, {...}, [...]) matches every event. startTime/endTime are inclusive.
  PutLogEvents needs chronological order per call and silently rejects events older than
  14 days (rejectedLogEventsInfo).
- STS GetCallerIdentity: Account 123456789012, Arn arn:aws:sts::123456789012:user/moto.
"""

import argparse
import json
import logging
import os
import signal
import sys
import threading

from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.sqs.models import Queue

import proxy
import seed


def main():
    args = _parse_args()
    # Only the JSON line may reach stdout; libraries that print go to stderr.
    out, sys.stdout = sys.stdout, sys.stderr
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    _stop_sqs_pushing_to_lambda()

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=args.port, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    moto_url = f"http://{host}:{port}"
    seeded = seed.seed(moto_url, args.scenario, args.stacks.split(","))
    endpoint = proxy.start(moto_url, args.faults, args.calls_log) if args.proxy else moto_url

    description = {
        "endpoint": endpoint,
        "moto_endpoint": moto_url,
        "region": seed.REGION,
        "account": "123456789012",
        "scenario": args.scenario,
        **seeded,
    }
    out.write(json.dumps(description) + "\n")
    out.flush()

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    if args.env_file:
        _write_env_file(args.env_file, endpoint)
    else:
        threading.Thread(target=_wait_for_eof, args=(stop,), daemon=True).start()
    while not stop.wait(3600):
        pass
    return 0


def _parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", required=True, choices=seed.SCENARIOS)
    parser.add_argument("--stacks", default="dev", help="comma-separated stack names")
    parser.add_argument("--proxy", action="store_true", help="put the fault proxy in front")
    parser.add_argument("--faults", help="JSON fault rules, re-read on change (--proxy)")
    parser.add_argument("--calls-log", help="append one JSON line per call (--proxy)")
    parser.add_argument("--env-file", help="write shell exports; serve until signalled")
    parser.add_argument("--port", type=int, default=0, help="moto's port (default: free)")
    args = parser.parse_args()
    if (args.faults or args.calls_log) and not args.proxy:
        parser.error("--faults and --calls-log need --proxy")
    return args


def _stop_sqs_pushing_to_lambda():
    # moto invokes mapped functions synchronously inside SendMessage (see above); a queue
    # whose mapping registry forgets every entry never does.
    Queue.lambda_event_source_mappings = property(lambda self: {}, lambda self, value: None)


def _wait_for_eof(stop):
    while sys.stdin.buffer.read(65536):
        pass
    stop.set()


def _write_env_file(path, endpoint):
    exports = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_REGION": seed.REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    # Renamed into place so a reader polling for the file never sees half of it.
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.writelines(f"export {name}={value}\n" for name, value in exports.items())
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    sys.exit(main())
