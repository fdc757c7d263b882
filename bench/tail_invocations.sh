#!/usr/bin/env bash
# What reading lines as invocations costs: `ccx tail --by-request` against plain `ccx tail`
# on the same Lambda log group. Seeds N events (default 100,000) as invocations of five
# lines each (START, two application lines... as `query.py put-invocations` writes them:
# one in twenty failed or timed out, one in ten a cold start) in the last hour of an empty
# sandbox, behind the test bed's proxy with its "as AWS" layer and a fixed added latency
# per request (default 50 ms), then times each command three times (the medians), output
# to a file, and prints the times, peak memory, the ratio and the most invocations held
# open at once (`-v`). Run it at two sizes to see the memory stay flat.
#
# Usage: bench/tail_invocations.sh [--release | --ccx PATH] [--events N] [--latency-ms MS]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
source "$ROOT/bench/bed.sh"

events=100000
profile=debug
ccx=
latency_ms=50
while (($#)); do
  case $1 in
    --release) profile=release ;;
    --ccx) ccx=$2; shift ;;
    --events) events=$2; shift ;;
    --latency-ms) latency_ms=$2; shift ;;
    *) say "unknown argument $1 (see the header of $0)"; exit 2 ;;
  esac
  shift
done

ensure_venv
cd "$ROOT"
ccx=$(bench_ccx "$profile" "$ccx")
bench_sandbox "$latency_ms"
work=$BENCH_WORK
moto=$BENCH_MOTO

group=/bench/invocations
start_ms=$((($(date +%s) - 50 * 60) * 1000))
say "seeding $events events as invocations in $group"
"$VENV/bin/python" - "$events" >"$work/specs.json" <<'PY'
import json, sys
n = int(sys.argv[1]) // 5
specs = []
for i in range(n):
    outcome = "timeout" if i % 40 == 7 else "error" if i % 40 == 23 else "ok"
    spec = {"outcome": outcome, "duration_ms": 20.0 + i % 50, "gap_ms": 5, "timeout_s": 1}
    if i % 10 == 0:
        spec["init_ms"] = 200.0
    specs.append(spec)
json.dump(specs, sys.stdout)
PY
"$VENV/bin/python" tests/support/query.py --endpoint "$moto" put-invocations "$group" \
  "@$work/specs.json" --start-ms "$start_ms" --create >/dev/null

for run in 1 2 3; do
  measured "plain-$run" "$ccx" tail "$group" --since 1h
  sleep 1
  measured "grouped-$run" "$ccx" -v tail "$group" --since 1h --by-request
  sleep 1
done
"$VENV/bin/python" - "$work" "$events" "$latency_ms" <<'PY'
import json, re, statistics, sys
work, events, latency = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def median(name, key):
    return statistics.median(json.load(open(f"{work}/{name}-{n}.json"))[key] for n in (1, 2, 3))
plain, grouped = median("plain", "seconds"), median("grouped", "seconds")
held = re.search(r"at most (\d+) invocation", open(f"{work}/grouped-1.err").read())
print(f"{events} events as invocations, {latency} ms added per request")
print(f"  ccx tail               {plain:6.2f} s  {median('plain', 'peak_rss_kb'):8.0f} KiB peak")
print(f"  ccx tail --by-request  {grouped:6.2f} s  {median('grouped', 'peak_rss_kb'):8.0f} KiB peak")
print(f"  --by-request / plain   {grouped / plain:6.2f}x")
print(f"  invocations held open at once: {held.group(1) if held else '?'}")
PY
