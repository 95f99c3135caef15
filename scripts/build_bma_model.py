"""Build the bundled BMA reference model: catalog/bma/*.yaml -> catalog/model/bma.xml.

Usage: python scripts/build_bma_model.py [OUTPUT]      (default: catalog/model/bma.xml)
       python scripts/build_bma_model.py --check       (exit 1 when bma.xml is not what the YAML gives)

The YAML is the source of truth (catalog/bma/README.md); the exchange file is generated from it,
deterministically, and committed so that Archi users can open it directly. Run this after editing
the YAML; tests/test_bma_model.py fails while bma.xml is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog import bundled_model_path  # noqa: E402
from catalog.bma_model import build_bma_model  # noqa: E402
from ea_model.errors import EaError  # noqa: E402
from exporters.exchange import generate_exchange, write_exchange  # noqa: E402


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    target = Path(args[0]) if args else bundled_model_path()
    try:
        model = build_bma_model()
    except EaError as exc:
        print(f"build_bma_model: error: {exc}", file=sys.stderr)
        return 2
    if check:
        current = target.read_bytes() if target.exists() else b""
        if current != generate_exchange(model):
            print(f"{target} is out of date: run python scripts/build_bma_model.py", file=sys.stderr)
            return 1
        print(f"{target} is up to date")
        return 0
    notes = write_exchange(model, target)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    counts = model.counts()
    print(
        f"wrote {target}: {counts['elements']} elements, {counts['relationships']} relationships, "
        f"{counts['views']} views"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
