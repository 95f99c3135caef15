"""The exchange XSDs' verdict, checked in one streaming pass: structure by libxml2, keys by ea.

libxml2 checks the Open Group schemas' 35 identity constraints (xs:key, xs:keyref, xs:unique: every
`elementRef` names an element, every connection's `source` a node of its view...) with tables that
cost more time and memory than the rest of the validation together (at 20,000 elements: 2.1 s of
2.5 s, and a tree). This module validates against the same schemas with those constraints taken out
(everything else stays libxml2's), streaming and clearing as it goes, and checks the constraints
itself with sets, as the schemas state them (`KEYS`, `KEYREFS`). Streaming, libxml2 also drops the
document-wide checks of `xs:ID` and `xs:IDREF` (every identifier unique in the whole file, every
reference naming one), so those are ea's too (`IDREFS`). The verdict is the full schema's (tests
compare the two on broken documents), stricter only where libxml2 lets a dangling organization
`identifierRef` through. The messages are ea's own: `check_document` checks what ea writes (`ea
merge`); `check_file` streams a large file for `validate_xsd`, each identity problem on its line (a
structural error has none when streamed: `validate_xsd` then reports libxml2's full list instead).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from functools import lru_cache
from typing import NamedTuple

from lxml import etree

from ea_model.errors import EaError
from exporters.exchange.xsd_sources import ARCHIMATE_NS, WRAPPER, XSD_DIR, LocalSchemas
from exporters.xmlsafe import refuse_dtd, safe_iterparse, safe_parser

_XS = "{http://www.w3.org/2001/XMLSchema}"
_A = "{" + ARCHIMATE_NS + "}"


class Key(NamedTuple):
    """An xs:key (or, `unique`, an xs:unique): within each `scope` element, the `identifier` of the
    `selected` elements is unique (and present, for a key)."""

    scope: str
    name: str
    selected: frozenset[str]  # local names in the ArchiMate namespace
    unique: bool = False


class KeyRef(NamedTuple):
    """An xs:keyref: in each `scope`, the `attribute` of each `selected` element names a `refer` key."""

    scope: str
    refer: str
    selected: str  # an element name, or "*" for any element with the attribute
    attribute: str


# What archimate3_Model.xsd, archimate3_View.xsd and archimate3_Diagram.xsd declare (a test reads the
# schemas and compares). The schemas' selectors also say where the selected elements stand (ElementKey:
# ./elements/element); the structural schema allows them nowhere else, so the name is enough here.
KEYS = (
    Key("model", "ElementKey", frozenset({"element"})),
    Key("model", "RelationshipKey", frozenset({"relationship"})),
    Key("model", "PropertyDefinitionKey", frozenset({"propertyDefinition"})),
    Key("model", "OrganizationKey", frozenset({"item"}), unique=True),
    Key("model", "ConceptKey", frozenset({"element", "relationship"})),
    Key("views", "ViewKey", frozenset({"view"})),
    Key("views", "ViewpointKey", frozenset({"viewpoint"})),
    Key("view", "NodeKey", frozenset({"node"})),
    Key("view", "ConnectionKey", frozenset({"connection"})),
    Key("view", "ViewConceptKey", frozenset({"node", "connection"})),
)
KEYREFS = (
    KeyRef("model", "PropertyDefinitionKey", "propertyDefinitionRef", "ref"),
    KeyRef("model", "PropertyDefinitionKey", "*", "propertyDefinitionRef"),
    KeyRef("model", "ElementKey", "elementRef", "ref"),
    KeyRef("model", "ElementKey", "*", "elementRef"),
    KeyRef("model", "RelationshipKey", "relationshipRef", "ref"),
    KeyRef("model", "RelationshipKey", "*", "relationshipRef"),
    KeyRef("model", "ConceptKey", "conceptRef", "ref"),
    KeyRef("model", "ConceptKey", "*", "conceptRef"),
    KeyRef("model", "ConceptKey", "relationship", "source"),
    KeyRef("model", "ConceptKey", "relationship", "target"),
    KeyRef("views", "ViewKey", "viewRef", "ref"),
    KeyRef("views", "ViewKey", "*", "viewRef"),
    KeyRef("views", "ViewpointKey", "viewpointRef", "ref"),
    KeyRef("views", "ViewpointKey", "*", "viewpointRef"),
    KeyRef("view", "NodeKey", "nodeRef", "ref"),
    KeyRef("view", "NodeKey", "*", "nodeRef"),
    KeyRef("view", "ConnectionKey", "connectionRef", "ref"),
    KeyRef("view", "ConnectionKey", "*", "connectionRef"),
    KeyRef("view", "ViewConceptKey", "viewConceptRef", "ref"),
    KeyRef("view", "ViewConceptKey", "*", "viewConceptRef"),
    KeyRef("view", "ViewConceptKey", "connection", "source"),
    KeyRef("view", "ViewConceptKey", "connection", "target"),
)
# The stereotype key and its refs select `./extensions/stereotypes/...` in no namespace, which a valid
# exchange document never has (extensions are not in the schemas' content models); left out.

# The attributes the schemas type xs:IDREF, by the element that carries them: each must equal some
# xs:ID `identifier` anywhere in the document (item@identifierRef has no keyref; only this covers it).
_REF_ELEMENTS = (
    "elementRef", "relationshipRef", "conceptRef", "propertyDefinitionRef", "viewRef", "viewpointRef",
    "nodeRef", "connectionRef", "viewConceptRef",
)  # fmt: skip
IDREFS: dict[str, tuple[str, ...]] = {
    **{name: ("ref",) for name in _REF_ELEMENTS},
    "property": ("propertyDefinitionRef",),
    "relationship": ("source", "target"),
    "node": ("elementRef", "conceptRef"),
    "connection": ("relationshipRef", "source", "target"),
    "view": ("viewpointRef",),
    "item": ("identifierRef",),
}
# The elements whose types carry the xs:ID `identifier` (IdentifierGroup, OptionalIdentifierGroup).
IDENTIFIED = frozenset(
    {"model", "element", "relationship", "propertyDefinition", "item", "view", "viewpoint", "node", "connection"}
)

# The elements the structural schema lets carry one of the `*` keyrefs' attributes (unqualified; the
# schemas' anyAttribute is ##other): property@propertyDefinitionRef, node@elementRef and @conceptRef,
# connection@relationshipRef, view@viewpointRef. Only these and the selected elements are looked at.
_HOLDERS = frozenset({"property", "node", "connection", "view"})
_SCOPES = frozenset(k.scope for k in (*KEYS, *KEYREFS))
_TAGS = sorted(
    _SCOPES
    | _HOLDERS
    | IDENTIFIED
    | frozenset(IDREFS)
    | frozenset().union(*(k.selected for k in KEYS))
    | {r.selected for r in KEYREFS} - {"*"}
)
_A_LEN = len(_A)


class _StrippedSchemas(LocalSchemas):
    """Serve the ArchiMate XSDs without their identity constraints (xml.xsd as the full validator does)."""

    def resolve(self, url, pubid, context):
        name = (url or "").rsplit("/", 1)[-1]
        if name.startswith("archimate3_") and name.endswith(".xsd"):
            return self.resolve_string(_stripped(name), context, base_url=(XSD_DIR / name).as_uri())
        return super().resolve(url, pubid, context)


@lru_cache(maxsize=8)
def _stripped(name: str) -> bytes:
    tree = etree.parse(str(XSD_DIR / name), safe_parser())
    for constraint in list(tree.iter(_XS + "key", _XS + "keyref", _XS + "unique")):
        constraint.getparent().remove(constraint)
    return etree.tostring(tree)


@lru_cache(maxsize=1)
def structural_schema() -> etree.XMLSchema:
    """The exchange-format schema (Diagram + Dublin Core) without its identity constraints, built once."""
    parser = safe_parser()
    parser.resolvers.add(_StrippedSchemas())
    wrapper = etree.fromstring(WRAPPER, parser, base_url=(XSD_DIR / "wrapper.xsd").as_uri())
    return etree.XMLSchema(etree.ElementTree(wrapper))


class _IdentityCheck:
    """Collects identifiers and references per open scope (model > views > view) as the document streams.

    A key's identifiers need no duplicate test of their own: every one is an xs:ID, unique in the
    whole document, which `identifiers` checks; and the structural schema makes each key's
    `identifier` present (it is optional only on an organization item, whose constraint is xs:unique).
    Each problem carries the line of the element at fault (the first reference, for a dangling IDREF).
    """

    def __init__(self) -> None:
        self.keys: dict[str, dict[str, set[str]]] = {}  # open scope -> key name -> identifiers
        self.refs: dict[str, list[tuple[str, str, str, str, int]]] = {}  # scope -> (key, value, element, attr, line)
        self.identifiers: set[str] = set()  # every xs:ID in the document
        self.references: dict[str, int] = {}  # every xs:IDREF value -> the line of its first use
        self.problems: list[tuple[int, str]] = []

    def start(self, local: str, attrib, line: int) -> None:
        if local in _SCOPES:
            self.keys[local] = {k.name: set() for k in KEYS if k.scope == local}
            self.refs[local] = []
        identified, keys, refs, idrefs = _PLANS.get(local, _NO_PLAN)
        if identified:
            identifier = attrib.get("identifier")
            if identifier is not None:
                if identifier in self.identifiers:
                    self.problems.append((line, f"identifier {identifier!r} is used twice in the document"))
                self.identifiers.add(identifier)
                for scope, name in keys:
                    self.keys[scope][name].add(identifier)
        # A reference to what is already known is settled now (what is known only grows); only forward
        # references wait for the end of their scope, so memory is the identifiers, not every reference.
        for attribute in idrefs:
            value = attrib.get(attribute)
            if value is not None and value not in self.identifiers and value not in self.references:
                self.references[value] = line
        for scope, refer, attribute in refs:
            value = attrib.get(attribute)
            if value is not None and value not in self.keys[scope][refer]:
                self.refs[scope].append((refer, value, local, attribute, line))

    def end(self, local: str) -> None:
        keys, refs = self.keys.pop(local), self.refs.pop(local)
        for refer, value, element, attribute, line in refs:
            if value not in keys[refer]:
                self.problems.append((line, f"{refer}: {element} {attribute}={value!r} names nothing in its {local}"))

    def finish(self) -> None:
        references = self.references
        for value in sorted(references.keys() - self.identifiers, key=references.__getitem__):
            self.problems.append((references[value], f"reference {value!r} names no identifier in the document"))


def _plans() -> dict[str, tuple[bool, tuple, tuple, tuple]]:
    """Element name -> (carries an xs:ID, its keys as (scope, key), its keyrefs as (scope, key it
    refers to, attribute), its xs:IDREF attributes)."""
    out = {}
    for local in _TAGS:
        keys = tuple((k.scope, k.name) for k in KEYS if local in k.selected)
        refs = tuple((r.scope, r.refer, r.attribute) for r in KEYREFS if r.selected in ("*", local))
        out[local] = (local in IDENTIFIED, keys, refs, IDREFS.get(local, ()))
    return out


_PLANS = _plans()
_NO_PLAN: tuple[bool, tuple, tuple, tuple] = (False, (), (), ())
_CLEARED = frozenset({"element", "relationship", "propertyDefinition", "item", "view", "viewpoint"})


def check_document(data: bytes) -> list[str]:
    """What keeps `data` (an exchange document) from being valid against the Open Group XSDs: the
    structural schema's first error, or the identity constraints' violations; empty when valid."""
    refuse_dtd(data, None)
    try:
        return [message for _, message in _check(io.BytesIO(data))]
    except EaError as exc:
        return [str(exc)]


def check_file(path: str | os.PathLike) -> list[tuple[int | None, str]]:
    """`check_document` for a file, streamed from disk, each problem with its line: memory stays a
    fraction of the file's size (the identifiers and references, not a tree). A file that cannot be
    read raises OSError; one with a DTD, EaError."""
    refuse_dtd(path, path)
    with open(path, "rb") as handle:
        return _check(handle)


def _check(source) -> list[tuple[int | None, str]]:
    check = _IdentityCheck()
    tags = [_A + name for name in _TAGS]
    etree.clear_error_log()  # the log `_first_error` reads is global: keep only this parse's entries
    events = safe_iterparse(source, events=("start", "end"), tag=tags, schema=structural_schema())
    try:
        for event, elem in events:
            local = elem.tag[_A_LEN:]
            if event == "start":
                check.start(local, elem.attrib, elem.sourceline)
                continue
            if local in _SCOPES:
                check.end(local)
            if local in _CLEARED:  # keep the tree small: a finished subtree is not looked at again
                elem.clear(keep_tail=True)
                previous = elem.getprevious()
                while previous is not None:
                    del elem.getparent()[0]
                    previous = elem.getprevious()
    except etree.XMLSyntaxError as exc:  # the first schema or syntax error stops the parse
        return [_first_error(exc)]
    check.finish()
    return check.problems


def _first_error(exc: etree.XMLSyntaxError) -> tuple[int | None, str]:
    """The error that stopped the streamed parse. Not well-formed XML is an EaError with its line, as
    everywhere; a schema error has no line when streamed (libxml2 gives 0): None."""
    errors = [e for e in exc.error_log if e.level >= etree.ErrorLevels.ERROR]
    for entry in errors:
        if entry.domain == etree.ErrorDomains.PARSER:
            raise EaError(f"not well-formed XML: {entry.message}", line=entry.line or None)
    return None, errors[0].message if errors else str(exc.msg)


_CHILD = """
import json, sys
from ea_model.errors import EaError
from exporters.exchange.identity import check_file
try:
    print(json.dumps([message for _, message in check_file(sys.argv[1])]))
except EaError as exc:
    print(json.dumps([str(exc)]))
"""


class BackgroundCheck:
    """`check_file(path)`'s messages, computed in a second Python process while the caller does other
    work: at 200,000 elements the check and ea's own read-back of a written model take ~18 s each, and
    on two cores they overlap. `result()` waits; `cancel()` stops it."""

    def __init__(self, path: str | os.PathLike) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-c", _CHILD, os.fspath(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def result(self) -> list[str]:
        out, err = self._process.communicate()
        if self._process.returncode != 0:
            last = (err.strip().splitlines() or ["no message"])[-1]
            raise EaError(f"the schema check stopped (exit {self._process.returncode}): {last}")
        return json.loads(out)

    def cancel(self) -> None:
        self._process.kill()
        self._process.communicate()
