"""Reading Archi's CSV files (see `exporters.archi.csv` for the format and the public API)."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

from ea_model import metamodel
from ea_model.errors import EaError
from ea_model.graph_scan import paused_gc
from ea_model.model import Model
from ea_model.objects import Concept, Element, ModelInfo, Profile, Property, Relationship
from exporters.archi.common import (
    JUNCTION_CLASS,
    Problems,
    PropertyKeys,
    archi_class,
    element_type_of,
    new_id,
    profile_id,
    relationship_type_of,
    specialization_definition,
    specialization_property,
    specializations_of,
    xml_id,
)

ELEMENTS, RELATIONS, PROPERTIES = "elements", "relations", "properties"
HEADERS = {
    ELEMENTS: ("ID", "Type", "Name", "Documentation", "Specialization"),
    RELATIONS: ("ID", "Type", "Name", "Documentation", "Source", "Target", "Specialization"),
    PROPERTIES: ("ID", "Key", "Value"),
}
MIN_COLUMNS = {ELEMENTS: 4, RELATIONS: 6, PROPERTIES: 3}
MODEL_TYPE = "ArchimateModel"
DELIMITERS = (",", ";", "\t")
ACCESS_TYPE, INFLUENCE_STRENGTH, DIRECTED, JUNCTION_TYPE = (
    "Access_Type",
    "Influence_Strength",
    "Directed",
    "Junction_Type",
)
ACCESS_TYPES = ("Write", "Read", "Access", "ReadWrite")
ARCHI_ID = re.compile(r"^[a-zA-Z0-9._-]+$")
_FIELD_LIMIT = 64 * 1024 * 1024
_BREAKS = re.compile(r"\r\n|\r|\n|\t")


# ---- where the files are --------------------------------------------------------------------------


def csv_set(path: str | os.PathLike, *, for_writing: bool = False) -> tuple[Path, str]:
    """(folder, prefix) of the CSV set a path names."""
    path = Path(path)
    if path.is_dir() or (for_writing and not path.suffix and not path.name.endswith("-")):
        return path, "" if for_writing else _prefix_in_folder(path)
    if path.name.endswith("-"):
        return path.parent, path.name
    if path.suffix.lower() == ".csv":
        stem = path.name[:-4]
        for part in (ELEMENTS, RELATIONS, PROPERTIES):
            if stem.lower().endswith(part):
                return path.parent, stem[: -len(part)]
        if for_writing:
            return path.parent, stem + "-"
        raise EaError(
            "not one of Archi's CSV files (name the …elements.csv, …relations.csv or …properties.csv file)",
            file=str(path),
        )
    raise EaError("not a CSV folder, CSV file or prefix ending in '-'", file=str(path))


def _prefix_in_folder(folder: Path) -> str:
    found = sorted(p.name[: -len("elements.csv")] for p in folder.iterdir() if p.name.lower().endswith("elements.csv"))
    if not found:
        raise EaError("no …elements.csv in this folder", file=str(folder))
    if len(found) > 1:
        named = ", ".join(repr(p or "(none)") for p in found)
        raise EaError(f"several CSV sets here (prefixes {named}); name one of their files", file=str(folder))
    return found[0]


# ---- reading --------------------------------------------------------------------------------------


def read_archi_csv(path: str | os.PathLike, *, strict: bool = False, recover: bool = False) -> Model:
    """Read an Archi CSV set into a Model.

    Bad input (wrong header, a row of the wrong length, an unknown type, an id Archi would reject,
    a duplicate id, a reference to an id that is not there) raises a one-line EaError naming the
    file and line; with `recover=True` those become error findings in `model.load_findings` and
    the row is left out.
    """
    folder, prefix = csv_set(path)
    elements_file = folder / f"{prefix}{ELEMENTS}.csv"
    if not elements_file.exists():
        raise EaError("no such file", file=str(elements_file))
    reader = _CsvReader(strict=strict, recover=recover)
    rows = {ELEMENTS: reader.records(elements_file, ELEMENTS)}
    for kind in (RELATIONS, PROPERTIES):
        file = folder / f"{prefix}{kind}.csv"
        rows[kind] = reader.records(file, kind) if file.exists() else []
    with paused_gc():
        model = reader.build(rows)
    model.source = str(elements_file)
    return model


class _Lines:
    """Physical lines for csv.reader; skips `#` comment lines and blank lines between records
    (never inside a quoted field) and remembers where each record starts."""

    def __init__(self, text: str):
        self.lines = iter(io.StringIO(text, newline=""))
        self.number = 0
        self.at_record_start = True
        self.record_line = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        while True:
            line = next(self.lines)
            self.number += 1
            if self.at_record_start and (line.startswith("#") or not line.strip("\r\n")):
                continue
            if self.at_record_start:
                self.record_line = self.number
                self.at_record_start = False
            return line


class _CsvReader:
    def __init__(self, *, strict: bool, recover: bool):
        self.strict, self.recover = strict, recover
        self.problems: dict[str, Problems] = {}
        self.findings = []

    def records(self, file: Path, kind: str) -> list[tuple[Problems, int, list[str]]]:
        problems = Problems(str(file), strict=self.strict, recover=self.recover, one_of_several=True)
        self.problems[kind] = problems
        text = self.decode(file, problems)
        lines = _Lines(text)
        header = HEADERS[kind]
        delimiter, width = _detect_delimiter(text, header, MIN_COLUMNS[kind])
        if delimiter is None:
            expected = ",".join(f'"{h}"' for h in header)
            raise EaError(f"not an Archi {kind} file: the first row must be {expected}", file=str(file), line=1)
        out = []
        old_limit = csv.field_size_limit(_FIELD_LIMIT)
        try:
            reader = csv.reader(lines, delimiter=delimiter)
            first = True
            while True:
                lines.at_record_start = True
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    raise EaError(f"unreadable CSV: {exc}", file=str(file), line=lines.record_line) from None
                if first:
                    first = False
                    continue
                if len(row) != width:
                    problems.error(
                        "bad-row",
                        f"the row has {len(row)} fields; the header has {width}",
                        line=lines.record_line,
                    )
                    continue
                out.append((problems, lines.record_line, row))
        finally:
            csv.field_size_limit(old_limit)
        return out

    def decode(self, file: Path, problems: Problems) -> str:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise EaError(f"cannot read: {exc.strerror or exc}", file=str(file)) from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.warning(
                "not-utf8",
                f"not UTF-8 (byte {exc.start}); read as Windows-874 (Thai ANSI). Save CSV files as UTF-8",
            )
            return data.decode("cp874", errors="replace")

    # ---- rows -> model ---------------------------------------------------------------------------

    def build(self, rows: dict[str, list]) -> Model:
        model = Model()
        self.model = model
        self.ids: dict[str, str] = {}  # csv id -> model id
        self.kinds: dict[str, str] = {}  # model id -> type
        self.keys = PropertyKeys()
        self.model_csv_id: str | None = None
        self.specialized: list[tuple[str, str]] = []
        specials, plain = self.split_properties(rows[PROPERTIES])
        elements = [self.element_row(*r) for r in rows[ELEMENTS]]
        relations = [self.relation_row(*r) for r in rows[RELATIONS]]
        profiles: dict[tuple[str, str], Profile] = {}
        for made in elements:
            if made is not None:
                self.add_element(made, specials)
        self.add_relationships([r for r in relations if r is not None], specials)
        self.attach_properties(plain)
        # The specialization goes after the ordinary properties, where the native reader puts it.
        for mid, name in self.specialized:
            concept = model.get_concept(mid)
            if concept is not None:
                concept.properties.append(specialization_property(name))
        for concept in (*model.elements(), *model.relationships()):
            for name in specializations_of(concept):
                cls = archi_class(concept.type)
                profiles.setdefault((cls, name), Profile(id=profile_id(cls, name), name=name, concept_type=cls))
        model.info.profiles = list(profiles.values())
        self.keys.install(model)
        if profiles:
            specialization_definition(model)
        model.load_findings = [f for p in self.problems.values() for f in p.findings]
        return model

    def claim(self, csv_id: str, problems: Problems, line: int) -> str | None:
        if not csv_id:
            return new_id()
        if not ARCHI_ID.match(csv_id):
            problems.error(
                "bad-id", f"id {csv_id!r} has characters Archi does not allow (A-Z a-z 0-9 . _ -)", line=line
            )
            return None
        mid = xml_id(csv_id)
        if csv_id in self.ids or mid in self.kinds:
            problems.error("duplicate-id", f"duplicate id {csv_id!r}", line=line, ref=mid)
            return None
        self.ids[csv_id] = mid
        return mid

    def element_row(self, problems: Problems, line: int, row: list[str]):
        csv_id, kind, name, documentation = row[:4]
        if kind == MODEL_TYPE:
            mid = self.claim(csv_id, problems, line) if csv_id else "id-model"
            self.model_csv_id = csv_id or None
            self.model.info = ModelInfo(
                id=mid or "id-model", name=_text(flatten(name)), documentation=_text(_doc(documentation))
            )
            if mid:
                self.kinds[mid] = MODEL_TYPE
            return None
        if element_type_of(kind) is None:
            problems.error("unknown-type", f"unknown element type {kind!r}", line=line, ref=csv_id or None)
            return None
        mid = self.claim(csv_id, problems, line)
        if mid is None:
            return None
        self.kinds[mid] = kind
        return (csv_id, mid, kind, name, documentation, row[4] if len(row) > 4 else "")

    def relation_row(self, problems: Problems, line: int, row: list[str]):
        csv_id, kind, name, documentation, source, target = row[:6]
        rtype = relationship_type_of(kind)
        if rtype is None:
            problems.error("unknown-type", f"unknown relationship type {kind!r}", line=line, ref=csv_id or None)
            return None
        mid = self.claim(csv_id, problems, line)
        if mid is None:
            return None
        self.kinds[mid] = rtype
        spec = row[6] if len(row) > 6 else ""
        return problems, line, csv_id, mid, rtype, name, documentation, source, target, spec

    def split_properties(self, rows):
        """Separate the special properties (relationship attributes, junction type) from ordinary ones."""
        specials: dict[str, dict[str, tuple[str, Problems, int]]] = {}
        plain = []
        for problems, line, (csv_id, key, value) in rows:
            key, value = flatten(key), flatten(value)
            if key in (ACCESS_TYPE, INFLUENCE_STRENGTH, DIRECTED, JUNCTION_TYPE):
                specials.setdefault(csv_id, {})[key] = (value, problems, line)
            plain.append((problems, line, csv_id, key, value))
        return specials, plain

    def add_element(self, made, specials) -> None:
        csv_id, mid, kind, name, documentation, spec = made
        junction = specials.get(csv_id, {}).get(JUNCTION_TYPE) if csv_id else None
        junction_type = None
        if kind == JUNCTION_CLASS and junction is not None:
            value, p, at = junction
            if value.lower() not in ("and", "or"):
                p.warning("bad-value", f"unknown Junction_Type {value!r}; read as Or (as Archi does)", line=at, ref=mid)
            junction_type = "and" if value.lower() == "and" else "or"
        etype = element_type_of(kind, junction_type)
        self.kinds[mid] = etype
        self.model.add_element(
            Element(id=mid, type=etype, name=_text(flatten(name)), documentation=_text(_doc(documentation)))
        )
        if spec.strip():
            self.specialized.append((mid, flatten(spec)))

    def relationship(self, made, specials) -> Relationship:
        problems, line, csv_id, mid, rtype, name, documentation, source, target, spec = made
        extra: dict = {}
        attrs = specials.get(csv_id, {}) if csv_id else {}
        if rtype == "Access":
            value, p, at = attrs.get(ACCESS_TYPE, ("Write", problems, line))
            if value not in ACCESS_TYPES:
                p.warning("bad-value", f"unknown Access_Type {value!r}; read as Write", line=at, ref=mid)
                value = "Write"
            extra["access_type"] = value
        elif rtype == "Influence" and attrs.get(INFLUENCE_STRENGTH, ("",))[0]:
            extra["modifier"] = attrs[INFLUENCE_STRENGTH][0]
        elif rtype == "Association" and attrs.get(DIRECTED, ("",))[0].lower() == "true":
            extra["is_directed"] = True
        ends = [self.ids.get(end, xml_id(end) if end else "") for end in (source, target)]
        if spec.strip():
            self.specialized.append((mid, flatten(spec)))
        return Relationship(
            id=mid,
            type=rtype,
            source=ends[0],
            target=ends[1],
            name=_text(flatten(name)),
            documentation=_text(_doc(documentation)),
            **extra,
        )

    def add_relationships(self, made_rows, specials) -> None:
        pending = [(self.relationship(made, specials), made[0], made[1]) for made in made_rows]
        while pending:
            ready = [p for p in pending if p[0].source in self.model and p[0].target in self.model]
            for rel, _, _ in ready:
                self.model.add_relationship(rel)
            if not ready:
                break
            pending = [p for p in pending if p[0].id not in self.model]
        for rel, problems, line in pending:
            missing = rel.source if rel.source not in self.model else rel.target
            problems.error(
                "dangling-reference",
                f"relationship {rel.id!r} refers to {missing or '(nothing)'!r}: no element or relationship has that id",
                line=line,
                ref=rel.id,
            )

    def attach_properties(self, plain) -> None:
        for problems, line, csv_id, key, value in plain:
            if not csv_id:
                problems.error("bad-row", "a property row without an id", line=line)
                continue
            if self.model_csv_id is not None and csv_id == self.model_csv_id:
                target = self.model.info
            else:
                target = self.model.get_concept(self.ids.get(csv_id, xml_id(csv_id)))
            if target is None:
                problems.error("dangling-reference", f"property for missing id {csv_id!r}", line=line, ref=csv_id)
                continue
            if isinstance(target, Concept) and _is_attribute(key, target):
                continue
            target.properties.append(Property(definition_ref=self.keys.id_for(key), value={"": value}))


def _detect_delimiter(text: str, header: tuple[str, ...], minimum: int) -> tuple[str | None, int]:
    """The delimiter that makes the first row Archi's header (matched case-insensitively)."""
    lines = _Lines(text)
    try:
        first = next(lines)
    except StopIteration:
        return None, 0
    for delimiter in DELIMITERS:
        try:
            row = next(csv.reader([first], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        names = [c.strip().lower() for c in row]
        if minimum <= len(names) <= len(header) and names == [h.lower() for h in header[: len(names)]]:
            return delimiter, len(names)
    return None, 0


def _is_attribute(key: str, concept: Concept) -> bool:
    """True when a special property is a relationship attribute or junction type of this concept."""
    return (
        (key == ACCESS_TYPE and concept.type == "Access")
        or (key == INFLUENCE_STRENGTH and concept.type == "Influence")
        or (key == DIRECTED and concept.type == "Association")
        or (key == JUNCTION_TYPE and concept.type in metamodel.JUNCTION_TYPES)
    )


def _text(value: str) -> dict[str, str]:
    return {"": value} if value else {}


def flatten(value: str) -> str:
    """Names, keys and values: line breaks and tabs become spaces (as Archi's importer does)."""
    if "\n" in value or "\r" in value or "\t" in value:
        return _BREAKS.sub(" ", value)
    return value


def _doc(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n")
