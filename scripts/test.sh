#!/usr/bin/env bash
# Install the test dependencies (system and Python) and run the whole test suite.
#
#   bash scripts/test.sh            # the locked versions (scripts/lock/test.txt), in .venv
#   bash scripts/test.sh --latest   # the newest releases of every dependency, in .venv-latest
#
# Other arguments go to pytest (e.g. `bash scripts/test.sh -k exchange`).
set -euo pipefail
cd "$(dirname "$0")/.."
install_args=(--test)
pytest_args=()
for arg in "$@"; do
  if [ "$arg" = "--latest" ]; then install_args+=(--latest); else pytest_args+=("$arg"); fi
done
bash scripts/install.sh "${install_args[@]}"
if [ "${#install_args[@]}" -gt 1 ]; then VENV="${EA_VENV:-.venv-latest}"; else VENV="${EA_VENV:-.venv}"; fi
exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider -n "${EA_TEST_WORKERS:-2}" "${pytest_args[@]}"
