"""The suite's figures (a)–(g), each measured on a test bed of its own (bed.py) and
returned as a Figure: the value, its target, whether it holds, and how it was obtained."""

import collections
import math
import json
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import boto3

import measure
from bed import ROOT, Bed, dependent_waves, target_calls

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


def _timed_ccx(settings, bed, args):
    """One `ccx ARGS` against the bed, as `_timed_verify` (exit 0 or 1 only)."""
    mark = bed.mark()
    run = measure.run([str(settings.ccx), *args], env=bed.env(), cwd=bed.home)
    if run.code not in (0, 1):
        raise RuntimeError(f"`ccx {' '.join(args)}` exited {run.code} against the bed")
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


# (f) and (g): the stacks and regions of the bed they are measured on, and the latency at
# which their dependent round trips are counted.
SLOW_MS = 200
# ccx's FilterLogEvents budget (`src/state/log_budget.rs`): at most this many searches in
# any window of this many seconds, per account and region.
LOG_SEARCHES_PER_WINDOW = 5
LOG_SEARCH_WINDOW_S = 1.1
MANY_STACKS = ("dev", "staging", "prod")
MANY_REGIONS = ("us-east-1", "eu-west-1")


def verify_of_many_targets(settings, bed):
    """(f) `ccx verify` of three stacks in one region and (g) of two regions × three
    stacks, each against one stack's `verify` on the same bed, alternated after a warm-up
    (so each starts with the log groups its last run searched, as in an operator's loop).
    Then the same rounds where the account allows far more log searches than AWS's 5 a
    second (the bed's limit raised, ccx's `--log-search-rate` with it): what the searches'
    quota alone costs."""
    stacks = ",".join(MANY_STACKS)
    regions = ",".join(MANY_REGIONS)
    runs = {
        "one": ["verify", "--stack", MANY_STACKS[0]],
        "stacks": ["verify", "--stack", stacks],
        "regions": ["verify", "--stack", stacks, "--region", regions],
    }
    # Each run's targets (stack, region); the bed's clients start in the first region.
    targets = {
        "one": [(MANY_STACKS[0], MANY_REGIONS[0])],
        "stacks": [(stack, MANY_REGIONS[0]) for stack in MANY_STACKS],
        "regions": [(stack, region) for region in MANY_REGIONS for stack in MANY_STACKS],
    }

    def per_target_waves(name, calls):
        """The most dependent round trips of any one target's own calls: the chain the
        whole record shows also links unrelated targets whose requests merely happened
        to start after another's answer."""
        return max(dependent_waves(target_calls(calls, *t)) for t in targets[name])

    def rounds(extra_args=(), count=settings.rounds):
        for args in runs.values():
            _timed_ccx(settings, bed, [*extra_args, *args])
            time.sleep(PAUSE_SECONDS)
        times = {name: [] for name in runs}
        waves = {name: [] for name in runs}
        own_waves = {name: [] for name in runs}
        throttled = {name: collections.Counter() for name in runs}
        searches = {name: 0 for name in runs}
        for _ in range(count):
            for name, args in runs.items():
                time.sleep(PAUSE_SECONDS)
                seconds, calls = _timed_ccx(settings, bed, [*extra_args, *args])
                times[name].append(seconds)
                waves[name].append(dependent_waves(calls))
                own_waves[name].append(per_target_waves(name, calls))
                throttled[name].update(c["action"] for c in calls if c.get("throttled"))
                searches[name] = sum(1 for c in calls if c["action"] == "FilterLogEvents")
        wall = {name: measure.median(t) for name, t in times.items()}
        return wall, waves, own_waves, throttled, searches

    wall, waves, own_waves, throttled, searches = rounds()
    # At 50 ms a request the bed's own time blurs the waves (a request that waited for one
    # listing may start after another wave-2 request's answer); at 200 ms they are clean.
    bed.set_latency(SLOW_MS)
    try:
        _, _, slow_waves, _, _ = rounds(count=max(2, settings.rounds // 2))
    finally:
        bed.set_latency(settings.latency_ms)
    bed.set_layer({"rate_limits": {"FilterLogEvents": {"per_second": 100, "burst": 100}}})
    try:
        free_wall, free_waves, free_own_waves, free_throttled, _ = rounds(
            ["--log-search-rate", "100"]
        )
        bed.set_latency(SLOW_MS)
        try:
            _, _, free_slow_waves, _, _ = rounds(
                ["--log-search-rate", "100"], count=max(2, settings.rounds // 2)
            )
        finally:
            bed.set_latency(settings.latency_ms)
    finally:
        bed.set_layer({})

    def spread(values):
        return f"{min(values)}–{max(values)}"

    def counted(throttles):
        total = sum(throttles.values())
        if not total:
            return "0 throttled requests"
        each = ", ".join(f"{n} {action}" for action, n in sorted(throttles.items()))
        return f"{total} throttled requests ({each})"

    def quota_floor(name):
        """The least wall time the FilterLogEvents quota allows a run of `name`: at most
        5 searches start in any window of 1.1 s (`src/state/log_budget.rs`; the targets
        of one region share it), so the last starts a window later for every further 5,
        and its answer takes a request's latency."""
        per_region = searches[name] / len({region for _, region in targets[name]})
        waits = max(0, math.ceil(per_region / LOG_SEARCHES_PER_WINDOW) - 1)
        return waits * LOG_SEARCH_WINDOW_S + settings.latency_ms / 1000

    def figure(key, name, title, label, bound):
        floor = quota_floor(name)
        return Figure(
            key,
            title,
            wall[name] / wall["one"],
            "×",
            ("<=", bound),
            [
                f"median of {settings.rounds} alternated rounds after a warm-up round: "
                f"{label} {wall[name]:.3f} s, one stack "
                f"{wall['one']:.3f} s",
                f"at {settings.latency_ms} ms, dependent round trips of any one target's own calls: "
                f"{spread(own_waves[name])} ({spread(own_waves['one'])} for one stack); of "
                f"the whole record, unrelated targets' calls chained: {spread(waves[name])}",
                f"{searches[name]} FilterLogEvents "
                f"a run ({searches['one']} for one stack); {counted(throttled[name])} in "
                f"{settings.rounds} runs ({counted(throttled['one'])} for one stack)",
                f"the FilterLogEvents quota's floor (at most {LOG_SEARCHES_PER_WINDOW} "
                f"searches start in any {LOG_SEARCH_WINDOW_S} s per region; the last one's "
                f"answer besides): {floor:.3f} s, {floor / wall['one']:.2f}× one stack; "
                f"measured {wall[name] / floor:.2f}× the floor",
                f"where the account allowed 100 log searches a second (bed and "
                f"`--log-search-rate`): {free_wall[name]:.3f} s against {free_wall['one']:.3f} s, "
                f"{free_wall[name] / free_wall['one']:.2f}×, {spread(free_own_waves[name])} "
                f"dependent round trips of any one target ({spread(free_waves[name])} in the "
                f"whole record), {counted(free_throttled[name])}",
            ],
            (f"each target's dependent round trips at two from the second run on (measured "
             f"{spread(free_slow_waves[name])} at {SLOW_MS} ms a request, where the bed's own "
             f"time does not blur them and the account allows 100 log searches a second; "
             f"{spread(free_slow_waves['one'])} for one stack; under AWS's 5 a second, "
             f"where every search past the fifth waits for the window, "
             f"{spread(slow_waves[name])})",
             max(free_slow_waves[name]) <= 2),
        )

    return [
        figure("f", "stacks",
               f"`verify` of {len(MANY_STACKS)} stacks in one region ÷ one stack's, "
               f"{settings.latency_ms} ms a request", "three stacks", 1.3),
        figure("g", "regions",
               f"`verify` of {len(MANY_REGIONS)} regions × {len(MANY_STACKS)} stacks ÷ one "
               f"stack's, {settings.latency_ms} ms a request", "six targets", 1.5),
    ]
