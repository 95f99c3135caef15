#!/usr/bin/env bash
# Install ea on a fresh Debian/Ubuntu machine: the system packages it needs when they are
# missing (Graphviz's `dot`, the Thai font package fonts-thai-tlwg; with --test also Chromium
# for the browser tests), then a virtual environment in .venv with the tool (and, with --test,
# the test dependencies). Safe to run again: it only installs what is missing.
#
#   bash scripts/install.sh          # the tool
#   bash scripts/install.sh --test   # the tool and what the test suite needs
set -euo pipefail

cd "$(dirname "$0")/.."
WITH_TESTS=0
[ "${1:-}" = "--test" ] && WITH_TESTS=1
VENV="${EA_VENV:-.venv}"

say() { printf '[ea setup] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    say "need root (or sudo) to install system packages: $*"; exit 2
  fi
}

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
fc-list 2>/dev/null | grep -qi 'loma' || missing+=(fonts-thai-tlwg fontconfig)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if [ "$WITH_TESTS" -eq 1 ]; then
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python3 - <<'PY' || { say "Python 3.11 or newer is required"; exit 2; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

if [ ! -x "$VENV/bin/python" ]; then
  say "creating virtual environment $VENV"
  python3 -m venv "$VENV"
fi
say "installing ea into $VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
if [ "$WITH_TESTS" -eq 1 ]; then
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]"
else
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e .
fi
say "ready: $VENV/bin/ea ($("$VENV/bin/ea" --version))"
