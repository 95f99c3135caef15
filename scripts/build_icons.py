"""Rasterise the ArchiMate type icons (exporters/diagrams/icons/svg/*.svg) into the PNG copies Graphviz
draws into PNG and PDF diagrams, and record which SVG each PNG was made from.

Graphviz's cairo renderer loads PNG images only (this Graphviz has no SVG image loader), so the
icons ship twice: the SVG, which `exporters.diagrams.icons.inline_icons` copies into SVG diagrams
as vector paths, and a PNG of PIXELS x PIXELS for PNG and PDF (about 330 dpi at the 14 pt the
diagrams draw an icon). Run this after editing an icon; tests/test_notation.py fails while a PNG
is older than its SVG (the manifest holds each SVG's SHA-256).

    .venv/bin/python scripts/build_icons.py

Needs rsvg-convert (Debian: apt-get install librsvg2-bin), only here: diagrams never run it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from exporters.diagrams.icons import ICON_DIR, MANIFEST, PIXELS, check_icon_svg  # noqa: E402


def main() -> int:
    rsvg = shutil.which("rsvg-convert")
    if rsvg is None:
        print("build_icons: rsvg-convert is not installed (apt-get install librsvg2-bin)", file=sys.stderr)
        return 1
    png_dir = ICON_DIR / "png"
    png_dir.mkdir(exist_ok=True)
    manifest: dict[str, str] = {}
    sources = sorted((ICON_DIR / "svg").glob("*.svg"))
    for svg in sources:
        data = svg.read_bytes()
        check_icon_svg(data, svg.name)
        png = png_dir / f"{svg.stem}.png"
        subprocess.run([rsvg, "-w", str(PIXELS), "-h", str(PIXELS), "-o", str(png), str(svg)], check=True)
        manifest[svg.stem] = hashlib.sha256(data).hexdigest()
    for stale in png_dir.glob("*.png"):
        if stale.stem not in manifest:
            stale.unlink()
    MANIFEST.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(sources)} icons -> {png_dir.relative_to(ROOT)} ({PIXELS}x{PIXELS} px)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
