"""What a CI format needs of a finding, and where a model's elements are defined (file and line)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

_IDENTIFIER = re.compile(rb'\bidentifier="([^"]+)"')
_ARCHI_ID = re.compile(rb'\bid="([^"]+)"')


@dataclass(frozen=True)
class Issue:
    """One finding: `rule` (criterion id, validation rule...), `level` error | warning | note, `suite` the
    group it is reported under (an outcome, "validation", "governance"), `case` its test-case name."""

    rule: str
    level: str
    message: str
    suite: str
    case: str
    element: str | None = None
    file: str | None = None
    line: int | None = None
    waiver: dict | None = None  # id, justification..., when a waiver covers it
    gates: bool = False
    properties: dict = field(default_factory=dict)


def element_lines(path: Path) -> dict[str, int]:
    """Element (and relationship) id -> the line that defines it in the model file.

    The readers do not keep source lines (they would cost memory on every model), so the file is scanned
    again only for SARIF: the first `identifier="…"` (exchange XML) or `id="…"` (.archimate) of each id,
    or the row of elements.csv / relations.csv in an Archi CSV folder.
    """
    path = Path(path)
    if path.is_dir():
        return _csv_lines(path)
    pattern = _ARCHI_ID if path.suffix.lower() == ".archimate" else _IDENTIFIER
    lines: dict[str, int] = {}
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if b"id" not in raw:
                continue
            for match in pattern.finditer(raw):
                lines.setdefault(match.group(1).decode("utf-8", "replace"), number)
    return lines


def _csv_lines(folder: Path) -> dict[str, int]:
    lines: dict[str, int] = {}
    for name in ("elements.csv", "relations.csv"):
        target = next((p for p in folder.iterdir() if p.name.lower().endswith(name)), None)
        if target is None:
            continue
        with open(target, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            for row in reader:
                if row and row[0] and row[0] != "ID":
                    lines.setdefault(row[0], reader.line_num)
    return lines
