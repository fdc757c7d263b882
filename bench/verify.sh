#!/usr/bin/env bash
# How long `ccx verify` takes against the runbook's four verification steps typed with the
# AWS CLI (bench/runbook-by-hand.sh), on the same seeded sandbox (scenario `fallback`).
# Each is run RUNS times (default 5); the medians and their ratio are printed.
#
# Usage: bench/verify.sh [RUNS]
#   AWS_CLI=/path/to/aws  use this AWS CLI instead of installing awscli into target/bench-venv
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
runs=${1:-5}

ensure_venv
if [[ -z ${AWS_CLI:-} ]]; then
  bench_venv="$ROOT/target/bench-venv"
  if ! "$bench_venv/bin/aws" --version >/dev/null 2>&1; then
    say "installing awscli into target/bench-venv"
    python3 -m venv "$bench_venv"
    "$bench_venv/bin/python" -m pip install --quiet --disable-pip-version-check awscli==1.46.3
  fi
  AWS_CLI="$bench_venv/bin/aws"
fi
export PATH="$(dirname "$AWS_CLI"):$PATH"

cd "$ROOT"
cargo build --quiet --release
start_sandbox fallback
group=$(sandbox_info stacks.dev.log_groups.enhanced-compaction)
lines_url=$(sandbox_info stacks.dev.queues.lines.url)

# Median wall seconds of RUNS runs of a command, output discarded.
median_seconds() {
  python3 - "$runs" "$@" <<'PY'
import statistics, subprocess, sys, time
runs, command = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append(time.perf_counter() - start)
print(f"{statistics.median(times):.3f}")
PY
}

ccx_s=$(median_seconds target/release/ccx verify)
hand_s=$(median_seconds bench/runbook-by-hand.sh "$group" "$lines_url")
printf 'ccx verify:             %ss (median of %d)\n' "$ccx_s" "$runs"
printf 'runbook by hand (aws):  %ss (median of %d)\n' "$hand_s" "$runs"
python3 -c "import sys; print(f'ratio by hand / ccx:    {float(sys.argv[2]) / float(sys.argv[1]):.1f}x')" "$ccx_s" "$hand_s"
