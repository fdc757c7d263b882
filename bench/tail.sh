#!/usr/bin/env bash
# How fast `ccx tail` fetches and prints a large log group, against `awslogs get` (PyPI
# awslogs) on the same events in the moto sandbox. Seeds N events (default 100,000) over
# three streams in the last hour, then times, with output to a file:
#   - FilterLogEvents paging alone (boto3, nothing printed): the API's floor here;
#   - ccx tail GROUP --since 1h;
#   - awslogs get GROUP ALL -s 1h;
# checks both printed every event, and prints the times and the ratio.
#
# Usage: bench/tail.sh [--release] [--events N]
#   AWSLOGS=/path/to/awslogs  use this awslogs instead of installing one into
#                             target/bench-venv (awslogs==0.15.0 from PyPI)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

events=100000
profile=debug
while (($#)); do
  case $1 in
    --release) profile=release ;;
    --events) events=$2; shift ;;
    *) say "unknown argument $1 (see the header of $0)"; exit 2 ;;
  esac
  shift
done

ensure_venv
if [[ -z ${AWSLOGS:-} ]]; then
  bench_venv="$ROOT/target/bench-venv"
  if ! "$bench_venv/bin/awslogs" --version >/dev/null 2>&1; then
    say "installing awslogs into target/bench-venv"
    python3 -m venv --clear "$bench_venv"
    "$bench_venv/bin/python" -m pip install --quiet --disable-pip-version-check awslogs==0.15.0
  fi
  AWSLOGS="$bench_venv/bin/awslogs"
fi

cd "$ROOT"
if [[ $profile == release ]]; then
  cargo build --quiet --release
else
  cargo build --quiet
fi
ccx="$ROOT/target/$profile/ccx"

start_sandbox empty
work=$SANDBOX_DIR
export NO_COLOR=1

group=/bench/tail
now_ms=$(($(date +%s) * 1000))
start_ms=$((now_ms - 50 * 60 * 1000))
# Spread over 50 minutes, the three streams interleaved.
step_ms=$((50 * 60 * 1000 * 3 / events))
say "seeding $events events in $group"
for n in 0 1 2; do
  count=$(((events + 2 - n) / 3))
  "$VENV/bin/python" tests/support/query.py --endpoint "$AWS_ENDPOINT_URL" put-log-events \
    "$group" "stream-$n" --create --count "$count" \
    --start-ms $((start_ms + n * step_ms / 3)) --step-ms "$step_ms" \
    --message "[INFO] Merged {i} records into lines (stream $n)" >/dev/null
done
expected=$events

# seconds OUT COMMAND...: runs COMMAND with stdout to OUT; prints the elapsed seconds.
seconds() {
  local out=$1 start end
  shift
  start=$(date +%s.%N)
  "$@" >"$out"
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

api_only() {
  "$VENV/bin/python" - "$AWS_ENDPOINT_URL" "$group" "$start_ms" <<'PY'
import sys, boto3
endpoint, group, start = sys.argv[1], sys.argv[2], int(sys.argv[3])
logs = boto3.client("logs", endpoint_url=endpoint)
pages = logs.get_paginator("filter_log_events").paginate(
    logGroupName=group, startTime=start, interleaved=True)
print(sum(len(p["events"]) for p in pages))
PY
}

say "timing FilterLogEvents paging alone"
api_time=$(seconds "$work/api.out" api_only)
say "timing ccx tail"
ccx_time=$(seconds "$work/ccx.out" "$ccx" tail "$group" --since 1h 2>"$work/ccx.err")
say "timing awslogs get"
awslogs_time=$(seconds "$work/awslogs.out" "$AWSLOGS" get "$group" ALL -s 1h --color never \
  --aws-endpoint-url "$AWS_ENDPOINT_URL")

api_count=$(cat "$work/api.out")
ccx_count=$(wc -l <"$work/ccx.out")
awslogs_count=$(wc -l <"$work/awslogs.out")
for pair in "api:$api_count" "ccx:$ccx_count" "awslogs:$awslogs_count"; do
  if [[ ${pair#*:} -ne $expected ]]; then
    say "${pair%%:*} saw ${pair#*:} events, expected $expected"
    exit 1
  fi
done

printf '%s events, ccx %s build\n' "$expected" "$profile"
printf '  FilterLogEvents paging alone  %6.2f s\n' "$api_time"
printf '  ccx tail                      %6.2f s\n' "$ccx_time"
printf '  awslogs get                   %6.2f s\n' "$awslogs_time"
printf '  awslogs / ccx                 %6.1fx\n' "$(echo "$awslogs_time / $ccx_time" | bc -l)"
