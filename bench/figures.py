"""The suite's figures (a)–(e), each measured on a test bed of its own (bed.py) and
returned as a Figure: the value, its target, whether it holds, and how it was obtained."""

import json
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import boto3

import measure
from bed import ROOT, Bed, dependent_waves

# Seconds between two measured runs, so the account's rate buckets (FilterLogEvents 5/s,
# the Lambda control plane 15/s) are full again, as for an operator's first run.
PAUSE_SECONDS = 1.0


@dataclass
class Figure:
    key: str
    title: str
    value: float
    unit: str
    # (">=" or "<=", bound), or None for a figure without a target.
    target: tuple | None = None
    details: list = field(default_factory=list)
    # Extra condition for the target (e.g. memory flat), with its own verdict.
    also: tuple | None = None  # (text, holds)

    @property
    def holds(self):
        if self.target is None:
            return None
        op, bound = self.target
        ok = self.value >= bound if op == ">=" else self.value <= bound
        return ok and (self.also is None or self.also[1])

    def shortfall(self):
        """How far the value is from the target, in words; None when it holds."""
        if self.target is None or self.holds:
            return None
        op, bound = self.target
        words = []
        if op == ">=" and self.value < bound:
            words.append(f"short by {bound - self.value:.2f}{self.unit}, "
                         f"{self.value / bound:.0%} of the target")
        if op == "<=" and self.value > bound:
            words.append(f"over by {self.value - bound:.2f}{self.unit}, "
                         f"{self.value / bound:.2f} times the bound")
        if self.also is not None and not self.also[1]:
            words.append(f"not met: {self.also[0]}")
        return "; ".join(words)


@dataclass
class Settings:
    python: Path
    ccx: Path
    aws: Path
    awslogs: Path
    latency_ms: int
    rounds: int
    events: int


def _timed_verify(settings, bed, first_run=False):
    """One `ccx verify`: (seconds, calls it made). Exit 0 or 1 is a finished verify; 2
    means it could not run, and then the figure would be meaningless. Unless it is a
    `first_run`, it starts with what the runs before it remembered (the log groups they
    searched), as in an operator's loop."""
    if first_run:
        bed.forget()
    mark = bed.mark()
    run = measure.run([str(settings.ccx), "verify"], env=bed.env(), cwd=bed.home)
    if run.code not in (0, 1):
        raise RuntimeError(f"ccx verify exited {run.code} against the bed")
    return run.seconds, bed.calls_since(mark)


def _throttled(calls):
    return sum(1 for c in calls if c.get("throttled"))


def _bed_ms(calls, latency_ms):
    """The median time the bed itself took per request, beyond the added latency (the
    emulator is Python; AWS answers most of these in a few milliseconds)."""
    served = [(c["end"] - c["t"]) * 1000 - latency_ms for c in calls if not c.get("throttled")]
    return measure.median(served) if served else 0.0


def verify_vs_runbook(settings, bed):
    """(a) `ccx verify` against the runbook's AWS CLI steps, alternated after a warm-up."""
    dev = bed.info["stacks"]["dev"]
    group = dev["log_groups"]["enhanced-compaction"]
    lines_url = dev["queues"]["lines"]["url"]
    runbook = [str(ROOT / "bench" / "runbook-by-hand.sh"), group, lines_url]
    env = bed.env(path_first=settings.aws.parent)

    def by_hand():
        run = measure.run(runbook, env=env, cwd=bed.home)
        if run.code != 0:
            raise RuntimeError(f"the runbook's steps exited {run.code}")
        return run.seconds

    _timed_verify(settings, bed)
    time.sleep(PAUSE_SECONDS)
    by_hand()
    ccx_times, hand_times, ratios, waves, throttled, all_calls = [], [], [], [], 0, []
    for _ in range(settings.rounds):
        time.sleep(PAUSE_SECONDS)
        seconds, calls = _timed_verify(settings, bed)
        time.sleep(PAUSE_SECONDS)
        hand = by_hand()
        ccx_times.append(seconds)
        hand_times.append(hand)
        ratios.append(hand / seconds)
        waves.append(dependent_waves(calls))
        throttled += _throttled(calls)
        all_calls += calls
    return Figure(
        "a",
        f"`verify` vs the runbook's AWS CLI steps, {settings.latency_ms} ms a request",
        measure.median(ratios),
        "×",
        (">=", 20.0),
        [
            f"median of {settings.rounds} alternated rounds after a warm-up round",
            f"ccx verify {measure.median(ccx_times):.3f} s, "
            f"runbook by hand {measure.median(hand_times):.3f} s (medians)",
            f"verify: {min(waves)}–{max(waves)} dependent round trips, "
            f"{throttled} throttled requests in {settings.rounds} runs; the bed took "
            f"{_bed_ms(all_calls, settings.latency_ms):.0f} ms per request (median) "
            "beyond the added latency",
        ],
    )


def verify_round_trips(settings, bed, latency_ms=200):
    """(b) `verify`'s wall time in units of the added latency."""
    def runs(first_run=False):
        _timed_verify(settings, bed, first_run)
        times, waves, throttled, all_calls = [], [], 0, []
        for _ in range(settings.rounds):
            time.sleep(PAUSE_SECONDS)
            seconds, calls = _timed_verify(settings, bed, first_run)
            times.append(seconds)
            waves.append(dependent_waves(calls))
            throttled += _throttled(calls)
            all_calls += calls
        return measure.median(times), waves, throttled, _bed_ms(all_calls, latency_ms)

    bed.set_latency(latency_ms)
    try:
        wall, waves, throttled, bed_ms = runs()
        first_wall, first_waves, _, _ = runs(first_run=True)
        # CloudWatch may answer a long search's first page empty; the layer always does.
        bed.set_layer({"empty_first_page_after_seconds": None})
        one_page_wall, one_page_waves, _, _ = runs()
    finally:
        bed.set_layer({})
        bed.set_latency(settings.latency_ms)
    return Figure(
        "b",
        f"`verify` wall time ÷ latency at {latency_ms} ms a request (process start included)",
        wall / (latency_ms / 1000),
        " round trips",
        ("<=", 3.0),
        [
            f"median wall {wall:.3f} s of {settings.rounds} runs after a warm-up",
            f"dependent round trips in the proxy's record: {min(waves)}–{max(waves)}, "
            f"{throttled} throttled requests; the bed took {bed_ms:.0f} ms per request "
            "(median) beyond the added latency",
            f"a first run, with no log groups remembered from an earlier one: "
            f"{first_wall:.3f} s, {first_wall / (latency_ms / 1000):.2f} round trips of wall "
            f"time, {max(first_waves)} dependent",
            f"when log searches answer in their first page: {one_page_wall:.3f} s, "
            f"{one_page_wall / (latency_ms / 1000):.2f} round trips of wall time, "
            f"{max(one_page_waves)} dependent",
        ],
    )


def verify_in_a_crowd(settings, crowd):
    """(c) `verify` in an account with 1,000 more functions against the bare listing of
    the functions (boto3's paginator in this process: no process start, no parsing
    beyond the pages)."""
    lambda_client = boto3.client(
        "lambda",
        endpoint_url=crowd.endpoint,
        region_name=crowd.info["region"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )

    def bare_listing():
        start = time.perf_counter()
        count = 0
        for page in lambda_client.get_paginator("list_functions").paginate():
            count += len(page["Functions"])
        return time.perf_counter() - start, count

    _timed_verify(settings, crowd)
    time.sleep(PAUSE_SECONDS)
    _, functions = bare_listing()
    verify_times, listing_times, waves = [], [], []
    for _ in range(settings.rounds):
        time.sleep(PAUSE_SECONDS)
        seconds, calls = _timed_verify(settings, crowd)
        verify_times.append(seconds)
        waves.append(dependent_waves(calls))
        time.sleep(PAUSE_SECONDS)
        listing_times.append(bare_listing()[0])
    pages = -(-functions // 50)
    verify_s, listing_s = measure.median(verify_times), measure.median(listing_times)
    return Figure(
        "c",
        f"`verify` ÷ the bare listing, {functions} functions served 50 a page",
        verify_s / listing_s,
        "×",
        ("<=", 1.3),
        [
            f"verify {verify_s:.3f} s, ListFunctions paged alone ({pages} pages) "
            f"{listing_s:.3f} s (medians of {settings.rounds} alternated runs)",
            f"verify: {max(waves)} dependent round trips",
        ],
    )


def tail_vs_awslogs(settings):
    """(d) `ccx tail` against `awslogs get` (bench/tail.sh), at half the events and at
    all of them: both need enough pages (5 and 10 of 10,000 events) to fill ccx's
    prefetch, so what grows beyond that shows."""
    small_events = settings.events // 2
    results = {}
    for events in (small_events, settings.events):
        out = subprocess.run(
            [
                str(ROOT / "bench" / "tail.sh"),
                "--ccx", str(settings.ccx),
                "--events", str(events),
                "--latency-ms", str(settings.latency_ms),
                "--json",
            ],
            env={**os.environ, "AWSLOGS": str(settings.awslogs)},
            stdout=subprocess.PIPE,
            check=True,
        )
        results[events] = json.loads(out.stdout.decode().strip().splitlines()[-1])
    small, large = results[small_events], results[settings.events]
    growth = large["ccx_peak_rss_kb"] / small["ccx_peak_rss_kb"]
    flat = growth <= 1.1
    return Figure(
        "d",
        f"`tail` vs `awslogs get`, {settings.events:,} events",
        large["awslogs_seconds"] / large["ccx_seconds"],
        "×",
        (">=", 10.0),
        [
            f"{n:,} events: ccx {r['ccx_seconds']:.2f} s, {r['ccx_peak_rss_kb'] / 1024:.1f} MiB peak; "
            f"awslogs {r['awslogs_seconds']:.2f} s, {r['awslogs_peak_rss_kb'] / 1024:.1f} MiB peak; "
            f"FilterLogEvents paging alone {r['api_seconds']:.2f} s"
            for n, r in results.items()
        ],
        (f"ccx's peak memory flat in the number of events (×{growth:.2f} for twice the "
         "events, at most ×1.1)", flat),
    )


def start_up(settings, runs=20):
    """(e) what an operator waits for before any AWS call, and the binary's size."""
    details = []
    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="ccx-bench-") as home:
        # The built-in topology: no ccx.toml in the working directory or the config dir.
        env = {"PATH": os.environ.get("PATH", ""), "HOME": home, "NO_COLOR": "1",
               "XDG_CONFIG_HOME": os.path.join(home, "config")}
        for args in (["--help"], ["config", "show"]):
            measured = [
                measure.run([str(settings.ccx), *args], env=env, cwd=home) for _ in range(runs)
            ]
            wall = measure.median([m.seconds for m in measured])
            peak = max(m.peak_rss_kb for m in measured)
            worst = max(worst, wall)
            details.append(
                f"`ccx {' '.join(args)}`: {wall * 1000:.1f} ms, {peak / 1024:.1f} MiB peak "
                f"(median wall, highest peak of {runs} runs)"
            )
    size = settings.ccx.stat().st_size
    details.append(f"release binary: {size / 1024 / 1024:.1f} MiB")
    return Figure("e", "start-up: the slower of `--help` and `config show`",
                  worst * 1000, " ms", None, details)
