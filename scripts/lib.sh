# Shared by scripts/test and scripts/demo; source it, don't run it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CCX_VENV:-$ROOT/.venv}"
REQUIREMENTS="$ROOT/tests/support/requirements.txt"

say() {
  printf '%s: %s\n' "$(basename "$0")" "$*" >&2
}

# True when the venv's python has every pinned requirement at its pinned version.
venv_is_current() {
  "$VENV/bin/python" - "$REQUIREMENTS" 2>/dev/null <<'PY'
import re, sys
from importlib.metadata import version, PackageNotFoundError

for line in open(sys.argv[1]):
    pin = re.match(r"\s*([A-Za-z0-9_.-]+)(\[[^]]*\])?==(\S+)", line)
    if not pin:
        continue
    try:
        installed = version(pin.group(1))
    except PackageNotFoundError:
        sys.exit(1)
    if installed != pin.group(3):
        sys.exit(1)
PY
}

# Creates $ROOT/.venv with the emulator's requirements unless it is already current.
ensure_venv() {
  if venv_is_current; then
    return
  fi
  if ! "$VENV/bin/python" -c '' 2>/dev/null; then
    say "creating the virtualenv .venv"
    python3 -m venv --clear "$VENV" || python3 -m venv --clear --without-pip "$VENV"
  fi
  local pip=("$VENV/bin/python" -m pip)
  if ! "${pip[@]}" --version >/dev/null 2>&1; then
    # Debian-like systems may ship venv without ensurepip: drive the system pip instead.
    pip=(python3 -m pip --python "$VENV/bin/python")
  fi
  say "installing tests/support/requirements.txt into .venv"
  "${pip[@]}" install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
}

# The live-view tests drive ccx in a terminal through tmux. Installed with apt-get when
# missing and we are root (a fresh Debian machine or container); otherwise the tests say
# how to get it.
ensure_tmux() {
  if command -v tmux >/dev/null 2>&1; then
    return
  fi
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing tmux (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null
  else
    say "tmux is missing and cannot be installed here (not root, or no apt-get): the live-view tests will fail; install tmux"
  fi
}

# Starts tests/support/sandbox.py in the background (`start_sandbox SCENARIO [ARGS...]`),
# waits until it is seeded, and exports its AWS_* environment. It is stopped on exit.
# SANDBOX_DIR holds its JSON line (sandbox.json) and its log (sandbox.log).
start_sandbox() {
  SANDBOX_DIR="$(mktemp -d)"
  "$VENV/bin/python" "$ROOT/tests/support/sandbox.py" --scenario "$1" "${@:2}" \
    --env-file "$SANDBOX_DIR/env" >"$SANDBOX_DIR/sandbox.json" 2>"$SANDBOX_DIR/sandbox.log" </dev/null &
  SANDBOX_PID=$!
  trap stop_sandbox EXIT
  for _ in $(seq 300); do
    [[ -f "$SANDBOX_DIR/env" ]] && break
    if ! kill -0 "$SANDBOX_PID" 2>/dev/null; then
      cat "$SANDBOX_DIR/sandbox.log" >&2
      say "the sandbox did not start"
      exit 1
    fi
    sleep 0.1
  done
  if [[ ! -f "$SANDBOX_DIR/env" ]]; then
    say "the sandbox did not start within 30 s; its log:"
    cat "$SANDBOX_DIR/sandbox.log" >&2
    exit 1
  fi
  # shellcheck disable=SC1091
  source "$SANDBOX_DIR/env"
  export AWS_DEFAULT_REGION="$AWS_REGION"
  say "sandbox ($1) ready at $AWS_ENDPOINT_URL"
}

# The demo's sandbox: the runbook's state after the cutover (chroma-worker kept as a
# disabled fallback), behind the test bed's proxy as in the tests: the proxy speaks
# CloudWatch's CBOR protocol (GetMetricData), which moto does not, so `ccx verify`
# reads its metrics as on AWS.
start_demo_sandbox() {
  start_sandbox fallback --proxy
}

stop_sandbox() {
  if [[ -n "${SANDBOX_PID:-}" ]]; then
    kill "$SANDBOX_PID" 2>/dev/null || true
    wait "$SANDBOX_PID" 2>/dev/null || true
  fi
  [[ -n "${SANDBOX_DIR:-}" ]] && rm -rf "$SANDBOX_DIR"
}

# A field of the sandbox's JSON line, e.g. `sandbox_info stacks.dev.queues.lines.url`.
sandbox_info() {
  "$VENV/bin/python" -c 'import json, sys
value = json.load(open(sys.argv[1]))
for key in sys.argv[2].split("."):
    value = value[key]
print(value)' "$SANDBOX_DIR/sandbox.json" "$1"
}
