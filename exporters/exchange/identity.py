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
`identifierRef` through. The messages are ea's own and carry no line: this checks what ea writes
(`ea merge`), while `ea validate --xsd` reports the full schema's errors at their lines.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import NamedTuple

from lxml import etree

from exporters.exchange.schema import _WRAPPER, ARCHIMATE_NS, XSD_DIR, _LocalSchemas
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


class _StrippedSchemas(_LocalSchemas):
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
    wrapper = etree.fromstring(_WRAPPER, parser, base_url=(XSD_DIR / "wrapper.xsd").as_uri())
    return etree.XMLSchema(etree.ElementTree(wrapper))


class _IdentityCheck:
    """Collects identifiers and references per open scope (model > views > view) as the document streams.

    A key's identifiers need no duplicate test of their own: every one is an xs:ID, unique in the
    whole document, which `identifiers` checks; and the structural schema makes each key's
    `identifier` present (it is optional only on an organization item, whose constraint is xs:unique).
    """

    def __init__(self) -> None:
        self.keys: dict[str, dict[str, set[str]]] = {}  # open scope -> key name -> identifiers
        self.refs: dict[str, list[tuple[str, str, str, str]]] = {}  # open scope -> (key, value, element, attr)
        self.identifiers: set[str] = set()  # every xs:ID in the document
        self.references: set[str] = set()  # every xs:IDREF value
        self.problems: list[str] = []

    def start(self, local: str, attrib) -> None:
        if local in _SCOPES:
            self.keys[local] = {k.name: set() for k in KEYS if k.scope == local}
            self.refs[local] = []
        identified, keys, refs, idrefs = _PLANS.get(local, _NO_PLAN)
        if identified:
            identifier = attrib.get("identifier")
            if identifier is not None:
                if identifier in self.identifiers:
                    self.problems.append(f"identifier {identifier!r} is used twice in the document")
                self.identifiers.add(identifier)
                for scope, name in keys:
                    self.keys[scope][name].add(identifier)
        for attribute in idrefs:
            value = attrib.get(attribute)
            if value is not None:
                self.references.add(value)
        for scope, refer, attribute in refs:
            value = attrib.get(attribute)
            if value is not None:
                self.refs[scope].append((refer, value, local, attribute))

    def end(self, local: str) -> None:
        keys, refs = self.keys.pop(local), self.refs.pop(local)
        for refer, value, element, attribute in refs:
            if value not in keys[refer]:
                self.problems.append(f"{refer}: {element} {attribute}={value!r} names nothing in its {local}")

    def finish(self) -> None:
        for value in sorted(self.references - self.identifiers):
            self.problems.append(f"reference {value!r} names no identifier in the document")


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
    check = _IdentityCheck()
    tags = [_A + name for name in _TAGS]
    events = safe_iterparse(io.BytesIO(data), events=("start", "end"), tag=tags, schema=structural_schema())
    try:
        for event, elem in events:
            local = elem.tag[_A_LEN:]
            if event == "start":
                check.start(local, elem.attrib)
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
        return [str(exc.msg)]
    check.finish()
    return check.problems
