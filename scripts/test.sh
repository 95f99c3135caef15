#!/usr/bin/env bash
# Install the test dependencies (system and Python) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
VENV="${EA_VENV:-.venv}"
exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
