# The set-up every shell benchmark shares: which ccx to time, an empty sandbox behind the
# test bed's proxy with its "as AWS" layer and a fixed latency per request, and a timed run
# with peak memory. Source it after scripts/lib.sh.

# bench_ccx PROFILE [PATH]: prints the ccx to time: PATH when given, else the binary of
# PROFILE (debug or release), built first.
bench_ccx() {
  local profile=$1 path=${2:-}
  if [[ -n $path ]]; then
    echo "$path"
    return
  fi
  if [[ $profile == release ]]; then
    (cd "$ROOT" && cargo build --quiet --release) >&2
  else
    (cd "$ROOT" && cargo build --quiet) >&2
  fi
  echo "$ROOT/target/$profile/ccx"
}

# bench_sandbox LATENCY_MS: starts an empty sandbox behind the proxy, every request delayed
# by LATENCY_MS (none at 0), with the layer's page cache on (it spares the bed from
# filtering every event for every page: tests/support/README.md). Sets BENCH_WORK (the
# sandbox's directory, removed with it) and BENCH_MOTO (moto's own endpoint, for seeding
# without the proxy); the sandbox stops when the script exits.
bench_sandbox() {
  local latency_ms=$1
  BENCH_RULES=$(mktemp -d)
  trap 'rm -rf "$BENCH_RULES"' EXIT
  if ((latency_ms > 0)); then
    printf '[{"match": {}, "fault": {"delay_ms": %d}}]' "$latency_ms" >"$BENCH_RULES/faults.json"
  else
    echo '[]' >"$BENCH_RULES/faults.json"
  fi
  echo '{"page_cache_seconds": 120}' >"$BENCH_RULES/as_aws.json"
  start_sandbox empty --proxy --faults "$BENCH_RULES/faults.json" \
    --as-aws "$BENCH_RULES/as_aws.json"
  trap 'stop_sandbox; rm -rf "$BENCH_RULES"' EXIT
  BENCH_WORK=$SANDBOX_DIR
  BENCH_MOTO=$(sandbox_info moto_endpoint)
  export NO_COLOR=1
}

# measured NAME COMMAND...: runs COMMAND with stdout to $BENCH_WORK/NAME.out and stderr to
# NAME.err; its wall seconds, peak memory and exit code go to NAME.json. A command that
# fails ends the benchmark (a failed run's time is no figure).
measured() {
  local name=$1
  shift
  "$VENV/bin/python" "$ROOT/bench/measure.py" --out "$BENCH_WORK/$name.out" \
    --err "$BENCH_WORK/$name.err" -- "$@" >"$BENCH_WORK/$name.json"
  local code
  code=$(measured_field "$name" code)
  if [[ $code != 0 ]]; then
    say "$name: \`$*\` exited $code:"
    tail -n 5 "$BENCH_WORK/$name.err" >&2
    exit 1
  fi
}

# measured_field NAME KEY: one figure of a measured run.
measured_field() {
  "$VENV/bin/python" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' \
    "$BENCH_WORK/$1.json" "$2"
}
