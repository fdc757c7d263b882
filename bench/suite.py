"""The benchmark suite (run it through bench/run, which installs and builds what it needs):
figures (a)–(g) through the test bed's proxy with a fixed latency added to every request,
each printed with its target and whether it holds, then written to BENCHMARKS.md.
With --builds, the release build profiles are compared instead (builds.py)."""

import argparse
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import builds
import figures
import measure
import report
from bed import ROOT, Bed

BENCHMARKS = ROOT / "BENCHMARKS.md"
CROWD = 1000
# Every figure's letter; BENCHMARKS.md is rewritten only by a run of all of them.
ALL = "abcdefg"


def main():
    args = _parse_args()
    settings = figures.Settings(
        python=Path(sys.executable),
        ccx=Path(args.ccx).resolve(),
        aws=Path(args.aws),
        awslogs=Path(args.awslogs),
        latency_ms=args.latency_ms,
        rounds=args.rounds,
        events=args.events,
    )
    if args.builds:
        return builds.compare(settings, BENCHMARKS, write=not args.no_write)

    started = time.monotonic()
    date = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load_before = measure.load_average()
    done = []

    def show(figure):
        done.append(figure)
        print(report.terminal(figure), flush=True)

    if {"a", "b"} & args.only:
        _say(f"sandbox: runbook topology, {args.latency_ms} ms a request")
        with Bed(settings.python, "fallback", args.latency_ms) as bed:
            if "a" in args.only:
                show(figures.verify_vs_runbook(settings, bed))
            if "b" in args.only:
                show(figures.verify_round_trips(settings, bed))
    if "c" in args.only:
        _say(f"sandbox: runbook topology and {CROWD} more functions (seeding takes a while)")
        with Bed(settings.python, "fallback", args.latency_ms, extra_functions=CROWD) as crowd:
            show(figures.verify_in_a_crowd(settings, crowd))
    if "d" in args.only:
        _say(f"tail: {args.events // 2:,} and {args.events:,} events (bench/tail.sh)")
        show(figures.tail_vs_awslogs(settings))
    if "e" in args.only:
        show(figures.start_up(settings))
    if {"f", "g"} & args.only:
        _say(f"sandbox: runbook topology, stacks {', '.join(figures.MANY_STACKS)} in "
             f"{', '.join(figures.MANY_REGIONS)}, {args.latency_ms} ms a request")
        with Bed(settings.python, "fallback", args.latency_ms, stacks=figures.MANY_STACKS,
                 regions=figures.MANY_REGIONS) as many:
            for figure in figures.verify_of_many_targets(settings, many):
                if figure.key in args.only:
                    show(figure)

    seconds = time.monotonic() - started
    targets = [f for f in done if f.holds is not None]
    held = sum(1 for f in targets if f.holds)
    print(f"\n{held} of {len(targets)} targets hold; {seconds / 60:.1f} minutes", flush=True)
    if args.no_write or args.only != set(ALL):
        _say("BENCHMARKS.md not written (--no-write or --only)")
        return 0
    block = report.figures_block(
        done, date, measure.machine(), load_before, measure.load_average(), settings, seconds
    )
    report.replace_block(BENCHMARKS, "figures", block)
    _say("figures written to BENCHMARKS.md")
    return 0


def _parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ccx", required=True, help="the ccx binary to measure")
    parser.add_argument("--aws", required=True, help="the AWS CLI (runbook steps)")
    parser.add_argument("--awslogs", required=True, help="awslogs, to compare tail with")
    parser.add_argument("--latency-ms", type=int, default=50,
                        help="added to every request (default 50)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="measured runs per figure after a warm-up (default 5)")
    parser.add_argument("--events", type=int, default=100_000,
                        help="log events for (d) (default 100,000; also half of it)")
    parser.add_argument("--only", default=ALL, help="figures to measure, e.g. ab")
    parser.add_argument("--no-write", action="store_true", help="leave BENCHMARKS.md alone")
    parser.add_argument("--builds", action="store_true",
                        help="compare the release build profiles instead (several minutes)")
    args = parser.parse_args()
    args.only = set(args.only)
    if not args.only <= set(ALL):
        parser.error(f"--only takes letters among {', '.join(ALL)}")
    if args.rounds < 1 or args.latency_ms < 0 or args.events < 10:
        parser.error("--rounds must be at least 1, --latency-ms at least 0, --events 10")
    return args


def _say(text):
    print(f"bench: {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
