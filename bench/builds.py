"""Time to a first result on a fresh clone: ccx built from a clean target directory
(every dependency compiled, as after `git clone`) with each candidate profile, back to
back, from a snapshot of the committed sources (HEAD), then each binary's `verify` time
on one bed, alternated. Also what `cargo test`
still compiles after the tests' own profile was built (what `scripts/test` adds after
`scripts/demo`).

Wall times depend on what else the machine runs; CPU time (user + system) much less, so
both are reported and the choice is made on their ratios."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import measure
import report
from bed import ROOT, Bed

# name, cargo arguments. The release candidates set lto and codegen-units explicitly, so
# the comparison does not depend on what Cargo.toml says today.
PROFILES = [
    ("release, fat LTO, 1 codegen unit",
     ["--release", "--config", 'profile.release.lto="fat"',
      "--config", "profile.release.codegen-units=1"]),
    ("release, thin LTO, 16 codegen units",
     ["--release", "--config", 'profile.release.lto="thin"',
      "--config", "profile.release.codegen-units=16"]),
    ("dev (what the tests build)", []),
]


@dataclass
class Build:
    name: str
    wall: float
    cpu: float
    binary: Path
    size: int
    verify: float = 0.0


def compare(settings, benchmarks_path, write=True):
    started = time.monotonic()
    load_before = measure.load_average()
    with tempfile.TemporaryDirectory(prefix="ccx-builds-") as tmp:
        tmp = Path(tmp)
        source = _snapshot(tmp / "source")
        builds, tests = [], None
        for index, (name, args) in enumerate(PROFILES):
            _say(f"clean build: {name}")
            target = tmp / f"target-{index}"
            run = _cargo(["build", "--quiet", "--locked", *args], source, target)
            profile_dir = "release" if "--release" in args else "debug"
            binary = tmp / f"ccx-{index}"
            shutil.copy2(target / profile_dir / "ccx", binary)
            builds.append(Build(name, run.seconds, run.cpu_seconds, binary, binary.stat().st_size))
            print(f"{name}: {run.seconds:.0f} s wall, {run.cpu_seconds:.0f} s CPU, "
                  f"{builds[-1].size / 1024 / 1024:.1f} MiB", flush=True)
            if "--release" not in args:
                _say("cargo test --all-targets --no-run after it")
                tests = _cargo(
                    ["test", "--quiet", "--locked", "--all-targets", "--no-run"], source, target
                )
                print(f"  then `cargo test --no-run`: {tests.seconds:.0f} s wall, "
                      f"{tests.cpu_seconds:.0f} s CPU", flush=True)
            shutil.rmtree(target)
        _verify_times(settings, builds)
    for b in builds:
        print(f"{b.name}: verify {b.verify:.3f} s (median of {settings.rounds})", flush=True)
    if not write:
        return 0
    block = _block(builds, tests, settings, load_before, time.monotonic() - started)
    report.replace_block(benchmarks_path, "builds", block)
    _say("build profiles written to BENCHMARKS.md")
    return 0


def _snapshot(directory):
    """The committed sources (HEAD) in `directory`: what a fresh clone has, whatever is
    being edited meanwhile."""
    directory.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"],
                             stdout=subprocess.PIPE, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(directory)], input=archive, check=True)
    return directory


def _cargo(args, source, target):
    env = {**os.environ, "CARGO_TARGET_DIR": str(target)}
    run = measure.run(["cargo", *args], env=env, cwd=source, stdout=None, stderr=None)
    if run.code != 0:
        raise RuntimeError(f"cargo {' '.join(args)} failed ({run.code})")
    return run


def _verify_times(settings, builds):
    _say(f"verify with each binary, {settings.latency_ms} ms a request")
    times = {b.name: [] for b in builds}
    with Bed(settings.python, "fallback", settings.latency_ms) as bed:
        for round_ in range(settings.rounds + 1):
            for b in builds:
                time.sleep(1)
                run = measure.run([str(b.binary), "verify"], env=bed.env(), cwd=bed.home)
                if run.code not in (0, 1):
                    raise RuntimeError(f"verify of the {b.name} build exited {run.code}")
                if round_ > 0:  # the first round warms the bed up
                    times[b.name].append(run.seconds)
    for b in builds:
        b.verify = measure.median(times[b.name])


def _block(builds, tests, settings, load_before, seconds):
    machine = measure.machine()
    configured = tomllib.loads((ROOT / "Cargo.toml").read_text())["profile"]["release"]
    first = builds[0]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
        f"`bench/run --builds` in {seconds / 60:.0f} minutes.",
        "",
        *report.machine_lines(machine, load_before, measure.load_average()),
        f"- `Cargo.toml`'s release profile now: lto = {json.dumps(configured.get('lto', False))}, "
        f"codegen-units = {configured.get('codegen-units', 16)}.",
        f"- verify: median of {settings.rounds} runs each, alternated, "
        f"{settings.latency_ms} ms a request.",
        "",
        "| build from a clean target directory | wall | CPU | binary | verify |",
        "|---|---|---|---|---|",
    ]
    for b in builds:
        lines.append(
            f"| {b.name} | {b.wall:.0f} s ({b.wall / first.wall:.2f}×) "
            f"| {b.cpu:.0f} s ({b.cpu / first.cpu:.2f}×) "
            f"| {b.size / 1024 / 1024:.1f} MiB | {b.verify:.3f} s |"
        )
    if tests is not None:
        lines += [
            "",
            f"After the dev build, `cargo test --all-targets --no-run` took {tests.seconds:.0f} s "
            f"wall, {tests.cpu_seconds:.0f} s CPU: the test targets, the dev-dependencies and "
            "the crates whose features they change.",
        ]
    return "\n".join(lines) + "\n"


def _say(text):
    print(f"bench: {text}", file=sys.stderr, flush=True)
