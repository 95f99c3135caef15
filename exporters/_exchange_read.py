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
import os
from collections import Counter

from lxml import etree

from ea_model.errors import EaError
from ea_model.findings import Finding
from ea_model.model import Model
from ea_model.objects import (
    Element,
    Metadata,
    ModelInfo,
    Property,
    PropertyDefinition,
    Relationship,
)
from exporters._exchange_common import (
    ACCESS_TYPES,
    ARCHI_NATIVE_NS,
    ARCHIMATE2_NAMESPACES,
    ARCHIMATE_NS,
    ELEMENT_TYPE_OF,
    MODEL_SECTIONS,
    NAME_OPTIONAL,
    PROPERTY_TYPES,
    RELATIONSHIP_TYPE_OF,
    XML_LANG,
    XSI_TYPE,
    fast_constructor,
    gc_paused,
    tag,
)
from exporters._exchange_read_views import ViewReading
from exporters.xmlsafe import reject_doctype, safe_iterparse

T_ELEMENT, T_RELATIONSHIP = tag("element"), tag("relationship")
T_ELEMENTS, T_RELATIONSHIPS = tag("elements"), tag("relationships")
T_NAME, T_DOCUMENTATION, T_PROPERTIES = tag("name"), tag("documentation"), tag("properties")
T_PROPERTY, T_VALUE = tag("property"), tag("value")
T_ORGANIZATIONS, T_PROPERTY_DEFINITIONS = tag("organizations"), tag("propertyDefinitions")
T_VIEW, T_VIEWPOINTS, T_METADATA = tag("view"), tag("viewpoints"), tag("metadata")
T_SCHEMA, T_SCHEMA_VERSION = tag("schema"), tag("schemaversion")
STREAMED = (
    T_ELEMENT,
    T_RELATIONSHIP,
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
_new_property = fast_constructor(Property, dict(definition_ref="p", value={"en": "x"}))


class ExchangeReader(ViewReading):
    """One read of one file. Use `read()` once."""

    def __init__(self, label: str | None, *, strict: bool = False, recover: bool = False):
        self.label = label
        self.strict = strict
        self.recover = recover
        self.findings: list[Finding] = []
        self.concepts: dict[str, Element | Relationship] = {}  # every element and relationship by id
        self.elements: list[Element] = []
        self.relationships: list[Relationship] = []  # document order
        self.unresolved: dict[str, int | None] = {}  # relationship id -> line: an endpoint not yet seen
        self.dropped: set[str] = set()  # relationships left out (recover)
        self.other_ids: dict[str, str] = {}  # id -> what it names, for every non-concept identifier
        self.property_definitions: dict[str, PropertyDefinition] = {}
        self.refs: dict[str, str] = {}  # propertyDefinitionRef values, interned
        self.ref_lines: dict[str, int | None] = {}
        self.langs: dict[str, str] = {"": ""}  # xml:lang values, interned
        self.metadata: Metadata | None = None
        self.generated = 0
        self.noted: Counter = Counter()  # (rule, key) -> occurrences of repetitive warnings
        self.noted_first: dict[tuple[str, str], tuple[str, int | None]] = {}
        super().__init__()

    # ---- findings -----------------------------------------------------------------------------

    def warn(self, rule: str, message: str, *, ref: str | None = None, line: int | None = None) -> None:
        """A problem the reader worked around; `strict` makes it an error."""
        if self.strict and not self.recover:
            raise EaError(f"{message} (--strict)", file=self.label, line=line, ref=ref)
        severity = "error" if self.strict else "warning"
        self.findings.append(Finding(severity=severity, rule=rule, id=ref, message=message, line=line))

    def warn_once(self, rule: str, key: str, message: str, line: int | None) -> None:
        """A warning that may repeat thousands of times: reported once, with a count."""
        if self.strict and not self.recover:
            self.warn(rule, message, line=line)  # raises
        self.noted[rule, key] += 1
        self.noted_first.setdefault((rule, key), (message, line))

    def advise(self, rule: str, message: str, *, ref: str | None = None, line: int | None = None) -> None:
        self.findings.append(Finding(severity="advice", rule=rule, id=ref, message=message, line=line))

    def error(self, rule: str, message: str, *, ref: str | None = None, line: int | None = None) -> None:
        """A problem the reader cannot work around: raises, or with `recover` records it (the caller skips)."""
        if not self.recover:
            raise EaError(message, file=self.label, line=line, ref=ref)
        self.findings.append(Finding(severity="error", rule=rule, id=ref, message=message, line=line))

    def unexpected(self, child, owner: str) -> None:
        """A child the schema does not allow where it is (ours), or an extension (another namespace)."""
        child_tag = child.tag
        if not isinstance(child_tag, str):  # comments and processing instructions
            return
        qname = etree.QName(child_tag)
        if qname.namespace == ARCHIMATE_NS:
            self.warn_once(
                "unexpected-content",
                f"{owner}/{qname.localname}",
                f"<{qname.localname}> is not allowed inside <{owner}>; it was ignored",
                child.sourceline,
            )
        else:
            self.noted["ignored-extension", child_tag] += 1
            self.noted_first.setdefault(
                ("ignored-extension", child_tag),
                (f"extension element <{child_tag}> (another namespace) inside <{owner}> was ignored", child.sourceline),
            )

    # ---- reading ------------------------------------------------------------------------------

    def read(self, source) -> Model:
        """Read `source` (a path, or a binary file object positioned at the start)."""
        self._check_root(source)
        if hasattr(source, "seek"):
            source.seek(0)
        root = self._stream(source)
        self._read_header(root)
        return self._finish()

    def _syntax_error(self, exc: etree.XMLSyntaxError) -> EaError:
        # iterparse may report a generic message ("no element found"); the error log has the cause.
        errors = [entry for entry in exc.error_log or () if entry.level >= etree.ErrorLevels.ERROR]
        if errors:
            message, line = errors[0].message, errors[0].line
        else:
            message = exc.msg or str(exc)
            line = exc.position[0] if exc.position and exc.position[0] else exc.lineno
        # libxml2 appends ", line N, column M" to its messages; the line is already in front.
        message = message.split(", line ")[0].strip()
        return EaError(f"not well-formed XML: {message}", file=self.label, line=line or None)

    def _check_root(self, source) -> None:
        """Fail fast, before streaming the whole file, when it is not a 3.x exchange model."""
        try:
            context = safe_iterparse(source, events=("start",))
            root = next(iter(context), (None, None))[1]
        except etree.XMLSyntaxError as exc:
            raise self._syntax_error(exc) from None
        except OSError as exc:
            raise EaError(f"cannot read: {exc.strerror or exc}", file=self.label) from None
        if root is None:
            raise EaError("the file is empty", file=self.label)
        reject_doctype(root, self.label)
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

    def _stream(self, source):
        context = safe_iterparse(source, events=("end",), tag=STREAMED)
        element, relationship = self._element, self._relationship
        try:
            for _, el in context:
                el_tag = el.tag
                if el_tag == T_RELATIONSHIP:
                    relationship(el)
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
                    self.read_organizations(el)
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

    # ---- identifiers --------------------------------------------------------------------------

    def taken(self, ident: str) -> bool:
        return ident in self.concepts or ident in self.other_ids

    def identifier(self, el, kind: str, *, required: bool = True) -> str | None:
        """The element's identifier, registered; a missing one is generated (warning), a duplicate is an error."""
        ident = el.get("identifier")
        if ident is None:
            if not required:
                return None
            ident = self._generate_id(kind)
            self.warn("missing-identifier", f"<{kind}> has no identifier; gave it {ident}", line=el.sourceline)
        elif self.taken(ident):
            self.error("duplicate-id", self.duplicate_message(ident, kind), ref=ident, line=el.sourceline)
            return None
        self.other_ids[ident] = kind
        return ident

    def _generate_id(self, kind: str) -> str:
        while True:
            self.generated += 1
            ident = f"id-ea-{kind.lower()}-{self.generated}"
            if not self.taken(ident):
                return ident

    def duplicate_message(self, ident: str, kind: str) -> str:
        if ident in self.concepts:
            earlier = "an element" if isinstance(self.concepts[ident], Element) else "a relationship"
        else:
            earlier = f"a {self.other_ids[ident]}"
        return f"duplicate identifier {ident!r} on <{kind}>: already used by {earlier} (identifiers must be unique)"

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

    # ---- concepts (the hot path) ------------------------------------------------------------

    def _element(self, el) -> None:
        get = el.get
        ident = get("identifier")
        el_type = ELEMENT_TYPE_OF.get(get(XSI_TYPE))
        if ident is None or el_type is None or ident in self.other_ids:
            found = self._concept_slow_path(el, "element", ELEMENT_TYPE_OF)
            if found is None:
                el.clear()
                return
            ident, el_type = found
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
        get = el.get
        ident = get("identifier")
        rel_type = RELATIONSHIP_TYPE_OF.get(get(XSI_TYPE))
        if ident is None or rel_type is None or ident in self.other_ids:
            found = self._concept_slow_path(el, "relationship", RELATIONSHIP_TYPE_OF)
            if found is None:
                el.clear()
                return
            ident, rel_type = found
        source, target = get("source"), get("target")
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
        concepts = self.concepts
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

    def _lang(self, lang: str) -> str:
        return self.langs.setdefault(lang, lang)

    def _duplicate_lang(self, child, owner: str, lang: str) -> None:
        what = etree.QName(child).localname
        self.warn(
            "duplicate-language",
            f"a second <{what}> in language {lang or '(none)'!r} inside <{owner}> was ignored (one text per language)",
            line=child.sourceline,
        )

    def lang_text(self, target: dict, child, owner: str) -> None:
        """Add one multilingual text (`<name>`, `<label>`, `<documentation>`, `<value>`) to `target`."""
        lang = child.get(XML_LANG)
        lang = "" if lang is None else (self.langs.get(lang) or self._lang(lang))
        text = child.text or ""
        if lang in target:
            self._duplicate_lang(child, owner, lang)
        elif text or lang:
            target[lang] = text

    def properties(self, container, owner: str) -> list[Property]:
        out = []
        refs = self.refs
        langs = self.langs
        for prop in container:
            if prop.tag != T_PROPERTY:
                self.unexpected(prop, "properties")
                continue
            ref = prop.get("propertyDefinitionRef")
            interned = refs.get(ref) if ref is not None else None
            if interned is None:
                interned = self._new_ref(prop, ref, owner)
                if interned is None:
                    continue
            value: dict[str, str] = {}
            for child in prop:
                if child.tag != T_VALUE:
                    self.unexpected(child, "property")
                    continue
                lang = child.get(XML_LANG)
                lang = "" if lang is None else (langs.get(lang) or self._lang(lang))
                if lang in value:
                    self._duplicate_lang(child, "property", lang)
                else:
                    text = child.text
                    value[lang] = "" if text is None else text
            if not value:
                self.warn("invalid-value", f"a property of {interned!r} has no <value>", line=prop.sourceline)
            out.append(_new_property({"definition_ref": interned, "value": value}))
        return out

    def _new_ref(self, prop, ref: str | None, owner: str) -> str | None:
        if ref is None:
            # ArchiMate 2.x spelled it identifierref; some tools still do.
            ref = prop.get("identifierref") or prop.get("identifierRef") or prop.get("propertyDefinitionref")
            if ref is None:
                self.warn(
                    "invalid-value",
                    f"a <property> inside <{owner}> names no propertyDefinitionRef; ignored",
                    line=prop.sourceline,
                )
                return None
            self.warn_once(
                "invalid-value",
                "identifierref",
                "<property> uses identifierref instead of propertyDefinitionRef",
                prop.sourceline,
            )
        interned = self.refs.get(ref)
        if interned is None:
            interned = self.refs[ref] = ref
            self.ref_lines[ref] = prop.sourceline
        return interned

    # ---- small sections -------------------------------------------------------------------------

    def _property_definitions(self, section) -> None:
        for el in section:
            if el.tag != tag("propertyDefinition"):
                self.unexpected(el, "propertyDefinitions")
                continue
            ident = self.identifier(el, "propertyDefinition")
            if ident is None:
                continue
            name: dict[str, str] = {}
            documentation: dict[str, str] = {}
            for child in el:
                if child.tag == T_NAME:
                    self.lang_text(name, child, "propertyDefinition")
                elif child.tag == T_DOCUMENTATION:
                    self.lang_text(documentation, child, "propertyDefinition")
                else:
                    self.unexpected(child, "propertyDefinition")
            data_type = el.get("type")
            if data_type not in PROPERTY_TYPES:
                if data_type is not None and data_type.strip().lower() in PROPERTY_TYPES:
                    data_type = data_type.strip().lower()
                else:
                    self.warn(
                        "invalid-value",
                        f"property definition {ident!r} has type {data_type!r}; read as string",
                        ref=ident,
                        line=el.sourceline,
                    )
                    data_type = "string"
            if not name:
                self.warn("missing-name", f"property definition {ident!r} has no name", ref=ident, line=el.sourceline)
            self.property_definitions[ident] = PropertyDefinition(
                id=ident, name=name, documentation=documentation, type=data_type
            )

    def _metadata(self, el) -> None:
        import copy

        schema = version = None
        items: list[str] = []
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == T_SCHEMA:
                schema = child.text or ""
            elif child.tag == T_SCHEMA_VERSION:
                version = child.text or ""
            else:
                item = copy.deepcopy(child)  # on its own, with only the namespaces it uses
                item.tail = None
                etree.cleanup_namespaces(item)
                items.append(etree.tostring(item, encoding="unicode"))
        self.metadata = Metadata(schema_name=schema, schema_version=version, items=items)

    def _read_header(self, root) -> None:
        """The model's own identifier, names, documentation and properties, and the section order."""
        name: dict[str, str] = {}
        documentation: dict[str, str] = {}
        properties: list[Property] = []
        order = []
        for child in root:
            child_tag = child.tag
            if not isinstance(child_tag, str):
                continue
            local = etree.QName(child_tag).localname if child_tag.startswith("{" + ARCHIMATE_NS) else None
            if local in MODEL_SECTIONS:
                order.append((MODEL_SECTIONS.index(local), local, child.sourceline))
            if child_tag == T_NAME:
                self.lang_text(name, child, "model")
            elif child_tag == T_DOCUMENTATION:
                self.lang_text(documentation, child, "model")
            elif child_tag == T_PROPERTIES:
                properties = self.properties(child, "model")
            elif local is None or local not in MODEL_SECTIONS:
                self.unexpected(child, "model")
        for (before, before_name, _), (after, after_name, line) in zip(order, order[1:], strict=False):
            if after < before:
                self.warn(
                    "schema-order",
                    f"<{after_name}> comes after <{before_name}>; the schema wants the order {', '.join(MODEL_SECTIONS)}",
                    line=line,
                )
                break
        ident = root.get("identifier")
        if ident is None:
            ident = "id-model"
            self.warn("missing-identifier", "<model> has no identifier", line=root.sourceline)
        elif self.taken(ident):
            self.warn("duplicate-id", self.duplicate_message(ident, "model"), ref=ident, line=root.sourceline)
        if not name:
            self.warn("missing-name", "the model has no name", line=root.sourceline)
        self.info = ModelInfo(
            id=ident,
            name=name,
            documentation=documentation,
            properties=properties,
            metadata=self.metadata,
            version=root.get("version"),
        )

    # ---- after the last byte ------------------------------------------------------------------

    def _resolve_relationships(self) -> None:
        """Settle the relationships whose endpoint was not known when they were read (forward
        references), and leave out (recover) those that cannot be: a missing endpoint, a cycle of
        relationships, or an endpoint that was itself left out."""
        if not self.unresolved:
            return
        concepts = self.concepts
        problems: dict[str, str] = {}
        for ident in self.unresolved:
            rel = concepts[ident]
            for what, end in (("source", rel.source), ("target", rel.target)):
                if end in concepts:
                    continue
                if end is None:
                    problems[ident] = f"relationship {ident!r} has no {what}"
                elif end in self.other_ids:
                    problems[ident] = (
                        f"relationship {ident!r}: {what} {end!r} is a {self.other_ids[end]}, not an element or relationship"
                    )
                else:
                    problems[ident] = f"relationship {ident!r} refers to {what} {end!r}, which is not in the model"
                break
        for ident in self._relationship_cycles():
            problems.setdefault(ident, f"relationship {ident!r} is, through other relationships, its own endpoint")
        dropped = set(problems)
        while True:  # what depends on a dropped relationship goes too
            more = {
                rel.id
                for rel in self.relationships
                if rel.id not in dropped and (rel.source in dropped or rel.target in dropped)
            }
            if not more:
                break
            for ident in more:
                rel = concepts[ident]
                end = rel.source if rel.source in dropped else rel.target
                problems[ident] = f"relationship {ident!r} has endpoint {end!r}, which was left out"
            dropped |= more
        lines = {rel.id: index for index, rel in enumerate(self.relationships)}
        for ident in sorted(problems, key=lambda i: lines.get(i, 0)):
            self.error("dangling-reference", problems[ident], ref=ident, line=self.unresolved.get(ident))
        for ident in dropped:
            del concepts[ident]
        self.dropped = dropped

    def _relationship_cycles(self) -> set[str]:
        """Relationships that are, following relationship endpoints, their own endpoint. Only a
        forward reference can close such a cycle, so the search starts from those."""
        concepts = self.concepts
        in_cycle: set[str] = set()
        done: set[str] = set()
        for start in self.unresolved:
            path: list[str] = []
            on_path: set[str] = set()
            stack = [(start, False)]
            while stack:
                ident, leaving = stack.pop()
                if leaving:
                    path.pop()
                    on_path.discard(ident)
                    done.add(ident)
                    continue
                if ident in on_path:
                    in_cycle.update(path[path.index(ident):])
                    continue
                rel = concepts.get(ident)
                if ident in done or not isinstance(rel, Relationship):
                    continue
                path.append(ident)
                on_path.add(ident)
                stack.append((ident, True))
                stack.extend((end, False) for end in (rel.source, rel.target) if end is not None)
        return in_cycle

    def _declare_missing_definitions(self) -> None:
        for ref in self.refs:
            if ref in self.property_definitions:
                continue
            ident = ref
            if ident in self.concepts or ident in self.other_ids:
                ident = self._generate_id("propertyDefinition")
                self._rename_ref(ref, ident)
            self.warn(
                "unknown-property-definition",
                f"properties refer to property definition {ref!r}, which is not declared; declared it as a string property",
                ref=ref,
                line=self.ref_lines.get(ref),
            )
            self.property_definitions[ident] = PropertyDefinition(id=ident, name={"": ref}, type="string")
            self.other_ids[ident] = "propertyDefinition"

    def _rename_ref(self, old: str, new: str) -> None:
        def fix(properties):
            for prop in properties:
                if prop.definition_ref == old:
                    prop.__dict__["definition_ref"] = new

        for concept in self.concepts.values():
            fix(concept.properties)
        fix(self.info.properties)
        for view in self.views:
            fix(view.properties)

    def _finish(self) -> Model:
        self._resolve_relationships()
        self._declare_missing_definitions()
        self.check_view_references()
        self.check_organization_references()
        for (rule, key), count in self.noted.items():
            message, line = self.noted_first[rule, key]
            if count > 1:
                message += f" ({count} times; first here)"
            if rule == "ignored-extension":
                self.advise(rule, message, line=line)
            else:
                severity = "error" if self.strict else "warning"
                self.findings.append(Finding(severity=severity, rule=rule, message=message, line=line))
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


def read_source(source, label: str | os.PathLike | None, *, strict: bool, recover: bool) -> Model:
    reader = ExchangeReader(str(label) if label is not None else None, strict=strict, recover=recover)
    with gc_paused():
        model = reader.read(source)
        if len(reader.concepts) >= 50_000:
            # A large model lives as long as the program: spare the collector a full pass over its
            # million objects now and in every later collection (they hold no reference cycles,
            # so reference counting still frees them).
            gc.freeze()
    return model
