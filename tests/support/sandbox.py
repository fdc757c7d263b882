"""A seeded moto emulator (plus, with --proxy, a fault-injecting proxy in a process of its
own).

    python tests/support/sandbox.py --scenario NAME [--stacks dev,prod]
        [--regions us-east-1,eu-west-1] [--proxy]
        [--faults FILE] [--calls-log FILE] [--as-aws FILE] [--env-file FILE] [--port N]
        [--extra-functions N] [--extra-mappings M]

Prints one JSON line describing the endpoint and every seeded resource, then serves until
stdin reaches EOF (or, with --env-file, until SIGTERM/SIGINT). Scenarios: see seed.py.
--regions seeds every stack in each region (one account); `region`, `stacks` and
`mappings` describe the first, `regions` each of them.
--as-aws puts the proxy's "as AWS" layer on (settings in FILE, re-read on change);
--extra-functions/--extra-mappings add an unrelated crowd to the account (seed.py).

How moto 5.2.5 differs from AWS where ccx cares, and what the "as AWS" layer does
about it: README.md beside this file.
"""

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import threading

from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.sqs.models import Queue

import as_aws
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
    # The proxy starts while moto is seeded.
    proxy = _start_proxy(moto_url, args) if args.proxy else None
    regions = args.regions.split(",")
    by_region = {
        region: seed.seed(moto_url, args.scenario, args.stacks.split(","), region)
        for region in regions
    }
    seeded = dict(by_region[regions[0]])
    if args.extra_functions or args.extra_mappings:
        seeded["crowd"] = seed.seed_crowd(moto_url, args.extra_functions, args.extra_mappings)
        seeded["mappings"] = seed.all_mappings(moto_url)
    endpoint = _proxy_url(proxy) if proxy else moto_url

    description = {
        "endpoint": endpoint,
        "moto_endpoint": moto_url,
        "region": regions[0],
        "account": "123456789012",
        "scenario": args.scenario,
        **seeded,
        "regions": by_region,
    }
    if args.as_aws:
        description["as_aws_defaults"] = as_aws.DEFAULTS
    out.write(json.dumps(description) + "\n")
    out.flush()

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    if args.env_file:
        _write_env_file(args.env_file, endpoint, regions[0])
    else:
        threading.Thread(target=_wait_for_eof, args=(stop,), daemon=True).start()
    while not stop.wait(3600):
        pass
    return 0


def _parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", required=True, choices=seed.SCENARIOS)
    parser.add_argument("--stacks", default="dev", help="comma-separated stack names")
    parser.add_argument(
        "--regions", default=seed.REGION, help="comma-separated regions (default us-east-1)"
    )
    parser.add_argument("--proxy", action="store_true", help="put the fault proxy in front")
    parser.add_argument("--faults", help="JSON fault rules, re-read on change (--proxy)")
    parser.add_argument("--calls-log", help="append one JSON line per call (--proxy)")
    parser.add_argument("--as-aws", help="the as-AWS layer's settings file (--proxy)")
    parser.add_argument("--env-file", help="write shell exports; serve until signalled")
    parser.add_argument("--port", type=int, default=0, help="moto's port (default: free)")
    parser.add_argument(
        "--extra-functions", type=int, default=0, help="unrelated functions to add"
    )
    parser.add_argument(
        "--extra-mappings", type=int, default=0, help="of them, how many consume a queue"
    )
    args = parser.parse_args()
    if (args.faults or args.calls_log or args.as_aws) and not args.proxy:
        parser.error("--faults, --calls-log and --as-aws need --proxy")
    if args.extra_mappings > args.extra_functions:
        parser.error("--extra-mappings cannot exceed --extra-functions")
    return args


def _start_proxy(moto_url, args):
    """The proxy in a process of its own: it and moto then run side by side, not one at
    a time under one interpreter's lock, as AWS serves requests. It lives as long as this
    process holds its standard input open (`main` keeps the handle), and prints its URL
    when it serves."""
    command = [sys.executable, os.path.join(os.path.dirname(__file__), "proxy.py")]
    command += ["--moto", moto_url]
    for flag, value in (
        ("--faults", args.faults),
        ("--calls-log", args.calls_log),
        ("--as-aws", args.as_aws),
    ):
        if value:
            command += [flag, value]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def _proxy_url(child):
    url = child.stdout.readline().decode().strip()
    if not url.startswith("http://"):
        raise SystemExit(f"sandbox: the proxy did not start (exit {child.wait()})")
    return url


def _stop_sqs_pushing_to_lambda():
    # moto invokes mapped functions synchronously inside SendMessage (see above); a queue
    # whose mapping registry forgets every entry never does.
    Queue.lambda_event_source_mappings = property(lambda self: {}, lambda self, value: None)


def _wait_for_eof(stop):
    while sys.stdin.buffer.read(65536):
        pass
    stop.set()


def _write_env_file(path, endpoint, region):
    exports = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_REGION": region,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    # Renamed into place so a reader polling for the file never sees half of it.
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.writelines(f"export {name}={value}\n" for name, value in exports.items())
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    sys.exit(main())
