#!/usr/bin/env bash
# Refresh the locks of exact versions (with hashes) that scripts/install.sh installs:
#   scripts/lock/ea.txt    the tool            (pyproject.toml's dependencies)
#   scripts/lock/test.txt  the tool and tests  (plus the `test` extra)
# Made by uv's `pip compile` for every platform and Python >= 3.11; pip installs them with
# --require-hashes, so uv is needed only here. Run after changing pyproject.toml's dependencies,
# or to move to newer releases once `bash scripts/test.sh --latest` is green.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${EA_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
[ -x "$VENV/bin/uv" ] || "$VENV/bin/python" -m pip install -q --disable-pip-version-check uv
compile() {
  "$VENV/bin/uv" pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet \
    --custom-compile-command "bash scripts/lock.sh" "$@"
}
compile -o scripts/lock/ea.txt
compile --extra test -o scripts/lock/test.txt
echo "[ea lock] scripts/lock/ea.txt and scripts/lock/test.txt refreshed" >&2
