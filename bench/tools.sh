# The comparison tools of the benchmarks, installed on first use into target/bench-venv
# (apart from the tests' .venv, whose pinned boto3 they need not agree with).
# Source it after scripts/lib.sh; `bench_tool aws` / `bench_tool awslogs` print the path.
# Peak memory is measured with GNU time (bench/measure.py): `require_gnu_time` checks it.

BENCH_VENV="$ROOT/target/bench-venv"
BENCH_TOOLS=(awscli==1.46.3 awslogs==0.15.0)

bench_tool() {
  if ! "$BENCH_VENV/bin/aws" --version >/dev/null 2>&1 ||
    ! "$BENCH_VENV/bin/awslogs" --version >/dev/null 2>&1; then
    say "installing ${BENCH_TOOLS[*]} into target/bench-venv"
    python3 -m venv "$BENCH_VENV" >&2 || python3 -m venv --without-pip "$BENCH_VENV" >&2
    local pip=("$BENCH_VENV/bin/python" -m pip)
    if ! "${pip[@]}" --version >/dev/null 2>&1; then
      # A venv without ensurepip (Debian): drive the system pip, as scripts/lib.sh does.
      pip=(python3 -m pip --python "$BENCH_VENV/bin/python")
    fi
    "${pip[@]}" install --quiet --disable-pip-version-check "${BENCH_TOOLS[@]}" >&2
  fi
  echo "$BENCH_VENV/bin/$1"
}

require_gnu_time() {
  if [[ ! -x /usr/bin/time ]]; then
    say "peak memory is measured with GNU time: install it (Debian/Ubuntu: apt-get install time)"
    exit 2
  fi
}
