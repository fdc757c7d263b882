"""Wall time and peak memory of one command, and the small statistics the suite uses.

As a script (used by bench/tail.sh):

    python bench/measure.py --out FILE [--err FILE] -- COMMAND [ARGS...]

runs COMMAND with its stdout in FILE and prints one JSON line:
{"seconds": wall seconds, "peak_rss_kb": the command's peak resident memory, "code": exit
code, "cpu_seconds": user plus system time}.

Peak memory is what GNU time (`/usr/bin/time`, Debian package `time`) reports as the
command's maximum resident set size. Python's own rusage of a child would count the
Python process it was forked from (the peak RSS survives exec), tens of MiB too much.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass


@dataclass
class Run:
    seconds: float
    peak_rss_kb: int
    code: int
    # User plus system CPU time of the command and the children it waited for.
    cpu_seconds: float = 0.0


GNU_TIME = "/usr/bin/time"


def run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=None, cwd=None):
    """Runs `command` to its end under GNU time; its wall time, peak RSS, exit code and
    CPU time."""
    with tempfile.NamedTemporaryFile("r", prefix="ccx-bench-rss-") as rss:
        timed = [GNU_TIME, "--format", "%M", "--output", rss.name, *command]
        start = time.perf_counter()
        child = subprocess.Popen(timed, stdout=stdout, stderr=stderr, env=env, cwd=cwd)
        # wait4 counts the CPU time of GNU time's child (the command) too.
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        lines = rss.read().split()
    peak_kb = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    return Run(seconds, peak_kb, child.returncode, usage.ru_utime + usage.ru_stime)


def median(values):
    return statistics.median(values)


def machine():
    """What the figures were measured on."""
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory_gb = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(f.readline().split()[1])
            memory_gb = round(kb / 1024 / 1024)
    except (OSError, ValueError, IndexError):
        pass
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": _os_name(),
        "kernel": platform.release(),
        "rustc": rustc or "unknown rustc",
        "python": platform.python_version(),
    }


def load_average():
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def _os_name():
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.system()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="the command's stdout goes here")
    parser.add_argument("--err", help="the command's stderr goes here (default: inherited)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    with open(args.out, "wb") as out:
        err = open(args.err, "wb") if args.err else None
        try:
            result = run(command, stdout=out, stderr=err)
        finally:
            if err:
                err.close()
    print(json.dumps(result.__dict__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
