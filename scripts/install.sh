#!/usr/bin/env bash
# Install ea on a fresh Debian/Ubuntu machine: the system packages it needs when they are
# missing (Graphviz's `dot`, the Thai font package fonts-thai-tlwg; with --test also Chromium
# for the browser tests and `ea review --pdf`, poppler-utils (pdfinfo, pdftotext, pdffonts, pdftoppm)
# for the PDF tests, and git for the git tests), then a virtual environment with the tool
# (and, with --test, the test dependencies). Safe to run again: it only installs what is missing.
#
#   bash scripts/install.sh                 # the tool, locked versions (scripts/lock/ea.txt), in .venv
#   bash scripts/install.sh --test          # the tool and the tests' dependencies (scripts/lock/test.txt)
#   bash scripts/install.sh --test --latest # the newest releases instead of the lock, in .venv-latest
#
# EA_VENV names another virtual environment.
set -euo pipefail

cd "$(dirname "$0")/.."
WITH_TESTS=0
LATEST=0
for arg in "$@"; do
  case "$arg" in
    --test) WITH_TESTS=1 ;;
    --latest) LATEST=1 ;;
    *) printf '[ea setup] unknown option %s (use --test, --latest)\n' "$arg" >&2; exit 2 ;;
  esac
done
if [ "$LATEST" -eq 1 ]; then VENV="${EA_VENV:-.venv-latest}"; else VENV="${EA_VENV:-.venv}"; fi

say() { printf '[ea setup] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    say "need root (or sudo) to install system packages: $*"; exit 2
  fi
}

has_thai_font() {
  # grep reads all of fc-list's output (no -q): an early exit would SIGPIPE fc-list under pipefail
  fc-list 2>/dev/null | grep -i 'loma' >/dev/null
}

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
has_thai_font || missing+=(fonts-thai-tlwg fontconfig)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if [ "$WITH_TESTS" -eq 1 ]; then
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  command -v git >/dev/null 2>&1 || missing+=(git)
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
pip() { "$VENV/bin/python" -m pip -q --disable-pip-version-check "$@"; }
pip install --upgrade pip >/dev/null
extra=""
[ "$WITH_TESTS" -eq 1 ] && extra="[test]"
if [ "$LATEST" -eq 1 ]; then
  say "installing ea$extra into $VENV with the newest releases (not the lock)"
  pip install --upgrade --upgrade-strategy eager -e ".$extra"
else
  lock=scripts/lock/ea.txt
  [ "$WITH_TESTS" -eq 1 ] && lock=scripts/lock/test.txt
  say "installing ea$extra into $VENV from $lock"
  pip install --require-hashes -r "$lock"
  pip install --no-deps -e .
fi
say "ready: $VENV/bin/ea ($("$VENV/bin/ea" --version))"
