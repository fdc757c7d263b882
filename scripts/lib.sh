# Shared by scripts/test and scripts/demo; source it, don't run it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
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
