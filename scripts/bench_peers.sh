#!/usr/bin/env bash
# Build the virtual environments of the Python peers that scripts/benchmark.py compares ea with:
# one each, .venv-peers-<name>, never the project's own .venv or its locks.
#
#   bash scripts/bench_peers.sh                 # both peers
#   bash scripts/bench_peers.sh etcion          # one of: pyarchimate etcion
#
# pyArchimate 2.0 needs Python >= 3.11, etcion 0.14 Python >= 3.12. The newest CPython >= 3.12 found
# is used for both (python3.14 .. python3.12 on PATH, then pyenv's versions, then `uv python find`);
# PEER_PYTHON names another. Safe to run again: an environment that already has its pinned
# version is left as it is. Prints "name: python X.Y, package==version" per peer, or why not.
set -euo pipefail

cd "$(dirname "$0")/.."
say() { printf '[peers] %s\n' "$*" >&2; }

# name -> pip requirement (pinned: the figures are for these releases)
declare -A REQUIREMENT=(
  [pyarchimate]="pyArchimate==2.0.0"
  [etcion]="etcion[xml]==0.14.0"   # [xml] brings lxml, which its exchange-format reader needs
)
declare -A MODULE=([pyarchimate]=pyArchimate [etcion]=etcion)

find_python() {
  local candidates=()
  [ -n "${PEER_PYTHON:-}" ] && candidates+=("$PEER_PYTHON")
  for v in 3.14 3.13 3.12; do
    command -v "python$v" >/dev/null 2>&1 && candidates+=("$(command -v "python$v")")
  done
  local root="${PYENV_ROOT:-$HOME/.pyenv}"
  if [ -d "$root/versions" ]; then
    while IFS= read -r dir; do candidates+=("$dir/bin/python3"); done \
      < <(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -V -r)
  fi
  if command -v uv >/dev/null 2>&1; then
    candidates+=("$(uv python find '>=3.12' 2>/dev/null || true)")
  fi
  for py in "${candidates[@]}"; do
    [ -n "$py" ] && [ -x "$py" ] || continue
    if "$py" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$py"
      return 0
    fi
  done
  return 1
}

peers=("$@")
[ ${#peers[@]} -eq 0 ] && peers=(pyarchimate etcion)
for name in "${peers[@]}"; do
  [ -n "${REQUIREMENT[$name]:-}" ] || { say "unknown peer $name (use: ${!REQUIREMENT[*]})"; exit 2; }
done

PY="$(find_python)" || {
  say "no Python >= 3.12 with venv found (etcion 0.14 needs it); set PEER_PYTHON=/path/to/python3.12"
  exit 2
}

status=0
for name in "${peers[@]}"; do
  venv=".venv-peers-$name"
  req="${REQUIREMENT[$name]}"
  pinned="${req#*==}"
  module="${MODULE[$name]}"
  have="$("$venv/bin/python" -c "from importlib.metadata import version; print(version('$module'))" 2>/dev/null || true)"
  if [ "$have" != "$pinned" ]; then
    say "$name: creating $venv with $("$PY" --version) and installing $req"
    rm -rf "$venv"
    "$PY" -m venv "$venv"
    if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check "$req" >&2; then
      say "$name: pip could not install $req"
      status=1
      continue
    fi
  fi
  "$venv/bin/python" -c "
import platform
from importlib.metadata import version
print('$name: python ' + platform.python_version() + ', $module==' + version('$module'))"
done
exit $status
