"""Archi diagram geometry and styles <-> the exchange format's.

Archi stores a nested node's bounds relative to its parent and a bendpoint as two offsets, one
from the source node's centre and one from the target's; the exchange format has absolute
coordinates for both. Colours are `#rrggbb` strings with a separate 0-255 alpha; fonts are SWT
FontData strings (`1|Arial|9.0|1|WINDOWS|...`: version, name, height, style bits 1 = bold,
2 = italic).
"""

from __future__ import annotations

from ea_model.objects import Bounds, Color, Font, Point

# Archi's sizes for a bounds of -1 (its "default size" marker in older files).
DEFAULT_SIZES = {"DiagramObject": (120, 55), "Group": (400, 140), "Note": (185, 80), "DiagramModelReference": (120, 55)}
DEFAULT_FONT_NAME = "Segoe UI"
DEFAULT_FONT_SIZE = "9"


def centre(b: Bounds) -> tuple[int, int]:
    """The centre Archi anchors bendpoints to (Java int arithmetic: width / 2 truncates)."""
    return b.x + int(b.w / 2), b.y + int(b.h / 2)


def absolute_bendpoints(relative: list[tuple[int, int, int, int]], source: Bounds, target: Bounds) -> list[Point]:
    """Absolute points for Archi's (startX, startY, endX, endY) bendpoints.

    Archi's exporter (DiagramModelUtils.getAbsoluteBendpointPositions) blends the two
    reconstructions with weight i/(n+1) in floating point. Where both give the same coordinate
    (every bendpoint Archi writes from an absolute position) that coordinate is taken exactly,
    so absolute -> relative -> absolute is the identity; otherwise the blend is Archi's, bit for bit.
    """
    (sx, sy), (tx, ty) = centre(source), centre(target)
    count = len(relative) + 1
    points = []
    for index, (start_x, start_y, end_x, end_y) in enumerate(relative, 1):
        weight = index / count
        points.append(
            Point(
                x=_blend(sx + start_x, tx + end_x, weight),
                y=_blend(sy + start_y, ty + end_y, weight),
            )
        )
    return points


def _blend(from_start: int, from_end: int, weight: float) -> int:
    if from_start == from_end:
        return from_start
    return int(from_start * (1.0 - weight) + from_end * weight)


def relative_bendpoint(point: Point, source: Bounds, target: Bounds) -> tuple[int, int, int, int]:
    """Archi's offsets for an absolute point (DiagramModelUtils.createBendPointFromAbsolutePosition)."""
    (sx, sy), (tx, ty) = centre(source), centre(target)
    return point.x - sx, point.y - sy, point.x - tx, point.y - ty


def parse_color(text: str | None) -> Color | None:
    """`#rrggbb` (or Archi's older `r,g,b`) -> Color; None when absent or unreadable."""
    if not text:
        return None
    text = text.strip()
    try:
        if text.startswith("#") and len(text) == 7:
            return Color(r=int(text[1:3], 16), g=int(text[3:5], 16), b=int(text[5:7], 16))
        parts = [int(p) for p in text.split(",")]
    except ValueError:
        return None
    if len(parts) == 3 and all(0 <= p <= 255 for p in parts):
        return Color(r=parts[0], g=parts[1], b=parts[2])
    return None


def color_string(color: Color) -> str:
    return f"#{color.r:02x}{color.g:02x}{color.b:02x}"


def alpha_to_percent(alpha: int) -> int:
    """Archi 0-255 alpha -> exchange opacity percent (XMLModelExporter: Math.round(alpha / 255f * 100))."""
    return int(alpha / 255 * 100 + 0.5)


def percent_to_alpha(percent: int) -> int:
    """Exchange opacity percent -> Archi alpha (XMLModelImporter: Math.round(percent * 255f / 100))."""
    return int(percent * 255 / 100 + 0.5)


def parse_font(text: str | None) -> Font | None:
    """An SWT FontData string -> Font(name, size, style); None when unreadable."""
    if not text:
        return None
    parts = text.split("|")
    if len(parts) < 4:
        return None
    try:
        height = float(parts[2])
        style_bits = int(parts[3])
    except ValueError:
        return None
    styles = [name for bit, name in ((1, "bold"), (2, "italic")) if style_bits & bit]
    size = str(int(height)) if height.is_integer() else str(height)
    return Font(name=parts[1] or None, size=size, style=" ".join(styles) or None)


def font_string(font: Font) -> str:
    """Font -> the SWT FontData string Archi stores (platform part left out; SWT accepts that)."""
    try:
        size = float(font.size or DEFAULT_FONT_SIZE)
    except ValueError:
        size = float(DEFAULT_FONT_SIZE)
    words = (font.style or "").split()
    bits = (1 if "bold" in words else 0) | (2 if "italic" in words else 0)
    return f"1|{font.name or DEFAULT_FONT_NAME}|{size:.1f}|{bits}|"
