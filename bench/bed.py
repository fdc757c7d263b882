"""The test bed as the benchmarks use it: tests/support/sandbox.py with its proxy and the
"as AWS" layer on (pages, rate limits, fields as production AWS), plus one fault rule that
adds a fixed latency to every request the proxy lets through.

Everything ccx, the AWS CLI or awslogs ask goes through the proxy and is recorded in its
calls log; seeding and looking behind their backs go straight to moto.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUPPORT = ROOT / "tests" / "support"


# The layer's settings for every bench: its page cache on, so the bed serves the pages of
# a large listing or search about as fast as AWS would (tests/support/README.md).
LAYER = {"page_cache_seconds": 120}


class Bed:
    def __init__(self, python, scenario, latency_ms, extra_functions=0, layer=None,
                 stacks=("dev",), regions=("us-east-1",)):
        """A bed seeded with `scenario` for each of `stacks` in each of `regions` (one
        account); clients are aimed at the first region."""
        self._dir = tempfile.TemporaryDirectory(prefix="ccx-bench-")
        self.dir = Path(self._dir.name)
        self._faults = self.dir / "faults.json"
        self._calls = self.dir / "calls.jsonl"
        self._as_aws = self.dir / "as_aws.json"
        self.set_layer(layer or {})
        self.set_latency(latency_ms)
        command = [
            str(python), str(SUPPORT / "sandbox.py"),
            "--scenario", scenario,
            "--stacks", ",".join(stacks),
            "--regions", ",".join(regions),
            "--proxy",
            "--faults", str(self._faults),
            "--calls-log", str(self._calls),
            "--as-aws", str(self._as_aws),
        ]
        if extra_functions:
            command += ["--extra-functions", str(extra_functions)]
        self._stderr = open(self.dir / "sandbox.stderr", "wb")
        # The sandbox serves until its stdin closes (see sandbox.py).
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr
        )
        line = self._process.stdout.readline()
        if not line:
            self.close()
            raise RuntimeError(
                "the sandbox did not start: " + (self.dir / "sandbox.stderr").read_text()
            )
        self.info = json.loads(line)
        self.endpoint = self.info["endpoint"]
        self.moto_endpoint = self.info["moto_endpoint"]
        self.home = self.dir / "home"
        self.home.mkdir()

    def set_layer(self, settings):
        """From the next request on, the layer's settings are LAYER with `settings` over
        it (the proxy re-reads the file when it changes)."""
        _write_atomically(self._as_aws, json.dumps({**LAYER, **settings}))

    def set_latency(self, latency_ms):
        """From the next request on, every request waits `latency_ms` before moto sees it
        (the proxy re-reads its rules when the file changes)."""
        rules = [{"match": {}, "fault": {"delay_ms": latency_ms}}] if latency_ms else []
        _write_atomically(self._faults, json.dumps(rules))

    def env(self, path_first=None):
        """An environment for a client of the bed: credentials, region and endpoint only,
        a HOME of its own (no profile, no ccx.toml of the machine), no colour."""
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_STATE_HOME": str(self.home / "state"),
            "XDG_CACHE_HOME": str(self.home / "cache"),
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_REGION": self.info["region"],
            "AWS_DEFAULT_REGION": self.info["region"],
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_EC2_METADATA_DISABLED": "true",
            "NO_COLOR": "1",
        }
        if path_first:
            env["PATH"] = f"{path_first}:{env['PATH']}"
        return env

    def forget(self):
        """Removes what ccx remembers between runs (the log groups `verify` searched):
        the next run is an operator's first."""
        shutil.rmtree(self.home / "cache", ignore_errors=True)

    def mark(self):
        """A position in the calls log; `calls_since(mark)` returns what came after."""
        return self._calls.stat().st_size if self._calls.exists() else 0

    def calls_since(self, mark):
        if not self._calls.exists():
            return []
        with open(self._calls, "rb") as f:
            f.seek(mark)
            return [json.loads(line) for line in f.read().splitlines() if line.strip()]

    def close(self):
        if self._process.poll() is None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._stderr.close()
        self._dir.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _write_atomically(path, text):
    partial = path.with_suffix(".partial")
    partial.write_text(text)
    os.replace(partial, path)


def dependent_waves(calls):
    """The longest chain of requests each of which started after the previous one's
    answer (from the proxy's start time `t` and answer time `end`); 0 without calls."""
    calls = sorted(calls, key=lambda c: c["t"])
    depth = []
    for i, call in enumerate(calls):
        before = [depth[j] for j in range(i) if calls[j].get("end", calls[j]["t"]) <= call["t"]]
        depth.append(1 + max(before, default=0))
    return max(depth, default=0)


def target_calls(calls, stack, region):
    """The calls of one target of a run over several stacks and regions: those signed for
    `region` that either name `stack` (in a resource name, `-STACK-`, in the path, query
    or body) or name no resource at all (the account's listings and STS, which every
    target makes)."""
    own = re.compile(rf"[-/]{re.escape(stack)}-")
    account_wide = {"ListFunctions", "ListEventSourceMappings", "ListQueues",
                    "GetCallerIdentity"}

    def names_stack(call):
        return any(own.search(call.get(k) or "") for k in ("path", "query", "body"))

    return [
        c for c in calls
        if c.get("region") == region and (c["action"] in account_wide or names_stack(c))
    ]
