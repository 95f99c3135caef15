"""Archi's CSV format: three files, `<prefix>elements.csv`, `<prefix>relations.csv`,
`<prefix>properties.csv` (Archi's "Export Model to CSV" / "Import CSV data into model").

    >>> model = read_archi_csv("tests/data/archimate/archi-csv/test1-elements.csv")   # doctest: +SKIP
    >>> write_archi_csv(model, "out/bma-")                                        # doctest: +SKIP
    ['views (12) are not carried by Archi CSV', ...]

A path names the set: a folder holding one set, any of its three files, or the prefix itself
ending in `-` (`out/bma-` -> `out/bma-elements.csv`...). Writing to `x.csv` (not one of the three
names) uses the prefix `x-`.

Reading follows Archi's importer: headers matched case-insensitively (older files without the
Specialization column too), delimiter `,` `;` or tab detected from the header, UTF-8 with or
without BOM (a file that is not UTF-8 is read as Windows-874, the Thai ANSI code page, with a
warning), lines starting with `#` between rows skipped, every row as long as its header. The
first elements row may be the model (`ArchimateModel`); relationship attributes arrive as the
special properties `Access_Type`, `Influence_Strength`, `Directed` and `Junction_Type`; names,
property keys and values have line breaks and tabs turned into spaces. An Access relationship
with no `Access_Type` is Write, as in Archi. Ids starting with a digit get the `id-` prefix the
other Archi readers give them.

Writing is what Archi writes: every field quoted, CRLF line ends, the model row first, elements
and relations sorted by type then name. `excel_safe=True` is for files a person will open in a
spreadsheet: a free-text cell (name, documentation, specialization, property key or value) that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so the spreadsheet
shows it as text instead of running it as a formula (OWASP, "CSV Injection"), and the files get a
UTF-8 BOM so Excel reads Thai correctly. The escaping happens only on export: reading never strips
a leading `'`, so keep `excel_safe` off for files meant to be read back as data.
"""

from __future__ import annotations

import os
import re
from contextlib import ExitStack

from ea_model import metamodel
from ea_model.errors import EaError
from ea_model.graph_scan import paused_gc
from ea_model.model import Model
from ea_model.objects import Concept, Element, Property, text_in
from exporters.archi.common import (
    DOCUMENTATION_JOIN,
    NAME_JOIN,
    SPECIALIZATION_ID,
    archi_class,
    one_text,
    specializations_of,
)
from exporters.archi.csv_read import (
    ACCESS_TYPE,
    ARCHI_ID,
    DELIMITERS,
    DIRECTED,
    ELEMENTS,
    HEADERS,
    INFLUENCE_STRENGTH,
    JUNCTION_TYPE,
    MODEL_TYPE,
    PROPERTIES,
    RELATIONS,
    csv_set,
    flatten,
    read_archi_csv,
)
from exporters.atomic import atomic_open

__all__ = ["csv_set", "read_archi_csv", "write_archi_csv"]

FORMAT = "Archi CSV"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Archi's folder order, which its exporter follows for elements.
_LAYER_ORDER = (
    metamodel.Layer.STRATEGY,
    metamodel.Layer.BUSINESS,
    metamodel.Layer.APPLICATION,
    metamodel.Layer.TECHNOLOGY,
    metamodel.Layer.PHYSICAL,
    metamodel.Layer.MOTIVATION,
    metamodel.Layer.IMPLEMENTATION_MIGRATION,
    metamodel.Layer.OTHER,
)


# ---- writing --------------------------------------------------------------------------------------


def write_archi_csv(
    model: Model,
    path: str | os.PathLike,
    *,
    lang: str | None = None,
    delimiter: str = ",",
    excel_safe: bool = False,
    bom: bool | None = None,
) -> list[str]:
    """Write `model` as Archi's three CSV files; returns what CSV could not carry.

    `excel_safe` escapes cells a spreadsheet would run as formulas and adds a BOM (see the module
    docs); `bom` overrides the BOM choice. Texts in several languages keep the one
    `text_in(value, lang)` picks. The three files are written atomically, each one complete or
    not at all.
    """
    if delimiter not in DELIMITERS:
        raise EaError(f"the delimiter must be one of {', '.join(map(repr, DELIMITERS))}")
    folder, prefix = csv_set(path, for_writing=True)
    writer = _CsvWriter(model, lang=lang, excel_safe=excel_safe)
    with paused_gc():
        tables = writer.tables()
    use_bom = excel_safe if bom is None else bom
    payloads = {}
    for kind, rows in tables.items():
        text = "\r\n".join(delimiter.join(_quote(cell) for cell in row) for row in rows)
        payloads[kind] = ("\ufeff" if use_bom else "").encode("utf-8") + text.encode("utf-8")
    with ExitStack() as stack:
        for kind, data in payloads.items():
            stack.enter_context(atomic_open(folder / f"{prefix}{kind}.csv")).write(data)
    return writer.dropped_messages()


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


class _CsvWriter:
    def __init__(self, model: Model, *, lang: str | None, excel_safe: bool):
        self.m, self.lang, self.excel_safe = model, lang, excel_safe
        self.dropped: dict[str, int] = {}

    def drop(self, what: str, count: int = 1) -> None:
        if count:
            self.dropped[what] = self.dropped.get(what, 0) + count

    def text(self, value, *, flat: bool = True, free: bool = True, join: str | None = None) -> str:
        """`value`'s one text (`one_text`; `join` for names and documentation), counting what it leaves out."""
        out, used = one_text(value, self.lang, join=join)
        if value and len(value) > used:
            self.drop("texts in a second language", len(value) - used)
        elif value and "" not in value:
            self.drop("language tags of texts (xml:lang)")
        if flat and re.search(r"[\r\n\t]", out):
            self.drop("line breaks and tabs in names, keys and values (written as spaces)")
            out = flatten(out)
        return self.cell(out) if free else out

    def cell(self, value: str) -> str:
        if self.excel_safe and value.startswith(_FORMULA_START):
            return "'" + value
        return value

    def check_id(self, ref: str) -> str:
        if not ARCHI_ID.match(ref):
            self.drop("ids with characters Archi's CSV import rejects (allowed: A-Z a-z 0-9 . _ -)")
        return ref

    def specialization(self, concept: Concept) -> str:
        names = specializations_of(concept)
        self.drop("second specializations of one concept", max(0, len(names) - 1))
        return self.cell(names[0]) if names else ""

    def tables(self) -> dict[str, list[list[str]]]:
        m = self.m
        elements = sorted(m.elements(), key=_element_order)
        relations = sorted(
            m.relationships(), key=lambda r: (archi_class(r.type).lower(), text_in(r.name).lower().strip())
        )
        element_rows = [list(HEADERS[ELEMENTS])]
        element_rows.append(
            [
                m.info.id,
                MODEL_TYPE,
                self.text(m.info.name, join=NAME_JOIN),
                self.cell(self.text(m.info.documentation, flat=False, free=False, join=DOCUMENTATION_JOIN)),
                "",
            ]
        )
        for el in elements:
            element_rows.append(
                [
                    self.check_id(el.id),
                    archi_class(el.type),
                    self.text(el.name, join=NAME_JOIN),
                    self.cell(self.text(el.documentation, flat=False, free=False, join=DOCUMENTATION_JOIN)),
                    self.specialization(el),
                ]
            )
        relation_rows = [list(HEADERS[RELATIONS])]
        for rel in relations:
            relation_rows.append(
                [
                    self.check_id(rel.id),
                    archi_class(rel.type),
                    self.text(rel.name, join=NAME_JOIN),
                    self.cell(self.text(rel.documentation, flat=False, free=False, join=DOCUMENTATION_JOIN)),
                    rel.source,
                    rel.target,
                    self.specialization(rel),
                ]
            )
        property_rows = [list(HEADERS[PROPERTIES])]
        property_rows += self.property_rows(m.info.id, m.info.properties)
        for concept in (*elements, *relations):
            property_rows += self.property_rows(concept.id, concept.properties)
            property_rows += self.attribute_rows(concept)
        self.count_not_carried()
        return {ELEMENTS: element_rows, RELATIONS: relation_rows, PROPERTIES: property_rows}

    def property_rows(self, ref: str, properties: list[Property]) -> list[list[str]]:
        rows = []
        for prop in properties:
            if prop.definition_ref == SPECIALIZATION_ID:
                continue
            definition = self.m.property_definitions.get(prop.definition_ref)
            key = self.text(definition.name) if definition else self.cell(prop.definition_ref)
            rows.append([ref, key, self.text(prop.value)])
        return rows

    def attribute_rows(self, concept: Concept) -> list[list[str]]:
        """Relationship attributes and the junction type as Archi's special properties."""
        if concept.type == "Access":
            return [[concept.id, ACCESS_TYPE, concept.access_type or "Access"]]
        if concept.type == "Influence" and concept.modifier:
            return [[concept.id, INFLUENCE_STRENGTH, self.cell(concept.modifier)]]
        if concept.type == "Association":
            return [[concept.id, DIRECTED, "true" if concept.is_directed else "false"]]
        if concept.type in metamodel.JUNCTION_TYPES:
            return [[concept.id, JUNCTION_TYPE, "Or" if concept.type == "OrJunction" else "And"]]
        return []

    def count_not_carried(self) -> None:
        m = self.m
        self.drop("views", len(m.views))
        self.drop("organization folders", sum(_folders(item) for item in m.organizations))
        defs = m.property_definitions.values()
        self.drop("property definition data types other than string", sum(1 for d in defs if d.type != "string"))
        self.drop("property definition documentation", sum(1 for d in defs if d.documentation))
        if m.info.metadata and (m.info.metadata.items or m.info.metadata.schema_name):
            self.drop("model metadata entries (Dublin Core)", max(1, len(m.info.metadata.items)))
        if m.info.version:
            self.drop("the model version attribute")
        self.drop("specialization images", sum(1 for p in m.info.profiles if p.image_path))
        self.drop("viewpoint definitions", len(getattr(m.info, "viewpoints", None) or []))

    def dropped_messages(self) -> list[str]:
        return [f"{what} ({n}) are not carried by {FORMAT}" for what, n in self.dropped.items()]


def _element_order(el: Element) -> tuple:
    layer = metamodel.ELEMENT_TYPES[el.type].layer
    # Archi keeps Technology and Physical elements in one folder.
    rank = _LAYER_ORDER.index(metamodel.Layer.TECHNOLOGY if layer == metamodel.Layer.PHYSICAL else layer)
    return rank, archi_class(el.type).lower(), text_in(el.name).lower().strip()


def _folders(item) -> int:
    return (1 if item.ref is None else 0) + sum(_folders(child) for child in item.items)
