#!/usr/bin/env bash
# How fast `ccx tail` fetches and prints a large log group, against `awslogs get` (PyPI
# awslogs) on the same events. Seeds N events (default 100,000) over three streams in the
# last hour of an empty sandbox, behind the test bed's proxy with its "as AWS" layer (pages
# of at most 10,000 events or 1 MB, FilterLogEvents at 5/s) and a fixed added latency per
# request (default 50 ms), then times, with output to a file:
#   - FilterLogEvents paging alone (boto3, timed inside its process, nothing printed):
#     what the bed itself takes to serve the pages, the floor for any client;
#   - ccx tail GROUP --since 1h, three times (the medians: its peak memory moves by a
#     page or two with how far its prefetch runs ahead);
#   - awslogs get GROUP ALL -s 1h;
# checks both printed every event, and prints the times, peak memory and the ratio.
# bench/run uses it for figure (d).
#
# Usage: bench/tail.sh [--release | --ccx PATH] [--events N] [--latency-ms MS] [--json]
#   --json                    one JSON line of results on stdout instead of the text
#   AWSLOGS=/path/to/awslogs  use this awslogs instead of installing one into
#                             target/bench-venv (bench/tools.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
source "$ROOT/bench/tools.sh"
source "$ROOT/bench/bed.sh"

events=100000
profile=debug
ccx=
latency_ms=50
json=false
while (($#)); do
  case $1 in
    --release) profile=release ;;
    --ccx) ccx=$2; shift ;;
    --events) events=$2; shift ;;
    --latency-ms) latency_ms=$2; shift ;;
    --json) json=true ;;
    *) say "unknown argument $1 (see the header of $0)"; exit 2 ;;
  esac
  shift
done

require_gnu_time
ensure_venv
AWSLOGS=${AWSLOGS:-$(bench_tool awslogs)}

cd "$ROOT"
ccx=$(bench_ccx "$profile" "$ccx")
bench_sandbox "$latency_ms"
work=$BENCH_WORK
moto=$BENCH_MOTO

group=/bench/tail
now_ms=$(($(date +%s) * 1000))
start_ms=$((now_ms - 50 * 60 * 1000))
# Spread over 50 minutes, the three streams interleaved.
step_ms=$((50 * 60 * 1000 * 3 / events))
say "seeding $events events in $group"
for n in 0 1 2; do
  count=$(((events + 2 - n) / 3))
  "$VENV/bin/python" tests/support/query.py --endpoint "$moto" put-log-events \
    "$group" "stream-$n" --create --count "$count" \
    --start-ms $((start_ms + n * step_ms / 3)) --step-ms "$step_ms" \
    --message "[INFO] Merged {i} records into lines (stream $n)" >/dev/null
done
expected=$events

# Prints the events FilterLogEvents returned and the seconds its paging took.
api_only() {
  "$VENV/bin/python" - "$AWS_ENDPOINT_URL" "$group" "$start_ms" <<'PY'
import sys, time, boto3
endpoint, group, start = sys.argv[1], sys.argv[2], int(sys.argv[3])
logs = boto3.client("logs", endpoint_url=endpoint)
began = time.perf_counter()
pages = logs.get_paginator("filter_log_events").paginate(
    logGroupName=group, startTime=start, interleaved=True)
count = sum(len(p["events"]) for p in pages)
print(count, time.perf_counter() - began)
PY
}

say "timing FilterLogEvents paging alone"
read -r api_count api_time < <(api_only)
# Let the FilterLogEvents rate (5/s) refill between the runs.
sleep 1
# ccx three times: its peak memory moves by a page or two with how far its prefetch runs
# ahead of the printer, so the median is the figure.
say "timing ccx tail (3 runs)"
for run in 1 2 3; do
  measured "ccx-$run" "$ccx" tail "$group" --since 1h
  sleep 1
done
"$VENV/bin/python" - "$work" <<'PY'
import json, statistics, sys
work = sys.argv[1]
runs = [json.load(open(f"{work}/ccx-{n}.json")) for n in (1, 2, 3)]
median = {k: statistics.median(r[k] for r in runs) for k in ("seconds", "peak_rss_kb")}
json.dump({**runs[0], **median}, open(f"{work}/ccx.json", "w"))
PY
for run in 2 3; do
  if ! cmp -s "$work/ccx-1.out" "$work/ccx-$run.out"; then
    say "ccx tail printed something else in run $run than in run 1"
    exit 1
  fi
done
cp "$work/ccx-1.out" "$work/ccx.out"
say "timing awslogs get"
measured awslogs "$AWSLOGS" get "$group" ALL -s 1h --color never \
  --aws-endpoint-url "$AWS_ENDPOINT_URL"

ccx_count=$(wc -l <"$work/ccx.out")
awslogs_count=$(wc -l <"$work/awslogs.out")
for pair in "api:$api_count" "ccx:$ccx_count" "awslogs:$awslogs_count"; do
  if [[ ${pair#*:} -ne $expected ]]; then
    say "${pair%%:*} saw ${pair#*:} events, expected $expected"
    exit 1
  fi
done

ccx_time=$(measured_field ccx seconds)
ccx_kb=$(measured_field ccx peak_rss_kb)
awslogs_time=$(measured_field awslogs seconds)
awslogs_kb=$(measured_field awslogs peak_rss_kb)
if $json; then
  printf '{"events": %d, "latency_ms": %d, "api_seconds": %s, "ccx_seconds": %s, "ccx_peak_rss_kb": %d, "awslogs_seconds": %s, "awslogs_peak_rss_kb": %d}\n' \
    "$expected" "$latency_ms" "$api_time" "$ccx_time" "$ccx_kb" "$awslogs_time" "$awslogs_kb"
  exit 0
fi
printf '%s events, %s ms added per request, ccx at %s\n' "$expected" "$latency_ms" "$ccx"
printf '  FilterLogEvents paging alone  %6.2f s\n' "$api_time"
printf '  ccx tail                      %6.2f s  %7d KiB peak\n' "$ccx_time" "$ccx_kb"
printf '  awslogs get                   %6.2f s  %7d KiB peak\n' "$awslogs_time" "$awslogs_kb"
printf '  awslogs / ccx                 %6.1fx\n' "$(echo "$awslogs_time / $ccx_time" | bc -l)"
