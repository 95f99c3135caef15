"""What a CI format needs of a finding, and where a model's elements are defined (file and line)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from exporters.archi.common import xml_id
from exporters.archi.csv_read import ELEMENTS, RELATIONS, csv_set

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


def element_locations(path: Path) -> dict[str, tuple[str, int]]:
    """Element (and relationship) id -> (file, line) that defines it.

    The readers do not keep source lines (they would cost memory on every model), so the file is scanned
    again only for the CI formats: the first `identifier="…"` (exchange XML) or `id="…"` (.archimate, under
    the id the reader gives it) of each id, or the row of …elements.csv / …relations.csv in an Archi CSV set.
    """
    path = Path(path)
    if path.is_dir() or path.suffix.lower() == ".csv":
        return _csv_locations(path)
    archi = path.suffix.lower() == ".archimate"
    pattern = _ARCHI_ID if archi else _IDENTIFIER
    file = str(path)
    found: dict[str, tuple[str, int]] = {}
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if b"id" not in raw:
                continue
            for match in pattern.finditer(raw):
                ident = match.group(1).decode("utf-8", "replace")
                found.setdefault(xml_id(ident) if archi else ident, (file, number))
    return found


def element_lines(path: Path) -> dict[str, int]:
    """Element (and relationship) id -> the line that defines it (in the file `element_locations` names)."""
    return {ident: line for ident, (_, line) in element_locations(path).items()}


def _csv_locations(path: Path) -> dict[str, tuple[str, int]]:
    folder, prefix = csv_set(path)
    found: dict[str, tuple[str, int]] = {}
    for part in (ELEMENTS, RELATIONS):
        target = next((p for p in sorted(folder.iterdir()) if p.name.lower() == f"{prefix}{part}.csv".lower()), None)
        if target is None:
            continue
        with open(target, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            first = 1  # a quoted cell may span lines: a row is located at the line it starts on
            for row in reader:
                if row and row[0] and row[0] != "ID":
                    found.setdefault(xml_id(row[0]), (str(target), first))
                first = reader.line_num + 1
    return found
