"""The exchange-format reader (private; the public functions are in `exporters.exchange`).

Streams the file with `iterparse`, handling each `<element>` and `<relationship>` as it ends and
clearing it, so the whole document is never held in memory. This is the validation boundary:
every value is checked here, then objects are built without a second validation.

What the reader cannot use but can work around becomes a warning Finding (`strict` makes it an
error); what it cannot work around (a dangling reference, a duplicate id, an unknown type) raises
EaError with file and line, or, with `recover`, becomes an error Finding and the object is left out.
"""

from __future__ import annotations

import gc
import io
import os
from collections.abc import Callable

from lxml import etree

from ea_model.construct import fast_constructor
from ea_model.errors import EaError
from ea_model.graph_scan import paused_gc
from ea_model.model import Model
from ea_model.objects import (
    Element,
    Property,
    Relationship,
)
from exporters.exchange.common import (
    ACCESS_TYPES,
    ARCHI_NATIVE_NS,
    ARCHIMATE2_NAMESPACES,
    ARCHIMATE_NS,
    ELEMENT_TYPE_OF,
    NAME_OPTIONAL,
    RELATIONSHIP_TYPE_OF,
    XML_LANG,
    XSI_TYPE,
    tag,
)
from exporters.exchange.read_base import ARCHIMATE_PREFIX, ReaderBase
from exporters.exchange.read_checks import Resolving
from exporters.exchange.read_sections import SectionReading
from exporters.exchange.read_views import ViewReading
from exporters.xmlsafe import refuse_dtd, safe_iterparse

T_ELEMENT, T_RELATIONSHIP = tag("element"), tag("relationship")
T_ELEMENTS, T_RELATIONSHIPS = tag("elements"), tag("relationships")
T_NAME, T_DOCUMENTATION, T_PROPERTIES = tag("name"), tag("documentation"), tag("properties")
T_ORGANIZATIONS, T_PROPERTY_DEFINITIONS = tag("organizations"), tag("propertyDefinitions")
T_VIEW, T_VIEWPOINTS, T_METADATA, T_ITEM = tag("view"), tag("viewpoints"), tag("metadata"), tag("item")
STREAMED = (
    T_ELEMENT,
    T_RELATIONSHIP,
    T_ITEM,
    T_ELEMENTS,
    T_RELATIONSHIPS,
    T_ORGANIZATIONS,
    T_PROPERTY_DEFINITIONS,
    T_VIEW,
    T_VIEWPOINTS,
    T_METADATA,
)
# Spellings other tools use, read with a warning.
TYPE_ALIASES = {"Junction": "AndJunction", "UsedBy": "Serving", "UsedByRelationship": "Serving"}
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}

_new_element = fast_constructor(
    Element, dict(id="e", type="BusinessActor", name={"en": "x"}, documentation={}, properties=[])
)
_new_relationship = fast_constructor(
    Relationship,
    dict(id="r", type="Access", name={}, documentation={}, properties=[], source="a", target="b")
    | dict(access_type="Read", is_directed=None, modifier=None),
)


MAX_QUIET_BYTES = 16 << 20  # of input with nothing streamed: more, and the file is not an exchange model
PROGRESS_STEP = 4 << 20  # bytes read between two progress reports
ReadProgress = Callable[[int, int], None]  # (bytes read, bytes in the file)


class _Watched:
    """The file as the streaming parser reads it, watched for what streaming cannot bound.

    Everything ea reads is handled, and freed, as soon as it ends: a concept, an organization
    item, a view. Content that is none of these stays in memory until the document ends, so a
    file that goes on for megabytes without any (a flood of unknown elements) is refused instead
    of filling the memory."""

    def __init__(self, raw, reader: ExchangeReader):
        self.raw = raw
        self.reader = reader
        self.consumed = 0
        self.last_event = 0
        self.progress = reader.progress
        self.next_report = 0
        try:
            self.total = os.fstat(raw.fileno()).st_size
        except (AttributeError, OSError, io.UnsupportedOperation):
            self.total = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.consumed += len(data)
        if self.progress is not None and (self.consumed >= self.next_report or not data):
            self.progress(self.consumed, max(self.total, self.consumed))
            self.next_report = self.consumed + PROGRESS_STEP
        if self.consumed - self.last_event > MAX_QUIET_BYTES:
            raise EaError(
                f"{MAX_QUIET_BYTES >> 20} MB of the file (up to byte {self.consumed:,}) hold no element, "
                "relationship, view or organization item: this does not look like an ArchiMate exchange model",
                file=self.reader.label,
            )
        return data


class ExchangeReader(ReaderBase, SectionReading, ViewReading, Resolving):
    """One read of one file. Use `read()` once."""

    progress: ReadProgress | None = None  # told how far the read is, every PROGRESS_STEP bytes

    # ---- reading ------------------------------------------------------------------------------

    def read(self, source) -> Model:
        """Read `source` (a path, or a binary file object positioned at the start)."""
        self._check_root(source)
        if hasattr(source, "seek"):
            source.seek(0)
            root = self._stream(_Watched(source, self))
        else:
            try:
                handle = open(source, "rb")  # noqa: SIM115 - closed below, whatever happens
            except OSError as exc:
                raise EaError(f"cannot read: {exc.strerror or exc}", file=self.label) from None
            with handle:
                root = self._stream(_Watched(handle, self))
        self._read_header(root)
        return self._finish()

    def _syntax_error(self, exc: etree.XMLSyntaxError) -> EaError:
        message = exc.msg or ""
        line = exc.position[0] if exc.position and exc.position[0] else exc.lineno
        if not line or message in ("", "no element found"):
            # iterparse may report a generic message at the end; the parser's log has the cause
            # (it was cleared when this parse began, so the entries are this file's).
            errors = [entry for entry in exc.error_log or () if entry.level >= etree.ErrorLevels.ERROR]
            if errors:
                message, line = errors[0].message, errors[0].line
        # libxml2 appends ", line N, column M" to its messages; the line is already in front.
        message = (message or str(exc)).split(", line ")[0].strip()
        return EaError(f"not well-formed XML: {message}", file=self.label, line=line or None)

    def _check_root(self, source) -> None:
        """Fail fast, before streaming the whole file, when it is not a 3.x exchange model."""
        refuse_dtd(source, self.label)
        etree.clear_error_log()
        try:
            context = safe_iterparse(source, events=("start",))
            root = next(iter(context), (None, None))[1]
        except etree.XMLSyntaxError as exc:
            raise self._syntax_error(exc) from None
        except OSError as exc:
            raise EaError(f"cannot read: {exc.strerror or exc}", file=self.label) from None
        if root is None:
            raise EaError("the file is empty", file=self.label)
        qname = etree.QName(root)
        if qname.namespace == ARCHIMATE_NS and qname.localname == "model":
            return
        line = root.sourceline
        if qname.namespace in ARCHIMATE2_NAMESPACES:
            raise EaError(
                f"this is the ArchiMate 2.x exchange format (namespace {qname.namespace}); ea reads exchange "
                "format 3.x: re-export the model as ArchiMate 3.x from its tool (e.g. Archi 4 or later)",
                file=self.label,
                line=line,
            )
        if qname.namespace == ARCHI_NATIVE_NS:
            raise EaError(
                "this is an Archi native model, not an exchange file: give it the extension .archimate",
                file=self.label,
                line=line,
            )
        if qname.localname == "model":
            found = f"namespace {qname.namespace}" if qname.namespace else "no namespace"
            raise EaError(
                f"<model> has {found}; an ArchiMate 3.x exchange file uses namespace {ARCHIMATE_NS}",
                file=self.label,
                line=line,
            )
        raise EaError(
            f"not an ArchiMate exchange model: the root element is <{qname.localname}>"
            + (f" (namespace {qname.namespace})" if qname.namespace else "")
            + f", expected <model> in namespace {ARCHIMATE_NS}",
            file=self.label,
            line=line,
        )

    def _stream(self, source: _Watched):
        etree.clear_error_log()
        context = safe_iterparse(source, events=("end",), tag=STREAMED)
        element, relationship, item = self._element, self._relationship, self.read_organization_item
        try:
            for _, el in context:
                source.last_event = source.consumed
                el_tag = el.tag
                # The three that come by the hundred thousand first, the most frequent first.
                if el_tag == T_RELATIONSHIP:
                    relationship(el)
                elif el_tag == T_ITEM:
                    item(el)
                elif el_tag == T_ELEMENT:
                    element(el)
                elif el_tag == T_VIEW:
                    self.read_view(el)
                    el.clear()
                elif el_tag == T_ELEMENTS or el_tag == T_RELATIONSHIPS:
                    el.clear()  # the emptied husks of what was read
                elif el_tag == T_PROPERTY_DEFINITIONS:
                    self._property_definitions(el)
                    el.clear()
                elif el_tag == T_ORGANIZATIONS:
                    self.end_organizations(el)
                    el.clear()
                elif el_tag == T_VIEWPOINTS:
                    self.read_viewpoints(el)
                    el.clear()
                elif el_tag == T_METADATA:
                    self._metadata(el)
                    el.clear()
        except etree.XMLSyntaxError as exc:
            raise self._syntax_error(exc) from None
        return context.root

    # ---- concepts (the hot path) ------------------------------------------------------------

    def _concept_slow_path(self, el, kind: str, table: dict[str, str]) -> tuple[str, str] | None:
        """Identifier and type of a concept that is not the common case: either missing, a duplicate,
        or a type spelled differently. None when it cannot be read."""
        ident = el.get("identifier")
        if ident is None:
            ident = self._generate_id(kind)
            self.warn("missing-identifier", f"<{kind}> has no identifier; gave it {ident}", line=el.sourceline)
        elif self.taken(ident):
            self.error("duplicate-id", self.duplicate_message(ident, kind), ref=ident, line=el.sourceline)
            return None
        raw = el.get(XSI_TYPE)
        concept_type = table.get(raw) or self._resolve_type(el, raw, table, kind, ident)
        return None if concept_type is None else (ident, concept_type)

    def _resolve_type(self, el, raw: str | None, table: dict[str, str], kind: str, ident: str) -> str | None:
        """The slow path for a type that is not spelled exactly as the schema has it."""
        line = el.sourceline
        if raw is None:
            raw = el.get("type")
            if raw is None:
                self.error("unknown-type", f"<{kind} identifier={ident!r}> has no xsi:type", ref=ident, line=line)
                return None
            self.warn(
                "invalid-value", f"<{kind} identifier={ident!r}> has type= instead of xsi:type=", ref=ident, line=line
            )
        local = raw
        if ":" in raw:
            prefix, local = raw.split(":", 1)
            if el.nsmap.get(prefix) != ARCHIMATE_NS:
                local = None
        if local in table:
            return table[local]
        if local is not None:
            alias = TYPE_ALIASES.get(local)
            if alias is None and kind == "relationship" and local.endswith("Relationship"):
                alias = local[: -len("Relationship")]
            if alias in table:
                self.warn("invalid-value", f"{kind} type {raw!r} read as {alias!r}", ref=ident, line=line)
                return table[alias]
        known = "element" if kind == "element" else "relationship"
        self.error(
            "unknown-type",
            f"<{kind} identifier={ident!r}>: unknown {known} type {raw!r} "
            f"(ArchiMate 3.1 exchange types are spelled like {'BusinessActor' if kind == 'element' else 'Serving'})",
            ref=ident,
            line=line,
        )
        return None

    def concept_head(self, el, kind: str, table: dict[str, str]) -> tuple[str, str] | None:
        """A concept's identifier and type: the common case in two lookups, the rest by the slow path.
        None when it cannot be read (reported)."""
        ident = el.get("identifier")
        concept_type = table.get(el.get(XSI_TYPE))
        if ident is None or concept_type is None or ident in self.other_ids:
            return self._concept_slow_path(el, kind, table)
        return ident, concept_type

    def _element(self, el) -> None:
        head = self.concept_head(el, "element", ELEMENT_TYPE_OF)
        if head is None:
            el.clear()
            return
        ident, el_type = head
        name, documentation, properties = self._children(el, "element")
        element = _new_element(
            {"id": ident, "type": el_type, "name": name, "documentation": documentation, "properties": properties}
        )
        if self.concepts.setdefault(ident, element) is not element:
            self.error("duplicate-id", self.duplicate_message(ident, "element"), ref=ident, line=el.sourceline)
        else:
            self.elements.append(element)
            if not name and el_type not in NAME_OPTIONAL:
                self.warn("missing-name", f"{el_type} {ident!r} has no name", ref=ident, line=el.sourceline)
        el.clear()

    def _relationship(self, el) -> None:
        head = self.concept_head(el, "relationship", RELATIONSHIP_TYPE_OF)
        if head is None:
            el.clear()
            return
        ident, rel_type = head
        get = el.get
        concepts = self.concepts
        source, target = self.own_id(get("source")), self.own_id(get("target"))
        access = directed = modifier = None
        if rel_type == "Access":
            access = get("accessType")
            if access is not None and access not in ACCESS_TYPES:
                access = self._access_type(el, access, ident)
        elif rel_type == "Influence":
            modifier = get("modifier")
        elif rel_type == "Association":
            raw = get("isDirected")
            if raw is not None:
                directed = BOOLEANS.get(raw.strip())
                if directed is None:
                    self.warn(
                        "invalid-value", f"isDirected={raw!r} is not a boolean; ignored", ref=ident, line=el.sourceline
                    )
        if len(el):
            name, documentation, properties = self._children(el, "relationship")
        else:
            name, documentation, properties = {}, {}, []
        rel = _new_relationship(
            {
                "id": ident,
                "type": rel_type,
                "name": name,
                "documentation": documentation,
                "properties": properties,
                "source": source,
                "target": target,
                "access_type": access,
                "is_directed": directed,
                "modifier": modifier,
            }
        )
        if concepts.setdefault(ident, rel) is not rel:
            self.error("duplicate-id", self.duplicate_message(ident, "relationship"), ref=ident, line=el.sourceline)
        else:
            self.relationships.append(rel)
            if source not in concepts or target not in concepts:
                # Another relationship further on (a forward reference), or nothing at all: decided at the end.
                self.unresolved[ident] = el.sourceline
        el.clear()

    def _access_type(self, el, raw: str, ident: str) -> str | None:
        for known in ACCESS_TYPES:
            if raw.strip().lower() == known.lower():
                self.warn("invalid-value", f"accessType={raw!r} read as {known!r}", ref=ident, line=el.sourceline)
                return known
        self.warn(
            "invalid-value",
            f"accessType={raw!r} is not one of {', '.join(sorted(ACCESS_TYPES))}; read as the default (Access)",
            ref=ident,
            line=el.sourceline,
        )
        return None

    def _children(self, el, owner: str) -> tuple[dict, dict, list]:
        """name*, documentation*, properties? of a concept."""
        name: dict[str, str] = {}
        documentation: dict[str, str] = {}
        properties: list[Property] = []
        langs = self.langs
        for child in el:
            child_tag = child.tag
            if child_tag == T_NAME:
                target = name
            elif child_tag == T_DOCUMENTATION:
                target = documentation
            elif child_tag == T_PROPERTIES:
                properties = self.properties(child, owner)
                continue
            else:
                self.unexpected(child, owner)
                continue
            lang = child.get(XML_LANG)
            lang = "" if lang is None else (langs.get(lang) or self._lang(lang))
            text = child.text
            if text is None:
                text = ""
            if lang in target:
                self._duplicate_lang(child, owner, lang)
            elif text or lang:
                target[lang] = text
        return name, documentation, properties

    # ---- after the last byte ------------------------------------------------------------------

    def _finish(self) -> Model:
        self._resolve_relationships()
        self._declare_missing_definitions()
        self.check_view_references()
        self.check_organization_references()
        for (rule, key), count in self.noted.items():
            message, line = self.noted_first[rule, key]
            self.findings.append(self._repeated(rule, "warning", message, line, count))
        for key, (message, line) in self.unexpected_first.items():
            if key[1].startswith(ARCHIMATE_PREFIX):
                finding = self._repeated("unexpected-content", "warning", message, line, self.unexpected_seen[key])
            else:
                finding = self._repeated("ignored-extension", "advice", message, line, self.unexpected_seen[key])
            self.findings.append(finding)
        model = Model(self.info)
        relationships = self.relationships
        if self.dropped:
            relationships = [rel for rel in relationships if rel.id not in self.dropped]
        model.add_concepts_from(self.elements, relationships, checked=True)
        model.property_definitions = self.property_definitions
        model.organizations = self.organizations
        model.views = self.views
        model.info.viewpoints = self.viewpoints
        model.load_findings = sorted(self.findings, key=lambda f: (f.line is None, f.line or 0))
        model.source = self.label
        return model


def read_source(
    source, label: str | os.PathLike | None, *, strict: bool, recover: bool, progress: ReadProgress | None = None
) -> Model:
    reader = ExchangeReader(str(label) if label is not None else None, strict=strict, recover=recover)
    reader.progress = progress
    with paused_gc():
        model = reader.read(source)
        if len(reader.concepts) >= 50_000:
            # A large model lives as long as the program: spare the collector a full pass over its
            # million objects now and in every later collection (they hold no reference cycles,
            # so reference counting still frees them).
            gc.freeze()
    return model
